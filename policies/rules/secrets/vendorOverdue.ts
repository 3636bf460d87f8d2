import { StackValidationPolicy } from "@pulumi/policy";
import { vendorAgeConfigSchema, vendorSecretAges } from "./vendorAge";

/** A vendor secret older than its maximum age blocks the change until it is rotated. */
export const vendorOverdue: StackValidationPolicy = {
    name: "opsbook-secrets-vendor-overdue",
    description: "Every vendor secret was issued within its class's maximum age.",
    enforcementLevel: "mandatory",
    configSchema: vendorAgeConfigSchema,
    validateStack: (args, reportViolation) => {
        for (const secret of vendorSecretAges(args)) {
            if (secret.age.status !== "overdue") continue;
            reportViolation(
                `${secret.name}: issued ${secret.rotatedAt}, ${secret.age.ageDays} days ago; a ${secret.secretClass} may be at most ${secret.maxAgeDays} days old. Rotate it in the vendor's console, then \`pulumi config set --secret ${secret.name} <new value>\` and set its rotatedAt.`,
                secret.urn,
            );
        }
    },
};
