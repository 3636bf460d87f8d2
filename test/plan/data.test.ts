/**
 * Data that cannot be lost, end to end through the offline plan: refused retention, the pack refusing a
 * missing backup or an unversioned bucket in its own server, and renames and rotations that never replace
 * the database or a bucket.
 */
import { formatJson, formatText } from "../../tools/plan";
import {
    NOW,
    packVerdict,
    planned,
    planProd,
    PROD,
    runPlan,
    scratchDirectory,
    systemVariant,
} from "./helpers";

const scratch = scratchDirectory("data");
const stackFile = (name: string, edit: (system: any) => void) =>
    systemVariant(scratch(), name, edit);

describe("the prod plan's data", () => {
    it("shows the database with two login users, the read-only role, and its backup with a restore test", async () => {
        const result = planned(await planProd());
        expect(result.exitCode).toBe(0);
        expect(result.databases).toEqual([
            expect.objectContaining({
                name: "main",
                kind: "rds",
                dbName: "app",
                loginUsers: ["app_login_a", "app_login_b"],
                readonlyRole: "app_readonly",
                protected: true,
            }),
        ]);
        expect(result.backups).toEqual([
            expect.objectContaining({
                database: "main",
                kind: "aws-backup",
                continuous: true,
                rpoMinutes: 60,
                retentionDays: 14,
                restoreTest: "cron(0 6 1 1,4,7,10 ? *)",
            }),
        ]);
        const types = result.resources.map((r) => r.type);
        for (const type of [
            "aws:backup/vault:Vault",
            "aws:backup/plan:Plan",
            "aws:backup/restoreTestingPlan:RestoreTestingPlan",
            "aws:s3/bucket:Bucket",
            "cloudflare:index/r2Bucket:R2Bucket",
        ]) {
            expect(types).toContain(type);
        }
        const json = JSON.parse(formatJson(result));
        expect(json.backups[0]).toEqual(
            expect.objectContaining({
                database: "main",
                kind: "aws-backup",
                schedule: expect.any(String),
                retentionDays: 14,
                rpoMinutes: 60,
                restoreTest: expect.any(String),
            }),
        );
        expect(formatText(result)).toMatch(
            /Backups\n.*\n {2}main +aws-backup +continuous \(PITR\)/,
        );
    });

    it("protects the instance, its database and key, the vault and the buckets", async () => {
        const byName = new Map(
            planned(await planProd()).resources.map((r) => [`${r.type}::${r.name}`, r]),
        );
        for (const key of [
            "aws:rds/instance:Instance::db-main-instance",
            "postgresql:index/database:Database::db-main-database",
            "aws:kms/key:Key::db-main-key",
            "aws:backup/vault:Vault::backup-main-vault",
            "aws:s3/bucket:Bucket::bucket-uploads",
            "cloudflare:index/r2Bucket:R2Bucket::bucket-assets",
        ]) {
            expect([key, byName.get(key)?.protect]).toEqual([key, true]);
        }
        expect(byName.get("aws:rds/instance:Instance::db-main-instance")?.inputs).toMatchObject({
            storageEncrypted: true,
            publiclyAccessible: false,
            deletionProtection: true,
            backupRetentionPeriod: 14,
            skipFinalSnapshot: false,
            manageMasterUserPassword: true,
        });
    });
});

describe("refused data", () => {
    it("refuses a 1-day retention, naming the path and the minimum", async () => {
        const result = await runPlan({
            stackFile: stackFile("short-retention", (s) => (s.databases.main.retentionDays = 1)),
            now: NOW,
        });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            "opsbook:system.databases.main.retentionDays: 1 is shorter than the runbook minimum; expected 7 to 35 days",
        );
    });

    it("refuses, in the pack's server, a database whose backup was removed", async () => {
        const violations = await packVerdict((resources) =>
            resources.filter((r) => !r.name.startsWith("backup-main")),
        );
        expect(violations).toContainEqual(
            expect.objectContaining({
                policy: "opsbook-data-backup-schedule",
                enforcementLevel: "mandatory",
                urn: expect.stringContaining("db-main"),
                message: expect.stringContaining(
                    "database main: no backup schedule backs it up; every database needs one.",
                ),
            }),
        );
        expect(violations).toContainEqual(
            expect.objectContaining({ policy: "opsbook-data-restore-test" }),
        );
    });

    it("refuses, in the pack's server, a bucket without versioning", async () => {
        const violations = await packVerdict((resources) =>
            resources.filter((r) => r.name !== "bucket-uploads-versioning"),
        );
        expect(violations).toEqual([
            expect.objectContaining({
                policy: "opsbook-data-s3-secure",
                urn: expect.stringContaining("bucket-uploads"),
                message: expect.stringContaining(
                    "bucket-uploads: versioning is not enabled; an overwritten or deleted object would be lost.",
                ),
            }),
        ]);
    });
});

