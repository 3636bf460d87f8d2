/**
 * Secrets recognised by value, end to end: a live key under a neutral name is refused with exit 2 and
 * never printed; a canary planted in every string (and every key) of the prod stack file never reaches the
 * plan's text, JSON or stderr; a value declared public by design plans clean and is listed.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { formatJson, formatText, PlanResult } from "../../tools/plan";
import { SAMPLES } from "../model/credentialSamples";
import { NOW, planCli, planned, PROD, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("credentials");
const STRIPE_RULE = "@secretlint/secretlint-rule-stripe";
/** A realistic live-key shape: `sk_live_` and 28 alphanumerics (built from parts: see credentialSamples). */
const LIVE_KEY = SAMPLES.stripe.text;
/** What must never be printed: the key without its well-known prefix. */
const SECRET_PART = LIVE_KEY.slice("sk_live_".length);
/** Any part of it: a shortened echo leaks too. */
const FRAGMENTS = [SECRET_PART.slice(0, 12), SECRET_PART.slice(-12)];

/** Runs the plan in process, with everything it prints to stdout and stderr meanwhile. */
async function planPrinting(stackFile: string): Promise<{ result: PlanResult; printed: string }> {
    const printed: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
        jest.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
            printed.push(String(chunk));
            return true;
        }),
    );
    const logs = (["log", "error", "warn"] as const).map((level) =>
        jest.spyOn(console, level).mockImplementation((...args) => {
            printed.push(args.map(String).join(" "));
        }),
    );
    try {
        const result = await runPlan({ stackFile, now: NOW });
        return { result, printed: printed.join("\n") };
    } finally {
        [...spies, ...logs].forEach((spy) => spy.mockRestore());
    }
}

describe("a credential in the stack file", () => {
    it("refuses env.api.STRIPE_CONFIG: sk_live_… with exit 2, naming the path and the rule, never the value", async () => {
        const file = systemVariant(scratch(), "stripe-config", (system) => {
            system.env.api.STRIPE_CONFIG = LIVE_KEY;
        });
        const text = await planCli(["--stack-file", file, "--now", "2026-11-24"]);
        const json = await planCli(["--stack-file", file, "--now", "2026-11-24", "--json"]);
        expect(text.code).toBe(2);
        expect(json.code).toBe(2);
        expect(text.stdout).toMatch(
            new RegExp(
                `opsbook:system\\.env\\.api\\.STRIPE_CONFIG: holds a value that looks like a credential \\(secretlint rule ${STRIPE_RULE} \\(STRIPE_SECRET_KEY_LIVE\\)\\)`,
            ),
        );
        expect(JSON.parse(json.stdout).errors).toEqual([
            {
                path: "opsbook:system.env.api.STRIPE_CONFIG",
                message: expect.stringContaining(STRIPE_RULE),
            },
        ]);
        for (const output of [text.stdout, json.stdout]) expect(output).not.toContain(SECRET_PART);
    });

    it("refuses a plain value that sits where a secret belongs (a credential-looking name), without printing it", async () => {
        const opaque = "opaque-canary-7Hq2Lw9Zx4Pv";
        const file = systemVariant(scratch(), "session-token", (system) => {
            system.env.api.SESSION_TOKEN = opaque;
        });
        const { result, printed } = await planPrinting(file);
        expect(result.exitCode).toBe(2);
        expect(!result.ok && result.errors.map((e) => e.path)).toEqual([
            "opsbook:system.env.api.SESSION_TOKEN",
        ]);
        for (const output of [formatText(result), formatJson(result), printed])
            expect(output).not.toContain(opaque);
    });
});

/** Every string value's path in a parsed stack file, and every map key's path under `opsbook:system`. */
function stringFields(doc: unknown): { path: (string | number)[]; key: boolean }[] {
    const fields: { path: (string | number)[]; key: boolean }[] = [];
    const walk = (value: unknown, at: (string | number)[]) => {
        if (typeof value === "string") fields.push({ path: at, key: false });
        else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
        else if (typeof value === "object" && value !== null) {
            for (const [k, v] of Object.entries(value)) {
                if (at.length >= 2) fields.push({ path: [...at, k], key: true });
                walk(v, [...at, k]);
            }
        }
    };
    walk(doc, []);
    return fields;
}

