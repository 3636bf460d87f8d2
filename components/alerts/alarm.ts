import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALERT_RULES, AlertRuleId, Severity } from "../../model/rules";
import { Waiver, WAIVER_TAG, WAIVER_UNTIL_TAG } from "../../model/waivers";

export type MetricQuery = aws.types.input.cloudwatch.MetricAlarmMetricQuery;

export interface RuleAlarmArgs {
    readonly rule: AlertRuleId;
    /** The rule's threshold, or a service's stricter one, in the rule's unit. */
    readonly threshold: number;
    readonly description: string;
    /** A single metric, or metric math whose `returnData` query is the compared value. */
    readonly metric:
        | {
              readonly namespace: string;
              readonly metricName: string;
              readonly dimensions: Record<string, pulumi.Input<string>>;
              readonly statistic?: string;
              readonly extendedStatistic?: string;
          }
        | { readonly queries: MetricQuery[] };
    /** What no data means: `breaching` where silence is itself an outage, `notBreaching` for rates. */
    readonly treatMissingData: "breaching" | "notBreaching" | "ignore" | "missing";
    readonly topicArns: Readonly<Record<Severity, pulumi.Input<string>>>;
    /** A paused service: the alarm keeps its actions but does not fire them. Default false. */
    readonly silenced?: boolean;
    /** The waiver of a threshold looser than the rule's: tagged, so the pack judges it by its date. */
    readonly waiver?: Waiver;
}

/**
 * A CloudWatch alarm that carries one runbook rule: its threshold and window from `model/rules.ts`, its
 * severity's topic as alarm and OK action, and tags naming the rule so the pack can hold it to it.
 */
export function ruleAlarm(
    name: string,
    args: RuleAlarmArgs,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(name, ruleAlarmArgs(args), { parent });
}

/** The inputs of a rule's alarm (what `ruleAlarm` registers). */
export function ruleAlarmArgs(args: RuleAlarmArgs): aws.cloudwatch.MetricAlarmArgs & {
    tags: Record<string, string>;
} {
    const rule = ALERT_RULES[args.rule];
    const topic = args.topicArns[rule.severity];
    const metric =
        "queries" in args.metric
            ? { metricQueries: args.metric.queries }
            : {
                  namespace: args.metric.namespace,
                  metricName: args.metric.metricName,
                  dimensions: args.metric.dimensions,
                  period: 60,
                  ...(args.metric.extendedStatistic
                      ? { extendedStatistic: args.metric.extendedStatistic }
                      : { statistic: args.metric.statistic ?? "Average" }),
              };
    return {
        // On-call reads why the threshold is looser, who decided and until when, in the alarm itself.
        alarmDescription: `${args.description} (${rule.severity})${args.waiver ? `; looser than the runbook's ${rule.threshold} by waiver until ${args.waiver.until} (${args.waiver.by}: ${args.waiver.reason})` : ""}`,
        ...metric,
        comparisonOperator:
            rule.direction === "above" ? "GreaterThanThreshold" : "LessThanThreshold",
        threshold: args.threshold,
        evaluationPeriods: rule.minutes,
        datapointsToAlarm: rule.minutes,
        treatMissingData: args.treatMissingData,
        alarmActions: [topic],
        okActions: [topic],
        ...(args.silenced ? { actionsEnabled: false } : {}),
        tags: {
            "opsbook:rule": args.rule,
            "opsbook:severity": rule.severity,
            ...(args.waiver
                ? { [WAIVER_TAG]: args.waiver.path, [WAIVER_UNTIL_TAG]: args.waiver.until }
                : {}),
        },
    };
}
