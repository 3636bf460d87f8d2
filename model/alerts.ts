/**
 * Every alert the system raises, as data: what it watches, its threshold and window, and where it goes.
 * The plan prints it; the components build the same alarms from the same rules. Pure.
 */
import { minutesText, missedDumpWindow } from "./jobs";
import type { SystemModel } from "./types";
import { redisNodeAlarms } from "./redis";
import { queueAlarms } from "./queues";
import { routeDestination } from "./routes";
import {
    ALERT_RULES,
    AlertRuleId,
    HEALTH_CHECK_FAILURE_THRESHOLD,
    HEALTH_CHECK_INTERVAL_SECONDS,
    Severity,
} from "./rules";

export interface AlertSummary {
    readonly name: string;
    readonly severity: Severity;
    /** What is watched, e.g. `api: 5xx rate`. */
    readonly signal: string;
    readonly threshold: string;
    readonly window: string;
    /** The topic and its subscriptions, e.g. `critical → https (PAGERDUTY_ALERTS_URL)`. */
    readonly route: string;
}

const UNITS: Record<string, string> = { percent: "%", seconds: " s", status: "" };

function ruleAlert(
    name: string,
    subject: string,
    id: AlertRuleId,
    threshold: number,
    route: (s: Severity) => string,
): AlertSummary {
    const rule = ALERT_RULES[id];
    return {
        name,
        severity: rule.severity,
        signal: `${subject}: ${rule.description}`,
        threshold: `${rule.direction === "above" ? ">" : "<"} ${threshold}${UNITS[rule.unit]}`,
        window: `${rule.minutes} min`,
        route: route(rule.severity),
    };
}

/** The stack has AWS resources, hence the alert topics (and the daily-apply heartbeat on them). */
export function usesAws(model: SystemModel): boolean {
    const services = Object.values(model.services);
    return (
        services.some((s) => s.platform === "aws" || s.public) ||
        Object.keys(model.databases).length > 0 ||
        Object.keys(model.redis).length > 0 ||
        Object.keys(model.jobs).length > 0 ||
        Object.values(model.buckets).some((b) => b.provider === "s3")
    );
}

/**
 * Production stacks with AWS resources are watched for their daily `pulumi up` (the daily workflow applies
 * them): a due rotation that does not happen there is a runbook violation. Staging is not paged for it.
 */
export function dailyApplyWatched(model: SystemModel): boolean {
    return usesAws(model) && model.rules.dailyApplyHeartbeat;
}

export function alertPlan(model: SystemModel): AlertSummary[] {
    const route = (severity: Severity) => {
        const subscribers = (model.alertRoutes[severity] ?? []).map(routeDestination);
        return `${severity} → ${subscribers.length > 0 ? subscribers.join(", ") : "no subscriber"}`;
    };
    const alerts: AlertSummary[] = [];
    for (const service of Object.values(model.services)) {
        if (service.public && model.rules.healthChecks) {
            alerts.push({
                name: `health-${service.name}`,
                severity: ALERT_RULES["health-check"].severity,
                signal: `${service.name}: https://${service.domain}${service.healthPath}`,
                threshold: `${HEALTH_CHECK_FAILURE_THRESHOLD} failed probes`,
                window: `every ${HEALTH_CHECK_INTERVAL_SECONDS} s`,
                route: route(ALERT_RULES["health-check"].severity),
            });
        }
        if (service.platform !== "aws") continue;
        const ids: AlertRuleId[] = [
            ...(service.public
                ? ([
                      "error-rate-critical",
                      "error-rate-warning",
                      "latency-p95",
                      "latency-p99",
                  ] as const)
                : []),
            "ecs-cpu",
            "ecs-memory",
        ];
        for (const id of ids)
            alerts.push(
                ruleAlert(
                    `alarms-${service.name}-${id}`,
                    service.name,
                    id,
                    service.thresholds[id],
                    route,
                ),
            );
    }
    if (dailyApplyWatched(model)) {
        const missed = ALERT_RULES["daily-apply"];
        const failed = ALERT_RULES["daily-apply-failed"];
        alerts.push(
            {
                name: "daily-apply",
                severity: missed.severity,
                signal: "no successful daily pulumi up (due rotations did not happen)",
                // Armed by the first success (components/alerts/armed.ts).
                threshold: "no success, once one was seen",
                window: `${missed.minutes / 60} h`,
                route: route(missed.severity),
            },
            {
                name: "daily-apply-failed",
                severity: failed.severity,
                signal: "the daily pulumi up failed (no path to a database, a refused update)",
                threshold: "any failure",
                window: `${failed.minutes} min`,
                route: route(failed.severity),
            },
        );
    }
    for (const queue of Object.values(model.services).flatMap((s) => s.queues)) {
        for (const alarm of queueAlarms(queue)) {
            alerts.push({
                name: `queues-${queue.service}-${queue.name}-${alarm.rule.replace(/^queue-/, "")}`,
                severity: alarm.severity,
                signal: `${queue.service}: queue ${queue.name}: ${ALERT_RULES[alarm.rule].description}`,
                threshold: alarm.threshold,
                window: alarm.window,
                route: route(alarm.severity),
            });
        }
    }
    for (const job of Object.values(model.jobs)) {
        const failed = ALERT_RULES["job-failed"];
        const missed = ALERT_RULES["job-missed-run"];
        alerts.push(
            {
                name: `job-${job.name}-failed`,
                severity: failed.severity,
                signal: `job ${job.name}: run exited non-zero or did not start`,
                threshold: "any failure",
                window: "event",
                route: route(failed.severity),
            },
            {
                name: `job-${job.name}-missed-run`,
                severity: missed.severity,
                signal: `job ${job.name}: no successful run (${job.schedule})`,
                threshold: "no success",
                window: minutesText((job.missedRun.periodSeconds * job.missedRun.periods) / 60),
                route: route(missed.severity),
            },
        );
    }
    for (const db of Object.values(model.databases)) {
        if (db.kind === "rds") {
            for (const id of [
                "rds-free-storage-warning",
                "rds-free-storage-critical",
                "rds-connections",
                "rds-cpu",
            ] as const) {
                alerts.push(
                    ruleAlert(
                        `alarms-db-${db.name}-${id}`,
                        `database ${db.name}`,
                        id,
                        ALERT_RULES[id].threshold,
                        route,
                    ),
                );
            }
        }
        alerts.push({
            name: `backup-${db.name}-failures`,
            severity: "critical",
            signal: `database ${db.name}: ${db.kind === "rds" ? "backup, copy or restore-test job" : "dump or restore drill"} failed`,
            threshold: "any failure",
            window: "event",
            route: route("critical"),
        });
        const dumpWindow = db.kind === "external" ? missedDumpWindow(db.rpoMinutes) : undefined;
        if (dumpWindow) {
            const missed = ALERT_RULES["backup-missed-dump"];
            alerts.push({
                name: `backup-${db.name}-missed-dump`,
                severity: missed.severity,
                signal: `database ${db.name}: no successful dump (every ${minutesText(db.rpoMinutes)})`,
                threshold: "no success",
                window: minutesText((dumpWindow.periodSeconds * dumpWindow.periods) / 60),
                route: route(missed.severity),
            });
        }
    }
    for (const redis of Object.values(model.redis)) {
        for (const alarm of redisNodeAlarms(redis)) {
            alerts.push(
                ruleAlert(
                    `alarms-redis-${redis.name}-${alarm.suffix}`,
                    `redis ${redis.name} node ${alarm.node}`,
                    alarm.rule,
                    ALERT_RULES[alarm.rule].threshold,
                    route,
                ),
            );
        }
    }
    return alerts;
}
