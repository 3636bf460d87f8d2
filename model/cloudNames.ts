/**
 * Cloud names the program builds from names in the stack file, held to the cloud's rules at load time: the
 * mock runtime names nothing, so a name AWS refuses would plan clean and fail at `pulumi up`. Pure.
 *
 * Pulumi names a resource that has no explicit name `<logical name>-` plus 7 random characters and refuses
 * one longer than the provider's maximum before calling AWS (pulumi/pulumi sdk/go/common/resource/names.go,
 * NewUniqueHex: "name '<prefix>' plus 7 random chars is longer than maximum length N"). The maxima are the
 * provider's (pulumi-aws provider/resources.go, `tfbridge.AutoName("name", 32, "-")` for target groups)
 * and AWS's (CreateLoadBalancer / CreateTargetGroup `Name`: at most 32 characters; ElastiCache
 * `ReplicationGroupId`: 1 to 40 characters, no two consecutive hyphens, terraform-provider-aws
 * internal/service/elasticache/replication_group.go `validateReplicationGroupID`).
 * Names with fixed maxima far above what a service name (at most 32 characters, `SERVICE_NAME`) can reach
 * are not listed: IAM role names (64: `<service>-task-role-xxxxxxx` is at most 50), ECS families (255),
 * log groups (512), SSM parameter names (2048), Vercel project names (100), and S3 buckets (3 to 63
 * lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, no `xn--` or
 * `sthree-` prefix, no `-s3alias` or `--ol-s3` suffix: AWS S3 User Guide, "General purpose bucket naming
 * rules"): `bucket-<key>-xxxxxxx` is at most 47 characters, and the prefix and the random suffix keep
 * clear of the reserved ones (`test/model/cloudNames.test.ts` holds it to the key pattern). A
 * Scheduler name (64) is listed where a long key can overflow it: an external database's dump schedules.
 */
import { asRecord, ConfigError, describeValue, joinPath } from "./errors";
import { ALERT_RULES } from "./rules";

/** The random suffix Pulumi adds to an auto-named resource: `-` and 7 characters. */
export const AUTONAME_SUFFIX_LENGTH = 8;

export interface BuiltName {
    /** What the cloud calls it, for the message. */
    readonly what: string;
    /** The logical name the program gives it, from the user's name. */
    readonly logical: (name: string) => string;
    /** The longest name the cloud or provider takes, suffix included. */
    readonly maxLength: number;
    /** Where the rule is written down. */
    readonly source: string;
    /** Characters or sequences the cloud refuses anywhere in the name. */
    readonly forbidden?: { readonly pattern: RegExp; readonly says: string };
}

/** A public aws service's load balancer and target group (`components/edge/loadBalancer.ts`). */
export const SERVICE_LOAD_BALANCER_NAMES: readonly BuiltName[] = [
    {
        what: "its load balancer",
        logical: (service) => `${service}-lb`,
        maxLength: 32,
        source: "ELB CreateLoadBalancer Name",
    },
    {
        what: "its load balancer's target group",
        logical: (service) => `${service}-lb-targets`,
        maxLength: 32,
        source: "ELB CreateTargetGroup Name",
    },
];

/** A Redis entry's replication group (`components/data/redis.ts`, under `components/data/build.ts`). */
export const REDIS_GROUP_NAME: BuiltName = {
    what: "its ElastiCache replication group",
    logical: (redis) => `redis-${redis}-group`,
    maxLength: 40,
    source: "ElastiCache ReplicationGroupId",
    forbidden: { pattern: /--/, says: "two consecutive hyphens" },
};

/** The longest user name that fits `rule`. */
export function longestName(rule: BuiltName): number {
    return rule.maxLength - AUTONAME_SUFFIX_LENGTH - rule.logical("").length;
}

/**
 * What is wrong with `name` under `rule`, or undefined. The name is shown as errors show values
 * (`describeValue`): a name that looks like a credential is not echoed, nor the names built from it.
 */
