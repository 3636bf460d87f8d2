import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { QUEUE_RULES } from "../../../model/queues";
import { childrenOf, ofType } from "../data/stack";
import { TYPES } from "../types";

const tagOf = (alarm: PolicyResource) => alarm.props.tags?.["opsbook:rule"] as string | undefined;
/** An alarm's dimensions: its metric's, or (metric math) those of the metrics it reads. */
const dimensionsOf = (alarm: PolicyResource): Record<string, unknown>[] => [
    ...(alarm.props.dimensions ? [alarm.props.dimensions] : []),
    ...(
        (alarm.props.metricQueries as { metric?: { dimensions?: Record<string, unknown> } }[]) ?? []
    ).flatMap((q) => (q.metric?.dimensions ? [q.metric.dimensions] : [])),
];

/**
 * Work that runs out of sight is watched. Every queue a service declares (the ECS service component's
 * `queues`) has an alarm of each queue rule on its own dimensions, and the one on missing metrics treats
 * silence as breaching, so a worker that stops publishing pages. Every scheduled job has its failure rule
 * with a target and a missed-run alarm that treats silence as breaching. Decided from names, tags and
 * dimensions the program sets, so a first preview is judged the same.
 */
export const workWatched: StackValidationPolicy = {
    name: "opsbook-alerts-work-watched",
    description:
        "Every declared queue has its alarms (missing metrics breaching); every scheduled job a failure alert and a missed-run alarm.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const alarms = ofType(args.resources, TYPES.aws.cloudwatch.MetricAlarm);
        for (const service of ofType(args.resources, TYPES.opsbook.EcsService)) {
            const name = String(service.props.service);
            const queues = (service.props.queues as string[] | undefined) ?? [];
            for (const queue of queues) {
                const mine = alarms.filter((a) =>
                    dimensionsOf(a).some((d) => d.Service === name && d.Queue === queue),
                );
                const missing = QUEUE_RULES.filter((rule) => !mine.some((a) => tagOf(a) === rule));
                if (missing.length > 0) {
                    reportViolation(
                        `service ${name}, queue ${queue}: no ${missing.join(", ")} alarm; every queue in opsbook:system.services.${name}.queues is watched by all four.`,
                        service.urn,
                    );
                }
                for (const alarm of mine.filter((a) => tagOf(a) === "queue-metrics-missing")) {
                    if (alarm.props.treatMissingData !== "breaching") {
                        reportViolation(
                            `${alarm.name}: treats missing data as ${String(alarm.props.treatMissingData)}; a worker that stops publishing must page (breaching).`,
                            alarm.urn,
                        );
                    }
                    // Heard through its composite (armed by the first datapoint): that one must exist.
                    const through = alarm.props.tags?.["opsbook:pages-through"] as
                        | string
                        | undefined;
                    if (
                        through !== undefined &&
                        !ofType(args.resources, TYPES.aws.cloudwatch.CompositeAlarm).some(
                            (c) => c.name === through,
                        )
                    ) {
                        reportViolation(
                            `${alarm.name}: pages through ${through}, which does not exist; nobody would hear a silent worker.`,
                            alarm.urn,
                        );
                    }
                }
            }
        }
        for (const job of ofType(args.resources, TYPES.opsbook.ScheduledJob)) {
            const children = childrenOf(args.resources, job.urn);
            const failed = children.find(
                (r) => r.type === TYPES.aws.cloudwatch.EventRule && r.name === `${job.name}-failed`,
            );
            const targeted = children.some(
                (r) =>
                    r.type === TYPES.aws.cloudwatch.EventTarget &&
                    r.name.startsWith(`${job.name}-failed-`),
            );
            if (!failed || !targeted) {
                reportViolation(
                    `${job.name}: a failed run alerts nobody; the job needs its failure rule and its target topic.`,
                    job.urn,
                );
            }
            const missedRun = children.find(
                (r) => r.type === TYPES.aws.cloudwatch.MetricAlarm && tagOf(r) === "job-missed-run",
            );
            if (missedRun?.props.treatMissingData !== "breaching") {
                reportViolation(
                    `${job.name}: ${missedRun ? "its missed-run alarm does not treat silence as breaching" : "no missed-run alarm"}; a job that stops running must alert.`,
                    job.urn,
                );
            }
        }
    },
};
