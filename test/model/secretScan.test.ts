import { loadSystem, LoadResult } from "../../model/load";
import { publicValueSummaries } from "../../model/secretScan";
import { configView, NOW, validSystem } from "./fixtures";
import { SAMPLES } from "./credentialSamples";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });

function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

const STRIPE_RULE = "secretlint rule @secretlint/secretlint-rule-stripe (STRIPE_SECRET_KEY_LIVE)";
const LIVE_KEY = SAMPLES.stripe.text;
const DSN = "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504";

describe("secrets recognised by value at load", () => {
    it("refuses a live Stripe key under a neutral name, naming the path and the rule, never the value", () => {
        const system = validSystem();
        system.env.api.STRIPE_CONFIG = LIVE_KEY;
        const errors = errorsOf(load(system));
        expect(errors).toEqual([
            {
                path: "opsbook:system.env.api.STRIPE_CONFIG",
                message: expect.stringContaining(STRIPE_RULE),
            },
        ]);
        expect(errors[0].message).toMatch(/pulumi config set --secret STRIPE_CONFIG/);
        expect(JSON.stringify(errors)).not.toContain(LIVE_KEY.slice(8));
    });

    it.each([
        [
            "a description",
            (s: any, v: string) => (s.secrets.API_SECRET.description = v),
            "secrets.API_SECRET.description",
        ],
        [
            "a list item",
            (s: any, v: string) => (s.services.worker.command = ["run", v]),
            "services.worker.command.1",
        ],
        [
            "a field with a format",
            (s: any, v: string) => (s.services.api.imageTag = v),
            "services.api.imageTag",
        ],
        [
            "a field of a malformed entry",
            (s: any, v: string) => (s.databases = { main: { kind: "rds", dbName: v } }),
            "databases.main.dbName",
        ],
    ])("scans every string the user types: %s", (_what, plant, at) => {
        const system = validSystem();
        plant(system, LIVE_KEY);
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual({
            path: `opsbook:system.${at}`,
            message: expect.stringContaining(STRIPE_RULE),
        });
        expect(JSON.stringify(errors)).not.toContain(LIVE_KEY.slice(8));
    });

    it("names the map, not the key, when a key looks like a credential", () => {
        const system = validSystem();
        system.env.api[LIVE_KEY] = "x";
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual({
            path: "opsbook:system.env.api",
            message: expect.stringContaining(
                `has a key that looks like a credential (${STRIPE_RULE})`,
            ),
        });
        expect(JSON.stringify(errors)).not.toContain(LIVE_KEY.slice(8));
    });

    it("refuses a plain env value whose name says it holds a credential, without showing it", () => {
        const system = validSystem();
        system.env.api.SENTRY_DSN = DSN;
        const errors = errorsOf(load(system));
        expect(errors).toEqual([
            {
                path: "opsbook:system.env.api.SENTRY_DSN",
                message: expect.stringMatching(
                    /^is a plain value, but its name looks like a credential;/,
                ),
            },
        ]);
        expect(JSON.stringify(errors)).not.toContain("0123456789abcdef");
    });

    it("accepts a value declared public by design, and lists the declaration", () => {
        const system = validSystem();
        system.env.api.SENTRY_DSN = { value: DSN, public: "Sentry DSNs only accept events" };
        system.env.worker.PAYMENTS_CHECK = {
            value: LIVE_KEY,
            public: "a revoked key the smoke test expects Stripe to refuse",
        };
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.model.env.api.SENTRY_DSN).toEqual({
            kind: "literal",
            value: DSN,
            public: "Sentry DSNs only accept events",
        });
        expect(publicValueSummaries(result.model.env)).toEqual([
            {
                service: "api",
                variable: "SENTRY_DSN",
                because: "Sentry DSNs only accept events",
                wouldBeRefusedBy: ["its name"],
            },
            {
                service: "worker",
                variable: "PAYMENTS_CHECK",
                because: "a revoked key the smoke test expects Stripe to refuse",
                wouldBeRefusedBy: ["@secretlint/secretlint-rule-stripe (STRIPE_SECRET_KEY_LIVE)"],
            },
        ]);
    });

    it("validates public declarations: a reason, known keys, and something to declare", () => {
        const system = validSystem();
        system.env.api.SENTRY_DSN = { value: DSN, public: "  " };
        system.env.api.WEB_ORIGIN = { value: "https://app.example.com", public: "it is a URL" };
        system.env.worker.SENTRY_DSN = { value: DSN, public: "events only", note: "x" };
        const errors = errorsOf(load(system));
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.env.api.SENTRY_DSN.public",
                    message: expect.stringMatching(/is not allowed; expected at least 1/),
                },
                {
                    path: "opsbook:system.env.api.WEB_ORIGIN.public",
                    message:
                        "declares a public value, but neither WEB_ORIGIN nor its value looks like a credential; write the value as a plain literal",
                },
                {
                    path: "opsbook:system.env.worker.SENTRY_DSN.note",
                    message: "is not a known key; remove it or check its spelling",
                },
            ]),
        );
        expect(JSON.stringify(errors)).not.toContain("0123456789abcdef");
    });

    it("never shows a credential in an error about something else, however short", () => {
        const system = validSystem();
        const short = ["sk", "test", "Ab12Cd34Ef56Gh78Ij90Kl12"].join("_");
        system.services.api.platform = short;
        const errors = errorsOf(load(system));
        expect(errors.length).toBeGreaterThan(1);
        expect(JSON.stringify(errors)).not.toContain("Ab12Cd34");
        expect(errors).toContainEqual({
            path: "opsbook:system.services.api.platform",
            message: expect.stringMatching(
                /^a value that looks like a credential \(not shown\) is not allowed/,
            ),
        });
    });
});
