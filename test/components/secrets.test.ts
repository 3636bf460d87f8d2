import * as pulumi from "@pulumi/pulumi";
import { ServiceEnvironment } from "../../components/secrets/envVars";
import { RotatingSecret } from "../../components/secrets/secret";
import { VendorSecret } from "../../components/secrets/vendorSecret";
import { registered } from "./registered";
import { CapturedResource } from "../../tools/analyzer";

const NOW = new Date("2026-11-24T00:00:00Z");
/** How the runtime marks a secret in registered inputs (`rpc.specialSigKey` → `rpc.specialSecretSig`). */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

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
    it("keeps a key set for a signing key: one resource per live generation, keepers constant, the schedule in the component's inputs", async () => {
        let secret: RotatingSecret | undefined;
        const resources = await registered(() => {
            secret = new RotatingSecret("SECRET_KEY", {
                secretName: "SECRET_KEY",
                secretClass: "signing-key",
                now: NOW,
            });
        });
        const g = secret!.generation;
        const passwords = ofType(resources, PASSWORD);
        expect(passwords.map((p) => [p.name, p.parent?.endsWith("::SECRET_KEY")])).toEqual([
            [`SECRET_KEY-g${g + 1}`, true],
            [`SECRET_KEY-g${g}`, true],
            [`SECRET_KEY-g${g - 1}`, true],
        ]);
        for (const p of passwords) {
            expect(p.inputs.keepers).toEqual({
                class: "signing-key",
                generation: p.name.replace("SECRET_KEY-g", ""),
            });
            expect(p.inputs).toMatchObject({ length: 48, special: false });
        }
        const component = resources.find((r) => r.type === "opsbook:index:RotatingSecret")!;
        expect(component.inputs).toMatchObject({
            secret: "SECRET_KEY",
            class: "signing-key",
            scheme: "key-set",
            periodDays: 90,
            generation: g,
            live: [
                { generation: g + 1, role: "next" },
                { generation: g, role: "current" },
                { generation: g - 1, role: "previous" },
            ],
        });
        // The two values the two-slot scheme held are adopted by alias, the new next one is created.
        expect(passwords.map((p) => p.aliases)).toEqual([
            [],
            [`SECRET_KEY-${g % 2 === 0 ? "a" : "b"}`],
            [`SECRET_KEY-${g % 2 === 0 ? "b" : "a"}`],
        ]);
        expect(await settle(secret!.current)).toEqual({ value: "[computed]", secret: true });
        for (const role of ["next", "previous"] as const) {
            expect((await settle(secret!.valueOf(role)!)).secret).toBe(true);
        }
    });

    it("keeps every unretired key of a key ring, protected in production, and a secret JSON ring", async () => {
        let secret: RotatingSecret | undefined;
        const resources = await registered(() => {
            secret = new RotatingSecret("MASTER_ENCRYPTION_KEY", {
                secretName: "MASTER_ENCRYPTION_KEY",
                secretClass: "encryption-key",
                periodDays: 30,
                retiredThrough: 20,
                protect: true,
                now: NOW,
            });
        });
        const g = secret!.generation;
        const passwords = ofType(resources, PASSWORD);
        const expected = Array.from({ length: g + 1 - 20 }, (_, i) => g + 1 - i);
        expect(passwords.map((p) => p.name)).toEqual(
            expected.map((k) => `MASTER_ENCRYPTION_KEY-g${k}`),
        );
        expect(passwords.every((p) => p.protect)).toBe(true);
        const ring = await settle(secret!.keyRing());
        expect(ring.secret).toBe(true);
        expect(
            Object.keys(JSON.parse(ring.value))
                .map(Number)
                .sort((x, y) => y - x),
        ).toEqual(expected);
    });

    it("moves every key-set value on an incident, and none of a key ring", async () => {
        const build = (incidents: { id: string; at: string }[]) =>
            registered(() => {
                new RotatingSecret("API_SECRET", {
                    secretName: "API_SECRET",
                    secretClass: "api-token",
                    incidents,
                    now: NOW,
                });
                new RotatingSecret("MASTER_ENCRYPTION_KEY", {
                    secretName: "MASTER_ENCRYPTION_KEY",
                    secretClass: "encryption-key",
                    incidents,
                    now: NOW,
                });
            });
        const names = (resources: CapturedResource[], prefix: string) =>
            ofType(resources, PASSWORD)
                .map((p) => p.name)
                .filter((n) => n.startsWith(prefix));
        const before = await build([]);
        const after = await build([{ id: "INC-7", at: "2026-11-24" }]);
        const apiBefore = names(before, "API_SECRET");
        expect(names(after, "API_SECRET").filter((n) => apiBefore.includes(n))).toEqual([]);
        expect(names(after, "MASTER_ENCRYPTION_KEY")).toEqual(
            expect.arrayContaining(names(before, "MASTER_ENCRYPTION_KEY")),
        );
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
                parameterKeyArn: "arn:aws:kms:us-east-1:123456789012:key/parameters",
            });
        });
        const parameters = ofType(resources, "aws:ssm/parameter:Parameter");
        expect(
            parameters.map((p) => [
                p.name,
                p.inputs.name,
                p.inputs.type,
                p.inputs.value,
                p.inputs.keyId,
            ]),
        ).toEqual([
            [
                "api-env-API_SECRET",
                "/opsbook/test/api/API_SECRET",
                "SecureString",
                { ...SECRET, value: "s3cr3t" },
                // The stack's key, not aws/ssm; a String needs none.
                "arn:aws:kms:us-east-1:123456789012:key/parameters",
            ],
            // The AWS SDK marks every parameter value secret, whatever its type.
            [
                "api-env-LOG_LEVEL",
                "/opsbook/test/api/LOG_LEVEL",
                "String",
                { ...SECRET, value: "info" },
                undefined,
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
