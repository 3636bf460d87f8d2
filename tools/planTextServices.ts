/**
 * The plan's text sections about what runs: services, alerts, queues, scheduled jobs and feature flags.
 * Each section is one function.
 */
import { commandText } from "../model/command";
import { FLAG_STORE_CHANGES, FlagSummary, servedText } from "../model/flags";
import { table } from "./planTable";
import type { PlannedSystem } from "./planTypes";

/** The "Services" section: where each runs, what, how many, and what its edge enforces. */
export function serviceLines(services: PlannedSystem["services"]): string[] {
    return [
        "",
        "Services",
        ...table([
            [
                "service",
                "platform",
                "role",
                "domain",
                "health",
                "runs",
                "command",
                "release",
                "tasks",
                "edge",
            ],
            ...services.map((s) => [
                s.name,
                s.platform,
                s.role,
                s.domain ?? "-",
                s.healthPath ?? "-",
                s.source ?? "-",
                s.command ? commandText(s.command) : "-",
                s.release ? commandText(s.release) : "-",
                s.tasks ?? "-",
                s.edge ?? "-",
            ]),
        ]),
    ];
}

/** The "Alerts" section: each alert's signal, threshold and route. */
export function alertLines(alerts: PlannedSystem["alerts"]): string[] {
    return [
        "",
        "Alerts",
        ...table([
            ["alert", "severity", "signal", "threshold", "window", "route"],
            ...alerts.map((a) => [a.name, a.severity, a.signal, a.threshold, a.window, a.route]),
        ]),
    ];
}

/** The "Queues" section, only when a service works queues. */
export function queueLines(queues: PlannedSystem["queues"]): string[] {
    if (queues.length === 0) return [];
    const first = queues[0].metrics;
    return [
        "",
        `Queues (the worker prints EMF metrics to ${first.namespace}, dimensions ${Object.keys(first.dimensions).join(", ")})`,
        ...table([
            ["service", "queue", "alarms (severity threshold window, missing data)"],
            ...queues.map((q) => [
                q.service,
                q.queue,
                q.alarms
                    .map(
                        (a) =>
                            `${a.rule.replace(/^queue-/, "")}: ${a.severity} ${a.threshold} ${a.window}${a.missingData === "breaching" ? " (silence alarms)" : ""}`,
                    )
                    .join("; "),
            ]),
        ]),
    ];
}

/** The "Scheduled jobs" section, only when the stack has some. */
export function jobLines(jobs: PlannedSystem["jobs"]): string[] {
    if (jobs.length === 0) return [];
    return [
        "",
        "Scheduled jobs (EventBridge Scheduler → ECS RunTask)",
        ...table([
            ["job", "schedule", "runs", "command", "logs", "alerts"],
            ...jobs.map((j) => [
                j.name,
                `${j.schedule} (every ${j.every})${j.paused ? " PAUSED" : ""}`,
                j.service ? `${j.service}'s image` : j.runs,
                j.command ?? "-",
                j.logGroup,
                `failed: ${j.alerts.failed}; missed: ${j.alerts.missedRun}`,
            ]),
        ]),
    ];
}

/** The "Feature flags" section, only when the stack declares some, and how each store takes a change. */
export function flagLines(flags: readonly FlagSummary[]): string[] {
    if (flags.length === 0) return [];
    const stores = [...new Set(flags.flatMap((f) => f.stores))];
    return [
        "",
        "Feature flags (killSwitch serves a flag off in every store)",
        ...table([
            ["flag", "declared", "kill switch", "served", "consumers", "stores"],
            ...flags.map((f) => [
                f.name,
                f.enabled ? "on" : "off",
                f.killSwitch ? "KILLED" : "-",
                servedText(f),
                f.consumers.join(","),
                f.stores.join(","),
            ]),
        ]),
        ...stores.map((store) => `  ${FLAG_STORE_CHANGES[store]}.`),
    ];
}
