import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The tag that marks an alarm heard only through the composite alarm named by its value. */
export const PAGES_THROUGH_TAG = "opsbook:pages-through";

export interface ArmedSilenceArgs {
    /** The alarm on silence (`treatMissingData: breaching`), without actions: it is heard through the composite. */
    readonly silent: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags"> & {
        readonly tags: Record<string, string>;
    };
    /** The metric whose first datapoint arms the alarm: the one `silent` watches. */
    readonly metric: {
        readonly namespace: string;
        readonly metricName: string;
        readonly dimensions: Record<string, pulumi.Input<string>>;
        readonly period: number;
    };
    readonly topicArn: pulumi.Input<string>;
    /** The stack: composite alarm names are the user's and unique per account and region. */
    readonly stack: string;
    /** A paused workload: the composite keeps its actions but does not fire them. */
    readonly silenced?: boolean;
}

/**
 * An alarm on silence that pages only once the metric has been seen. CloudWatch cannot tell "never
 * published" from "stopped" in one alarm (missing data is missing data), but an alarm's state is memory:
 * - `<name>` breaches on missing data, as before, and has no actions;
 * - `<name>-seen` is ALARM whenever a datapoint exists (`SampleCount >= 1`) and, with `ignore`, keeps
 *   that state while data is missing ("the current alarm state is maintained"); a new alarm starts in
 *   INSUFFICIENT_DATA, so it reaches ALARM with the first datapoint and never leaves it;
 * - `<name>-armed`, a composite alarm `ALARM(seen) AND ALARM(silent)`, carries the actions.
 * model/alarmEval.ts replays these inputs over datapoint series (test/components/armed.test.ts).
 */
export function armedSilence(
    name: string,
    args: ArmedSilenceArgs,
    parent: pulumi.Resource,
): {
    silent: aws.cloudwatch.MetricAlarm;
    seen: aws.cloudwatch.MetricAlarm;
    armed: aws.cloudwatch.CompositeAlarm;
} {
    const through = { [PAGES_THROUGH_TAG]: `${name}-armed` };
    const silent = new aws.cloudwatch.MetricAlarm(
        name,
        { ...args.silent, tags: { ...args.silent.tags, ...through } },
        { parent },
    );
    const seen = new aws.cloudwatch.MetricAlarm(
        `${name}-seen`,
        {
            alarmDescription: `Has ${args.metric.metricName} ever been published? Arms ${name}.`,
            namespace: args.metric.namespace,
            metricName: args.metric.metricName,
            dimensions: args.metric.dimensions,
            statistic: "SampleCount",
            period: args.metric.period,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            treatMissingData: "ignore",
            tags: through,
        },
        { parent },
    );
    const topic = [args.topicArn];
    const armed = new aws.cloudwatch.CompositeAlarm(
        `${name}-armed`,
        {
            alarmName: `${args.stack}-${name}-armed`,
            alarmDescription: pulumi
                .output(args.silent.alarmDescription ?? name)
                .apply((d) => `${d}; armed by the first datapoint`),
            alarmRule: pulumi.interpolate`ALARM("${seen.arn}") AND ALARM("${silent.arn}")`,
            alarmActions: topic,
            okActions: topic,
            ...(args.silenced ? { actionsEnabled: false } : {}),
            tags: args.silent.tags,
        },
        // Its name is the key (tools/replaceOnChanges.ts): a replacement (pausing flips
        // actionsEnabled, which the provider replaces on) deletes the old alarm first.
        { parent, deleteBeforeReplace: true },
    );
    return { silent, seen, armed };
}
