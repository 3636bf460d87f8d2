import * as pulumi from "@pulumi/pulumi";
import { QueueModel } from "../../model/queues";
import { ALERT_RULES, QUEUE_METRICS, Severity } from "../../model/rules";
import { MetricQuery, ruleAlarm, ruleAlarmArgs } from "./alarm";
import { armedSilence } from "./armed";
import { Waiver } from "../../model/waivers";

export interface QueueAlarmsArgs {
    readonly service: string;
    /** The queues the service works, with their thresholds. */
    readonly queues: readonly QueueModel[];
    /** The `Stack` dimension the worker publishes (`OPSBOOK_STACK`). */
    readonly stack: string;
    readonly topicArns: Readonly<Record<Severity, pulumi.Input<string>>>;
    /** A paused service publishes nothing: its queue alarms keep their actions but do not fire them. */
    readonly silenced?: boolean;
}

/**
 * Alarms on the metrics a service's worker publishes per queue (`QUEUE_METRICS`;
 * docs/queues-and-jobs.md, "The queue metric contract"), routed by severity: no metrics for 5
 * minutes pages (missing data breaching: a worker that stops publishing is down) once the worker
 * has published at all (`armedSilence`); failed jobs over their share of finished ones, a backlog
 * over its ceiling for 15 minutes and an oldest waiting job over its age warn. Gauges take the
 * Maximum over replicas, counters the Sum.
 */
export class QueueAlarms extends pulumi.ComponentResource {
    public readonly alarmCount: number;

    constructor(name: string, args: QueueAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(
            "opsbook:index:QueueAlarms",
            name,
            { service: args.service, queues: args.queues.map((q) => q.name) },
            opts,
        );
        const m = QUEUE_METRICS;
        let count = 0;
        for (const queue of args.queues) {
            const dimensions = { Stack: args.stack, Service: args.service, Queue: queue.name };
            const t = queue.thresholds;
            const subject = `${args.service}: queue ${queue.name}`;
            const alarm = (
                suffix: string,
                spec: Omit<Parameters<typeof ruleAlarm>[1], "topicArns">,
            ) => {
                ruleAlarm(
                    `${name}-${queue.name}-${suffix}`,
                    {
                        ...spec,
                        topicArns: args.topicArns,
                        silenced: args.silenced,
                        waiver: (queue.waivers as Partial<Record<string, Waiver>>)[spec.rule],
                    },
                    this,
                );
                count++;
            };
            const metric = (metricName: string, statistic: string) => ({
                namespace: m.namespace,
                metricName,
                dimensions,
                statistic,
            });
            // A worker that has not printed its metrics yet is not down: armed by the first datapoint.
            const {
                alarmActions: _a,
                okActions: _o,
                ...silent
            } = ruleAlarmArgs({
                rule: "queue-metrics-missing",
                threshold: t["queue-metrics-missing"],
                description: `${subject}: no metrics from its worker (down, wedged or not publishing ${m.namespace})`,
                metric: metric(m.waiting, "SampleCount"),
                treatMissingData: "breaching",
                topicArns: args.topicArns,
            });
            armedSilence(
                `${name}-${queue.name}-metrics-missing`,
                {
                    silent,
                    metric: {
                        namespace: m.namespace,
                        metricName: m.waiting,
                        dimensions,
                        period: 60,
                    },
                    topicArn: args.topicArns[ALERT_RULES["queue-metrics-missing"].severity],
                    stack: args.stack,
                    silenced: args.silenced,
                },
                this,
            );
            count++;
            const counter = (id: string, metricName: string): MetricQuery => ({
                id,
                metric: {
                    namespace: m.namespace,
                    metricName,
                    dimensions,
                    stat: "Sum",
                    period: 60,
                },
            });
            alarm("failed", {
                rule: "queue-failed",
                threshold: t["queue-failed"],
                description: `${subject}: failed jobs over ${t["queue-failed"]}% of finished ones`,
                metric: {
                    queries: [
                        counter("failed", m.failed),
                        counter("completed", m.completed),
                        {
                            id: "rate",
                            expression:
                                "IF(failed + completed > 0, 100 * failed / (failed + completed), 0)",
                            label: "failed jobs (%)",
                            returnData: true,
                        },
                    ],
                },
                // No finished jobs is no failure; the metrics-missing alarm watches for silence.
                treatMissingData: "notBreaching",
            });
            alarm("backlog", {
                rule: "queue-backlog",
                threshold: t["queue-backlog"],
                description: `${subject}: over ${t["queue-backlog"]} jobs waiting`,
                metric: metric(m.waiting, "Maximum"),
                treatMissingData: "notBreaching",
            });
            alarm("oldest-waiting", {
                rule: "queue-oldest-waiting",
                threshold: t["queue-oldest-waiting"],
                description: `${subject}: oldest waiting job older than ${t["queue-oldest-waiting"]} s`,
                metric: metric(m.oldestWaitingAge, "Maximum"),
                treatMissingData: "notBreaching",
            });
        }
        this.alarmCount = count;
        this.registerOutputs({ alarmCount: this.alarmCount });
    }
}