function plant(doc: any, field: { path: (string | number)[]; key: boolean }, canary: string) {
    const parent = field.path.slice(0, -1).reduce((node, k) => node[k], doc);
    const last = field.path[field.path.length - 1];
    if (!field.key) parent[last] = canary;
    else {
        // Rename the key in place (same order), keeping its value.
        const entries = Object.entries(parent).map(([k, v]) => [k === last ? canary : k, v]);
        for (const k of Object.keys(parent)) delete parent[k];
        Object.assign(parent, Object.fromEntries(entries));
    }
}

describe("a canary in every string field of Pulumi.prod.yaml", () => {
    const doc = parse(fs.readFileSync(PROD, "utf8"));
    const fields = stringFields(doc);

    it("covers the whole file: config keys, the system's strings, list items and keys", () => {
        const paths = fields.map((f) => `${f.key ? "key " : ""}${f.path.join(".")}`);
        expect(paths).toEqual(
            expect.arrayContaining([
                "config.aws:region",
                "config.opsbook:system.env.api.LOG_LEVEL",
                "config.opsbook:system.secrets.SECRET_KEY.description",
                "config.opsbook:system.services.worker.command.0",
                "key config.opsbook:system.services.api",
            ]),
        );
        expect(fields.length).toBeGreaterThan(150);
    });

    it("is refused wherever it is planted, and never printed in text, JSON or stderr", async () => {
        const leaks: string[] = [];
        const unrefused: string[] = [];
        for (const [index, field] of fields.entries()) {
            const variant = structuredClone(doc);
            plant(variant, field, LIVE_KEY);
            const dir = path.join(scratch(), `canary-${index}`);
            fs.mkdirSync(dir);
            const file = path.join(dir, "Pulumi.prod.yaml");
            fs.writeFileSync(file, stringify(variant));
            const { result, printed } = await planPrinting(file);
            const where = `${field.key ? "key " : ""}${field.path.join(".")}`;
            if (result.ok || !result.errors.some((e) => e.message.includes(STRIPE_RULE)))
                unrefused.push(where);
            for (const [output, text] of Object.entries({
                text: formatText(result),
                json: formatJson(result),
                stderr: printed,
            })) {
                if (FRAGMENTS.some((f) => text.includes(f))) leaks.push(`${where} (${output})`);
            }
        }
        expect(unrefused).toEqual([]);
        expect(leaks).toEqual([]);
    });
});

describe("a value declared public by design", () => {
    const DSN = "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504";
    let result: Extract<PlanResult, { ok: true }>;
    beforeAll(async () => {
        const file = systemVariant(scratch(), "public-dsn", (system) => {
            system.env.api.SENTRY_DSN = {
                value: DSN,
                public: "Sentry DSNs only accept events and ship in every client",
            };
            system.env.web.NEXT_PUBLIC_SENTRY_DSN = {
                value: DSN,
                public: "Sentry DSNs ship in the browser bundle",
            };
        });
        result = planned(await runPlan({ stackFile: file, now: NOW }));
    });

    it("plans clean: the pack accepts the marked variables on ECS and Vercel", () => {
        expect(result.violations).toEqual([]);
        expect(result.exitCode).toBe(0);
        const inputsOf = (name: string) =>
            result.resources.find((r) => r.name === name)!.inputs as any;
        // The provider marks every parameter value secret; the type and the mark are what the pack reads.
        expect(inputsOf("api-env-SENTRY_DSN")).toMatchObject({
            type: "String",
            tags: { "opsbook:public": "declared public" },
        });
        expect(inputsOf("web-env-NEXT_PUBLIC_SENTRY_DSN")).toMatchObject({
            sensitive: false,
            comment: "opsbook: env.web.NEXT_PUBLIC_SENTRY_DSN (declared public)",
        });
    });

    it("lists each declaration, with why and what it would trip, in text and JSON", () => {
        expect(JSON.parse(formatJson(result)).publicValues).toEqual([
            {
                service: "web",
                variable: "NEXT_PUBLIC_SENTRY_DSN",
                because: "Sentry DSNs ship in the browser bundle",
                wouldBeRefusedBy: ["its name"],
            },
            {
                service: "api",
                variable: "SENTRY_DSN",
                because: "Sentry DSNs only accept events and ship in every client",
                wouldBeRefusedBy: ["its name"],
            },
        ]);
        expect(formatText(result)).toMatch(
            /Public values \(declared public by design in env[^\n]*\n.*\n\s+web\s+NEXT_PUBLIC_SENTRY_DSN\s+its name\s+Sentry DSNs ship in the browser bundle\n\s+api\s+SENTRY_DSN\s+its name\s+Sentry DSNs only accept events/,
        );
    });
});
