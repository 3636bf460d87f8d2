import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALERT_RULES, DAILY_APPLY_METRIC, DAILY_APPLY_PERIOD_SECONDS } from "../model/rules";

export interface ApplyHeartbeatArgs {
    /** The stack whose daily `pulumi up` reports success (the metric's `Stack` dimension). */
    readonly stack: string;
    /** The critical topic: a day without a successful daily run pages. */
    readonly criticalTopicArn: pulumi.Input<string>;
}

/**
 * A dead man's switch on the daily `pulumi up`, which performs the rotations that fell due. The daily
 * workflow puts `opsbook/DailyApplySucceeded` (Stack=<stack>) after a successful update; a day of
 * periods without it (`treatMissingData: breaching`) alarms on the critical topic. So every reason the
 * rotation did not happen pages: no path to the database, no credentials, a failed update, a disabled
 * workflow or a runner that never came.
 */
export class ApplyHeartbeat extends pulumi.ComponentResource {
    public readonly alarmArn: pulumi.Output<string>;

    constructor(
        name: string,
        args: ApplyHeartbeatArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:ApplyHeartbeat", name, {}, opts);
        const rule = ALERT_RULES["daily-apply"];
        const periods = (rule.minutes * 60) / DAILY_APPLY_PERIOD_SECONDS;
        const alarm = new aws.cloudwatch.MetricAlarm(
            name,
            {
                alarmDescription: `No successful daily pulumi up of stack ${args.stack} for a day: due rotations did not happen (${rule.severity})`,
                namespace: DAILY_APPLY_METRIC.namespace,
                metricName: DAILY_APPLY_METRIC.metricName,
                dimensions: { Stack: args.stack },
                statistic: "Sum",
                period: DAILY_APPLY_PERIOD_SECONDS,
                comparisonOperator: "LessThanThreshold",
                threshold: rule.threshold,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                // Silence is the failure: no metric means no successful run.
                treatMissingData: "breaching",
                alarmActions: [args.criticalTopicArn],
                okActions: [args.criticalTopicArn],
                tags: { "opsbook:rule": "daily-apply", "opsbook:severity": rule.severity },
            },
            { parent: this },
        );
        this.alarmArn = alarm.arn;
        this.registerOutputs({ alarmArn: this.alarmArn });
    }
}
