import * as pulumi from "@pulumi/pulumi";
import { RedisAlarmRule, RedisModel, redisNodeAlarms } from "../../model/redis";
import { ALERT_RULES, REDIS_MAX_CLIENTS, Severity } from "../../model/rules";
import { RuleAlarmArgs, ruleAlarm } from "./alarm";

export interface RedisAlarmsArgs {
    readonly redis: RedisModel;
    /** The replication group's id: node `n` is the cache cluster `<id>-00n` (the CloudWatch dimension). */
    readonly replicationGroupId: pulumi.Input<string>;
    readonly topicArns: Readonly<Record<Severity, pulumi.Input<string>>>;
}

/** The metric behind each Redis rule, on one node (AWS/ElastiCache, dimension CacheClusterId). */
function nodeMetric(
    rule: RedisAlarmRule,
    dimensions: Record<string, pulumi.Input<string>>,
): RuleAlarmArgs["metric"] {
    const metric = (metricName: string, statistic: string) => ({
        namespace: "AWS/ElastiCache",
        metricName,
        dimensions,
        statistic,
    });
    switch (rule) {
        case "redis-memory-warning":
        case "redis-memory-critical":
            return metric("DatabaseMemoryUsagePercentage", "Maximum");
        case "redis-evictions":
            return metric("Evictions", "Sum");
        case "redis-engine-cpu":
            return metric("EngineCPUUtilization", "Average");
        case "redis-replication-lag":
            return metric("ReplicationLag", "Maximum");
        case "redis-connections":
            return {
                queries: [
                    {
                        id: "m",
                        metric: {
                            namespace: "AWS/ElastiCache",
                            metricName: "CurrConnections",
                            dimensions,
                            stat: "Maximum",
                            period: 60,
                        },
                    },
                    {
                        id: "percent",
                        expression: `100 * m / ${REDIS_MAX_CLIENTS}`,
                        label: `CurrConnections (% of ${REDIS_MAX_CLIENTS})`,
                        returnData: true,
                    },
                ],
            };
    }
}

/**
 * The Redis alarms, on every node (a failover swaps the primary): memory used over 80% warns and over 90%
 * pages (with `noeviction`, a full Redis refuses writes), any eviction warns, connections over 80% of
 * `maxclients` warn, engine CPU over 90% warns, and where there are replicas a replication lag over 30 s
 * warns (the primary reports none, so missing data is not a breach there).
 */
export class RedisAlarms extends pulumi.ComponentResource {
    public readonly alarmNames: pulumi.Output<string>[];

    constructor(name: string, args: RedisAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:RedisAlarms", name, { redis: args.redis.name }, opts);
        this.alarmNames = redisNodeAlarms(args.redis).map(({ suffix, node, rule, description }) => {
            const dimensions = {
                CacheClusterId: pulumi
                    .output(args.replicationGroupId)
                    .apply((id) => `${id}-${node}`),
            };
            return ruleAlarm(
                `${name}-${suffix}`,
                {
                    rule,
                    threshold: ALERT_RULES[rule].threshold,
                    description,
                    metric: nodeMetric(rule, dimensions),
                    treatMissingData:
                        rule === "redis-evictions" || rule === "redis-replication-lag"
                            ? "notBreaching"
                            : "breaching",
                    topicArns: args.topicArns,
                },
                this,
            ).name;
        });
        this.registerOutputs({ alarmNames: this.alarmNames });
    }
}
