import fc from "fast-check";
import { loadSystem, LoadResult, periodHistory } from "../../model/load";
import { serviceEnv } from "../../model/env";
import { rotationState } from "../../model/rotation";
import { SECRET_CLASSES } from "../../model/rules";
import { configView, NOW, validSystem } from "./fixtures";

function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

const load = (raw: unknown, config = configView()) => loadSystem(raw, { now: NOW, config });

describe("loadSystem", () => {
    it("loads a valid system with class defaults", () => {
        const result = load(validSystem());
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.model.secrets.API_SECRET).toMatchObject({
            periodDays: 90,
            scheme: "key-set",
            formerPeriods: [],
            consumers: ["api", "worker"],
        });
        expect(result.model.secrets.CRON_SECRET.scheme).toBe("key-set");
        expect(result.model.secrets.STRIPE_SECRET_KEY.scheme).toBe("vendor");
        expect(result.model.secrets.STRIPE_SECRET_KEY.configKey).toBe("opsbook:STRIPE_SECRET_KEY");
    });

    it("fans a key set out to every consumer under the same names: current, next and previous", () => {
        const result = load(validSystem());
        if (!result.ok) throw new Error("invalid");
        const api = serviceEnv(result.model, "api");
        const worker = serviceEnv(result.model, "worker");
        expect(api.API_SECRET).toEqual(worker.API_SECRET);
        expect(api.API_SECRET_PREVIOUS).toEqual({
            kind: "secret",
            secret: "API_SECRET",
            slot: "previous",
        });
        expect(api.API_SECRET_NEXT).toEqual({ kind: "secret", secret: "API_SECRET", slot: "next" });
        expect(api.SECRET_KEY_PREVIOUS).toBeDefined();
        expect(worker.SECRET_KEY).toBeUndefined();
        expect(serviceEnv(result.model, "web").CRON_SECRET_NEXT).toBeDefined();
        expect(api.STRIPE_SECRET_KEY_PREVIOUS).toBeUndefined();
        expect(worker.CONCURRENCY).toEqual({ kind: "literal", value: "5" });
    });

    it("refuses a period beyond the class maximum, naming the path, the value and the limit", () => {
        const system = validSystem();
        system.secrets.SECRET_KEY.periodDays = 120;
        expect(errorsOf(load(system))).toEqual([
            {
                path: "opsbook:system.secrets.SECRET_KEY.periodDays",
                message: "120 is longer than the signing-key class allows; expected 1 to 90 days",
            },
        ]);
    });

    it("refuses an unknown consumer, naming both ends", () => {
        const system = validSystem();
        system.secrets.API_SECRET.consumers = ["api", "wrker"];
        const [error] = errorsOf(load(system));
        expect(error.path).toBe("opsbook:system.secrets.API_SECRET.consumers.1");
        expect(error.message).toBe(
            '"wrker" is not a service; expected one of "web", "api", "worker"',
        );
    });

    it("refuses a vendor secret held in plain config without echoing its value", () => {
        const result = load(validSystem(), configView([], ["opsbook:STRIPE_SECRET_KEY"]));
        const [error] = errorsOf(result);
        expect(error.path).toBe("opsbook:STRIPE_SECRET_KEY");
        expect(error.message).toMatch(/plain text.*pulumi config set --secret STRIPE_SECRET_KEY/);
    });

    it("refuses a vendor secret with no value set", () => {
        expect(errorsOf(load(validSystem(), configView([])))[0]).toMatchObject({
            path: "opsbook:STRIPE_SECRET_KEY",
            message: expect.stringContaining("is not set"),
        });
    });

    it("lists every problem at once", () => {
        const system = validSystem();
        system.services.web.platform = "heroku";
        system.secrets.SECRET_KEY.class = "vendor-api-key";
        system.secrets.CRON_SECRET.rotatedAt = "2026-01-01";
        system.env.api.X = { secret: "NOPE" };
        system.env.ghost = { A: "b" };
        const paths = errorsOf(load(system)).map((e) => e.path);
        expect(paths).toEqual(
            expect.arrayContaining([
                "opsbook:system.services.web.platform",
                "opsbook:system.secrets.SECRET_KEY.class",
                "opsbook:system.secrets.CRON_SECRET.rotatedAt",
                "opsbook:system.env.api.X.secret",
                "opsbook:system.env.ghost",
            ]),
        );
    });

    it("names allowed values for an enum and never echoes a long value", () => {
        const system = validSystem();
        system.services.web.platform = "heroku";
        system.secrets.STRIPE_SECRET_KEY.rotatedAt = "sk_test_0123456789abcdefghijklmnop";
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual({
            path: "opsbook:system.services.web.platform",
            message: '"heroku" is not allowed; expected one of "vercel", "aws"',
        });
        expect(JSON.stringify(errors)).not.toContain("sk_test_0123456789");
    });

    it("refuses env references to secrets the service does not consume, and a next value of a vendor secret", () => {
        const system = validSystem();
        system.env.worker.SIGNING = { secret: "SECRET_KEY" };
        system.env.worker.OLD_STRIPE = { secret: "STRIPE_SECRET_KEY", slot: "next" };
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual(
            expect.objectContaining({ path: "opsbook:system.env.worker.SIGNING.secret" }),
        );
        expect(errors).toContainEqual(
            expect.objectContaining({
                path: "opsbook:system.env.worker.OLD_STRIPE.slot",
                message:
                    '"next" is not allowed: STRIPE_SECRET_KEY is not a key set; expected "current"',
            }),
        );
    });

    it("refuses a public service without a health path and an env var that shadows a consumed secret", () => {
        const system = validSystem();
        delete system.services.api.healthPath;
        system.env.api.API_SECRET = "literal";
        const paths = errorsOf(load(system)).map((e) => e.path);
        expect(paths).toEqual(
            expect.arrayContaining([
                "opsbook:system.services.api.healthPath",
                "opsbook:system.env.api.API_SECRET",
            ]),
        );
    });
});

