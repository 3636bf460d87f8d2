/**
 * The runbook, generated from the same model that provisions: services and health endpoints, who receives
 * which secret and database, the rotation schedule with the exact commands, vendor secrets and when each is
 * due, backups with the restore and drill commands, alerts by severity, queues and scheduled jobs (what to
 * do when one alerts, how to run a job by hand), and the rollback procedure.
 *
 *   npm run runbook -- [--stack prod | --stack-file PATH] [--out PATH]
 *
 * It depends on the stack file only, never on the date, so the committed copy can be checked for drift.
 */
import * as fs from "fs";
import * as path from "path";
import { releaseSection } from "./runbookRelease";
import { CliIO, CommandSpec, EXIT, runMain, startCommand } from "./cli";
import { ACCESS_LOG_BUCKET, ACCESS_LOG_BUCKET_OUTPUT, accessLogPlan } from "../model/accessLogs";
import { alertPlan } from "../model/alerts";
import { accessSummary } from "../model/access";
import { backupPlan } from "../model/backups";
import { jobPlan } from "../model/jobs";
import { commandText } from "../model/command";
import { queuePlan } from "../model/queues";
import { loginUser, readonlyRole } from "../model/data";
import { ConfigError, formatErrors, loadSystem, SystemModel } from "../model/load";
import {
    QUEUE_METRICS,
    DAY_MS,
    ORIGIN_SECRET_HEADER,
    RDS_CA_BUNDLE_PATH,
    REDIS_ENGINE,
    REDIS_SNAPSHOT_WINDOW,
    SECRET_CLASSES,
    Severity,
    TUNNEL_SSLMODE,
} from "../model/rules";
import { FLAG_STORE_CHANGES, flagSummaries, servedText } from "../model/flags";
import { ROLLOUT_DESCRIPTIONS, rolloutMechanism } from "../model/rollout";
import { parseIsoDate, rotationAnchor, secretVariables } from "../model/rotation";
import { PROJECT, PROJECT_ROOT } from "./project";
import { readStackFile } from "./stackFile";
import { diagram, gantt, routesSection } from "./runbookDiagrams";
import { TimelineExtra } from "../model/timeline";
import { listWaivers } from "../model/waivers";

const day = (date: Date) => date.toISOString().slice(0, 10);
const code = (text: string) => `\`${text}\``;

function table(header: string[], rows: string[][]): string[] {
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
}

/** Each waiver's end as a dated entry of the Gantt: the day the looser value stops holding. */
export function waiverDates(model: SystemModel): TimelineExtra[] {
    return listWaivers(model).map((waiver) => ({
        label: `waiver ends, ${waiver.subject}`,
        date: waiver.until.slice(0, 10),
    }));
}

/** Which consumers roll, and how, when a secret rotates. */
function rollouts(model: SystemModel, consumers: readonly string[]): string {
    return (
        consumers
            .flatMap((consumer) => {
                const service = model.services[consumer];
                if (!service) return [];
                return [
                    `${consumer}: ${rolloutMechanism(service) === "ecs-rolling-deployment" ? "new task definition" : "new production deployment"}`,
                ];
            })
            .join("; ") || "-"
    );
}

/** What application authors read, per key scheme. */
const KEY_USE_NOTES = [
    "How applications read them:",
    "",
    "- **Key sets** (signing keys, API and cron tokens): sign or send with `NAME`; accept `NAME`, `NAME_NEXT` and `NAME_PREVIOUS`. Django: `SECRET_KEY = env('SECRET_KEY')`, `SECRET_KEY_FALLBACKS = [env('SECRET_KEY_NEXT'), env('SECRET_KEY_PREVIOUS')]`. JWT: verify against the three as a JWKS-style list. Bearer tokens: compare the presented token with each of the three in constant time.",
    "- **Key rings** (encryption keys): encrypt with `NAME` and store `NAME_KEY_ID` with each ciphertext; decrypt with `JSON.parse(NAME_KEYRING)[keyId]`.",
    "- **Database credentials**: use `DATABASE_URL` as given; it names the current login user.",
    `- Rollout: ${ROLLOUT_DESCRIPTIONS["ecs-rolling-deployment"]} (ECS); ${ROLLOUT_DESCRIPTIONS["vercel-production-deployment"]} (Vercel).`,
];

