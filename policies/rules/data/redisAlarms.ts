import { StackValidationPolicy } from "@pulumi/policy";
import { REDIS_NODE_RULES } from "../../../model/rules";
import { descendantsOf, ofType, stackEnvironment } from "./stack";
import { TYPES } from "../types";

/**
 * In production every opsbook Redis is watched on every node: memory (warning and critical), evictions,
 * connections, engine CPU, and replication lag where it has replicas. Counted from the alarms' rule tags
 * and the group's node count, both inputs the program sets, so a first preview is judged alike.
 */
export const redisAlarms: StackValidationPolicy = {
    name: "opsbook-data-redis-alarms",
    description:
        "In production, every node of an ElastiCache Redis has its memory, eviction, connection, CPU and replication-lag alarms.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const { production } = stackEnvironment(args.resources);
        if (!production) return;
        for (const redis of ofType(args.resources, TYPES.opsbook.Redis)) {
            const name = String(redis.props.redis);
            const group = ofType(
                descendantsOf(args.resources, redis.urn),
                TYPES.aws.elasticache.ReplicationGroup,
            )[0];
            const nodes = Number(group?.props.numCacheClusters ?? 1);
            const alarms = ofType(args.resources, TYPES.opsbook.RedisAlarms)
                .filter((a) => a.props.redis === name)
                .flatMap((a) =>
                    ofType(descendantsOf(args.resources, a.urn), TYPES.aws.cloudwatch.MetricAlarm),
                );
            const expected = [
                ...REDIS_NODE_RULES,
                ...(nodes > 1 ? (["redis-replication-lag"] as const) : []),
            ];
            const missing = expected.filter(
                (rule) =>
                    alarms.filter((a) => a.props.tags?.["opsbook:rule"] === rule).length < nodes,
            );
            if (missing.length > 0) {
                reportViolation(
                    `redis ${name}: missing alarms on some of its ${nodes} nodes: ${missing.join(", ")}.`,
                    redis.urn,
                );
            }
        }
    },
};
