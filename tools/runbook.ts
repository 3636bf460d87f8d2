/**
 * The runbook, generated from the same model that provisions: services and health endpoints, who receives
 * which secret and database, the rotation schedule with the exact commands, vendor secrets and when each is
 * due, backups with the restore and drill commands, alerts by severity, and the rollback procedure.
 *
 *   npm run runbook -- [--stack prod | --stack-file PATH] [--out PATH]
 *
 * It depends on the stack file only, never on the date, so the committed copy can be checked for drift.
 */
import * as fs from "fs";
import * as path from "path";
import { alertPlan } from "../model/alerts";
import { accessSummary } from "../model/access";
import { backupPlan } from "../model/backups";
import { loginUser, readonlyRole } from "../model/data";
import { ConfigError, formatErrors, loadSystem, SystemModel } from "../model/load";
import {
    DAY_MS,
    RDS_CA_BUNDLE_PATH,
    SECRET_CLASSES,
    Severity,
    TUNNEL_SSLMODE,
} from "../model/rules";
import { parseIsoDate, rotationAnchor } from "../model/rotation";
import { PROJECT, PROJECT_ROOT } from "./plan";
import { readStackFile } from "./stackFile";

const day = (date: Date) => date.toISOString().slice(0, 10);
const code = (text: string) => `\`${text}\``;

function table(header: string[], rows: string[][]): string[] {
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
}

/** Mermaid node ids: letters, digits and underscores. */
const node = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;

function diagram(model: SystemModel): string[] {
    const lines = ["```mermaid", "flowchart LR"];
    for (const s of Object.values(model.services))
        lines.push(`    ${node("svc", s.name)}["${s.name} (${s.platform})"]`);
    for (const secret of Object.values(model.secrets).filter(
        (x) => x.delivery === "env" && x.consumers.length > 0,
    )) {
        lines.push(`    ${node("sec", secret.name)}(["${secret.name}"])`);
        for (const c of secret.consumers)
            lines.push(`    ${node("sec", secret.name)} --> ${node("svc", c)}`);
    }
    for (const db of Object.values(model.databases)) {
        lines.push(`    ${node("db", db.name)}[("${db.name}: ${db.kind}")]`);
        for (const c of db.consumers)
            lines.push(`    ${node("db", db.name)} -- ${db.urlVariable} --> ${node("svc", c)}`);
    }
    for (const bucket of Object.values(model.buckets)) {
        lines.push(`    ${node("bkt", bucket.name)}[/"${bucket.name}: ${bucket.provider}"/]`);
        for (const c of bucket.consumers)
            lines.push(`    ${node("bkt", bucket.name)} --> ${node("svc", c)}`);
    }
    lines.push("```");
    return lines;
}

const APPLY =
    "pulumi up --stack {stack} --policy-pack policies --policy-pack-config policies/config/{stack}.json";

export function renderRunbook(model: SystemModel, stack: string): string {
    const apply = APPLY.replace(/\{stack\}/g, stack);
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
                s.release ? code(s.release) : "-",
            ]),
        ),
        "",
        "## Who receives what",
        "",
        ...diagram(model),
        "",
        "## Rotation",
        "",
        "Generated secrets rotate by themselves at the first `pulumi up` after each boundary (the daily workflow). `npm run plan` shows today's generation and the next date.",
        "",
        ...table(
            ["secret", "class", "every", "slots", "schedule starts", "consumers"],
            Object.values(model.secrets)
                .filter((s) => s.kind === "generated")
                .map((s) => [
                    s.name,
                    s.class,
                    `${s.periodDays} days`,
                    s.delivery === "database"
                        ? "two login users"
                        : s.slots === 2
                          ? `${s.name}, ${s.name}_PREVIOUS`
                          : s.name,
                    day(rotationAnchor(s.name, s.periodDays)) +
                        (s.earlyRotations.length ? `; early: ${s.earlyRotations.join(", ")}` : ""),
                    s.delivery === "database"
                        ? `login users of ${s.description?.replace("login users of database ", "")}`
                        : s.consumers.join(", ") || "-",
                ]),
        ),
        "",
        "**Rotate one secret now**: add today's date to its `rotateNow` list in the stack file, then:",
        "",
        "```sh",
        `npm run plan -- --stack ${stack}   # shows the one slot that changes`,
        apply,
        "```",
        "",
        "**After an incident**: set `rotation.incident` to the incident id (both slots of every generated secret are replaced; sessions end), apply, then rotate every vendor secret below in its console.",
        "",
        "```sh",
        `pulumi config set --path 'opsbook:system.rotation.incident' INC-YYYY-MM-DD --stack ${stack}`,
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
                        ", then set `rotatedAt` and apply",
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
                    `Run the drill now: AWS Backup → Restore testing → ${code(`opsbook_${stack}_${db.dbName}_drill`.slice(0, 50))} → Run now.`,
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
                    `Run the drill now: ${code(`aws ecs run-task --cluster <cluster> --task-definition opsbook-${stack}-${db.dbName}-restore-drill --launch-type FARGATE --network-configuration ...`)}`,
                );
            }
        }
    }
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
        "",
    );
    return out.join("\n");
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

function main(): number {
    const argv = process.argv.slice(2);
    const value = (flag: string) =>
        argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined;
    const stack = value("--stack") ?? "prod";
    const stackFile = value("--stack-file")
        ? path.resolve(value("--stack-file")!)
        : path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`);
    const result = runbookFor(stackFile);
    if (!result.ok) {
        console.error(
            `opsbook runbook: the stack is invalid; nothing was written:\n${formatErrors(result.errors)}`,
        );
        return 2;
    }
    const out = value("--out")
        ? path.resolve(value("--out")!)
        : path.join(PROJECT_ROOT, "docs", `runbook.${result.stack}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, result.markdown);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
    return 0;
}

if (require.main === module) process.exit(main());
