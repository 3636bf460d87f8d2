import { StackValidationPolicy } from "@pulumi/policy";
import { validateEachOf } from "./stack";
import { TYPES } from "../types";

/**
 * Redis is encrypted in transit (TLS required) and at rest; where the stack's rules protect stateful
 * resources (deletionProtection: always in production) it has Pulumi's `protect`.
 */
export const redisEncrypted: StackValidationPolicy = {
    name: "opsbook-data-redis-encrypted",
    description:
        "ElastiCache Redis requires TLS and encrypts at rest; it is protected where the environment's rules say (production).",
    enforcementLevel: "mandatory",
    validateStack: validateEachOf(
        TYPES.aws.elasticache.ReplicationGroup,
        (group, resource, { environment, rules }, reportViolation) => {
            const name = resource.name;
            if (group.transitEncryptionEnabled !== true)
                reportViolation(
                    `${name}: transit encryption is off; set transitEncryptionEnabled: true (AUTH needs it too).`,
                );
            else if (group.transitEncryptionMode === "preferred")
                reportViolation(
                    `${name}: transitEncryptionMode "preferred" still accepts plain-text connections; expected "required".`,
                );
            if (group.atRestEncryptionEnabled !== true)
                reportViolation(
                    `${name}: storage and snapshots are not encrypted; set atRestEncryptionEnabled: true.`,
                );
            if (rules.deletionProtection && resource.opts.protect !== true)
                reportViolation(
                    `${name}: is not protected in ${environment} (rule deletionProtection); Pulumi could delete it.`,
                );
        },
    ),
};
