import { loadSystem, LoadResult } from "../../model/load";
import { secretUses, unusedSecrets } from "../../model/secretUse";
import { configView, NOW, validSystem } from "./fixtures";

const load = (system: unknown) => loadSystem(system, { now: NOW, config: configView() });
function modelOf(result: LoadResult) {
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}

describe("secret use", () => {
    it("finds no unused secret in a system whose secrets all have consumers", () => {
        expect(unusedSecrets(modelOf(load(validSystem())))).toEqual([]);
    });

    it("lists a secret with no consumer, and not one an alert route or a database reads", () => {
        const system = validSystem();
        system.secrets.LEFTOVER_TOKEN = { kind: "generated", class: "api-token" };
        system.secrets.OLD_VENDOR_KEY = {
            kind: "vendor",
            class: "vendor-api-key",
            rotatedAt: "2026-06-01",
            consumers: [],
        };
        system.secrets.PAGER_URL = {
            kind: "vendor",
            class: "alert-endpoint",
            rotatedAt: "2026-06-01",
        };
        system.alerts = {
            routes: {
                critical: [{ protocol: "https", endpointSecret: "PAGER_URL" }],
                warning: [
                    { protocol: "slack", workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" },
                ],
            },
        };
        system.secrets.SUPABASE_ADMIN_URL = {
            kind: "vendor",
            class: "database-admin-url",
            rotatedAt: "2026-06-01",
        };
        system.databases = {
            main: {
                kind: "external",
                consumers: ["web"],
                adminUrlSecret: "SUPABASE_ADMIN_URL",
            },
        };
        const config = configView(
            ["STRIPE_SECRET_KEY", "OLD_VENDOR_KEY", "PAGER_URL", "SUPABASE_ADMIN_URL"].map(
                (name) => `opsbook:${name}`,
            ),
        );
        const model = modelOf(loadSystem(system, { now: NOW, config }));
        expect(unusedSecrets(model)).toEqual(["LEFTOVER_TOKEN", "OLD_VENDOR_KEY"]);
        expect(secretUses(model)).toMatchObject({
            PAGER_URL: ["alerts.routes.critical.0"],
            SUPABASE_ADMIN_URL: ["databases.main.adminUrlSecret"],
            API_SECRET: ["service api", "service worker"],
            LEFTOVER_TOKEN: [],
        });
        // A chat route names a channel, not a secret: it adds no use under any name.
        expect(Object.keys(secretUses(model)).sort()).toEqual(Object.keys(model.secrets).sort());
    });
});