/** Each Redis: what it is, how its token rotates, how to reach and restore it. Empty without one. */
export function redisSection(model: SystemModel, stack: string): string[] {
    const entries = Object.values(model.redis);
    if (entries.length === 0) return [];
    const out = ["", "## Redis", ""];
    out.push(
        ...table(
            [
                "redis",
                "engine",
                "node type",
                "nodes",
                "snapshots",
                "maxmemory",
                "AUTH token",
                "consumers",
            ],
            entries.map((r) => [
                r.name,
                `${REDIS_ENGINE} ${r.engineVersion}`,
                r.nodeType,
                `${1 + r.replicas}${r.replicas > 0 ? " (Multi-AZ, automatic failover)" : ""}`,
                `daily ${REDIS_SNAPSHOT_WINDOW} UTC, kept ${r.snapshotRetentionDays} days`,
                code(r.maxmemoryPolicy),
                `${code(r.tokenSecret)}, every ${r.tokenPeriodDays} days`,
                `${r.consumers.join(", ")} (${code(r.urlVariable)})`,
            ]),
        ),
        "",
        `The AUTH token rotates in the daily ${code(applyCommand(stack))}: ElastiCache is modified with ROTATE before the consumers roll, so it accepts the new token and the one before until every task has been replaced; after an incident the up uses SET and only the fresh token is accepted.`,
        "",
        "Check it from a consumer's task, or restore a snapshot into a new group (never over production):",
        "",
        "```sh",
        `aws ecs execute-command --cluster <cluster> --task <task id> --container <service> --interactive --command 'redis-cli --tls -u "$${entries[0].urlVariable}" ping'`,
        `aws elasticache describe-snapshots --replication-group-id <redis-${entries[0].name}-group id>`,
        `aws elasticache create-replication-group --replication-group-id ${entries[0].name}-restored --replication-group-description restore --snapshot-name <snapshot> --engine ${REDIS_ENGINE} --cache-node-type ${entries[0].nodeType} --transit-encryption-enabled --at-rest-encryption-enabled --auth-token <token> --cache-subnet-group-name <redis-${entries[0].name}-subnets name>`,
        "```",
    );
    return out;
}

/**
 * The incident entry for object access: where each bucket's access logs are, and the commands that find
 * who read, wrote or deleted one key. Empty when the stack has no bucket.
 */
