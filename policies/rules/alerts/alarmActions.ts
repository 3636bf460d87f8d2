import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";

/** An alarm nobody hears is no alarm: it notifies on alarm and on recovery, and says what no data means. */
export const alarmActions: ResourceValidationPolicy = {
    name: "opsbook-alerts-actions",
    description: "Every alarm has alarm and OK actions and an explicit missing-data treatment.",
    enforcementLevel: "mandatory",
    validateResource: validateInputsOf(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        (alarm, args, reportViolation) => {
            if ((alarm.alarmActions ?? []).length === 0)
                reportViolation(`${args.name}: has no alarm action; route it to a severity topic.`);
            if ((alarm.okActions ?? []).length === 0)
                reportViolation(
                    `${args.name}: has no OK action; on-call must hear when it recovers.`,
                );
            if (alarm.treatMissingData === undefined) {
                reportViolation(
                    `${args.name}: does not say what missing data means; set treatMissingData (breaching, notBreaching, ignore or missing).`,
                );
            }
        },
    ),
};
