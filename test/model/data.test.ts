import { loadSystem, LoadResult } from "../../model/load";
import { serviceEnv } from "../../model/env";
import { DatabaseModel, rdsIdentifier } from "../../model/data";
import { configView, NOW, validSystem } from "./fixtures";

function dataSystem(): Record<string, any> {
    const system = validSystem();
    system.cloudflare = { accountId: "0123456789abcdef0123456789abcdef" };
    system.secrets.SUPABASE_ADMIN_URL = {
        kind: "vendor",
        class: "database-admin-url",
        rotatedAt: "2026-10-01",
    };
    system.databases = {
        main: {
            kind: "rds",
            consumers: ["api", "worker"],
            directUrlConsumers: ["api"],
            rpoMinutes: 60,
        },
        legacy: {
            kind: "external",
            adminUrlSecret: "SUPABASE_ADMIN_URL",
            consumers: ["worker"],
            urlVariable: "LEGACY_DATABASE_URL",
        },
    };
    system.buckets = {
        uploads: { provider: "s3", corsFrom: ["web"], consumers: ["api"] },
        assets: { provider: "r2" },
    };
    return system;
}
const secrets = ["opsbook:STRIPE_SECRET_KEY", "opsbook:SUPABASE_ADMIN_URL"];
const load = (system: unknown) => loadSystem(system, { now: NOW, config: configView(secrets) });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("databases and buckets in the model", () => {
    it("loads with defaults from the rules, and fans out URLs and bucket names", () => {
        const result = load(dataSystem());
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const main = result.model.databases.main;
        expect(main).toMatchObject({
            dbName: "main",
            retentionDays: 14,
            credentialPeriodDays: 180,
            credentialSecret: "MAIN_DB_CREDENTIAL",
            keepVersions: 10,
        });
        expect(main.rds).toMatchObject({
            engineVersion: "16",
            instanceClass: "db.t4g.medium",
            storageGb: 20,
            maxStorageGb: 100,
            multiAz: true,
        });
        expect(main.connectionLimits).toEqual({ appUser: 270, max: 450 });
        expect(result.model.secrets.MAIN_DB_CREDENTIAL).toMatchObject({
            class: "database-credential",
            scheme: "alternating-users",
            delivery: "database",
        });
        expect(result.model.protect).toBe(true);
        expect(result.model.buckets.uploads.corsOrigins).toEqual(["https://app.example.com"]);
        const api = serviceEnv(result.model, "api");
        expect(api.DATABASE_URL).toEqual({ kind: "database", database: "main", url: "pooled" });
        expect(api.DIRECT_URL).toEqual({ kind: "database", database: "main", url: "direct" });
        expect(api.UPLOADS_BUCKET).toEqual({ kind: "bucket", bucket: "uploads" });
        expect(api.MAIN_DB_CREDENTIAL).toBeUndefined();
        expect(serviceEnv(result.model, "worker").LEGACY_DATABASE_URL).toBeDefined();
    });

    it("keeps the PostgreSQL name and credential of a renamed database", () => {
        const system = dataSystem();
        system.databases.primary = { ...system.databases.main, renamedFrom: ["main"] };
        delete system.databases.main;
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.model.databases.primary).toMatchObject({
            dbName: "main",
            credentialSecret: "MAIN_DB_CREDENTIAL",
        });
    });

    it("refuses an external database without a network for its dump tasks", () => {
        const system = dataSystem();
        delete system.network;
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.network",
            message: expect.stringContaining(
                "is required: database legacy's dumps and restore drills run as ECS tasks",
            ),
        });
    });

    it.each([
        [
            (s: any) => (s.databases.main.retentionDays = 1),
            "opsbook:system.databases.main.retentionDays",
            "1 is shorter than the runbook minimum; expected 7 to 35 days",
        ],
        [
            (s: any) => (s.databases.main.retentionDays = 60),
            "opsbook:system.databases.main.retentionDays",
            "60 is longer than RDS keeps automated backups",
        ],
        [
            (s: any) => (s.databases.main.credentialPeriodDays = 365),
            "opsbook:system.databases.main.credentialPeriodDays",
            "365 is longer than the database-credential class allows; expected 1 to 180 days",
        ],
        [
            (s: any) => (s.databases.legacy.rpoMinutes = 15),
            "opsbook:system.databases.legacy.rpoMinutes",
            "15 cannot be met by logical dumps; expected 60 or more",
        ],
        [
            // A dump every 8 days: CloudWatch evaluates 7 days at most, so a missed one could not page.
            (s: any) => (s.databases.legacy.rpoMinutes = 8 * 1440),
            "opsbook:system.databases.legacy.rpoMinutes",
            "11520 is longer than a missed dump can be alarmed on (CloudWatch evaluates at most 10080 minutes back); expected 60 to 10080",
        ],
        [
            (s: any) => (s.databases.legacy.keepVersions = 3),
            "opsbook:system.databases.legacy.keepVersions",
            "3 keeps fewer dumps than the runbook; expected 10 or more",
        ],
        [
            (s: any) => s.databases.main.consumers.push("web"),
            "opsbook:system.databases.main.consumers.2",
            '"web" runs on Vercel, which cannot reach an RDS database inside the VPC',
        ],
        [
            (s: any) => delete s.network,
            "opsbook:system.network",
            "is required: database main is rds",
        ],
        [
            (s: any) => delete s.cloudflare,
            "opsbook:system.cloudflare",
            "is required: bucket assets is on R2",
        ],
        [
            (s: any) => (s.databases.legacy.adminUrlSecret = "STRIPE_SECRET_KEY"),
            "opsbook:system.databases.legacy.adminUrlSecret",
            'of class "vendor-api-key"; expected a secret of class "database-admin-url"',
        ],
        [
            (s: any) => (s.secrets.SUPABASE_ADMIN_URL.consumers = ["api"]),
            "opsbook:system.secrets.SUPABASE_ADMIN_URL.consumers",
            "must be empty",
        ],
        [
            (s: any) => (s.databases.main.instanceClass = "db.x9.huge"),
            "opsbook:system.databases.main.maxConnections",
            "is required",
        ],
        [
            (s: any) => (s.databases.legacy.instanceClass = "db.t4g.small"),
            "opsbook:system.databases.legacy.instanceClass",
            "is for rds databases only",
        ],
        [
            (s: any) => (s.databases.legacy.urlVariable = "DATABASE_URL"),
            "opsbook:system.databases.legacy.urlVariable",
            "gives worker the variable DATABASE_URL, which databases.main already gives",
        ],
        [
            (s: any) => (s.databases.main.directUrlConsumers = ["web"]),
            "opsbook:system.databases.main.directUrlConsumers.0",
            '"web" is not allowed here; expected one of "api", "worker"',
        ],
        [
            (s: any) => (s.buckets.assets.noncurrentVersionDays = 5),
            "opsbook:system.buckets.assets.noncurrentVersionDays",
            "is for s3 buckets only",
        ],
        [
            (s: any) => (s.buckets.uploads.corsFrom = ["worker"]),
            "opsbook:system.buckets.uploads.corsFrom.0",
            '"worker" has no domain',
        ],
    ])("refuses %#: %s", (edit, path, message) => {
        const system = dataSystem();
        edit(system);
        expect(errorsOf(load(system))).toContainEqual({
            path,
            message: expect.stringContaining(message),
        });
    });
});

