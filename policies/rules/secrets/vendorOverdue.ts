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
            // An acknowledged grace holds until its date (opsbook-waivers-active reports it meanwhile).
            if (secret.waiver?.status === "active") continue;
            const expired = secret.waiver
                ? ` Its waiver (${secret.waiver.path}, by ${secret.waiver.by}) ended on ${secret.waiver.until}.`
                : "";
            reportViolation(
                `${secret.name}: issued ${secret.rotatedAt}, ${secret.age.ageDays} days ago; a ${secret.secretClass} may be at most ${secret.maxAgeDays} days old.${expired} Rotate it in the vendor's console, then \`pulumi config set --secret ${secret.name} <new value>\` and set its rotatedAt; or, to deploy meanwhile, record who decided and until when in ${secret.waiver?.path ?? `opsbook:system.secrets.${secret.name}.waiver`}: { reason, by, until }.`,
                secret.urn,
            );
        }
    },
};
