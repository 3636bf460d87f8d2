/**
 * The offline plan end to end: the real program under the mock runtime, judged by the real policy pack
 * in its own server. Stack files are written to a scratch directory, one mutation each.
 */
import * as fs from "fs";
import * as path from "path";
import { formatJson, formatText, PlanResult } from "../../tools/plan";
import {
    NOW,
    packVerdict,
    planCli,
    planned,
    planProcess,
    planProd,
    PROD,
    runPlan,
    scratchDirectory,
    variant,
} from "./helpers";

const scratch = scratchDirectory("plan");
const stackFile = (name: string, edit: (doc: any) => void) => variant(scratch(), name, edit);
const inputsOf = (result: PlanResult, name: string) =>
    planned(result).resources.find((r) => r.name === name)?.inputs;

describe("the prod plan", () => {
    let prod: PlanResult;
    beforeAll(async () => {
        prod = await planProd();
    });

    it("is clean: exit 0, no mandatory violation, every policy of the pack ran", () => {
        const result = planned(prod);
        expect(result.exitCode).toBe(0);
        expect(result.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(result.policies.map((p) => p.name)).toEqual(
            expect.arrayContaining([
                "opsbook-secrets-period-within-class",
                "opsbook-secrets-env-sensitive",
            ]),
        );
    });

    it("registers every resource under a known parent", () => {
        const result = planned(prod);
        const urns = new Set(result.resources.map((r) => r.urn));
        for (const r of result.resources) {
            if (r.type !== "pulumi:pulumi:Stack") expect(urns.has(r.parent ?? "")).toBe(true);
        }
    });

    it("reaches api and worker with the same API_SECRET source, as SecureString parameters", () => {
        const api: any = inputsOf(prod, "api-env-API_SECRET");
        const worker: any = inputsOf(prod, "worker-env-API_SECRET");
        expect(api).toMatchObject({
            type: "SecureString",
            value: "[secret]",
            description: "opsbook: secrets.API_SECRET (current)",
        });
        expect(worker).toMatchObject({
            type: "SecureString",
            value: "[secret]",
            description: api.description,
        });
        expect(inputsOf(prod, "web-env-CRON_SECRET")).toMatchObject({
            sensitive: true,
            value: "[secret]",
        });
    });

    it("lists the rotation calendar with every field, and SECRET_KEY as a key set whose consumer rolls", () => {
        const secretKey = planned(prod).secrets.find((s) => s.name === "SECRET_KEY")!;
        expect(secretKey).toMatchObject({
            kind: "generated",
            class: "signing-key",
            scheme: "key-set",
            periodDays: 90,
            maxAgeDays: 90,
            consumers: ["api"],
            rollouts: [{ consumer: "api", mechanism: "ecs-rolling-deployment" }],
        });
        const g = secretKey.generation!;
        expect(secretKey.slots).toEqual([
            {
                slot: "SECRET_KEY_NEXT",
                generation: g + 1,
                role: "next",
                resource: `SECRET_KEY-g${g + 1}`,
            },
            { slot: "SECRET_KEY", generation: g, role: "current", resource: `SECRET_KEY-g${g}` },
            {
                slot: "SECRET_KEY_PREVIOUS",
                generation: g - 1,
                role: "previous",
                resource: `SECRET_KEY-g${g - 1}`,
            },
        ]);
        // Every slot names a resource the program registered.
        const names = new Set(planned(prod).resources.map((r) => r.name));
        for (const entry of planned(prod).secrets) {
            for (const slot of entry.slots) expect(names.has(slot.resource)).toBe(true);
        }
        const json = JSON.parse(formatJson(prod));
        expect(Object.keys(json)).toEqual(
            expect.arrayContaining(["stack", "now", "resources", "secrets", "violations"]),
        );
        for (const field of [
            "name",
            "kind",
            "class",
            "periodDays",
            "maxAgeDays",
            "generation",
            "slots",
            "rollouts",
            "rotatedAt",
            "nextRotation",
            "consumers",
        ]) {
            expect(json.secrets[0]).toHaveProperty(field);
        }
        expect(json.resources[1]).toEqual(
            expect.objectContaining({
                urn: expect.any(String),
                type: expect.any(String),
                name: expect.any(String),
                parent: expect.any(String),
                protect: false,
                inputs: expect.any(Object),
            }),
        );
    });

    it("never prints a secret value, in text or JSON", () => {
        for (const output of [formatText(prod), formatJson(prod)]) {
            expect(output).not.toContain("offline-placeholder");
            expect(output).not.toContain("[computed]");
        }
        expect(formatText(prod)).toContain("api:ecs-rollout,worker:ecs-rollout");
    });
});

describe("refused stacks", () => {
    it("refuses SECRET_KEY with a period beyond its class maximum (exit 2, path named)", async () => {
        const file = stackFile(
            "long-period",
            (d) => (d.config["opsbook:system"].secrets.SECRET_KEY.periodDays = 120),
        );
        const result = await runPlan({ stackFile: file, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            "opsbook:system.secrets.SECRET_KEY.periodDays: 120 is longer than the signing-key class allows; expected 1 to 90 days",
        );
    });

    it("refuses an unknown consumer, naming it and the services", async () => {
        const file = stackFile("unknown-consumer", (d) =>
            d.config["opsbook:system"].secrets.API_SECRET.consumers.push("billing"),
        );
        const result = await runPlan({ stackFile: file, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(JSON.parse(formatJson(result)).errors).toContainEqual({
            path: "opsbook:system.secrets.API_SECRET.consumers.2",
            message: '"billing" is not a service; expected one of "web", "api", "worker"',
        });
    });

    it("refuses a vendor secret written as plain config, without printing it", async () => {
        const value = "sk_test_51HxQ2eLkPlainTextKey0000";
        const file = stackFile(
            "plain-vendor",
            (d) => (d.config["opsbook:STRIPE_SECRET_KEY"] = value),
        );
        const result = await runPlan({ stackFile: file, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            "opsbook:STRIPE_SECRET_KEY: holds STRIPE_SECRET_KEY in plain text",
        );
        expect(formatText(result) + formatJson(result)).not.toContain(value);
    });

    it("accepts a vendor secret held as secure config, and keeps its ciphertext out of the output", async () => {
        const file = stackFile(
            "secure-vendor",
            (d) =>
                (d.config["opsbook:STRIPE_SECRET_KEY"] = { secure: "v1:c2VjcmV0LWNpcGhlcnRleHQ=" }),
        );
        const result = planned(await runPlan({ stackFile: file, now: NOW }));
        expect(result.exitCode).toBe(0);
        expect(result.missingVendorValues).not.toContain("STRIPE_SECRET_KEY");
        expect(formatJson(result)).not.toContain("c2VjcmV0LWNpcGhlcnRleHQ");
    });

    it("refuses a literal in env under a credential-looking name at load (exit 2), without its value", async () => {
        const file = stackFile(
            "plain-env",
            (d) => (d.config["opsbook:system"].env.api.PAYMENTS_API_KEY = "pk-not-a-secret-store"),
        );
        const result = await runPlan({ stackFile: file, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(!result.ok && result.errors).toEqual([
            {
                path: "opsbook:system.env.api.PAYMENTS_API_KEY",
                message: expect.stringMatching(
                    /^is a plain value, but its name looks like a credential;/,
                ),
            },
        ]);
        expect(formatJson(result)).not.toContain("pk-not-a-secret-store");
    });

    it("refuses, in the pack's server, a plain parameter with a credential-looking name", async () => {
        // What the loader now stops earlier, the pack still refuses on its own: a String parameter named so.
        const violations = await packVerdict((resources) =>
            resources.map((r) =>
                r.name === "api-env-LOG_LEVEL"
                    ? {
                          ...r,
                          name: "api-env-PAYMENTS_API_KEY",
                          urn: r.urn.replace(/api-env-LOG_LEVEL$/, "api-env-PAYMENTS_API_KEY"),
                          inputs: {
                              ...(r.inputs as Record<string, unknown>),
                              name: "/opsbook/prod/api/PAYMENTS_API_KEY",
                          },
                      }
                    : r,
            ),
        );
        expect(violations).toContainEqual(
            expect.objectContaining({
                policy: "opsbook-secrets-env-sensitive",
                enforcementLevel: "mandatory",
                urn: expect.stringContaining("api-env-PAYMENTS_API_KEY"),
            }),
        );
    });

    it("refuses an overdue vendor secret and warns about one due soon", async () => {
        const file = stackFile("vendor-age", (d) => {
            d.config["opsbook:system"].secrets.TWILIO_AUTH_TOKEN.rotatedAt = "2025-10-01";
            d.config["opsbook:system"].secrets.RESEND_API_KEY.rotatedAt = "2025-12-01";
        });
        const result = planned(await runPlan({ stackFile: file, now: NOW }));
        expect(result.exitCode).toBe(1);
        expect(result.violations).toContainEqual(
            expect.objectContaining({
                policy: "opsbook-secrets-vendor-overdue",
                enforcementLevel: "mandatory",
                urn: expect.stringContaining("TWILIO_AUTH_TOKEN"),
            }),
        );
        expect(result.violations).toContainEqual(
            expect.objectContaining({
                policy: "opsbook-secrets-vendor-due-soon",
                enforcementLevel: "advisory",
                urn: expect.stringContaining("RESEND_API_KEY"),
            }),
        );
    });

    it("names a policy config that mentions a policy the pack does not have", async () => {
        const config = path.join(scratch(), "typo.json");
        fs.writeFileSync(config, JSON.stringify({ "opsbook-secrets-typo": "mandatory" }));
        const result = await runPlan({ stackFile: PROD, now: NOW, policyConfigFile: config });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain('policy "opsbook-secrets-typo" not found');
    });
});

describe("the pack in its server", () => {
    it("refuses a secret whose schedule claims a period beyond its class, however it was registered", async () => {
        const violations = await packVerdict((resources) =>
            resources.map((r) =>
                r.name === "SECRET_KEY" && r.type === "opsbook:index:RotatingSecret"
                    ? { ...r, inputs: { ...(r.inputs as any), periodDays: 120 } }
                    : r,
            ),
        );
        expect(violations).toEqual([
            expect.objectContaining({
                policy: "opsbook-secrets-period-within-class",
                enforcementLevel: "mandatory",
                urn: expect.stringContaining("::SECRET_KEY"),
                message: expect.stringContaining(
                    "rotates every 120 days, longer than the signing-key maximum of 90",
                ),
            }),
        ]);
    });

    it("refuses a production key ring that lost an unretired key", async () => {
        const violations = await packVerdict((resources) =>
            resources.filter((r) => r.name !== "MASTER_ENCRYPTION_KEY-g1"),
        );
        expect(violations).toEqual([
            expect.objectContaining({
                policy: "opsbook-secrets-live-values",
                enforcementLevel: "mandatory",
                message: expect.stringContaining(
                    "MASTER_ENCRYPTION_KEY: key g1 (previous) is not retired but is missing",
                ),
            }),
        ]);
    });
});

describe("the command line", () => {
    it("exits 2 with JSON errors for an invalid stack", async () => {
        const file = stackFile(
            "cli-invalid",
            (d) => (d.config["opsbook:system"].services.web.platform = "heroku"),
        );
        const { code, stdout } = await planCli([
            "--stack-file",
            file,
            "--json",
            "--now",
            "2026-11-24",
        ]);
        expect(code).toBe(2);
        expect(JSON.parse(stdout)).toEqual({
            errors: [
                {
                    path: "opsbook:system.services.web.platform",
                    message: '"heroku" is not allowed; expected one of "vercel", "aws"',
                },
            ],
        });
    });

    it("writes a whole --json plan through a pipe before it exits", async () => {
        // The subject is the process (stdout flushed to a pipe before exit): run as one, booting its own pack.
        const { code, stdout } = await planProcess([
            "--stack",
            "prod",
            "--json",
            "--now",
            "2026-11-24",
        ]);
        expect(code).toBe(0);
        expect(stdout.length).toBeGreaterThan(65536);
        expect(JSON.parse(stdout).stack).toBe("prod");
    }, 120_000); // a process of its own: it loads the program and boots a pack from nothing

    it("exits 2 for bad arguments, naming them all as usage errors on stderr", async () => {
        const { code, stdout, stderr } = await planCli(["--now", "next tuesday", "--stak", "prod"]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toContain(
            'usage error: --now: "next tuesday" is not allowed; expected an ISO date',
        );
        expect(stderr).toContain("usage error: --stak: is not an option");
        expect(stderr).not.toContain("the stack is invalid");
    });

    it("prints its help and exits 0 on --help", async () => {
        const { code, stdout } = await planCli(["--help"]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^Usage: npm run plan/);
        expect(stdout).toContain("--diff-against <file>");
    });
});
