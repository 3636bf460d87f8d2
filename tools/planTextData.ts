/**
 * The plan's text sections about data: databases, how `pulumi up` reaches them, backups, Redis and the
 * buckets' access logs. Each section is one function, and prints nothing when the stack has none.
 */
import type { AccessLogSummary } from "../model/accessLogs";
import { table } from "./planTable";
import type { PlannedSystem } from "./planTypes";

/** The "Databases" section: roles, login users (current first) and connection limits. */
export function databaseLines(databases: PlannedSystem["databases"]): string[] {
    if (databases.length === 0) return [];
    return [
        "",
        "Databases",
        ...table([
            [
                "database",
                "kind",
                "postgres name",
                "login users (current first)",
                "read-only role",
                "conn/user",
                "max",
                "consumers",
            ],
            ...databases.map((d) => [
                d.name,
                d.kind,
                d.dbName,
                [d.currentUser, ...d.loginUsers.filter((u) => u !== d.currentUser)].join(", "),
                d.readonlyRole,
                String(d.connectionLimitPerUser),
                String(d.maxConnections),
                d.consumers.join(","),
            ]),
        ]),
    ];
}

/** The "Database access" section: the path `pulumi up` takes to each server, and what is missing. */
export function databaseAccessLines(databases: PlannedSystem["databases"]): string[] {
    if (databases.length === 0) return [];
    return [
        "",
        "Database access (how pulumi up reaches each server)",
        ...table([
            ["database", "via", "provider connects to", "TLS", "path"],
            ...databases.map((d) => [
                d.name,
                d.access.via ?? "-",
                d.access.connectsTo,
                d.access.sslmode,
                d.access.description,
            ]),
        ]),
        ...databases.flatMap((d) =>
            d.access.advisory ? [`  [advisory] ${d.access.advisory}`] : [],
        ),
    ];
}

/** The "Backups" section: each database's schedule, RPO, retention and restore test. */
export function backupLines(backups: PlannedSystem["backups"]): string[] {
    if (backups.length === 0) return [];
    return [
        "",
        "Backups",
        ...table([
            ["database", "kind", "schedule", "RPO (achieved)", "retention", "restore test"],
            ...backups.map((b) => [
                b.database,
                b.kind,
                b.schedule,
                `${b.rpoMinutes}m (${b.achievedRpoMinutes}m)`,
                `${b.retentionDays}d${b.longTermRetentionDays ? ` + monthly ${b.longTermRetentionDays}d` : ""}${b.keepVersions ? `, last ${b.keepVersions} dumps` : ""}`,
                b.restoreTest,
            ]),
        ]),
    ];
}

/** The "Redis" section: engine, nodes, snapshots and the AUTH token's rotation. */
export function redisLines(redis: PlannedSystem["redis"]): string[] {
    if (redis.length === 0) return [];
    return [
        "",
        "Redis (ElastiCache; TLS required, AUTH token, encrypted at rest)",
        ...table([
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
            ...redis.map((r) => [
                r.name,
                r.engine,
                r.nodeType,
                `${r.nodes}${r.multiAz ? " (Multi-AZ)" : ""}`,
                `daily ${r.snapshotWindow} UTC, ${r.snapshotRetentionDays}d`,
                r.maxmemoryPolicy,
                `${r.tokenSecret} (${r.tokenStrategy})`,
                `${r.consumers.join(",")} (${r.urlVariable})`,
            ]),
        ]),
    ];
}

/** The "Access logs" section: where each bucket's server access logs go, and which buckets have none. */
export function accessLogLines(accessLogs: readonly AccessLogSummary[]): string[] {
    if (accessLogs.length === 0) return [];
    return [
        "",
        "Access logs (who read, wrote or deleted which object)",
        ...table([
            ["bucket", "from", "provider", "logs to", "note"],
            ...accessLogs.map((a) => [
                a.resource,
                a.source,
                a.provider,
                a.logsTo ? `${a.logsTo}/${a.prefix}` : "-",
                a.note,
            ]),
        ]),
    ];
}
