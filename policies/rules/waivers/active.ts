import { StackValidationPolicy } from "@pulumi/policy";
import { ALERT_RULES, AlertRule, isStricter } from "../../../model/rules";
import { WAIVER_TAG, WAIVER_UNTIL_TAG, waiverStatus } from "../../../model/waivers";
import { clockConfigSchema, policyNow } from "../clock";
import { vendorSecretAges } from "../secrets/vendorAge";
import { TYPES } from "../types";

/**
 * Every waiver that holds today is reported, naming it: a looser alarm threshold, or a vendor secret's
 * grace. The mandatory policies let these pass until `until`; from then on they refuse them.
 */
export const waiversActive: StackValidationPolicy = {
    name: "opsbook-waivers-active",
    description:
        "Each waiver (a looser runbook value, a vendor secret's grace) is reported while it holds.",
    enforcementLevel: "advisory",
    configSchema: clockConfigSchema,
    validateStack: (args, reportViolation) => {
        const now = policyNow(args.getConfig<{ asOf?: string }>());
        for (const r of args.resources) {
            if (r.type !== TYPES.aws.cloudwatch.MetricAlarm) continue;
            const tags = (r.props.tags ?? {}) as Record<string, string>;
            const until = tags[WAIVER_UNTIL_TAG];
            const rule = (ALERT_RULES as Record<string, AlertRule>)[tags["opsbook:rule"]];
            const threshold = r.props.threshold;
            if (!until || !rule || typeof threshold !== "number") continue;
            if (waiverStatus(until, now) !== "active" || isStricter(rule, threshold)) continue;
            reportViolation(
                `${r.name}: threshold ${threshold} is looser than rule ${tags["opsbook:rule"]} (${rule.direction} ${rule.threshold} ${rule.unit}) by waiver ${tags[WAIVER_TAG]} until ${until}.`,
                r.urn,
            );
        }
        for (const secret of vendorSecretAges(args)) {
            if (secret.waiver?.status !== "active") continue;
            const state =
                secret.age.status === "overdue"
                    ? `overdue since ${secret.age.dueAt.toISOString().slice(0, 10)}`
                    : `due ${secret.age.dueAt.toISOString().slice(0, 10)}`;
            reportViolation(
                `${secret.name}: ${state} (at most ${secret.maxAgeDays} days); allowed by waiver ${secret.waiver.path} until ${secret.waiver.until} (${secret.waiver.by}: ${secret.waiver.reason}).`,
                secret.urn,
            );
        }
    },
};
