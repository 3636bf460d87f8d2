import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { ALERT_RULES, AlertRule, isStricter } from "../../../model/rules";
import { WAIVER_TAG, WAIVER_UNTIL_TAG, waiverStatus } from "../../../model/waivers";
import { clockConfigSchema, policyNow } from "../clock";
import { TYPES } from "../types";

/** An alarm that carries a runbook rule is at least as strict as the rule: threshold, direction, window. */
export const alarmThresholds: ResourceValidationPolicy = {
    name: "opsbook-alerts-thresholds",
    description: "No alarm threshold or window is looser than its runbook rule (model/rules.ts).",
    enforcementLevel: "mandatory",
    configSchema: clockConfigSchema,
    validateResource: validateInputsOf(
        TYPES.aws.cloudwatch.MetricAlarm,
        (alarm, args, reportViolation) => {
            const now = policyNow(args.getConfig<{ asOf?: string }>());
            const id = alarm.tags?.["opsbook:rule"];
            if (id === undefined) return;
            const rule = (ALERT_RULES as Record<string, AlertRule>)[id];
            if (!rule) {
                reportViolation(
                    `${args.name}: names an unknown rule ${JSON.stringify(id)}; expected one of ${Object.keys(ALERT_RULES).join(", ")}.`,
                );
                return;
            }
            const expected =
                rule.direction === "above" ? "GreaterThanThreshold" : "LessThanThreshold";
            const operator = String(alarm.comparisonOperator ?? "");
            if (!operator.startsWith(expected.replace("Threshold", ""))) {
                reportViolation(
                    `${args.name}: compares with ${operator || "nothing"}; rule ${id} alarms ${rule.direction} its threshold (${expected}).`,
                );
            }
            if (typeof alarm.threshold !== "number" || !isStricter(rule, alarm.threshold)) {
                // A looser threshold holds while its waiver does (opsbook-waivers-active reports it).
                const until = alarm.tags?.[WAIVER_UNTIL_TAG];
                const waiver = alarm.tags?.[WAIVER_TAG];
                if (typeof alarm.threshold === "number" && until && waiver) {
                    if (waiverStatus(until, now) !== "active") {
                        reportViolation(
                            `${args.name}: threshold ${alarm.threshold} is looser than rule ${id} (${rule.direction} ${rule.threshold} ${rule.unit}) and its waiver (${waiver}) ended on ${until}; restore the runbook's value, or decide the waiver again with a new until.`,
                        );
                    }
                } else {
                    reportViolation(
                        `${args.name}: threshold ${alarm.threshold} is looser than rule ${id} (${rule.direction} ${rule.threshold} ${rule.unit}).`,
                    );
                }
            }
            if ((alarm.evaluationPeriods ?? 0) * (alarm.period ?? 60) > rule.minutes * 60) {
                reportViolation(
                    `${args.name}: waits ${(alarm.evaluationPeriods ?? 0) * (alarm.period ?? 60)} s before alarming; rule ${id} allows ${rule.minutes * 60} s.`,
                );
            }
            if (alarm.tags?.["opsbook:severity"] !== rule.severity) {
                reportViolation(
                    `${args.name}: routes as ${alarm.tags?.["opsbook:severity"]}; rule ${id} is ${rule.severity}.`,
                );
            }
        },
    ),
};
