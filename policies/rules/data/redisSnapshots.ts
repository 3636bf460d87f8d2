import { StackValidationPolicy } from "@pulumi/policy";
import { REDIS_SNAPSHOT_MIN_RETENTION_DAYS } from "../../../model/rules";
import { validateEachOf } from "./stack";
import { TYPES } from "../types";

/** In production, Redis takes a daily snapshot kept at least the runbook minimum. */
export const redisSnapshots: StackValidationPolicy = {
    name: "opsbook-data-redis-snapshots",
    description: `In production, ElastiCache Redis keeps daily snapshots at least ${REDIS_SNAPSHOT_MIN_RETENTION_DAYS} days (model/rules.ts).`,
    enforcementLevel: "mandatory",
    validateStack: validateEachOf(
        TYPES.aws.elasticache.ReplicationGroup,
        (group, resource, { production }, reportViolation) => {
            if (!production) return;
            const days = group.snapshotRetentionLimit ?? 0;
            if (days < REDIS_SNAPSHOT_MIN_RETENTION_DAYS)
                reportViolation(
                    `${resource.name}: snapshots are kept ${days} days; expected at least ${REDIS_SNAPSHOT_MIN_RETENTION_DAYS} (set the redis entry's snapshotRetentionDays).`,
                );
            if (!group.snapshotWindow)
                reportViolation(`${resource.name}: no daily snapshot window; set snapshotWindow.`);
        },
    ),
};
