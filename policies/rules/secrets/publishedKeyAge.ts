import { StackValidationPolicy } from "@pulumi/policy";
import { DAY_MS } from "../../../model/rules";
import { clockConfigSchema, policyNow } from "../clock";
import { TYPES } from "../types";

/**
 * A published key (customers verify it) never expires by the calendar, but a key current for longer than
 * its period is reported, so its promotion is planned and announced instead of forgotten.
 */
export const publishedKeyAge: StackValidationPolicy = {
    name: "opsbook-secrets-published-key-age",
    description: "A published key current for longer than its period is reported for promotion.",
    enforcementLevel: "advisory",
    configSchema: clockConfigSchema,
    validateStack: (args, reportViolation) => {
        const now = policyNow(args.getConfig<{ asOf?: string }>());
        for (const r of args.resources) {
            if (r.type !== TYPES.opsbook.RotatingSecret || r.props.promotion !== "recorded")
                continue;
            const since = new Date(String(r.props.currentSince));
            const periodDays = Number(r.props.periodDays);
            const ageDays = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
            if (!(ageDays >= periodDays)) continue;
            const name = String(r.props.secret);
            reportViolation(
                `${name}: the current key was promoted on ${since.toISOString().slice(0, 10)}, ${ageDays} days ago (its period is ${periodDays}); tell the customers who verify it, then promote ${name}_NEXT by adding the date to opsbook:system.secrets.${name}.promotions.`,
                r.urn,
            );
        }
    },
};
