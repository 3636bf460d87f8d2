import {
    builtNameProblem,
    checkCloudNames,
    DUMP_RULE_NAMES,
    DUMP_SCHEDULE_NAMES,
    JOB_NAMES,
    longestName,
    RDS_BACKUP_NAMES,
    REDIS_GROUP_NAME,
    REDIS_GROUP_NAMES,
    SERVICE_LOAD_BALANCER_NAMES,
} from "../../model/cloudNames";
import { parseParts } from "../../model/parts";

/** The check over a stack file's parts, as the loader runs it. */
const checkNames = (raw: Record<string, unknown>) => checkCloudNames(parseParts(raw));
import { SERVICE_NAME } from "../../model/rules";

const [balancer, targets] = SERVICE_LOAD_BALANCER_NAMES;

describe("names built from the stack file's names", () => {
    it("fits a target group name of exactly 32 characters, and refuses one more", () => {
        // "abcdefghijklm-lb-targets-" + 7 random = 32.
        expect(longestName(targets)).toBe(13);
        expect(builtNameProblem(targets, "abcdefghijklm")).toBeUndefined();
        expect(builtNameProblem(targets, "abcdefghijklmn")).toBe(
            '"abcdefghijklmn" is too long for its load balancer\'s target group: Pulumi names it "abcdefghijklmn-lb-targets-" plus 7 random characters, and ELB CreateTargetGroup Name takes at most 32; expected at most 13 characters',
        );
        expect(longestName(balancer)).toBe(21);
    });

    it("holds a Redis group id to 40 characters and no double hyphen", () => {
        expect(longestName(REDIS_GROUP_NAME)).toBe(20);
        expect(builtNameProblem(REDIS_GROUP_NAME, "a".repeat(20))).toBeUndefined();
        expect(builtNameProblem(REDIS_GROUP_NAME, "a".repeat(21))).toContain(
            "takes at most 40; expected at most 20 characters",
        );
        expect(builtNameProblem(REDIS_GROUP_NAME, "session--cache")).toContain(
            "refuses two consecutive hyphens",
        );
    });

    it("names the path of each long name: public aws services only, and Redis entries", () => {
        const errors = checkNames({
            services: {
                "notifications-api": {
                    platform: "aws",
                    domain: "n.example.com",
                    healthPath: "/health",
                },
                "notifications-worker": { platform: "aws" },
                "marketing-site-frontend": {
                    platform: "vercel",
                    domain: "www.example.com",
                    healthPath: "/",
                },
            },
            redis: { "background-job-queue-cache": {} },
        });
        expect(errors.map((e) => e.path)).toEqual([
            "opsbook:system.services.notifications-api",
            "opsbook:system.redis.background-job-queue-cache",
        ]);
    });
});

describe("S3 bucket names, which no key the schema accepts can break", () => {
    // The longest key SERVICE_NAME accepts, and the shortest, as Pulumi names the bucket (`bucket-<key>`
    // plus `-` and 7 random lower-case characters and digits).
    const longest = "a".repeat(32);
    const shortest = "ab";
    const s3Name = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

    it("the key pattern is what this reasoning assumes", () => {
        expect(SERVICE_NAME.test(longest)).toBe(true);
        expect(SERVICE_NAME.test(`${longest}a`)).toBe(false);
        expect(SERVICE_NAME.test("A-b")).toBe(false);
    });

    it("fits S3's length and characters and avoids its reserved prefixes and suffixes", () => {
        for (const key of [longest, shortest, "uploads", "a-b-c"]) {
            const name = `bucket-${key}-x1y2z3w`;
            expect(name.length).toBeLessThanOrEqual(63);
            expect(name).toMatch(s3Name);
            expect(name).not.toMatch(/^(xn--|sthree-)|(-s3alias|--ol-s3)$/);
        }
    });
});

describe("an external database's dump schedules (EventBridge Scheduler names: at most 64)", () => {
    const [, drill] = DUMP_SCHEDULE_NAMES;
    it("fits a key of 26 characters and refuses 27, naming the restore-drill schedule", () => {
        expect(longestName(drill)).toBe(26);
        expect(builtNameProblem(drill, "a".repeat(26))).toBeUndefined();
        expect(builtNameProblem(drill, "a".repeat(27))).toContain(
            "is too long for its restore-drill schedule",
        );
    });

    it("checks external databases only (an RDS database has no dump)", () => {
        const key = "customer-records-archive-2019";
        expect(
            checkNames({ databases: { [key]: { kind: "external" } } }).map((e) => e.path),
        ).toEqual([`opsbook:system.databases.${key}`]);
        // An RDS database has no dump schedule (its own names are held below).
        expect(
            checkNames({ databases: { [key]: { kind: "rds" } } }).filter((e) =>
                e.message.includes("schedule"),
            ),
        ).toEqual([]);
    });
});

describe("an RDS database's backup vault (AWS Backup: 2 to 50 of [a-zA-Z0-9_-])", () => {
    const [vault] = RDS_BACKUP_NAMES;
    it("fits a key of 29 characters and refuses 30, naming the vault, the path and the longest allowed", () => {
        // "backup-<key>-vault-" plus 7 random characters: 7 + 29 + 7 + 7 = 50.
        expect(longestName(vault)).toBe(29);
        expect(builtNameProblem(vault, "a".repeat(29))).toBeUndefined();
        const key = "customer-records-archive-20190";
        expect(SERVICE_NAME.test(key)).toBe(true);
        expect(checkNames({ databases: { [key]: { kind: "rds" } } })).toContainEqual({
            path: `opsbook:system.databases.${key}`,
            // A value this long is described, not echoed (describeValue); the path names the key.
            message:
                "a string of 30 characters is too long for its backup vault: Pulumi names it plus 7 random characters, and AWS Backup CreateBackupVault backupVaultName takes at most 50; expected at most 29 characters",
        });
    });
});

