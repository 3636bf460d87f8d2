/**
 * The runbook's operations sections: alerts by severity, queues and scheduled jobs, rollback, the
 * emergency pause, and feature flags with the emergency kill.
 */
import { alertPlan } from "../model/alerts";
import { flagSummaries, FLAG_STORE_CHANGES, servedText } from "../model/flags";
import { jobPlan } from "../model/jobs";
import type { SystemModel } from "../model/load";
import { queuePlan } from "../model/queues";
import { QUEUE_METRICS, Severity } from "../model/rules";
import { code, table } from "./runbookMarkdown";

/** The "Alerts" section: a table per severity, the ones the stack has. */
export function alertSection(model: SystemModel): string[] {
    const alerts = alertPlan(model);
    if (alerts.length === 0) return [];
    const out = ["", "## Alerts", ""];
    for (const severity of ["critical", "warning", "info"] as Severity[]) {
        const list = alerts.filter((a) => a.severity === severity);
        if (list.length === 0) continue;
        out.push(
            `### ${severity}`,
            "",
            ...table(
                ["alert", "signal", "threshold", "window", "route"],
                list.map((a) => [a.name, a.signal, a.threshold, a.window, a.route]),
            ),
            "",
        );
    }
    out.pop();
    return out;
}

/** Queues and scheduled jobs: what watches them, and what an operator does when one alerts. */
export function workSection(model: SystemModel, stack: string): string[] {
    const out: string[] = [];
    const queues = queuePlan(model.services, stack);
    if (queues.length > 0) {
        out.push(
            "",
            "## Queues",
            "",
            `Each worker prints one embedded-metric line per queue every ${QUEUE_METRICS.intervalSeconds} s (docs/queues-and-jobs.md: the queue metric contract); CloudWatch → Metrics → ${code(QUEUE_METRICS.namespace)} shows them by ${QUEUE_METRICS.dimensions.join(", ")}.`,
            "",
            ...table(
                ["service", "queue", "alarms"],
                queues.map((q) => [
                    q.service,
                    q.queue,
                    q.alarms
                        .map(
                            (a) =>
                                `${a.rule.replace(/^queue-/, "")} (${a.severity}, ${a.threshold})`,
                        )
                        .join(", "),
                ]),
            ),
            "",
            "- **metrics-missing** (pages): the worker is down, wedged or no longer prints the metrics. Check the service's tasks and logs (ECS → the service → Logs); a paused service's alarms are silenced.",
            "- **failed**: read the failed jobs' reasons in the broker (BullMQ: `redis-cli -u $REDIS_URL ZREVRANGE bull:<queue>:failed 0 9`, then `HGET bull:<queue>:<id> failedReason`) and the worker's logs; retry them once the cause is fixed.",
            "- **backlog** or **oldest-waiting**: jobs arrive faster than they finish, or nothing takes them. Check that the worker's tasks run and are not at their CPU or memory limit; raise `maxTasks`.",
        );
    }
    const jobs = jobPlan(model.jobs, stack);
    if (jobs.length > 0) {
        out.push(
            "",
            "## Scheduled jobs",
            "",
            ...table(
                ["job", "schedule (UTC)", "runs", "command", "logs", "alerts"],
                jobs.map((j) => [
                    j.name,
                    `${code(j.schedule)} (every ${j.every})${j.paused ? ", paused with its service" : ""}`,
                    j.service ? `${j.service}'s image and environment` : code(j.runs),
                    j.command ? code(j.command) : "-",
                    code(j.logGroup),
                    `failed: ${j.alerts.failed}; missed: ${j.alerts.missedRun}`,
                ]),
            ),
            "",
            "Run a job by hand (after a failure is fixed, or to catch up a missed run), then follow its logs:",
            "",
            "```sh",
            `pulumi stack output jobs --json --stack ${stack} | jq '.["${jobs[0].name}"]' > run-task.json`,
            "aws ecs run-task --cli-input-json file://run-task.json",
            `aws logs tail ${jobs[0].logGroup} --follow`,
            "```",
            "",
            "A failed run alerts once, when its task stops; the missed-run alarm clears with the next successful run.",
        );
    }
    return out;
}

/** The "Rollback" section: the previous image tag or Vercel deployment, and a migration's down. */
export function rollbackSection(model: SystemModel, apply: string): string[] {
    return [
        "",
        "## Rollback",
        "",
        ...Object.values(model.services).map((s) =>
            s.platform === "aws"
                ? `- **${s.name}**: set ${code(`opsbook:system.services.${s.name}.imageTag`)} to the previous tag (now ${code(s.imageTag ?? "")}), then ${code(apply)}. A deployment that fails its health checks is rolled back by the ECS circuit breaker by itself.`
                : `- **${s.name}**: Vercel dashboard → Deployments → the previous production deployment → Promote to Production (deployments are kept a year).`,
        ),
        "- **A migration**: the migration tool's own down command (for example `alembic downgrade -1`), then roll the service back.",
    ];
}

/** The "Emergency pause" section, when the stack runs ECS services: stop one at once, then restore it. */
export function pauseSection(model: SystemModel, stack: string, apply: string): string[] {
    const ecs = Object.values(model.services).filter((s) => s.platform === "aws");
    if (ecs.length === 0) return [];
    return [
        "",
        "## Emergency pause",
        "",
        `Stop a service at once (no task runs, its load balancer answers 503, its alarms and health check are silenced but kept): set ${code(`opsbook:system.services.<service>.paused`)} to ${code("true")}, then ${code(apply)}. Remove it and apply again to restore the service exactly as it was; the plan reports every paused service until then.`,
        "",
        "```sh",
        `pulumi config set --path 'opsbook:system.services.${ecs[0].name}.paused' true --stack ${stack}`,
        apply,
        "```",
    ];
}

/** The flags, which are killed, and the emergency kill: a stack file edit and an up, never SQL. */
export function flagSection(model: SystemModel, stack: string, apply: string): string[] {
    const flags = flagSummaries(model.flags);
    if (flags.length === 0) return [];
    const killed = flags.filter((f) => f.killSwitch).map((f) => f.name);
    const stores = [...new Set(flags.flatMap((f) => f.stores))];
    return [
        "",
        "## Feature flags",
        "",
        `Declared in ${code("opsbook:system.flags")} and served from the platforms' config stores; change ${code("enabled")} and apply, no deployment and no SQL. ${killed.length > 0 ? `Killed now: ${killed.map(code).join(", ")}.` : "No flag is killed."}`,
        "",
        ...table(
            ["flag", "declared", "kill switch", "served", "consumers", "what it is"],
            flags.map((f) => [
                f.name,
                f.enabled ? "on" : "off",
                f.killSwitch ? "**killed**" : "-",
                servedText(f),
                f.consumers.join(", "),
                f.description ?? "",
            ]),
        ),
        "",
        ...stores.map((store) => `- ${FLAG_STORE_CHANGES[store]}.`),
        "",
        "## Emergency: kill a feature flag",
        "",
        `Turn a feature off everywhere at once (every store that serves it serves it off, whatever ${code("enabled")} says): set ${code("opsbook:system.flags.<flag>.killSwitch")} to ${code("true")} (one line in the stack file), then ${code(apply)}. Remove it and apply again to serve the declared value; the plan lists every killed flag until then.`,
        "",
        "```sh",
        `pulumi config set --path 'opsbook:system.flags.${killed[0] ?? flags[0].name}.killSwitch' true --stack ${stack}`,
        apply,
        "```",
    ];
}