describe("loadSystem: rotation history", () => {
    it("keeps period edits and incidents as history, and refuses them out of order or in the future", () => {
        const system = validSystem();
        system.secrets.SECRET_KEY.periodDays = 60;
        system.secrets.SECRET_KEY.formerPeriods = [
            { periodDays: 90, until: "2026-10-01" },
            { periodDays: 30, until: "2026-09-01" },
        ];
        system.rotation = { incidents: [{ id: "INC-1", at: "2026-12-01" }] };
        expect(errorsOf(load(system))).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.secrets.SECRET_KEY.formerPeriods.1.until",
                    message:
                        '"2026-09-01" is not after the entry before it; expected the periods oldest first, each ending on a later date',
                },
                {
                    path: "opsbook:system.rotation.incidents.0.at",
                    message:
                        '"2026-12-01" is in the future; expected the date the incident was declared, on or before 2026-11-24',
                },
            ]),
        );
    });

    it("rotates nothing when a class default changes with its old value recorded", () => {
        // A class whose default went from 90 to 60 days on 2026-10-15, as rules.ts would record it.
        const rule = {
            ...SECRET_CLASSES["signing-key"],
            defaultPeriodDays: 60,
            formerDefaultPeriods: [{ periodDays: 90, until: "2026-10-15" }],
        };
        const onDefault = periodHistory(undefined, undefined, rule);
        expect(onDefault).toEqual({
            periodDays: 60,
            formerPeriods: [{ periodDays: 90, until: "2026-10-15" }],
        });
        const schedule = (history: typeof onDefault) => ({
            name: "SECRET_KEY",
            ...history,
            earlyRotations: [],
        });
        const before = rotationState(
            schedule({ periodDays: 90, formerPeriods: [] }),
            new Date("2026-10-14T23:59:59Z"),
        );
        const after = rotationState(schedule(onDefault), new Date("2026-10-15T00:00:00Z"));
        const expected =
            Date.parse("2026-10-15") - before.currentSince.getTime() >= 60 * 24 * 3600 * 1000
                ? before.generation + 1
                : before.generation;
        expect(after.generation).toBe(expected);
        // A secret that sets its own period is not moved by the class's history.
        expect(periodHistory(90, undefined, rule)).toEqual({ periodDays: 90, formerPeriods: [] });
    });

    it("tells how to move the old single incident id", () => {
        const system = validSystem();
        system.rotation = { incident: "INC-9" };
        const [error] = errorsOf(load(system));
        expect(error.path).toBe("opsbook:system.rotation.incident");
        expect(error.message).toContain('rotation.incidents: [{ id: "INC-9", at:');
    });

    it("allows retiredThrough on key rings only, and never the current key", () => {
        const system = validSystem();
        system.secrets.MASTER_ENCRYPTION_KEY = {
            kind: "generated",
            class: "encryption-key",
            periodDays: 30,
            retiredThrough: 500,
            consumers: ["api"],
        };
        system.secrets.SECRET_KEY.retiredThrough = 1;
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual(
            expect.objectContaining({
                path: "opsbook:system.secrets.SECRET_KEY.retiredThrough",
            }),
        );
        const ring = errors.find(
            (e) => e.path === "opsbook:system.secrets.MASTER_ENCRYPTION_KEY.retiredThrough",
        );
        expect(ring?.message).toMatch(/^500 would retire the current key \(generation \d+\)/);
        // The key before the current one is still written by the instances this up replaces.
        const current = Number(/generation (\d+)/.exec(ring!.message)![1]);
        system.secrets.MASTER_ENCRYPTION_KEY.retiredThrough = current - 1;
        expect(errorsOf(load(system))).toContainEqual(
            expect.objectContaining({
                path: "opsbook:system.secrets.MASTER_ENCRYPTION_KEY.retiredThrough",
                message: `${current - 1} would retire key ${current - 1}, which instances deployed before this up may still encrypt with (it was current within the last period); expected at most ${current - 2}, once the data encrypted with those keys is re-encrypted`,
            }),
        );
        system.secrets.MASTER_ENCRYPTION_KEY.retiredThrough = 3;
        delete system.secrets.SECRET_KEY.retiredThrough;
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(serviceEnv(result.model, "api")).toMatchObject({
            MASTER_ENCRYPTION_KEY: { slot: "current" },
            MASTER_ENCRYPTION_KEY_KEY_ID: { slot: "key-id" },
            MASTER_ENCRYPTION_KEY_KEYRING: { slot: "keyring" },
        });
    });
});

