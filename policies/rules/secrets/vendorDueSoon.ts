import { StackValidationPolicy } from "@pulumi/policy";
import { VENDOR_DUE_WARNING_DAYS } from "../../../model/rules";
import { vendorAgeConfigSchema, vendorSecretAges } from "./vendorAge";

/** A vendor secret due soon is reported so its rotation is planned, not discovered. */
export const vendorDueSoon: StackValidationPolicy = {
    name: "opsbook-secrets-vendor-due-soon",
    description: `A vendor secret due for rotation within ${VENDOR_DUE_WARNING_DAYS} days is reported.`,
    enforcementLevel: "advisory",
    configSchema: vendorAgeConfigSchema,
    validateStack: (args, reportViolation) => {
        for (const secret of vendorSecretAges(args)) {
            if (secret.age.status !== "due-soon") continue;
            reportViolation(
                `${secret.name}: due for rotation on ${secret.age.dueAt.toISOString().slice(0, 10)}, in ${secret.age.daysUntilDue} days.`,
                secret.urn,
            );
        }
    },
};
