import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { productionConfigSchema } from "./stack";

/** Redis is encrypted in transit (TLS required) and at rest; in production it has Pulumi's `protect`. */
export const redisEncrypted: ResourceValidationPolicy = {
    name: "opsbook-data-redis-encrypted",
    description:
        "ElastiCache Redis requires TLS and encrypts at rest; in production it is protected.",
    enforcementLevel: "mandatory",
    configSchema: productionConfigSchema,
    validateResource: validateInputsOf(
        "aws:elasticache/replicationGroup:ReplicationGroup",
        (group, args, reportViolation) => {
            const { production } = args.getConfig<{ production: boolean }>();
            if (group.transitEncryptionEnabled !== true)
                reportViolation(
                    `${args.name}: transit encryption is off; set transitEncryptionEnabled: true (AUTH needs it too).`,
                );
            else if (group.transitEncryptionMode === "preferred")
                reportViolation(
                    `${args.name}: transitEncryptionMode "preferred" still accepts plain-text connections; expected "required".`,
                );
            if (group.atRestEncryptionEnabled !== true)
                reportViolation(
                    `${args.name}: storage and snapshots are not encrypted; set atRestEncryptionEnabled: true.`,
                );
            if (production && args.opts.protect !== true)
                reportViolation(
                    `${args.name}: is not protected in production; Pulumi could delete it.`,
                );
        },
    ),
};