export function builtNameProblem(rule: BuiltName, name: string): string | undefined {
    const logical = rule.logical(name);
    const shown = describeValue(name);
    const built = (suffix: string) =>
        shown === JSON.stringify(name) ? ` "${logical}${suffix}"` : "";
    if (logical.length + AUTONAME_SUFFIX_LENGTH > rule.maxLength) {
        return `${shown} is too long for ${rule.what}: Pulumi names it${built("-")} plus 7 random characters, and ${rule.source} takes at most ${rule.maxLength}; expected at most ${longestName(rule)} characters`;
    }
    if (rule.forbidden?.pattern.test(logical)) {
        return `${shown} gives ${rule.what} the name${built("-…")}, and ${rule.source} refuses ${rule.forbidden.says}; expected a name without them`;
    }
    return undefined;
}

/**
 * An external database's dump and restore-drill schedules (`components/data/dumpBackup.ts`, named under
 * `backup-<key>` in `components/data/build.ts`). EventBridge Scheduler's CreateSchedule `Name`: 1 to 64 of
 * `[0-9a-zA-Z-_.]` (Scheduler API reference, CreateSchedule).
 */
export const DUMP_SCHEDULE_NAMES: readonly BuiltName[] = [
    {
        what: "its dump schedule",
        logical: (database) => `backup-${database}-dump-schedule`,
        maxLength: 64,
        source: "EventBridge Scheduler CreateSchedule Name",
    },
    {
        what: "its restore-drill schedule",
        logical: (database) => `backup-${database}-restore-drill-schedule`,
        maxLength: 64,
        source: "EventBridge Scheduler CreateSchedule Name",
    },
];

/** EventBridge PutRule `Name`: 1 to 64 of `[.\-_A-Za-z0-9]` (EventBridge API reference, PutRule). */
const EVENT_RULE = {
    maxLength: 64,
    source: "EventBridge PutRule Name",
    forbidden: {
        pattern: /[^.\-_A-Za-z0-9]/,
        says: "characters other than letters, digits, '.', '-' and '_'",
    },
} as const;

/**
 * An EventBridge target: pulumi-aws names its `targetId` from the logical name like a resource name
 * (provider/resources.go: `"target_id": tfbridge.AutoName("targetId", 255, "-")`), and PutTargets takes
 * an Id of 1 to 64 of `[.\-_A-Za-z0-9]` (EventBridge API reference, Target).
 */
const eventTarget = (what: string, prefix: string, suffix: string): BuiltName => ({
    what,
    logical: (key) => `${prefix}-${key}-${suffix}`,
    ...EVENT_RULE,
    source: "EventBridge PutTargets Target Id",
});

/** An EventBridge rule named `<prefix>-<key>-<suffix>` (`taskStateRule`, `components/data/rdsBackup.ts`). */
const eventRule = (what: string, prefix: string, suffix: string): BuiltName => ({
    what,
    logical: (key) => `${prefix}-${key}-${suffix}`,
    ...EVENT_RULE,
});

/**
 * A scheduled job's schedule and EventBridge rules (`components/services/scheduledJob.ts`, named under
 * `job-<key>` in `components/services/build.ts`). Its IAM roles (`job-<key>-task-role-…`, 64) cannot
 * overflow: with the longest key (32) they take 54.
 */
export const JOB_NAMES: readonly BuiltName[] = [
    {
        what: "its schedule",
        logical: (job) => `job-${job}-schedule`,
        maxLength: 64,
        source: "EventBridge Scheduler CreateSchedule Name",
    },
    eventRule("its failed-run rule", "job", "failed"),
    eventRule("its successful-run rule", "job", "succeeded"),
    eventTarget(
        "its failed-run rule's target",
        "job",
        `failed-${ALERT_RULES["job-failed"].severity}`,
    ),
    eventTarget("its successful-run rule's target", "job", "succeeded-runs"),
];

/** An external database's dump and drill rules (`components/data/dumpBackup.ts`). */
export const DUMP_RULE_NAMES: readonly BuiltName[] = [
    eventRule("its failed dump or drill rule", "backup", "failed"),
    eventRule("its successful dump rule", "backup", "dump-succeeded"),
    eventTarget("its failed dump or drill rule's target", "backup", "failed-critical"),
    eventTarget("its successful dump rule's target", "backup", "dump-succeeded-runs"),
];

/**
 * An RDS database's backup vault and failure rules (`components/data/rdsBackup.ts`). AWS Backup
 * CreateBackupVault `backupVaultName`: `^[a-zA-Z0-9\-\_]{2,50}$` (AWS Backup API reference,
 * CreateBackupVault), so `backup-<key>-vault-` and 7 random characters fits a key of at most 29; the
 * failed-restore rule's target id (64) binds first, at 24. The
 * plan's name (`backup-<key>-plan-…`) takes up to 200 through the API (API reference, BackupPlan).
 */
