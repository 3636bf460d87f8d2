import * as pulumi from "@pulumi/pulumi";
import { ServiceEnvironment } from "../../components/envVars";
import { RotatingSecret } from "../../components/secret";
import { VendorSecret } from "../../components/vendorSecret";
import { captureProgram } from "../../tools/capture";
import { CapturedResource } from "../../tools/analyzer";

const NOW = new Date("2026-11-24T00:00:00Z");
/** How the runtime marks a secret in registered inputs (`rpc.specialSigKey` → `rpc.specialSecretSig`). */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** Runs `build` under the mock runtime and returns every resource it registered, with its inputs. */
async function registered(build: () => void): Promise<CapturedResource[]> {
    const { resources } = await captureProgram({
        project: "opsbook",
        stack: "test",
        config: { values: {}, secretKeys: [] },
        program: async () => build(),
    });
    return resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
}

/** Resolves an output with its secretness, through the SDK's own accessors. */
function settle<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    const internal = output as unknown as { promise(): Promise<T>; isSecret: Promise<boolean> };
    return Promise.all([internal.promise(), internal.isSecret]).then(([value, secret]) => ({
        value,
        secret,
    }));
}

const ofType = (resources: CapturedResource[], type: string) =>
    resources.filter((r) => r.type === type);
const PASSWORD = "random:index/randomPassword:RandomPassword";

describe("RotatingSecret", () => {
    it("keeps two slots for a signing key, with keepers carrying the schedule and never the value", async () => {
        let secret: RotatingSecret | undefined;
        const resources = await registered(() => {
            secret = new RotatingSecret("SECRET_KEY", {
                secretName: "SECRET_KEY",
                secretClass: "signing-key",
                now: NOW,
            });
        });
        const passwords = ofType(resources, PASSWORD);
        expect(passwords.map((p) => [p.name, p.parent?.endsWith("::SECRET_KEY")])).toEqual([
            ["SECRET_KEY-a", true],
            ["SECRET_KEY-b", true],
        ]);
        for (const p of passwords) {
            const keepers = p.inputs.keepers as Record<string, string>;
            expect(Object.keys(keepers).sort()).toEqual(["class", "generation", "periodDays"]);
            expect(keepers).toMatchObject({ class: "signing-key", periodDays: "90" });
            expect(p.inputs).toMatchObject({ length: 48, special: false });
        }
        const generations = passwords
            .map((p) => Number((p.inputs.keepers as any).generation))
            .sort((x, y) => x - y);
        expect(generations[1] - generations[0]).toBe(1);
        expect(await settle(secret!.current)).toEqual({ value: "[computed]", secret: true });
        expect((await settle(secret!.previous!)).secret).toBe(true);
        expect(["a", "b"]).toContain(secret!.currentSlot);
    });

    it("keeps one slot for a cron token, and adds the incident to its keepers", async () => {
        let secret: RotatingSecret | undefined;
        const resources = await registered(() => {
            secret = new RotatingSecret("CRON_SECRET", {
                secretName: "CRON_SECRET",
                secretClass: "cron-token",
                incident: "INC-7",
                now: NOW,
            });
        });
        expect(secret!.previous).toBeUndefined();
        const passwords = ofType(resources, PASSWORD);
        expect(passwords).toHaveLength(1);
        expect(passwords[0].inputs.keepers).toEqual({
            class: "cron-token",
            incident: "INC-7",
            periodDays: "90",
            generation: String(secret!.generation),
        });
    });
});

describe("VendorSecret", () => {
    it("registers its class and dates for the policies, never its value", async () => {
        let secret: VendorSecret | undefined;
        const resources = await registered(() => {
            secret = new VendorSecret("STRIPE_SECRET_KEY", {
                secretClass: "vendor-api-key",
                rotatedAt: "2026-03-02",
                periodDays: 365,
                value: "sk_test_value",
            });
        });
        expect(resources.map((r) => [r.type, r.name, r.inputs])).toEqual([
            [
                "opsbook:index:VendorSecret",
                "STRIPE_SECRET_KEY",
                { secretClass: "vendor-api-key", rotatedAt: "2026-03-02", periodDays: 365 },
            ],
        ]);
        expect(await settle(secret!.current)).toEqual({ value: "sk_test_value", secret: true });
    });
});

describe("ServiceEnvironment", () => {
    const variables = () => ({
        API_SECRET: {
            value: pulumi.secret("s3cr3t"),
            secret: true,
            source: "secrets.API_SECRET (current)",
        },
        LOG_LEVEL: { value: "info", secret: false, source: "env.api.LOG_LEVEL" },
    });

    it("writes SSM SecureString parameters for secrets and String for literals, under the service's path", async () => {
        const resources = await registered(() => {
            new ServiceEnvironment("api-env", {
                target: { platform: "aws", parameterPath: "/opsbook/test/api" },
                variables: variables(),
            });
        });
        const parameters = ofType(resources, "aws:ssm/parameter:Parameter");
        expect(
            parameters.map((p) => [p.name, p.inputs.name, p.inputs.type, p.inputs.value]),
        ).toEqual([
            [
                "api-env-API_SECRET",
                "/opsbook/test/api/API_SECRET",
                "SecureString",
                { ...SECRET, value: "s3cr3t" },
            ],
            // The AWS SDK marks every parameter value secret, whatever its type.
            [
                "api-env-LOG_LEVEL",
                "/opsbook/test/api/LOG_LEVEL",
                "String",
                { ...SECRET, value: "info" },
            ],
        ]);
        expect(parameters[0].inputs.insecureValue).toBeUndefined();
    });

    it("writes Vercel variables, sensitive for secrets, for production only", async () => {
        const resources = await registered(() => {
            new ServiceEnvironment("web-env", {
                target: { platform: "vercel", projectId: "prj_123" },
                variables: variables(),
            });
        });
        const vars = ofType(
            resources,
            "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
        );
        expect(
            vars.map((v) => [
                v.inputs.key,
                v.inputs.sensitive,
                v.inputs.targets,
                v.inputs.projectId,
            ]),
        ).toEqual([
            ["API_SECRET", true, ["production"], "prj_123"],
            ["LOG_LEVEL", false, ["production"], "prj_123"],
        ]);
        expect(vars[0].inputs.value).toEqual({ ...SECRET, value: "s3cr3t" });
    });
});
