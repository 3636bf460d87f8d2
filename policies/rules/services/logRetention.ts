import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";

/** Logs expire: a group without retention keeps (and bills) everything forever. */
export const logRetention: ResourceValidationPolicy = {
    name: "opsbook-services-log-retention",
    description: "Every log group has a retention.",
    enforcementLevel: "mandatory",
    validateResource: validateInputsOf(
        "aws:cloudwatch/logGroup:LogGroup",
        (group, args, reportViolation) => {
            if (!group.retentionInDays || group.retentionInDays <= 0) {
                reportViolation(
                    `${args.name}: keeps logs forever; set retentionInDays (opsbook: the service's logRetentionDays, default 30).`,
                );
            }
        },
    ),
};