export function accessLogSection(model: SystemModel, stack: string): string[] {
    const plan = accessLogPlan(model).filter((a) => a.resource !== ACCESS_LOG_BUCKET);
    const logged = plan.filter((a) => a.logsTo !== null);
    const unlogged = plan.filter((a) => a.logsTo === null && a.provider === "r2");
    if (logged.length === 0 && unlogged.length === 0) return [];
    const out = ["", "## Incident: who read, wrote or deleted an object", ""];
    if (logged.length > 0) {
        const example = logged[0];
        out.push(
            `Every S3 bucket writes S3 server access logs into the stack's log bucket (${code(`pulumi stack output ${ACCESS_LOG_BUCKET_OUTPUT} --stack ${stack}`)}), each under its own prefix, partitioned by the date of the request, kept ${model.rules.accessLogRetentionDays} days. Records arrive within hours, best effort: S3 does not promise every request is logged.`,
            "",
            ...table(
                ["bucket", "from", "logs under"],
                plan.map((a) => [
                    a.resource,
                    a.source,
                    a.prefix
                        ? code(
                              `s3://<log bucket>/${a.prefix}<account>/<region>/<bucket name>/YYYY/MM/DD/`,
                          )
                        : "not logged (R2): see docs/data.md, R2 and the audit trail",
                ]),
            ),
            "",
            `Who touched one key, on the day(s) in question (here ${example.resource}, for 24 November 2026): copy that day's logs, then print every record of the key with its time, operation, requester (IAM ARN, or ${code("-")} for anonymous) and IP. Logs name the key URL-encoded (a space is ${code("%20")}).`,
            "",
            "```sh",
            `LOGS=$(pulumi stack output ${ACCESS_LOG_BUCKET_OUTPUT} --stack ${stack})`,
            `aws s3 cp --recursive "s3://$LOGS/${example.prefix}" ./access-logs/ --exclude '*' --include '*/2026/11/24/*'`,
            `find ./access-logs -type f -exec cat {} + | awk -v key='<key>' '$9 == key { print $3, $4, $8, $6, $5 }' | sort`,
            "```",
            "",
            `Reads are ${code("REST.GET.OBJECT")}, ${code("REST.HEAD.OBJECT")} and ${code("REST.COPY.OBJECT_GET")}; writes ${code("REST.PUT.OBJECT")} and ${code("REST.COPY.OBJECT")}; deletions ${code("REST.DELETE.OBJECT")}, ${code("BATCH.DELETE.OBJECT")} (one record per key of a multi-object delete) and, by the lifecycle, ${code("S3.EXPIRE.OBJECT")}. The buckets are versioned: a deleted key comes back by removing its delete marker (${code("aws s3api list-object-versions --bucket <bucket name> --prefix <key>")}, then ${code("aws s3api delete-object --bucket <bucket name> --key <key> --version-id <delete marker's version id>")}).`,
        );
    }
    if (unlogged.length > 0) {
        out.push(
            "",
            `Not covered: ${unlogged.map((a) => code(a.resource)).join(", ")} on R2, which has no S3 server access logs. Its Data Access Logs (a bucket-settings switch in the Cloudflare dashboard, kept seven days) and the account's Audit Logs (bucket configuration changes) are where to look; see docs/data.md, R2 and the audit trail.`,
        );
    }
    return out;
}

/**
 * The `pulumi up` a runbook tells an operator to run. It names a policy config only when the stack has
 * one (`policies/config/<stack>.json`): the environment comes from the stack file, the config only sets
 * enforcement levels, and naming a file that does not exist would fail the up.
 */
