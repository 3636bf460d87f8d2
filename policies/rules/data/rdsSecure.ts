import { StackValidationPolicy } from "@pulumi/policy";
import { validateEachOf } from "./stack";
import { TYPES } from "../types";

/**
 * RDS storage is encrypted and private; where the stack's rules say (deletionProtection, multiAz: always
 * in production) it has deletion protection, Pulumi's `protect` and a standby in a second zone.
 */
export const rdsSecure: StackValidationPolicy = {
    name: "opsbook-data-rds-secure",
    description:
        "RDS storage is encrypted, not publicly accessible, and deletion-protected, protected and Multi-AZ where the environment's rules say (production).",
    enforcementLevel: "mandatory",
    validateStack: validateEachOf(
        TYPES.aws.rds.Instance,
        (instance, resource, { environment, rules }, reportViolation) => {
            const name = resource.name;
            if (instance.storageEncrypted !== true)
                reportViolation(`${name}: storage is not encrypted; set storageEncrypted: true.`);
            if (instance.publiclyAccessible === true)
                reportViolation(
                    `${name}: is publicly accessible; a database is reached from inside the VPC only.`,
                );
            if (rules.deletionProtection && instance.deletionProtection !== true)
                reportViolation(
                    `${name}: deletion protection is off in ${environment} (rule deletionProtection).`,
                );
            if (rules.deletionProtection && resource.opts.protect !== true)
                reportViolation(
                    `${name}: is not protected in ${environment} (rule deletionProtection); Pulumi could delete it.`,
                );
            if (rules.multiAz && instance.multiAz !== true)
                reportViolation(
                    `${name}: has no standby in a second zone in ${environment} (rule multiAz); set the database's multiAz: true.`,
                );
        },
    ),
};
