/**
 * The runbook's data sections: backups and restore (with each database's access and drill), Redis, and
 * the incident entry for who read, wrote or deleted an object.
 */
import { ACCESS_LOG_BUCKET, ACCESS_LOG_BUCKET_OUTPUT, accessLogPlan } from "../model/accessLogs";
import { accessSummary } from "../model/access";
import { backupPlan } from "../model/backups";
import { DatabaseModel, loginUser, readonlyRole } from "../model/data";
import type { SystemModel } from "../model/load";
import {
    RDS_CA_BUNDLE_PATH,
    REDIS_ENGINE,
    REDIS_SNAPSHOT_WINDOW,
    TUNNEL_SSLMODE,
} from "../model/rules";
import { applyCommand, code, table } from "./runbookMarkdown";

/** The "Backups and restore" section: every database's schedule, then how to reach and restore each. */
export function backupSection(model: SystemModel, stack: string): string[] {
    const backups = backupPlan(model);
    if (backups.length === 0) return [];
    const out = ["", "## Backups and restore", ""];
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
    for (const db of Object.values(model.databases)) out.push(...databaseSection(db, model, stack));
    return out;
}

/** One database: its login users, how `pulumi up` reaches it, and how to restore it and drill it. */
function databaseSection(db: DatabaseModel, model: SystemModel, stack: string): string[] {
    const out: string[] = ["", `### ${db.name}`, ""];
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
    return out;
}

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