export function applyCommand(stack: string): string {
    const config = `policies/config/${stack}.json`;
    const exists = fs.existsSync(path.join(__dirname, "..", config));
    return `pulumi up --stack ${stack} --policy-pack policies${exists ? ` --policy-pack-config ${config}` : ""}`;
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

export function renderRunbook(model: SystemModel, stack: string): string {
    const apply = applyCommand(stack);
    const out: string[] = [
        `# Runbook: ${stack}`,
        "",
        `Generated from \`Pulumi.${stack}.yaml\` by \`npm run runbook -- --stack ${stack}\`. Do not edit: change the stack file and regenerate (a test fails when this copy is stale).`,
        "",
        "## Services",
        "",
        ...table(
            ["service", "platform", "role", "health check", "runs", "release"],
            Object.values(model.services).map((s) => [
                s.name,
                s.platform,
                s.role,
                s.public ? code(`curl -fsS https://${s.domain}${s.healthPath}`) : "-",
                s.platform === "aws"
                    ? code(`${s.repository}:${s.imageTag}`)
                    : code(s.repository ?? "-"),
                s.release ? code(commandText(s.release)) : "-",
            ]),
        ),
        "",
        "## Who receives what",
        "",
        "Secrets and data stores to the services that read them, the edge in front of each public service, and where each severity's alerts go.",
        "",
        ...diagram(model),
        "",
        "### The next twelve months",
        "",
        "Rotations (as `npm run plan` dates them), vendor secrets' due dates and restore drills, from the stack file's latest recorded date; regenerate the runbook after an edit.",
        "",
        ...gantt(model, waiverDates(model)),
        "",
        "## Rotation",
        "",
        "Generated secrets rotate by themselves at the first `pulumi up` after each boundary (the daily workflow), and every consumer of a rotated value is redeployed in that same `pulumi up`: an ECS service gets a new task definition (ECS replaces its tasks one by one under the circuit breaker and `pulumi up` waits for a steady state), a Vercel project a new production deployment of its production branch. `npm run plan` shows today's generations and the next date.",
        "",
        ...table(
            ["secret", "class", "every", "consumers read", "schedule starts", "consumers roll by"],
            Object.values(model.secrets)
                .filter((s) => s.kind === "generated")
                .map((s) => [
                    s.name,
                    s.class,
                    `${s.periodDays} days`,
                    s.delivery === "database"
                        ? "`DATABASE_URL` naming the current of two login users"
                        : s.delivery === "redis"
                          ? `${code(Object.values(model.redis).find((r) => r.tokenSecret === s.name)?.urlVariable ?? "REDIS_URL")} with the current token; ElastiCache also accepts the one before`
                          : s.delivery === "edge"
                            ? `Cloudflare sends the current value as \`${ORIGIN_SECRET_HEADER}\`; the load balancers accept next, current and previous`
                            : secretVariables(s.name, s.scheme)
                                  .map((v) => v.variable)
                                  .join(", "),
                    day(rotationAnchor(s.name, s.formerPeriods[0]?.periodDays ?? s.periodDays)) +
                        (s.earlyRotations.length ? `; early: ${s.earlyRotations.join(", ")}` : ""),
                    s.delivery === "edge"
                        ? "updated in place by the same `pulumi up` (no redeploy)"
                        : rollouts(model, s.consumers),
                ]),
        ),
        "",
        ...KEY_USE_NOTES,
        "",
        "**Rotate one secret now**: add today's date to its `rotateNow` list in the stack file, then:",
        "",
        "```sh",
        `npm run plan -- --stack ${stack}   # shows the one value that changes and the consumers that roll`,
        apply,
        "```",
        "",
        "**Change a period**: never edit `periodDays` alone. Add the old period to `formerPeriods` with today's date, e.g. `formerPeriods: [{ periodDays: 90, until: 2026-12-01 }]`, and set the new `periodDays`: no value is replaced by the edit, and the next rotation follows the new cadence from the current value's start.",
        "",
        "**After an incident**: add the incident to `rotation.incidents` with today's date and apply. Every key-set value and login password is replaced at once (sessions end; requests between old and new instances fail until the rollout ends, the price of dropping a compromised value); every key ring gets a new current key, and its older keys stay to decrypt until the data is re-encrypted. Then rotate every vendor secret below in its console.",
        "",
        "```sh",
        `# N: the next free index; keep the earlier entries (they are the schedule's history)`,
        `pulumi config set --path 'opsbook:system.rotation.incidents[N].id' INC-YYYY-MM-DD --stack ${stack}`,
        `pulumi config set --path 'opsbook:system.rotation.incidents[N].at' YYYY-MM-DD --stack ${stack}`,
        apply,
        "```",
        "",
        "**Retire old encryption keys** (after re-encrypting every record with the current key): set the secret's `retiredThrough` to the newest generation no data uses (never one current within the last period: the plan refuses it), unprotect the retired keys (`npm run plan -- --json` lists each key's resource), then apply:",
        "",
        "```sh",
        `pulumi state unprotect 'urn:pulumi:${stack}::${PROJECT}::opsbook:index:RotatingSecret$random:index/randomPassword:RandomPassword::<SECRET>-g<N>' --stack ${stack}`,
        apply,
        "```",
        "",
        "### Vendor secrets",
        "",
        ...table(
            ["secret", "class", "issued", "due", "rotate with"],
            Object.values(model.secrets)
                .filter((s) => s.kind === "vendor" && s.rotatedAt)
                .map((s) => [
                    s.name,
                    s.class,
                    s.rotatedAt!,
                    day(
                        new Date(
                            parseIsoDate(s.rotatedAt!).getTime() +
                                Math.min(s.periodDays, SECRET_CLASSES[s.class].maxPeriodDays) *
                                    DAY_MS,
                        ),
                    ),
                    code(`pulumi config set --secret ${s.name} <new value> --stack ${stack}`) +
                        ", then set `rotatedAt` and apply (the new date is what redeploys its consumers)",
                ]),
        ),
    ];
    const backups = backupPlan(model);
    if (backups.length > 0) {
        out.push("", "## Backups and restore", "");
        out.push(
            ...table(
                ["database", "kind", "schedule", "RPO (achieved)", "kept", "restore drill"],
                backups.map((b) => [
                    b.database,
                    b.kind,
                    code(b.schedule),
                    `${b.rpoMinutes} min (${b.achievedRpoMinutes} min)`,
                    `${b.retentionDays} days${b.longTermRetentionDays ? `, monthly ${b.longTermRetentionDays} days` : ""}${b.keepVersions ? `, last ${b.keepVersions} dumps` : ""}`,
                    code(b.restoreTest),
                ]),
            ),
        );
        for (const db of Object.values(model.databases)) {
            out.push("", `### ${db.name}`, "");
            out.push(
                `Login users ${code(loginUser(db.dbName, "a"))} and ${code(loginUser(db.dbName, "b"))} alternate; read-only access: ${code(`GRANT ${readonlyRole(db.dbName)} TO <you>;`)}`,
                "",
            );
            const access = accessSummary(db);
            out.push(
                access.advisory
                    ? `How \`pulumi up\` reaches it: **not configured**. ${access.advisory}.`
                    : `How \`pulumi up\` reaches it: ${access.via}, ${access.description} (provider at ${code(access.connectsTo)}, TLS ${access.sslmode}).`,
                "",
            );
            if (access.via === "tunnel") {
                out.push(
                    "Connect by hand through the same path (closes the session and stops the task after):",
                    "",
                    "```sh",
                    `pulumi stack output databaseAccess --json --stack ${stack} > access.json`,
                    `tools/db-path.sh open --stack ${stack} --outputs access.json`,
                    `psql "host=127.0.0.1 port=${db.access?.localPort} dbname=${db.dbName} user=<you> sslmode=${TUNNEL_SSLMODE} sslrootcert=${RDS_CA_BUNDLE_PATH}"`,
                    "tools/db-path.sh close",
                    "```",
                    "",
                );
            }
            if (db.kind === "rds") {
                out.push(
                    "Restore to a point in time, into a new instance (never over production):",
                    "",
                    "```sh",
                    `aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier <db-${db.name}-instance id> --target-db-instance-identifier ${db.dbName.replace(/_/g, "-")}-restored --restore-time <ISO time> --db-subnet-group-name <db-${db.name}-subnets name> --vpc-security-group-ids <db-${db.name}-sg id>`,
                    "```",
                    "",
                    model.rules.restoreDrills
                        ? `Run the drill now: AWS Backup → Restore testing → ${code(`opsbook_${stack}_${db.dbName}_drill`.slice(0, 50))} → Run now.`
                        : "No scheduled drill in this environment (rule restoreDrills).",
                );
            } else {
                out.push(
                    "Take a dump by hand, or restore the latest one beside the database:",
                    "",
                    "```sh",
                    'pg_dump --format=custom --no-owner --no-privileges --file=db.dump "$ADMIN_URL"',
                    `aws s3 cp s3://<backup-${db.name}-dumps bucket>/${db.dbName}/latest.dump db.dump   # --version-id for an older dump`,
                    'psql "$ADMIN_URL" -c "CREATE DATABASE restore_check"',
                    'pg_restore --no-owner --no-privileges --exit-on-error --dbname "<admin URL with /restore_check>" db.dump',
                    "```",
                    "",
                    `Run the drill ${model.rules.restoreDrills ? "now" : "by hand (none is scheduled here: rule restoreDrills)"}: ${code(`aws ecs run-task --cluster <cluster> --task-definition opsbook-${stack}-${db.dbName}-restore-drill --launch-type FARGATE --network-configuration ...`)}`,
                );
            }
        }
    }
    out.push(...redisSection(model, stack));
    const alerts = alertPlan(model);
    if (alerts.length > 0) {
        out.push("", "## Alerts", "");
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
    }
    out.push(...routesSection(model));
    out.push(...workSection(model, stack), ...accessLogSection(model, stack));
    out.push(...releaseSection(model, stack));
    out.push("", "## Rollback", "");
    for (const s of Object.values(model.services)) {
        out.push(
            s.platform === "aws"
                ? `- **${s.name}**: set ${code(`opsbook:system.services.${s.name}.imageTag`)} to the previous tag (now ${code(s.imageTag ?? "")}), then ${code(apply)}. A deployment that fails its health checks is rolled back by the ECS circuit breaker by itself.`
                : `- **${s.name}**: Vercel dashboard → Deployments → the previous production deployment → Promote to Production (deployments are kept a year).`,
        );
    }
    out.push(
        "- **A migration**: the migration tool's own down command (for example `alembic downgrade -1`), then roll the service back.",
    );
    const ecs = Object.values(model.services).filter((s) => s.platform === "aws");
    if (ecs.length > 0) {
        out.push(
            "",
            "## Emergency pause",
            "",
            `Stop a service at once (no task runs, its load balancer answers 503, its alarms and health check are silenced but kept): set ${code(`opsbook:system.services.<service>.paused`)} to ${code("true")}, then ${code(apply)}. Remove it and apply again to restore the service exactly as it was; the plan reports every paused service until then.`,
            "",
            "```sh",
            `pulumi config set --path 'opsbook:system.services.${ecs[0].name}.paused' true --stack ${stack}`,
            apply,
            "```",
        );
    }
    out.push(...flagSection(model, stack, apply));
    out.push("");
    return out.join("\n");
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

export type RunbookResult =
    | { ok: true; markdown: string; stack: string }
    | { ok: false; errors: readonly ConfigError[] };

/** Loads a stack file and renders its runbook. Vendor values are not needed: only names and dates are. */
export function runbookFor(stackFile: string): RunbookResult {
    const read = readStackFile(stackFile, PROJECT);
    if (!read.ok) return read;
    const file = read.file;
    const secretKeys = new Set(file.config.secretKeys);
    // The runbook is as valid as the model, at the day its vendor dates were written (never in the future).
    const loaded = loadSystem(file.system, {
        now: new Date(8.64e15),
        config: { has: (key) => key in file.config.values, isSecret: (key) => secretKeys.has(key) },
    });
    if (!loaded.ok) return loaded;
    return { ok: true, markdown: renderRunbook(loaded.model, file.stack), stack: file.stack };
}

export const RUNBOOK_COMMAND: CommandSpec = {
    command: "npm run runbook",
    summary: "Writes a stack's operations runbook (Markdown) from its model.",
    options: {
        stack: {
            type: "string",
            value: "name",
            description: "Pulumi.<name>.yaml",
            defaultText: "prod",
        },
        "stack-file": { type: "string", value: "path", description: "this stack file instead" },
        out: {
            type: "string",
            value: "file",
            description: "where to write",
            defaultText: "docs/runbook.<stack>.md",
        },
    },
};

/** `npm run runbook -- ARGS`: writes the runbook; nothing on a usage error or an invalid stack. */
export function runbookCommand(argv: readonly string[], io: CliIO): number {
    const values = startCommand(RUNBOOK_COMMAND, argv, io);
    if (typeof values === "number") return values;
    const v = values as Record<string, string | undefined>;
    const stackFile = v["stack-file"]
        ? path.resolve(v["stack-file"])
        : path.join(PROJECT_ROOT, `Pulumi.${v.stack ?? "prod"}.yaml`);
    const result = runbookFor(stackFile);
    if (!result.ok) {
        io.stderr(
            `opsbook runbook: the stack is invalid; nothing was written:\n${formatErrors(result.errors)}\n`,
        );
        return EXIT.invalid;
    }
    const out = v.out
        ? path.resolve(v.out)
        : path.join(PROJECT_ROOT, "docs", `runbook.${result.stack}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, result.markdown);
    io.stdout(`wrote ${path.relative(process.cwd(), out)}\n`);
    return EXIT.ok;
}

if (require.main === module) runMain("runbook", runbookCommand);
