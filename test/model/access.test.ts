import { accessSummary } from "../../model/access";
import { loadSystem, LoadResult } from "../../model/load";
import { TUNNEL_DEFAULT_LOCAL_PORT } from "../../model/rules";
import { configView, NOW, validSystem } from "./fixtures";

/** Two rds databases and an external one; `access` set per test. */
function system(access: Record<string, unknown>): Record<string, any> {
    const s = validSystem();
    s.secrets.SUPABASE_ADMIN_URL = {
        kind: "vendor",
        class: "database-admin-url",
        rotatedAt: "2026-10-01",
    };
    s.databases = {
        main: { kind: "rds", consumers: ["api"] },
        reports: { kind: "rds", consumers: ["worker"], urlVariable: "REPORTS_DATABASE_URL" },
        legacy: {
            kind: "external",
            adminUrlSecret: "SUPABASE_ADMIN_URL",
            consumers: ["worker"],
            urlVariable: "LEGACY_DATABASE_URL",
        },
    };
    for (const [name, value] of Object.entries(access)) s.databases[name].access = value;
    return s;
}
const load = (access: Record<string, unknown>) =>
    loadSystem(system(access), {
        now: NOW,
        config: configView(["opsbook:STRIPE_SECRET_KEY", "opsbook:SUPABASE_ADMIN_URL"]),
    });
function model(result: LoadResult) {
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("how pulumi up reaches each database", () => {
    it("gives tunnels their own local ports, in entry order, around the ones the stack sets", () => {
        const databases = model(
            load({ main: { via: "tunnel" }, reports: { via: "tunnel", localPort: 15432 } }),
        ).databases;
        expect(databases.reports.access).toEqual({ via: "tunnel", localPort: 15432 });
        expect(databases.main.access).toEqual({
            via: "tunnel",
            localPort: TUNNEL_DEFAULT_LOCAL_PORT + 1,
        });
        // A vendor's server is reached directly unless the stack says otherwise.
        expect(databases.legacy.access).toEqual({ via: "direct" });
    });

    it("leaves an rds database without a path undefined, and the plan advises on it", () => {
        const databases = model(load({ reports: { via: "runner" } })).databases;
        expect(databases.main.access).toBeUndefined();
        const advice = accessSummary(databases.main);
        expect(advice.via).toBeNull();
        expect(advice.advisory).toContain(
            'database main is private to the VPC and the stack does not say how pulumi up reaches it: set opsbook:system.databases.main.access.via to "tunnel"',
        );
        expect(accessSummary(databases.reports)).toMatchObject({
            via: "runner",
            sslmode: "verify-full (RDS CA bundle)",
            advisory: null,
        });
    });

    it("says where the provider connects through a tunnel, and how it checks the certificate", () => {
        const main = model(load({ main: { via: "tunnel", localPort: 20001 } })).databases.main;
        expect(accessSummary(main)).toMatchObject({
            via: "tunnel",
            connectsTo: "127.0.0.1:20001",
            sslmode: "verify-ca (RDS CA bundle)",
            advisory: null,
        });
    });

    it("refuses every wrong path at once, with its config path, value and what is allowed", () => {
        const errors = errorsOf(
            load({
                main: { via: "direct" },
                reports: { via: "runner", localPort: 15000 },
                legacy: { via: "tunnel" },
            }),
        );
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.databases.main.access.via",
                    message:
                        '"direct" is not allowed for an rds database: it is private to the VPC; expected one of "tunnel", "runner"',
                },
                {
                    path: "opsbook:system.databases.reports.access.localPort",
                    message: 'is for tunnels only (access.via "tunnel"); remove it',
                },
                {
                    path: "opsbook:system.databases.legacy.access.via",
                    message:
                        '"tunnel" is not allowed for an external database: the access task forwards to RDS inside the VPC; expected one of "direct", "runner"',
                },
            ]),
        );
        expect(errors).toHaveLength(3);
    });

    it("refuses a shared or privileged local port, and an unknown path", () => {
        const errors = errorsOf(
            load({
                main: { via: "tunnel", localPort: 15500 },
                reports: { via: "tunnel", localPort: 15500 },
                legacy: { via: "vpn" },
            }),
        );
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.databases.reports.access.localPort",
                    message:
                        "15500 is already the local port of database main's tunnel; expected a port of its own",
                },
                {
                    path: "opsbook:system.databases.legacy.access.via",
                    message: '"vpn" is not allowed; expected one of "tunnel", "runner", "direct"',
                },
            ]),
        );
        const privileged = errorsOf(load({ main: { via: "tunnel", localPort: 543 } }));
        expect(privileged).toEqual([
            {
                path: "opsbook:system.databases.main.access.localPort",
                message: "543 is not allowed; expected a port from 1024 to 32767",
            },
        ]);
        expect(errorsOf(load({ main: { via: "tunnel", port: 1 } }))).toEqual([
            {
                path: "opsbook:system.databases.main.access.port",
                message: "is not a known key; remove it or check its spelling",
            },
        ]);
    });
});
