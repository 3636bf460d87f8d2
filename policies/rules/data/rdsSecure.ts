import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { productionConfigSchema } from "./stack";

/** RDS storage is encrypted and private; in production it has deletion protection and Pulumi's `protect`. */
export const rdsSecure: ResourceValidationPolicy = {
    name: "opsbook-data-rds-secure",
    description:
        "RDS storage is encrypted, not publicly accessible, and in production deletion-protected and protected.",
    enforcementLevel: "mandatory",
    configSchema: productionConfigSchema,
    validateResource: validateInputsOf(
        "aws:rds/instance:Instance",
        (instance, args, reportViolation) => {
            const { production } = args.getConfig<{ production: boolean }>();
            if (instance.storageEncrypted !== true)
                reportViolation(
                    `${args.name}: storage is not encrypted; set storageEncrypted: true.`,
                );
            if (instance.publiclyAccessible === true)
                reportViolation(
                    `${args.name}: is publicly accessible; a database is reached from inside the VPC only.`,
                );
            if (production && instance.deletionProtection !== true)
                reportViolation(`${args.name}: deletion protection is off in production.`);
            if (production && args.opts.protect !== true)
                reportViolation(
                    `${args.name}: is not protected in production; Pulumi could delete it.`,
                );
        },
    ),
};
