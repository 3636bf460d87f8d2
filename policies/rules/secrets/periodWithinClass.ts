import { ResourceValidationPolicy } from "@pulumi/policy";
import { SECRET_CLASSES, SecretClass } from "../../../model/rules";
import { TYPES } from "../types";

/**
 * A generated secret's rotation period may not exceed its class's maximum. The schedule travels as the
 * `RotatingSecret` component's inputs (never as keepers, so editing it replaces no value).
 */
export const periodWithinClass: ResourceValidationPolicy = {
    name: "opsbook-secrets-period-within-class",
    description:
        "A generated secret rotates at least as often as its class's maximum period (model/rules.ts).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.opsbook.RotatingSecret) return;
        const secretClass = args.props.class as SecretClass;
        const rule = SECRET_CLASSES[secretClass];
        if (!rule) {
            reportViolation(
                `${args.name}: class ${JSON.stringify(args.props.class)} is not an opsbook secret class.`,
            );
            return;
        }
        const periodDays = Number(args.props.periodDays);
        if (!Number.isInteger(periodDays) || periodDays < 1) {
            reportViolation(
                `${args.name}: periodDays ${JSON.stringify(args.props.periodDays)} is not a whole number of days; expected 1 to ${rule.maxPeriodDays}.`,
            );
        } else if (periodDays > rule.maxPeriodDays) {
            reportViolation(
                `${args.name}: rotates every ${periodDays} days, longer than the ${secretClass} maximum of ${rule.maxPeriodDays}; set the secret's periodDays to at most ${rule.maxPeriodDays}.`,
            );
        }
    },
};
