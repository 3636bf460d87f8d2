/** Feature flags in the model: what the loader refuses, where each flag is served and what is served. */
import { appConfigContent, flagsIn, servedValue } from "../../model/flags";
import { loadSystem, LoadResult } from "../../model/load";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });

function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors.map((e) => `${e.path}: ${e.message}`);
}

/** The fixture system with `flags`. */
function withFlags(flags: Record<string, unknown>, edit: (system: any) => void = () => undefined) {
    const system = validSystem();
    system.flags = flags;
    edit(system);
    return system;
}

describe("flags in the model", () => {
    it("serves each flag from the stores of its consumers' platforms, and a killed flag off", () => {
        const result = load(
            withFlags({
                new_checkout: {
                    enabled: true,
                    consumers: ["web", "api"],
                    description: "Checkout v2",
                },
                beta_search: { enabled: true, killSwitch: true, consumers: ["web", "worker"] },
                dark_mode: { enabled: false, consumers: ["web"] },
                bulk_jobs: { enabled: true, killSwitch: false, consumers: ["worker"] },
            }),
        );
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const flags = result.model.flags;
        expect(flags.new_checkout).toMatchObject({
            served: true,
            killSwitch: false,
            stores: ["edge-config", "appconfig"],
        });
        expect(flags.beta_search).toMatchObject({ enabled: true, killSwitch: true, served: false });
        expect(flags.dark_mode).toMatchObject({ served: false, stores: ["edge-config"] });
        expect(flags.bulk_jobs).toMatchObject({ served: true, stores: ["appconfig"] });
        expect(servedValue(flags.beta_search)).toEqual({ enabled: false });
        expect(flagsIn(flags, "edge-config").map((f) => f.name)).toEqual([
            "beta_search",
            "dark_mode",
            "new_checkout",
        ]);
        expect(flagsIn(flags, "appconfig").map((f) => f.name)).toEqual([
            "beta_search",
            "bulk_jobs",
            "new_checkout",
        ]);
    });

    it("writes AppConfig's feature-flag format, keys sorted, the killed flag off", () => {
        const result = load(
            withFlags({
                zeta: { enabled: true, consumers: ["api"] },
                alpha: { enabled: true, killSwitch: true, consumers: ["api"], description: "A" },
            }),
        );
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const content = appConfigContent(flagsIn(result.model.flags, "appconfig"));
        expect(JSON.parse(content)).toEqual({
            version: "1",
            flags: { alpha: { name: "alpha", description: "A" }, zeta: { name: "zeta" } },
            values: { alpha: { enabled: false }, zeta: { enabled: true } },
        });
        expect(content.indexOf('"alpha"')).toBeLessThan(content.indexOf('"zeta"'));
        // The same flags in another order give the same content: no new version without a change.
        expect(appConfigContent([...flagsIn(result.model.flags, "appconfig")].reverse())).toBe(
            content,
        );
    });

    it("refuses bad entries all at once, each with its path, the value and what is allowed", () => {
        const errors = errorsOf(
            load(
                withFlags(
                    {
                        "New.Checkout": { enabled: true, consumers: ["web"] },
                        beta: { enabled: "yes", consumers: ["web", "mobile", "web"] },
                        gamma: { enabled: true, killSwitch: "true", consumers: [] },
                        delta: { enabled: true, consumers: ["api"], rollout: 10 },
                        epsilon: { consumers: ["api"] },
                    },
                    (system) => {
                        system.env.web = { EDGE_CONFIG: "https://edge-config.vercel.com/x" };
                        system.env.api.OPSBOOK_FLAGS_URL = "http://localhost:2772/x";
                    },
                ),
            ),
        );
        const flag = "opsbook:system.flags";
        expect(errors).toEqual(
            expect.arrayContaining([
                `${flag}.New.Checkout: "New.Checkout" is not a key Edge Config accepts; expected letters, digits, '_' or '-', at most 64 characters (Edge Config's item key rule), such as NEW_CHECKOUT, newCheckout or new-checkout`,
                `${flag}.beta.enabled: "yes" is not allowed; expected true or false`,
                `${flag}.beta.consumers.1: "mobile" is not a service; expected one of "web", "api", "worker"`,
                `${flag}.beta.consumers.2: "web" is listed twice`,
                `${flag}.gamma.killSwitch: "true" is not allowed; expected true or false`,
                `${flag}.gamma.consumers: a list of 0 is not allowed; expected at least 1 entries`,
                `${flag}.delta.rollout: is not a known key; remove it or check its spelling`,
                `${flag}.epsilon.enabled: is required; expected true or false`,
                `${flag}.beta.consumers: gives web the variable EDGE_CONFIG, which env.web.EDGE_CONFIG already gives; one variable has one source: opsbook sets EDGE_CONFIG itself, so remove env.web.EDGE_CONFIG`,
                `${flag}.delta.consumers: gives api the variable OPSBOOK_FLAGS_URL, which env.api.OPSBOOK_FLAGS_URL already gives; one variable has one source: opsbook sets OPSBOOK_FLAGS_URL itself, so remove env.api.OPSBOOK_FLAGS_URL`,
            ]),
        );
        expect(errors).toHaveLength(10);
    });

    it("has no flags when the stack declares none", () => {
        const result = load(validSystem());
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.model.flags).toEqual({});
    });
});
