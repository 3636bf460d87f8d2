import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { REDIS_SNAPSHOT_MIN_RETENTION_DAYS } from "../../../model/rules";
import { productionConfigSchema } from "./stack";

/** In production, Redis takes a daily snapshot kept at least the runbook minimum. */
export const redisSnapshots: ResourceValidationPolicy = {
    name: "opsbook-data-redis-snapshots",
    description: `In production, ElastiCache Redis keeps daily snapshots at least ${REDIS_SNAPSHOT_MIN_RETENTION_DAYS} days (model/rules.ts).`,
    enforcementLevel: "mandatory",
    configSchema: productionConfigSchema,
    validateResource: validateInputsOf(
        "aws:elasticache/replicationGroup:ReplicationGroup",
        (group, args, reportViolation) => {
            const { production } = args.getConfig<{ production: boolean }>();
            if (!production) return;
            const days = group.snapshotRetentionLimit ?? 0;
            if (days < REDIS_SNAPSHOT_MIN_RETENTION_DAYS)
                reportViolation(
                    `${args.name}: snapshots are kept ${days} days; expected at least ${REDIS_SNAPSHOT_MIN_RETENTION_DAYS} (set the redis entry's snapshotRetentionDays).`,
                );
            if (!group.snapshotWindow)
                reportViolation(`${args.name}: no daily snapshot window; set snapshotWindow.`);
        },
    ),
};