describe("loadSystem messages", () => {
    it("reports what is wrong inside a secret reference", () => {
        const system = validSystem();
        system.env.api.X = { secret: "SECRET_KEY", slot: "old" };
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.env.api.X.slot",
            message: '"old" is not allowed; expected one of "current", "next", "previous"',
        });
    });

    it("refuses dates that do not exist", () => {
        const system = validSystem();
        system.secrets.STRIPE_SECRET_KEY.rotatedAt = "2026-02-30";
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.secrets.STRIPE_SECRET_KEY.rotatedAt",
            message: '"2026-02-30" is not allowed; expected a real calendar date',
        });
    });

    it("says what a name must look like, in the words of the map's own key schema", () => {
        const system = validSystem();
        system.services.Billing = { platform: "aws", role: "worker" };
        system.secrets.api_token = { kind: "generated", class: "api-token", consumers: ["api"] };
        system.databases = { Main: { kind: "external", consumers: ["api"] } };
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual({
            path: "opsbook:system.services.Billing",
            message: `"Billing" is not a valid name; expected a service name of 2 to 32 lower-case letters, digits and '-', starting with a letter and not ending with '-', such as api`,
        });
        expect(errors).toContainEqual({
            path: "opsbook:system.secrets.api_token",
            message: `"api_token" is not a valid name; expected a secret name of upper-case letters, digits and '_', starting with a letter, such as API_SECRET`,
        });
        // A database is named like a service, not like a secret (the field-name guess said the latter).
        expect(errors).toContainEqual({
            path: "opsbook:system.databases.Main",
            message: expect.stringMatching(
                /^"Main" is not a valid name; expected a database name of 2 to 32 lower-case/,
            ),
        });
    });
});

/** Mutations that keep a model mostly intact, so the checks past the shape are exercised too. */
function mutate(base: Record<string, any>, path: string[], value: unknown): Record<string, any> {
    const copy = structuredClone(base);
    // Own properties even for "__proto__", as JSON and YAML parsers produce them.
    const set = (node: any, key: string, v: unknown) =>
        Object.defineProperty(node, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
        });
    let node: any = copy;
    for (const key of path.slice(0, -1)) {
        const child = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
        if (typeof child !== "object" || child === null) set(node, key, {});
        node = node[key];
    }
    set(node, path[path.length - 1], value);
    return copy;
}

describe("loadSystem property", () => {
    const anyValue = fc.oneof(
        fc.anything(),
        fc.constantFrom(
            "vercel",
            "aws",
            "web",
            "api",
            "worker",
            "generated",
            "vendor",
            "signing-key",
            "2026-01-01",
            "api",
            "NOPE",
            -1,
            0,
            91,
            1e9,
        ),
    );
    const keys = fc.constantFrom(
        "services",
        "secrets",
        "env",
        "rotation",
        "web",
        "api",
        "worker",
        "SECRET_KEY",
        "API_SECRET",
        "platform",
        "role",
        "kind",
        "class",
        "periodDays",
        "consumers",
        "rotatedAt",
        "rotateNow",
        "incidents",
        "formerPeriods",
        "retiredThrough",
        "secret",
        "slot",
        "domain",
        "healthPath",
        "0",
        "__proto__",
        "constructor",
    );
    const paths = fc.array(keys, { minLength: 1, maxLength: 4 });

    function checkOutcome(result: LoadResult) {
        if (result.ok) return;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
            expect(error.path).toMatch(/^opsbook:/);
            expect(typeof error.message).toBe("string");
            expect(error.message.length).toBeGreaterThan(0);
        }
    }

    it("never throws on random input: it loads or returns path-named errors", () => {
        fc.assert(
            fc.property(fc.anything(), (raw) => checkOutcome(load(raw))),
            { numRuns: 300 },
        );
    });

    it("never throws on mutated valid models", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(paths, anyValue), { minLength: 1, maxLength: 3 }),
                (mutations) => {
                    const raw = mutations.reduce(
                        (model, [path, value]) => mutate(model, path, value),
                        validSystem(),
                    );
                    checkOutcome(load(raw));
                },
            ),
            { numRuns: 500 },
        );
    });
});