describe("no data is lost", () => {
    const stateful = [
        "aws:rds/instance:Instance",
        "postgresql:index/database:Database",
        "aws:s3/bucket:Bucket",
        "cloudflare:index/r2Bucket:R2Bucket",
        "aws:backup/vault:Vault",
    ];

    it("renames a database and a bucket by aliasing: every old resource is claimed and stateful inputs are unchanged", async () => {
        const before = planned(await planProd());
        const after = planned(
            await runPlan({
                stackFile: stackFile("renamed", (s) => {
                    s.databases.primary = { ...s.databases.main, renamedFrom: ["main"] };
                    delete s.databases.main;
                    s.buckets["user-uploads"] = { ...s.buckets.uploads, renamedFrom: ["uploads"] };
                    delete s.buckets.uploads;
                }),
                now: NOW,
            }),
        );
        expect(after.exitCode).toBe(0);
        // The SDK aliases a child whose name starts with its parent's old name: rewrite names the same way.
        const renames: [string, string][] = [];
        for (const r of after.resources)
            for (const alias of r.aliases) renames.push([r.name, alias]);
        expect(renames).toEqual(
            expect.arrayContaining([
                ["db-primary", "db-main"],
                ["backup-primary", "backup-main"],
                ["bucket-user-uploads", "bucket-uploads"],
            ]),
        );
        const formerName = (name: string) => {
            const rename = renames.find(
                ([current]) => name === current || name.startsWith(`${current}-`),
            );
            return rename ? rename[1] + name.slice(rename[0].length) : name;
        };
        const beforeByKey = new Map(before.resources.map((r) => [`${r.type}::${r.name}`, r]));
        // Offline ids are derived from names; the engine keeps an aliased resource's real ids.
        const asBefore = (inputs: unknown) =>
            JSON.stringify(inputs).replace(
                /(db-primary|backup-primary|bucket-user-uploads)[\w-]*/g,
                (id) => formerName(id),
            );
        for (const r of after.resources.filter((r) => stateful.includes(r.type))) {
            const previous = beforeByKey.get(`${r.type}::${formerName(r.name)}`);
            expect([r.name, previous?.name]).toEqual([r.name, formerName(r.name)]);
            expect(asBefore(r.inputs)).toBe(JSON.stringify(previous?.inputs));
        }
        // The application keeps reading the bucket's name from the variable it was built against.
        const variables = (result: typeof after) =>
            JSON.parse(
                (
                    result.resources.find(
                        (r) =>
                            r.type === "aws:ecs/taskDefinition:TaskDefinition" &&
                            r.name === "api-task",
                    )!.inputs as any
                ).containerDefinitions,
            )
                .find((c: any) => c.name === "api")
                .environment.map((e: any) => e.name);
        expect(variables(after)).toContain("UPLOADS_BUCKET");
        expect(variables(after)).not.toContain("USER_UPLOADS_BUCKET");
        expect(variables(after)).toEqual(variables(before));
    });

    it("serves a declared public assets bucket at its custom domain and passes the pack", async () => {
        const result = planned(
            await runPlan({
                stackFile: stackFile("public-assets", (s) =>
                    Object.assign(s.buckets.assets, {
                        public: true,
                        publicReason: "logos and images on the marketing site",
                        domain: "assets.example.com",
                    }),
                ),
                now: NOW,
            }),
        );
        expect(result.exitCode).toBe(0);
        expect(result.violations).toEqual([]);
        expect(result.policies.map((p) => p.name)).toContain("opsbook-data-bucket-private");
        const domains = result.resources.filter(
            (r) => r.type === "cloudflare:index/r2CustomDomain:R2CustomDomain",
        );
        expect(
            domains.map((r) => [r.name, (r.inputs as any).domain, (r.inputs as any).enabled]),
        ).toEqual([["bucket-assets-domain", "assets.example.com", true]]);
    });

    it("rotates the database credential without touching the instance or the database: one password, one user", async () => {
        const first = planned(await planProd());
        const boundary = new Date(
            first.secrets.find((s) => s.name === "APP_DB_CREDENTIAL")!.nextRotation,
        );
        const before = planned(
            await runPlan({
                stackFile: PROD,
                now: new Date(boundary.getTime() - 60_000),
                judge: false,
            }),
        );
        const after = planned(await runPlan({ stackFile: PROD, now: boundary, judge: false }));
        const changed = after.resources
            .filter(
                (r) =>
                    JSON.stringify(r.inputs) !==
                    JSON.stringify(before.resources.find((b) => b.urn === r.urn)?.inputs),
            )
            .map((r) => r.name);
        const names = (result: typeof before) =>
            result.resources
                .map((r) => r.name)
                .filter((name) => name.startsWith("db-main-credential-g"));
        // One password arrives, the oldest leaves; the URL moves to the user that gets it.
        expect(names(after).filter((n) => !names(before).includes(n))).toHaveLength(1);
        expect(names(before).filter((n) => !names(after).includes(n))).toHaveLength(1);
        for (const r of after.resources.filter((r) => stateful.includes(r.type)))
            expect(changed).not.toContain(r.name);
        expect(after.databases[0].currentUser).not.toBe(before.databases[0].currentUser);
    });
});
