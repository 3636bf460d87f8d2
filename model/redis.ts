/**
 * Redis in the model: an ElastiCache replication group per `redis` entry, its defaults from the rules, its
 * AUTH token as a rotating credential, and the checks that span entries (consumers, network).
 * Pure: no resources.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import type { Parts } from "./parts";
import type { RedisModel, SystemModel } from "./types";
import { parseIsoDate, rotationState, RotationSchedule, scheduleOf } from "./rotation";
import {
    ALERT_RULES,
    DEFAULT_REDIS_ENGINE_VERSION,
    DEFAULT_REDIS_MAXMEMORY_POLICY,
    DEFAULT_REDIS_NODE_TYPE,
    DEFAULT_REDIS_REPLICAS,
    REDIS_SNAPSHOT_DEFAULT_RETENTION_DAYS,
    REDIS_SNAPSHOT_MAX_RETENTION_DAYS,
    REDIS_SNAPSHOT_MIN_RETENTION_DAYS,
    REDIS_ENGINE,
    REDIS_INCIDENT_SET_AFTER_DAYS,
    REDIS_NODE_RULES,
    REDIS_SNAPSHOT_WINDOW,
    DAY_MS,
    SECRET_CLASSES,
    SecretClassRule,
} from "./rules";
import type { RedisInput } from "./schema";

export type { RedisModel } from "./types";

/** `cache` → `CACHE_REDIS_TOKEN`: the calendar name of a Redis entry's AUTH token. */
export function redisTokenSecretName(name: string): string {
    return `${name.toUpperCase().replace(/-/g, "_")}_REDIS_TOKEN`;
}

/** The variable a Redis's consumers receive its URL in: the stack file's, or `REDIS_URL`. */
export function redisUrlVariable(input: Pick<RedisInput, "urlVariable">): string {
    return input.urlVariable ?? "REDIS_URL";
}

export function toRedisModel(name: string, input: RedisInput): RedisModel {
    const rule: SecretClassRule = SECRET_CLASSES["redis-auth-token"];
    return {
        name,
        consumers: input.consumers,
        urlVariable: redisUrlVariable(input),
        engineVersion: input.engineVersion ?? DEFAULT_REDIS_ENGINE_VERSION,
        nodeType: input.nodeType ?? DEFAULT_REDIS_NODE_TYPE,
        replicas: input.replicas ?? DEFAULT_REDIS_REPLICAS,
        snapshotRetentionDays: input.snapshotRetentionDays ?? REDIS_SNAPSHOT_DEFAULT_RETENTION_DAYS,
        maxmemoryPolicy: input.maxmemoryPolicy ?? DEFAULT_REDIS_MAXMEMORY_POLICY,
        tokenPeriodDays: input.tokenPeriodDays ?? rule.defaultPeriodDays,
        tokenFormerPeriods: [
            ...(input.tokenPeriodDays === undefined ? (rule.formerDefaultPeriods ?? []) : []),
            ...(input.tokenFormerPeriods ?? []),
        ],
        tokenSecret: redisTokenSecretName(name),
    };
}

export type RedisAlarmRule = (typeof REDIS_NODE_RULES)[number] | "redis-replication-lag";

export interface RedisNodeAlarm {
    /** The alarm's name under its component: `<node>-<rule>`. */
    readonly suffix: string;
    /** The node's cache cluster suffix: `001` is the first node of the group. */
    readonly node: string;
    readonly rule: RedisAlarmRule;
    readonly description: string;
}

/** Every Redis alarm, per node: a failover makes a replica the primary, so every node is watched alike. */
export function redisNodeAlarms(redis: RedisModel): RedisNodeAlarm[] {
    const rules: RedisAlarmRule[] = [
        ...REDIS_NODE_RULES,
        ...(redis.replicas > 0 ? (["redis-replication-lag"] as const) : []),
    ];
    const nodes = Array.from({ length: 1 + redis.replicas }, (_, i) =>
        String(i + 1).padStart(3, "0"),
    );
    return nodes.flatMap((node) =>
        rules.map((rule) => {
            const r = ALERT_RULES[rule];
            const unit = r.unit === "percent" ? "%" : r.unit === "seconds" ? " s" : "";
            return {
                suffix: `${node}-${rule}`,
                node,
                rule,
                description: `redis ${redis.name} node ${node}: ${r.description} over ${r.threshold}${unit}`,
            };
        }),
    );
}

/** How `pulumi up` changes the AUTH token (ElastiCache's `authTokenUpdateStrategy`). */
export type RedisTokenStrategy = "ROTATE" | "SET";

