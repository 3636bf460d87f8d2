/**
 * Queues in the model: which service works which queue, each queue's thresholds (the rules', or stricter),
 * the variables its worker reads to publish the metric contract, and the alarms that watch it. Pure.
 */
import { asRecord, ConfigError, describeValue, joinPath } from "./errors";
import { ALERT_RULES, isStricter, QUEUE_METRICS, Severity } from "./rules";
import type { Parts } from "./parts";
import { QueueInput, WaiverInput } from "./schema";
import { looserMessage, toWaiver, Waiver, waivedValue } from "./waivers";

/** The rules every queue is watched by, in the order the plan lists them. */
export const QUEUE_RULES = [
    "queue-metrics-missing",
    "queue-failed",
    "queue-backlog",
    "queue-oldest-waiting",
] as const;
export type QueueRuleId = (typeof QUEUE_RULES)[number];

export interface QueueModel {
    readonly service: string;
    readonly name: string;
    /** Each rule's threshold for this queue: the rule's, a stricter override, or a waived looser one. */
    readonly thresholds: Readonly<Record<QueueRuleId, number>>;
    /** The waivers of looser thresholds, by rule. */
    readonly waivers: Readonly<Partial<Record<QueueRuleId, Waiver>>>;
}

export function toQueueModels(
    service: string,
    input: readonly (string | QueueInput)[] | undefined,
): QueueModel[] {
    return (input ?? []).map((entry, index) => {
        const queue: QueueInput = typeof entry === "string" ? { name: entry } : entry;
        const overrides = queue as Record<string, unknown>;
        const waivers: Partial<Record<QueueRuleId, Waiver>> = {};
        const thresholds = Object.fromEntries(
            QUEUE_RULES.map((id) => {
                const rule = ALERT_RULES[id];
                const key = "override" in rule ? rule.override : undefined;
                const value = key ? waivedValue(overrides[key]) : undefined;
                const override = key ? asRecord(overrides[key]) : undefined;
                const waiver = override?.waiver as WaiverInput | undefined;
                if (key && waiver) {
                    waivers[id] = toWaiver(waiver, ["services", service, "queues", index, key]);
                }
                return [id, value ? value.value : rule.threshold];
            }),
        ) as Record<QueueRuleId, number>;
        return { service, name: queue.name, thresholds, waivers };
    });
}

/** The plain variables a service with queues receives, so its worker can name its metrics. */
export function queueVariables(
    service: { readonly name: string; readonly queues: readonly QueueModel[] },
    stack: string,
): Record<string, string> {
    if (service.queues.length === 0) return {};
    const names = QUEUE_METRICS.variables;
    return {
        [names.stack]: stack,
        [names.service]: service.name,
        [names.queues]: service.queues.map((q) => q.name).join(","),
    };
}

/** Cross-entry rules for `services.<name>.queues`; reads the queues that parsed (model/parts.ts). */
export function checkQueues(parts: Parts): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    for (const [name, service] of Object.entries(parts.services)) {
        const queues = service.queues ?? [];
        if (queues.length === 0) continue;
        if (service.platform === "vercel") {
            error(
                ["services", name, "queues"],
                "is for aws services: a Vercel project's output does not reach CloudWatch; run the queue's worker as an aws service",
            );
        }
        const seen = new Set<string>();
        // A sparse list: a broken item is a hole, skipped, and the others keep their index.
        queues.forEach((entry, index) => {
            const queue: Partial<QueueInput> = typeof entry === "string" ? { name: entry } : entry;
            if (queue.name === undefined) return;
            if (seen.has(queue.name)) {
                error(
                    ["services", name, "queues", index],
                    `${describeValue(queue.name)} is listed twice; expected each queue once`,
                );
            }
            seen.add(queue.name);
            for (const id of QUEUE_RULES) {
                const rule = ALERT_RULES[id];
                if (!("override" in rule)) continue;
                const input = waivedValue(queue[rule.override]);
                if (!input) continue;
                const path = ["services", name, "queues", index, rule.override];
                if (!input.waiver && !isStricter(rule, input.value)) {
                    error(
                        path,
                        looserMessage(input.value, rule.threshold, id, rule.direction, "a queue"),
                    );
                } else if (input.waiver && isStricter(rule, input.value)) {
                    error(
                        [...path, "waiver"],
                        `waives nothing: ${input.value} is not looser than the runbook's ${rule.threshold} (${id}); write ${rule.override}: ${input.value} and remove the waiver`,
                    );
                }
            }
        });
    }
    return errors;
}

export interface QueueAlarmSummary {
    readonly rule: QueueRuleId;
    readonly severity: Severity;
    readonly threshold: string;
    readonly window: string;
    readonly missingData: "breaching" | "notBreaching";
}

export interface QueueSummary {
    readonly service: string;
    readonly queue: string;
    /** Where the worker's metrics land: namespace and dimension values. */
    readonly metrics: {
        readonly namespace: string;
        readonly dimensions: Readonly<Record<string, string>>;
    };
    readonly alarms: readonly QueueAlarmSummary[];
}

const UNITS = { percent: "%", seconds: " s", status: "", jobs: " jobs" } as const;

/** One queue's alarms as data: what the component builds, for the plan, the alerts list and the runbook. */
export function queueAlarms(queue: QueueModel): QueueAlarmSummary[] {
    return QUEUE_RULES.map((id) => {
        const rule = ALERT_RULES[id];
        return {
            rule: id,
            severity: rule.severity,
            threshold:
                id === "queue-metrics-missing"
                    ? "no metrics, once seen"
                    : `${rule.direction === "above" ? ">" : "<"} ${queue.thresholds[id]}${UNITS[rule.unit]}`,
            window: `${rule.minutes} min`,
            missingData: id === "queue-metrics-missing" ? "breaching" : "notBreaching",
        };
    });
}

export function queuePlan(
    services: Readonly<Record<string, { readonly queues: readonly QueueModel[] }>>,
    stack: string,
): QueueSummary[] {
    return Object.values(services).flatMap((service) =>
        service.queues.map((queue) => ({
            service: queue.service,
            queue: queue.name,
            metrics: {
                namespace: QUEUE_METRICS.namespace,
                dimensions: { Stack: stack, Service: queue.service, Queue: queue.name },
            },
            alarms: queueAlarms(queue),
        })),
    );
}