describe("rdsIdentifier", () => {
    const db = (name: string, renamedFrom: string[], dbName: string) =>
        ({ name, renamedFrom, dbName }) as unknown as DatabaseModel;

    it("names the instance by the stack and the entry's oldest name, so no rename replaces it", () => {
        expect(rdsIdentifier("prod", db("main", [], "app"))).toBe("opsbook-prod-main");
        expect(rdsIdentifier("prod", db("main", [], "other_name"))).toBe("opsbook-prod-main");
        expect(rdsIdentifier("prod", db("primary", ["main"], "app"))).toBe("opsbook-prod-main");
    });

    it("keeps an identifier the stack file pins (an instance Pulumi named before opsbook did)", () => {
        const system = dataSystem();
        system.databases.main.identifier = "main-db-8f3a2c1";
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(rdsIdentifier("prod", result.model.databases.main)).toBe("main-db-8f3a2c1");
    });

    it("refuses an identifier RDS would refuse, and one on an external database", () => {
        const system = dataSystem();
        system.databases.main.identifier = "Main--DB";
        system.databases.legacy.identifier = "legacy";
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual({
            path: "opsbook:system.databases.main.identifier",
            message: expect.stringContaining("expected an RDS instance identifier"),
        });
        expect(errors.map((e) => e.path)).toContain("opsbook:system.databases.legacy.identifier");
    });

    it("says what a pattern allows in the schema's own words, not a guess from the field name", () => {
        const system = dataSystem();
        system.databases.main.dbName = "Main-DB";
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.databases.main.dbName",
            message:
                "\"Main-DB\" is not allowed; expected a PostgreSQL name: lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters, such as main_db",
        });
    });

    it("keeps to what RDS allows: lower-case letters, digits, single hyphens, 63 characters", () => {
        expect(rdsIdentifier("Prod_EU", db("main__db", [], "x"))).toBe("opsbook-prod-eu-main-db");
        const long = rdsIdentifier("s".repeat(40), db("d".repeat(40), [], "x"));
        expect(long.length).toBeLessThanOrEqual(63);
        expect(long).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    });
});