/**
 * ROTATE adds the new token and keeps the one set before it, so instances that still hold it connect until
 * they are replaced in the same up; the next ROTATE drops it. ElastiCache allows SET "only after ROTATE"
 * (API reference, ModifyReplicationGroup `AuthTokenUpdateStrategy`:
 * docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html), with the
 * token that ROTATE brought in; SET then keeps that token only. So an incident takes two ups:
 * - the incident's own up changes the token with ROTATE (the compromised token is still accepted while
 *   consumers roll to the fresh one);
 * - from `REDIS_INCIDENT_SET_AFTER_DAYS` after the incident's date on (the next daily up), the strategy is SET
 *   with the token unchanged, which drops the compromised one.
 * terraform-provider-aws sends the token with the strategy whenever either changes
 * (internal/service/elasticache/replication_group.go, resourceReplicationGroupUpdate:
 * `d.HasChanges("auth_token", "auth_token_update_strategy")`), so the flip to SET alone is exactly "SET the
 * token last ROTATEd in". Back to ROTATE at the next boundary, together with the next token.
 * The incident must be dated the day its up runs (UTC): an incident whose first up runs a day later
 * would change the token and SET it at once, which ElastiCache refuses (the up fails, nothing is lost).
 */
export function redisTokenStrategy(schedule: RotationSchedule, now: Date): RedisTokenStrategy {
    const since = rotationState(schedule, now).currentSince.getTime();
    const byIncident = (schedule.incidents ?? []).some(
        (at) => parseIsoDate(at).getTime() === since,
    );
    return byIncident && now.getTime() >= since + REDIS_INCIDENT_SET_AFTER_DAYS * DAY_MS
        ? "SET"
        : "ROTATE";
}

/** One Redis as the plan and the runbook show it. */
export interface RedisSummary {
    readonly name: string;
    /** `valkey 8.0`. */
    readonly engine: string;
    readonly nodeType: string;
    /** Primary plus replicas; Multi-AZ with automatic failover when more than one. */
    readonly nodes: number;
    readonly multiAz: boolean;
    readonly snapshotWindow: string;
    readonly snapshotRetentionDays: number;
    readonly maxmemoryPolicy: string;
    readonly tokenSecret: string;
    /** ROTATE (a new token; the one before still accepted) or SET (the day after an incident: drops it). */
    readonly tokenStrategy: RedisTokenStrategy;
    readonly urlVariable: string;
    readonly consumers: readonly string[];
    readonly protected: boolean;
}

export function redisSummaries(model: SystemModel, now: Date): RedisSummary[] {
    return Object.values(model.redis).map((redis) => ({
        name: redis.name,
        engine: `${REDIS_ENGINE} ${redis.engineVersion}`,
        nodeType: redis.nodeType,
        nodes: 1 + redis.replicas,
        multiAz: redis.replicas > 0,
        snapshotWindow: REDIS_SNAPSHOT_WINDOW,
        snapshotRetentionDays: redis.snapshotRetentionDays,
        maxmemoryPolicy: redis.maxmemoryPolicy,
        tokenSecret: redis.tokenSecret,
        tokenStrategy: redisTokenStrategy(
            scheduleOf(model.secrets[redis.tokenSecret], model.incidents),
            now,
        ),
        urlVariable: redis.urlVariable,
        consumers: redis.consumers,
        protected: model.protect,
    }));
}

/** Cross-entry rules for `redis`, over the entries that parsed (model/parts.ts). */
export function checkRedis(parts: Parts): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const serviceNames = parts.names.services;
    for (const [name, entry] of Object.entries(parts.redis)) {
        if (!parts.written(["network"])) {
            error(
                ["network"],
                `is required: redis ${name} is an ElastiCache replication group in the VPC's private subnets`,
            );
        }
        (entry.consumers ?? []).forEach((consumer, index) => {
            const path = ["redis", name, "consumers", index];
            if (!serviceNames.includes(consumer)) {
                error(
                    path,
                    `${describeValue(consumer)} is not a service; expected one of ${quoteList(serviceNames)}`,
                );
            } else if (parts.services[consumer]?.platform === "vercel") {
                error(
                    path,
                    `${describeValue(consumer)} runs on Vercel, which cannot reach ElastiCache inside the VPC; expected aws services only (keep a vendor Redis such as Upstash as a vendor secret)`,
                );
            }
        });
        const days = entry.snapshotRetentionDays;
        if (
            days !== undefined &&
            (days < REDIS_SNAPSHOT_MIN_RETENTION_DAYS || days > REDIS_SNAPSHOT_MAX_RETENTION_DAYS)
        ) {
            error(
                ["redis", name, "snapshotRetentionDays"],
                `${days} is not allowed; expected ${REDIS_SNAPSHOT_MIN_RETENTION_DAYS} (the runbook minimum) to ${REDIS_SNAPSHOT_MAX_RETENTION_DAYS} (what ElastiCache keeps) days`,
            );
        }
        const period = entry.tokenPeriodDays;
        const max = SECRET_CLASSES["redis-auth-token"].maxPeriodDays;
        if (period !== undefined && period > max) {
            error(
                ["redis", name, "tokenPeriodDays"],
                `${period} is longer than the redis-auth-token class allows; expected 1 to ${max} days`,
            );
        }
        const tokenSecret = redisTokenSecretName(name);
        if (parts.names.secrets.includes(tokenSecret)) {
            error(
                ["secrets", tokenSecret],
                `is reserved: opsbook generates and rotates redis ${name}'s AUTH token under this name; rename yours`,
            );
        }
    }
    return errors;
}
