import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { TYPES } from "../types";

/** components/alerts/armed.ts `PAGES_THROUGH_TAG` (the pack does not import components). */
const PAGES_THROUGH = "opsbook:pages-through";

/**
 * An alarm nobody hears is no alarm: it notifies on alarm and on recovery, and says what no data means.
 * An alarm heard through a composite alarm (tag `opsbook:pages-through`, the silence alarms armed by a
 * first datapoint) has no actions of its own: the composite has them, and is held to this rule.
 */
export const alarmActions: ResourceValidationPolicy = {
    name: "opsbook-alerts-actions",
    description: "Every alarm has alarm and OK actions and an explicit missing-data treatment.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateInputsOf(TYPES.aws.cloudwatch.MetricAlarm, (alarm, args, reportViolation) => {
            const through = alarm.tags?.[PAGES_THROUGH];
            if (through !== undefined) {
                if ((alarm.alarmActions ?? []).length > 0)
                    reportViolation(
                        `${args.name}: pages through ${through} but has alarm actions of its own; it would page before its metric was ever seen.`,
                    );
            } else {
                if ((alarm.alarmActions ?? []).length === 0)
                    reportViolation(
                        `${args.name}: has no alarm action; route it to a severity topic.`,
                    );
                if ((alarm.okActions ?? []).length === 0)
                    reportViolation(
                        `${args.name}: has no OK action; on-call must hear when it recovers.`,
                    );
            }
            if (alarm.treatMissingData === undefined) {
                reportViolation(
                    `${args.name}: does not say what missing data means; set treatMissingData (breaching, notBreaching, ignore or missing).`,
                );
            }
        }),
        validateInputsOf(TYPES.aws.cloudwatch.CompositeAlarm, (alarm, args, reportViolation) => {
            if ((alarm.alarmActions ?? []).length === 0)
                reportViolation(`${args.name}: has no alarm action; route it to a severity topic.`);
            if ((alarm.okActions ?? []).length === 0)
                reportViolation(
                    `${args.name}: has no OK action; on-call must hear when it recovers.`,
                );
        }),
    ],
};
