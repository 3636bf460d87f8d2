import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { armedSilence } from "./armed";
import { ALERT_RULES, DAILY_APPLY_METRICS, DAILY_APPLY_PERIOD_SECONDS } from "../../model/rules";

export interface ApplyHeartbeatArgs {
    /** The stack whose daily `pulumi up` reports its runs (the metrics' `Stack` dimension). */
    readonly stack: string;
    /** The critical topic: both alarms page. */
    readonly criticalTopicArn: pulumi.Input<string>;
}

/**
 * The daily `pulumi up` performs the rotations that fell due; these alarms page when it does not. The
 * daily workflow puts `opsbook/DailyApplySucceeded` after a successful update and `DailyApplyFailed` when
 * a step failed (no path to a database, a refused update). A failure pages at once; a day without a
 * success pages too (`treatMissingData: breaching`), which covers what cannot report itself: missing
 * credentials, a disabled workflow, a self-hosted runner that never came. That one is armed by the first
 * success (`armedSilence`): a stack brought up by hand is not paged before its first daily run.
 */
export class ApplyHeartbeat extends pulumi.ComponentResource {
    public readonly missedAlarmArn: pulumi.Output<string>;
    public readonly failedAlarmArn: pulumi.Output<string>;

    constructor(
        name: string,
        args: ApplyHeartbeatArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:ApplyHeartbeat", name, {}, opts);
        const topic = [args.criticalTopicArn];
        const dimensions = { Stack: args.stack };
        const missed = ALERT_RULES["daily-apply"];
        const periods = (missed.minutes * 60) / DAILY_APPLY_PERIOD_SECONDS;
        // The first daily run after a manual first `up` has not happened yet: armed by its first success.
        const missedAlarm = armedSilence(
            name,
            {
                silent: {
                    alarmDescription: `No successful daily pulumi up of stack ${args.stack} for a day: due rotations did not happen (${missed.severity})`,
                    namespace: DAILY_APPLY_METRICS.namespace,
                    metricName: DAILY_APPLY_METRICS.succeeded,
                    dimensions,
                    statistic: "Sum",
                    period: DAILY_APPLY_PERIOD_SECONDS,
                    comparisonOperator: "LessThanThreshold",
                    threshold: missed.threshold,
                    evaluationPeriods: periods,
                    datapointsToAlarm: periods,
                    // Silence is the failure: no metric means no successful run.
                    treatMissingData: "breaching",
                    tags: { "opsbook:rule": "daily-apply", "opsbook:severity": missed.severity },
                },
                metric: {
                    namespace: DAILY_APPLY_METRICS.namespace,
                    metricName: DAILY_APPLY_METRICS.succeeded,
                    dimensions,
                    period: DAILY_APPLY_PERIOD_SECONDS,
                },
                topicArn: args.criticalTopicArn,
                stack: args.stack,
            },
            this,
        ).armed;
        const failed = ALERT_RULES["daily-apply-failed"];
        const failedAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-failed`,
            {
                alarmDescription: `The daily pulumi up of stack ${args.stack} failed: due rotations did not happen; see the workflow run (${failed.severity})`,
                namespace: DAILY_APPLY_METRICS.namespace,
                metricName: DAILY_APPLY_METRICS.failed,
                dimensions,
                statistic: "Sum",
                period: failed.minutes * 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: failed.threshold,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                // No report is no failure; the other alarm watches for silence.
                treatMissingData: "notBreaching",
                alarmActions: topic,
                okActions: topic,
                tags: { "opsbook:rule": "daily-apply-failed", "opsbook:severity": failed.severity },
            },
            { parent: this },
        );
        this.missedAlarmArn = missedAlarm.arn;
        this.failedAlarmArn = failedAlarm.arn;
        this.registerOutputs({
            missedAlarmArn: this.missedAlarmArn,
            failedAlarmArn: this.failedAlarmArn,
        });
    }
}