export const RDS_BACKUP_NAMES: readonly BuiltName[] = [
    {
        what: "its backup vault",
        logical: (database) => `backup-${database}-vault`,
        maxLength: 50,
        source: "AWS Backup CreateBackupVault backupVaultName",
        forbidden: {
            pattern: /[^a-zA-Z0-9_-]/,
            says: "characters other than letters, digits, '-' and '_'",
        },
    },
    eventRule("its failed-backup rule", "backup", "failed-backups"),
    eventRule("its failed-restore rule", "backup", "failed-restores"),
    eventTarget("its failed-backup rule's target", "backup", "failed-backups-critical"),
    eventTarget("its failed-restore rule's target", "backup", "failed-restores-critical"),
];

/**
 * A Redis entry's subnet and parameter groups (`components/data/redis.ts`). CreateCacheSubnetGroup
 * `CacheSubnetGroupName`: at most 255 letters, digits or hyphens (ElastiCache API reference,
 * CreateCacheSubnetGroup); a parameter group name: 1 to 255, begins with a letter, letters, digits and
 * hyphens, no two consecutive hyphens, no trailing one (ElastiCache User Guide, "Creating an ElastiCache
 * parameter group"). The replication group's 40 (`REDIS_GROUP_NAME`) binds first; these hold all the same.
 */
export const REDIS_GROUP_NAMES: readonly BuiltName[] = [
    {
        what: "its ElastiCache subnet group",
        logical: (redis) => `redis-${redis}-subnets`,
        maxLength: 255,
        source: "ElastiCache CreateCacheSubnetGroup CacheSubnetGroupName",
        forbidden: {
            pattern: /[^A-Za-z0-9-]/,
            says: "characters other than letters, digits and '-'",
        },
    },
    {
        what: "its ElastiCache parameter group",
        logical: (redis) => `redis-${redis}-params`,
        maxLength: 255,
        source: "ElastiCache CreateCacheParameterGroup CacheParameterGroupName",
        forbidden: {
            pattern: /--|[^A-Za-z0-9-]/,
            says: "two consecutive hyphens or characters other than letters, digits and '-'",
        },
    },
];

/** Every problem of `name` under `rules`, at `path`. */
function problemsAt(path: string, rules: readonly BuiltName[], name: string): ConfigError[] {
    return rules.flatMap((rule) => {
        const problem = builtNameProblem(rule, name);
        return problem ? [{ path, message: problem }] : [];
    });
}

/** Every built name of the stack file, each problem at the path of the name it comes from. */
export function checkCloudNames(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    const services = asRecord(raw.services) ?? {};
    for (const [name, rawService] of Object.entries(services)) {
        const service = asRecord(rawService);
        // A load balancer exists for a public aws service (domain and health path;
        // docs/services.md, "Services").
        const balanced =
            service?.platform === "aws" &&
            service.domain !== undefined &&
            service.healthPath !== undefined;
        if (!balanced) continue;
        for (const rule of SERVICE_LOAD_BALANCER_NAMES) {
            const problem = builtNameProblem(rule, name);
            if (problem) errors.push({ path: joinPath(["services", name]), message: problem });
        }
    }
    for (const [name, rawDatabase] of Object.entries(asRecord(raw.databases) ?? {})) {
        const kind = asRecord(rawDatabase)?.kind;
        const path = joinPath(["databases", name]);
        if (kind === "external") {
            errors.push(...problemsAt(path, [...DUMP_SCHEDULE_NAMES, ...DUMP_RULE_NAMES], name));
        } else if (kind === "rds") errors.push(...problemsAt(path, RDS_BACKUP_NAMES, name));
    }
    for (const name of Object.keys(asRecord(raw.redis) ?? {})) {
        const path = joinPath(["redis", name]);
        errors.push(...problemsAt(path, [REDIS_GROUP_NAME, ...REDIS_GROUP_NAMES], name));
    }
    for (const name of Object.keys(asRecord(raw.jobs) ?? {})) {
        errors.push(...problemsAt(joinPath(["jobs", name]), JOB_NAMES, name));
    }
    return errors;
}
