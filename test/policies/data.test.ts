/**
 * The data policies, each on a compliant fixture (what the program registers for a system with an RDS
 * database, an external database and buckets, captured offline) and on one mutation per failing test.
 */
import { backupBucketVersions } from "../../policies/rules/data/backupBucketVersions";
import { backupRetention } from "../../policies/rules/data/backupRetention";
import { backupSchedule } from "../../policies/rules/data/backupSchedule";
import { credentialRotation } from "../../policies/rules/data/credentialRotation";
import { rdsSecure } from "../../policies/rules/data/rdsSecure";
import { restoreTest } from "../../policies/rules/data/restoreTest";
import { s3Secure } from "../../policies/rules/data/s3Secure";
import { captureFixture, EXTERNAL_ADMIN_URL, mutate, withExternalDatabase } from "./fixture";
import {
    FixtureResource,
    resourceViolations,
    stackViolations,
    eachViolations,
    inEnvironment,
} from "./harness";

let compliant: FixtureResource[];

/** Every test runs twice: with known ids, and as a first preview sees the program (ids unknown). */
const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];

describe.each(MODES)("with %s", (_mode, firstPreview) => {
    /** The prod system plus an external (Supabase) database. */
    beforeAll(async () => {
        compliant = await captureFixture(withExternalDatabase, EXTERNAL_ADMIN_URL, {
            firstPreview,
        });
    });

    const mutated = (edit: (r: FixtureResource) => FixtureResource | null | undefined) =>
        mutate(compliant, edit);
    const named = (name: string) => compliant.find((r) => r.name === name)!;
    const under = (name: string) => (r: FixtureResource) =>
        r.name === name || r.name.startsWith(`${name}-`);

    describe("opsbook-data-backup-retention", () => {
        it("passes the RDS instance and the backup plan as registered", () => {
            expect(resourceViolations(backupRetention, named("db-main-instance"))).toEqual([]);
            expect(resourceViolations(backupRetention, named("backup-main-plan"))).toEqual([]);
        });

        it("refuses an RDS instance keeping backups for 1 day", () => {
            const instance = named("db-main-instance");
            expect(
                resourceViolations(backupRetention, {
                    ...instance,
                    props: { ...instance.props, backupRetentionPeriod: 1 },
                }),
            ).toEqual([
                "db-main-instance: automated backups are kept 1 days; expected at least 7 (set the database's retentionDays).",
            ]);
        });

        it("refuses a backup rule that deletes recovery points after 3 days", () => {
            const plan = named("backup-main-plan");
            const rules = (plan.props.rules as any[]).map((rule, i) =>
                i === 0 ? { ...rule, lifecycle: { deleteAfter: 3 } } : rule,
            );
            expect(
                resourceViolations(backupRetention, { ...plan, props: { ...plan.props, rules } }),
            ).toEqual([
                "backup-main-plan: rule daily keeps recovery points 3 days; expected at least 7.",
            ]);
        });
    });

    describe("opsbook-data-backup-schedule", () => {
        it("passes: main is backed up continuously (RPO 60), legacy dumped daily (RPO a day)", () => {
            expect(stackViolations(backupSchedule, compliant)).toEqual([]);
        });

        it("refuses a database without a backup", () => {
            const [violation] = stackViolations(
                backupSchedule,
                mutated((r) => (under("backup-main")(r) ? null : r)),
            );
            expect(violation.message).toBe(
                "database main: no backup schedule backs it up; every database needs one.",
            );
            expect(violation.urn).toContain("db-main");
        });

        it("refuses a schedule slower than the RPO", () => {
            const plan = named("backup-main-plan");
            const rules = (plan.props.rules as any[]).map((rule) => ({
                ...rule,
                enableContinuousBackup: false,
            }));
            const [violation] = stackViolations(
                backupSchedule,
                mutated((r) => (r.name === plan.name ? { ...r, props: { ...r.props, rules } } : r)),
            );
            expect(violation.message).toBe(
                "database main: backed up every 1440 minutes, but its RPO is 60 minutes.",
            );
        });

        it("refuses a dump schedule slower than the RPO", () => {
            const [violation] = stackViolations(
                backupSchedule,
                mutated((r) =>
                    r.name === "backup-legacy-dump-schedule"
                        ? { ...r, props: { ...r.props, scheduleExpression: "rate(2 days)" } }
                        : r,
                ),
            );
            expect(violation.message).toBe(
                "database legacy: backed up every 2880 minutes, but its RPO is 1440 minutes.",
            );
        });
    });

    describe("opsbook-data-restore-test", () => {
        it("passes the quarterly drills", () => {
            expect(stackViolations(restoreTest, compliant)).toEqual([]);
        });

        it("refuses a production database without a restore test", () => {
            const [violation] = stackViolations(
                restoreTest,
                mutated((r) => (r.type.startsWith("aws:backup/restoreTesting") ? null : r)),
            );
            expect(violation.message).toMatch(/^database main: no restore test is scheduled/);
        });

        it("allows a database without drills where rule restoreDrills is off (staging), not where it is chosen", () => {
            const undrilled = mutated((r) =>
                r.type.startsWith("aws:backup/restoreTesting") ||
                r.name.endsWith("-restore-drill-schedule")
                    ? null
                    : r,
            );
            expect(stackViolations(restoreTest, inEnvironment(undrilled, "staging"))).toEqual([]);
            expect(
                stackViolations(
                    restoreTest,
                    inEnvironment(undrilled, "staging", { restoreDrills: true }),
                ).length,
            ).toBeGreaterThan(0);
        });

        it("refuses a drill run twice a year", () => {
            const [violation] = stackViolations(
                restoreTest,
                mutated((r) =>
                    r.name === "backup-legacy-restore-drill-schedule"
                        ? { ...r, props: { ...r.props, scheduleExpression: "cron(0 6 1 1,7 ? *)" } }
                        : r,
                ),
            );
            expect(violation.message).toBe(
                "database legacy: its restore test runs up to 184 days apart; expected at most 92.",
            );
        });
    });

    describe("opsbook-data-rds-secure", () => {
        it("passes the instance as registered", () => {
            expect(eachViolations(rdsSecure, named("db-main-instance"))).toEqual([]);
        });

        it.each([
            ["storageEncrypted", false, "storage is not encrypted"],
            ["publiclyAccessible", true, "is publicly accessible"],
            ["deletionProtection", false, "deletion protection is off in production"],
        ])("refuses %s = %s", (prop, value, message) => {
            const instance = named("db-main-instance");
            const [violation] = eachViolations(rdsSecure, {
                ...instance,
                props: { ...instance.props, [prop]: value },
            });
            expect(violation).toContain(message);
        });

        it("refuses an unprotected instance in production, and allows it elsewhere", () => {
            const instance = {
                ...named("db-main-instance"),
                protect: false,
                props: { ...named("db-main-instance").props, deletionProtection: false },
            };
            expect(eachViolations(rdsSecure, instance)).toContain(
                "db-main-instance: is not protected in production (rule deletionProtection); Pulumi could delete it.",
            );
            expect(eachViolations(rdsSecure, instance, "staging")).toEqual([]);
        });

        it("refuses a single-AZ instance in production (rule multiAz), and allows it in staging", () => {
            const instance = named("db-main-instance");
            const single = { ...instance, props: { ...instance.props, multiAz: false } };
            expect(eachViolations(rdsSecure, single)).toEqual([
                "db-main-instance: has no standby in a second zone in production (rule multiAz); set the database's multiAz: true.",
            ]);
            expect(eachViolations(rdsSecure, single, "staging")).toEqual([]);
        });
    });

    describe("opsbook-data-s3-secure", () => {
        it("passes the uploads and dump buckets", () => {
            expect(stackViolations(s3Secure, compliant)).toEqual([]);
        });

        it("refuses a bucket without versioning", () => {
            const [violation] = stackViolations(
                s3Secure,
                mutated((r) => (r.name === "bucket-uploads-versioning" ? null : r)),
            );
            expect(violation.message).toBe(
                "bucket-uploads: versioning is not enabled; an overwritten or deleted object would be lost.",
            );
        });

        it("refuses a bucket that allows public policies", () => {
            const [violation] = stackViolations(
                s3Secure,
                mutated((r) =>
                    r.name === "bucket-uploads-public-access"
                        ? { ...r, props: { ...r.props, blockPublicPolicy: false } }
                        : r,
                ),
            );
            expect(violation.message).toMatch(
                /^bucket-uploads: public access is not fully blocked/,
            );
        });

        it("refuses an unencrypted bucket and an unprotected one", () => {
            expect(
                stackViolations(
                    s3Secure,
                    mutated((r) => (r.name === "bucket-uploads-encryption" ? null : r)),
                )[0].message,
            ).toBe("bucket-uploads: has no server-side encryption configuration.");
            expect(
                stackViolations(
                    s3Secure,
                    mutated((r) => (r.name === "bucket-uploads" ? { ...r, protect: false } : r)),
                )[0].message,
            ).toBe("bucket-uploads: is not protected in production; Pulumi could delete it.");
        });
    });

    describe("opsbook-data-backup-bucket-versions", () => {
        it("passes the dump bucket keeping the last 10", () => {
            expect(stackViolations(backupBucketVersions, compliant)).toEqual([]);
            expect(JSON.stringify(named("backup-legacy-dumps-lifecycle").props)).toContain(
                '"newerNoncurrentVersions":10',
            );
        });

        it("refuses a dump bucket keeping 3 versions", () => {
            const [violation] = stackViolations(
                backupBucketVersions,
                mutated((r) =>
                    r.name === "backup-legacy-dumps-lifecycle"
                        ? {
                              ...r,
                              props: {
                                  ...r.props,
                                  rules: (r.props.rules as any[]).map((rule) => ({
                                      ...rule,
                                      noncurrentVersionExpiration: {
                                          ...rule.noncurrentVersionExpiration,
                                          newerNoncurrentVersions: 3,
                                      },
                                  })),
                              },
                          }
                        : r,
                ),
            );
            expect(violation.message).toBe(
                "backup-legacy-dumps: its lifecycle keeps only 3 noncurrent versions; expected at least 10.",
            );
        });
    });

    describe("opsbook-data-credential-rotation", () => {
        it("passes both databases' rotating login users", () => {
            expect(stackViolations(credentialRotation, compliant)).toEqual([]);
        });

        it("refuses a credential rotated every 365 days", () => {
            const violations = stackViolations(
                credentialRotation,
                mutated((r) =>
                    r.name === "db-main-credential" && r.type === "opsbook:index:RotatingSecret"
                        ? { ...r, props: { ...r.props, periodDays: 365 } }
                        : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                "database main: db-main-credential rotates every 365 days; expected at most 180.",
            ]);
        });

        it("refuses a login role outside an opsbook database", () => {
            const rogue = {
                type: "postgresql:index/role:Role",
                name: "rogue-user",
                props: { name: "rogue", login: true },
            };
            const [violation] = stackViolations(credentialRotation, [...compliant, rogue]);
            expect(violation.message).toBe(
                "rogue-user: a login role outside an opsbook database; nothing rotates its password.",
            );
        });
    });
});
