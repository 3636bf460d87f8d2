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

/** Every built name of the stack file, each problem at the path of the name it comes from. */
export function checkCloudNames(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    const services = asRecord(raw.services) ?? {};
    for (const [name, rawService] of Object.entries(services)) {
        const service = asRecord(rawService);
        // A load balancer exists for a public aws service (domain and health path; README "Services").
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
        if (asRecord(rawDatabase)?.kind !== "external") continue;
        for (const rule of DUMP_SCHEDULE_NAMES) {
            const problem = builtNameProblem(rule, name);
            if (problem) errors.push({ path: joinPath(["databases", name]), message: problem });
        }
    }
    for (const name of Object.keys(asRecord(raw.redis) ?? {})) {
        const problem = builtNameProblem(REDIS_GROUP_NAME, name);
        if (problem) errors.push({ path: joinPath(["redis", name]), message: problem });
    }
    return errors;
}