describe("EventBridge rule names (PutRule: 1 to 64 of [.-_A-Za-z0-9])", () => {
    const rules = [...JOB_NAMES, ...DUMP_RULE_NAMES, ...RDS_BACKUP_NAMES.slice(1)].filter(
        (rule) => rule.source === "EventBridge PutRule Name",
    );
    it("lists every rule a key names, and each fits the longest key the schema accepts", () => {
        expect(rules.map((rule) => rule.logical("k"))).toEqual([
            "job-k-failed",
            "job-k-succeeded",
            "backup-k-failed",
            "backup-k-dump-succeeded",
            "backup-k-failed-backups",
            "backup-k-failed-restores",
        ]);
        for (const rule of [...rules, ...JOB_NAMES]) {
            expect([rule.logical("k"), longestName(rule) >= 32]).toEqual([rule.logical("k"), true]);
            expect(builtNameProblem(rule, "a".repeat(32))).toBeUndefined();
        }
    });

    it("refuses a character a rule name cannot hold, and a key longer than the rule allows", () => {
        const [, failed] = JOB_NAMES;
        expect(builtNameProblem(failed, "nightly report")).toBe(
            "\"nightly report\" gives its failed-run rule the name \"job-nightly report-failed-…\", and EventBridge PutRule Name refuses characters other than letters, digits, '.', '-' and '_'; expected a name without them",
        );
        expect(builtNameProblem(failed, "a".repeat(50))).toContain(
            "EventBridge PutRule Name takes at most 64; expected at most 45 characters",
        );
        expect(checkNames({ jobs: { ["a".repeat(50)]: {} } }).map((e) => e.path)).toEqual(
            Array(JOB_NAMES.length).fill(`opsbook:system.jobs.${"a".repeat(50)}`),
        );
    });
});

describe("a Redis entry's ElastiCache subnet and parameter groups (255; no '--' in a parameter group)", () => {
    const [subnets, params] = REDIS_GROUP_NAMES;
    it("fit any key the schema accepts, and refuse what ElastiCache refuses", () => {
        expect(longestName(subnets)).toBe(255 - 8 - "redis--subnets".length);
        expect(longestName(params)).toBe(255 - 8 - "redis--params".length);
        expect(builtNameProblem(subnets, "a".repeat(32))).toBeUndefined();
        expect(builtNameProblem(params, "session--cache")).toContain(
            "ElastiCache CreateCacheParameterGroup CacheParameterGroupName refuses two consecutive hyphens",
        );
        expect(builtNameProblem(subnets, "session_cache")).toContain(
            "refuses characters other than letters, digits and '-'",
        );
        // All at once: the replication group's id and the parameter group both refuse the double hyphen.
        expect(
            checkNames({ redis: { "session--cache": {} } }).map((e) => e.message.split(":")[0]),
        ).toEqual([
            '"session--cache" gives its ElastiCache replication group the name "redis-session--cache-group-…", and ElastiCache ReplicationGroupId refuses two consecutive hyphens; expected a name without them',
            '"session--cache" gives its ElastiCache parameter group the name "redis-session--cache-params-…", and ElastiCache CreateCacheParameterGroup CacheParameterGroupName refuses two consecutive hyphens or characters other than letters, digits and \'-\'; expected a name without them',
        ]);
    });
});

describe("EventBridge target ids (PutTargets: 1 to 64 of [.-_A-Za-z0-9]), named by Pulumi from the logical name", () => {
    const [, , , failedBackups, failedRestores] = RDS_BACKUP_NAMES;
    it("holds an RDS key to 24 characters: its failed-restore rule's target id binds first", () => {
        // "backup-<key>-failed-restores-critical-" plus 7 random characters: 7 + 24 + 26 + 7 = 64.
        expect(longestName(failedRestores)).toBe(24);
        expect(longestName(failedBackups)).toBe(25);
        expect(builtNameProblem(failedRestores, "a".repeat(24))).toBeUndefined();
        expect(builtNameProblem(failedRestores, "a".repeat(25))).toBe(
            "a string of 25 characters is too long for its failed-restore rule's target: Pulumi names it plus 7 random characters, and EventBridge PutTargets Target Id takes at most 64; expected at most 24 characters",
        );
        const key = "customer-records-archive";
        expect(checkNames({ databases: { [key]: { kind: "rds" } } })).toEqual([]);
        expect(
            checkNames({ databases: { [`${key}s`]: { kind: "rds" } } }).map((e) => e.path),
        ).toEqual([`opsbook:system.databases.${key}s`]);
    });

    it("fits a job's and a dump's targets for every key their schedules allow", () => {
        for (const rule of [...JOB_NAMES, ...DUMP_RULE_NAMES]) {
            expect([
                rule.logical("k"),
                longestName(rule) >= longestName(DUMP_SCHEDULE_NAMES[1]),
            ]).toEqual([rule.logical("k"), true]);
        }
        expect(JOB_NAMES.map((rule) => rule.logical("k"))).toEqual(
            expect.arrayContaining(["job-k-failed-warning", "job-k-succeeded-runs"]),
        );
    });
});
