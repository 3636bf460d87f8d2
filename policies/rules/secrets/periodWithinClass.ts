import { RandomPassword } from "@pulumi/random/randomPassword";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { SECRET_CLASSES } from "../../../model/rules";
import { secretClassOf } from "./keepers";

/** A generated secret's rotation period may not exceed its class's maximum. */
export const periodWithinClass: ResourceValidationPolicy = {
    name: "opsbook-secrets-period-within-class",
    description:
        "A generated secret rotates at least as often as its class's maximum period (model/rules.ts).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(RandomPassword, (password, args, reportViolation) => {
        const secretClass = secretClassOf(password.keepers);
        if (!secretClass) return;
        const maxDays = SECRET_CLASSES[secretClass].maxPeriodDays;
        const periodDays = Number(password.keepers?.periodDays);
        if (!Number.isInteger(periodDays) || periodDays < 1) {
            reportViolation(
                `${args.name}: keepers.periodDays ${JSON.stringify(password.keepers?.periodDays)} is not a whole number of days; expected 1 to ${maxDays}.`,
            );
        } else if (periodDays > maxDays) {
            reportViolation(
                `${args.name}: rotates every ${periodDays} days, longer than the ${secretClass} maximum of ${maxDays}; set the secret's periodDays to at most ${maxDays}.`,
            );
        }
    }),
};
