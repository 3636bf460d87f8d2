/** Flags in the team's terms: names in the application's style, percentage rollouts, the kill over all. */
import {
    appConfigContent,
    bucketOf,
    flagsIn,
    servedTo,
    servedValue,
    splitRule,
} from "../../model/flags";
import { loadSystem, LoadResult } from "../../model/load";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });
const errorsOf = (result: LoadResult) => {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors.map((e) => `${e.path}: ${e.message}`);
};
const withFlags = (flags: Record<string, unknown>) => ({ ...validSystem(), flags });
const loaded = (flags: Record<string, unknown>) => {
    const result = load(withFlags(flags));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model.flags;
};
const users = (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`);

describe("flag names in the application's own style", () => {
    it("takes camelCase and kebab-case anywhere, SCREAMING_SNAKE where only Edge Config serves it", () => {
        const flags = loaded({
            newCheckout: { enabled: true, consumers: ["web", "api"] },
            "dark-mode": { enabled: true, consumers: ["worker"] },
            NEW_SEARCH: { enabled: true, consumers: ["web"] },
        });
        expect(Object.keys(flags).sort()).toEqual(["NEW_SEARCH", "dark-mode", "newCheckout"]);
        expect(flags.NEW_SEARCH.stores).toEqual(["edge-config"]);
    });

    it("refuses a name AppConfig cannot hold when an aws service reads it, naming the reader and the rule", () => {
        expect(
            errorsOf(load(withFlags({ NEW_SEARCH: { enabled: true, consumers: ["web", "api"] } }))),
        ).toEqual([
            `opsbook:system.flags.NEW_SEARCH: "NEW_SEARCH" is not a key AppConfig accepts ("api" reads it from AppConfig); expected a lower-case letter, then letters, digits, '_' or '-', at most 64 characters (AppConfig's flag key rule), such as newCheckout, new-checkout or new_checkout`,
        ]);
        expect(
            errorsOf(load(withFlags({ ["a".repeat(65)]: { enabled: true, consumers: ["web"] } }))),
        ).toEqual([expect.stringContaining("is not a key Edge Config accepts")]);
    });
});

describe("percentage rollouts", () => {
    it("serves the split in both stores: rolloutPercent in Edge Config, a split variant in AppConfig", () => {
        const flags = loaded({
            newCheckout: { enabled: true, rolloutPercent: 10, consumers: ["web", "api"] },
        });
        const flag = flags.newCheckout;
        expect(flag).toMatchObject({ served: true, rolloutPercent: 10 });
        expect(servedValue(flag)).toEqual({ enabled: true, rolloutPercent: 10 });
        expect(splitRule(flag)).toBe('(split pct::10 by::$userId seed::"newCheckout")');
        expect(JSON.parse(appConfigContent(flagsIn(flags, "appconfig"))).values).toEqual({
            newCheckout: {
                _variants: [
                    { name: "rollout", enabled: true, rule: splitRule(flag) },
                    { name: "Default Variant", enabled: false },
                ],
            },
        });
    });

    it("the kill switch still serves the flag off for everyone, in every store", () => {
        const flags = loaded({
            newCheckout: {
                enabled: true,
                rolloutPercent: 10,
                killSwitch: true,
                consumers: ["web", "api"],
            },
        });
        const flag = flags.newCheckout;
        expect(flag.served).toBe(false);
        expect(flag.rolloutPercent).toBeUndefined();
        expect(servedValue(flag)).toEqual({ enabled: false });
        expect(JSON.parse(appConfigContent([flag])).values).toEqual({
            newCheckout: { enabled: false },
        });
        expect(users(2000).some((user) => servedTo(flag, user))).toBe(false);
    });

    it("treats 100% as everyone: the plain value, no variants", () => {
        const flag = loaded({
            full: { enabled: true, rolloutPercent: 100, consumers: ["api"] },
        }).full;
        expect(flag.rolloutPercent).toBeUndefined();
        expect(JSON.parse(appConfigContent([flag])).values).toEqual({ full: { enabled: true } });
    });

    it.each([
        [0, "0 is not allowed; expected at least 1"],
        [101, "101 is not allowed; expected at most 100"],
        [10.5, "10.5 is not allowed; expected"],
    ])("refuses rolloutPercent %p", (value, message) => {
        expect(
            errorsOf(
                load(
                    withFlags({ f: { enabled: true, rolloutPercent: value, consumers: ["api"] } }),
                ),
            ),
        ).toEqual([expect.stringContaining(`opsbook:system.flags.f.rolloutPercent: ${message}`)]);
    });

    it("refuses a rollout of a disabled flag, saying which way to go", () => {
        expect(
            errorsOf(
                load(withFlags({ f: { enabled: false, rolloutPercent: 25, consumers: ["api"] } })),
            ),
        ).toEqual([
            "opsbook:system.flags.f.rolloutPercent: is set but enabled is false, so the flag is off for everyone; set enabled: true to roll it out to 25% of users, or remove rolloutPercent",
        ]);
    });
});

describe("bucketOf: the documented Edge Config bucketing rule", () => {
    it("matches the test vectors of docs/services.md (computed independently with Python's hashlib)", () => {
        expect(bucketOf("user-1", "new_checkout")).toBe(94);
        expect(bucketOf("user-2", "new_checkout")).toBe(7);
        expect(bucketOf("42", "NEW_CHECKOUT")).toBe(58);
        expect(bucketOf("alice@example.com", "newCheckout")).toBe(22);
    });

    it("reaches about the percentage, keeps everyone already in when it grows, and salts by flag", () => {
        const ids = users(20000);
        const at = (pct: number, flag = "newCheckout") =>
            new Set(ids.filter((id) => bucketOf(id, flag) < pct));
        const ten = at(10);
        expect(ten.size / ids.length).toBeGreaterThan(0.09);
        expect(ten.size / ids.length).toBeLessThan(0.11);
        const twentyFive = at(25);
        expect([...ten].every((id) => twentyFive.has(id))).toBe(true);
        // Another flag at 10% reaches a different tenth: the overlap is about 1%, not 10%.
        const other = at(10, "darkMode");
        const overlap = [...ten].filter((id) => other.has(id)).length / ids.length;
        expect(overlap).toBeLessThan(0.02);
        for (const id of ids.slice(0, 500)) {
            expect(bucketOf(id, "newCheckout")).toBeGreaterThanOrEqual(0);
            expect(bucketOf(id, "newCheckout")).toBeLessThan(100);
        }
    });

    it("servedTo follows the bucket while served", () => {
        const flag = loaded({
            newCheckout: { enabled: true, rolloutPercent: 10, consumers: ["web"] },
        }).newCheckout;
        for (const id of users(300))
            expect(servedTo(flag, id)).toBe(bucketOf(id, "newCheckout") < 10);
    });
});
