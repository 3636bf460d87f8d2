import { StackValidationPolicy } from "@pulumi/policy";
import { environmentChoice } from "../../../model/environment";
import { validateEachOf } from "../data/stack";
import { TYPES } from "../types";

/**
 * Logs expire, and not before the floor of rule logRetentionDays in the stack's environment: a group
 * without retention keeps (and bills) everything forever; production keeps at least the runbook's month.
 */
export const logRetention: StackValidationPolicy = {
    name: "opsbook-services-log-retention",
    description:
        "Every log group has a retention, at least the environment's floor (rule logRetentionDays).",
    enforcementLevel: "mandatory",
    validateStack: validateEachOf(
        TYPES.aws.cloudwatch.LogGroup,
        (group, resource, { environment }, reportViolation) => {
            const floor = (environmentChoice("logRetentionDays", environment) as { min: number })
                .min;
            if (!group.retentionInDays || group.retentionInDays <= 0) {
                reportViolation(
                    `${resource.name}: keeps logs forever; set retentionInDays (opsbook: the service's logRetentionDays, default from rule logRetentionDays).`,
                );
            } else if (group.retentionInDays < floor) {
                reportViolation(
                    `${resource.name}: keeps logs ${group.retentionInDays} days; ${environment} keeps them at least ${floor} (rule logRetentionDays).`,
                );
            }
        },
    ),
};
