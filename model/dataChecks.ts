/**
 * The checks of `databases` and `buckets` that span entries (consumers, network, the admin URL secret,
 * the runbook's limits), over the entries that parsed (model/parts.ts). Shapes are the schema's; who gives
 * a service a variable is model/variables.ts's. Pure.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import { missedDumpWindow } from "./jobs";
import type { Parts } from "./parts";
import {
    ALARM_MAX_RANGE_SECONDS,
    BACKUP_BUCKET_KEEP_VERSIONS,
    BACKUP_MIN_RETENTION_DAYS,
    CONTINUOUS_BACKUP_RPO_MINUTES,
    DATABASE_ACCESS_PATHS,
    EXTERNAL_MIN_RPO_MINUTES,
    RDS_MAX_BACKUP_RETENTION_DAYS,
    rdsMaxConnections,
    SECRET_CLASSES,
    TUNNEL_MAX_LOCAL_PORT,
    TUNNEL_MIN_LOCAL_PORT,
} from "./rules";
import type { DatabaseInput } from "./schema";
import { checkPublicBucket } from "./buckets";

type ErrorAt = (path: PropertyKey[], message: string) => void;
/** Each name of `list` a service (or one of `allowed`). */
type CheckServices = (
    path: PropertyKey[],
    list: readonly string[] | undefined,
    allowed?: readonly string[],
) => void;

const RDS_ONLY = ["engineVersion", "instanceClass", "storageGb", "multiAz", "identifier"] as const;
const EXTERNAL_ONLY = ["adminUrlSecret", "keepVersions"] as const;

/** Cross-entry rules for `databases` and `buckets`. */
export function checkData(parts: Parts): ConfigError[] {
    const errors: ConfigError[] = [];
    const error: ErrorAt = (path, message) => errors.push({ path: joinPath(path), message });
    const serviceNames = parts.names.services;
    const checkServices: CheckServices = (path, list = [], allowed = serviceNames) =>
        list.forEach((service, index) => {
            if (!allowed.includes(service)) {
                error(
                    [...path, index],
                    `${describeValue(service)} is not ${allowed === serviceNames ? "a service" : "allowed here"}; expected one of ${quoteList(allowed)}`,
                );
            }
        });
    for (const [name, database] of Object.entries(parts.databases))
        checkDatabase(parts, name, database, error, checkServices);
    // Two tunnels cannot listen on one local port.
    const ports = new Map<number, string>();
    for (const [name, { access }] of Object.entries(parts.databases)) {
        if (access?.via !== "tunnel" || access.localPort === undefined) continue;
        const other = ports.get(access.localPort);
        if (other !== undefined)
            error(
                ["databases", name, "access", "localPort"],
                `${access.localPort} is already the local port of database ${other}'s tunnel; expected a port of its own`,
            );
        else ports.set(access.localPort, name);
    }

    for (const [name, bucket] of Object.entries(parts.buckets)) {
        if (bucket.provider === "r2" && !parts.written(["cloudflare"])) {
            error(
                ["cloudflare"],
                `is required: bucket ${name} is on R2, which needs the Cloudflare accountId`,
            );
        }
        if (bucket.provider === "r2" && parts.written(["buckets", name, "noncurrentVersionDays"])) {
            error(
                ["buckets", name, "noncurrentVersionDays"],
                "is for s3 buckets only: R2 keeps no versions; remove it",
            );
        }
        checkServices(["buckets", name, "corsFrom"], bucket.corsFrom);
        (bucket.corsFrom ?? []).forEach((service, index) => {
            if (serviceNames.includes(service) && !parts.written(["services", service, "domain"])) {
                error(
                    ["buckets", name, "corsFrom", index],
                    `${describeValue(service)} has no domain, so it has no browser origin; give it a domain or remove it`,
                );
            }
        });
        checkServices(["buckets", name, "consumers"], bucket.consumers);
        errors.push(
            ...checkPublicBucket(name, bucket, parts.dns, (key) =>
                parts.written(["buckets", name, key]),
            ),
        );
        for (const rename of bucket.renamedFrom ?? []) {
            if (parts.names.buckets.includes(rename))
                error(
                    ["buckets", name, "renamedFrom"],
                    `${describeValue(rename)} is still a bucket; a former name must be free`,
                );
        }
    }
    return errors;
}

/** One database entry: its kind's fields, the admin URL secret, the runbook's limits and its consumers. */
function checkDatabase(
    parts: Parts,
    name: string,
    database: Partial<DatabaseInput>,
    error: ErrorAt,
    checkServices: CheckServices,
): void {
    const kind = database.kind;
    const written = (key: string) => parts.written(["databases", name, key]);
    if (kind === "external" && !parts.written(["network"])) {
        error(
            ["network"],
            `is required: database ${name}'s dumps and restore drills run as ECS tasks in the VPC's private subnets`,
        );
    }
    if (kind === "rds" && !parts.written(["network"])) {
        error(
            ["network"],
            `is required: database ${name} is rds, and RDS lives in a VPC (vpcId, privateSubnetIds)`,
        );
    }
    for (const key of kind === "external" ? RDS_ONLY : kind === "rds" ? EXTERNAL_ONLY : []) {
        if (written(key))
            error(
                ["databases", name, key],
                `is for ${kind === "rds" ? "external" : "rds"} databases only; remove it`,
            );
    }
    if (kind === "external") checkAdminUrlSecret(parts, name, database, error);
    const retention = database.retentionDays;
    if (retention !== undefined) {
        const max = kind === "rds" ? RDS_MAX_BACKUP_RETENTION_DAYS : undefined;
        if (retention < BACKUP_MIN_RETENTION_DAYS) {
            error(
                ["databases", name, "retentionDays"],
                `${retention} is shorter than the runbook minimum; expected ${BACKUP_MIN_RETENTION_DAYS}${max ? ` to ${max}` : " or more"} days`,
            );
        } else if (max !== undefined && retention > max) {
            error(
                ["databases", name, "retentionDays"],
                `${retention} is longer than RDS keeps automated backups; expected ${BACKUP_MIN_RETENTION_DAYS} to ${max} days (monthly backups are kept a year regardless)`,
            );
        }
    }
    const rpo = database.rpoMinutes;
    const minRpo = kind === "external" ? EXTERNAL_MIN_RPO_MINUTES : CONTINUOUS_BACKUP_RPO_MINUTES;
    if (rpo !== undefined && rpo < minRpo) {
        error(
            ["databases", name, "rpoMinutes"],
            `${rpo} cannot be met by ${kind === "external" ? "logical dumps" : "continuous backup"}; expected ${minRpo} or more`,
        );
    } else if (kind === "external" && rpo !== undefined && !missedDumpWindow(rpo)) {
        // CloudWatch evaluates at most 7 days back: a longer interval could miss a dump unpaged.
        error(
            ["databases", name, "rpoMinutes"],
            `${rpo} is longer than a missed dump can be alarmed on (CloudWatch evaluates at most ${ALARM_MAX_RANGE_SECONDS / 60} minutes back); expected ${minRpo} to ${ALARM_MAX_RANGE_SECONDS / 60}`,
        );
    }
    const period = database.credentialPeriodDays;
    const maxPeriod = SECRET_CLASSES["database-credential"].maxPeriodDays;
    if (period !== undefined && period > maxPeriod) {
        error(
            ["databases", name, "credentialPeriodDays"],
            `${period} is longer than the database-credential class allows; expected 1 to ${maxPeriod} days`,
        );
    }
    if (
        database.keepVersions !== undefined &&
        database.keepVersions < BACKUP_BUCKET_KEEP_VERSIONS
    ) {
        error(
            ["databases", name, "keepVersions"],
            `${database.keepVersions} keeps fewer dumps than the runbook; expected ${BACKUP_BUCKET_KEEP_VERSIONS} or more`,
        );
    }
    if (
        kind === "rds" &&
        !written("maxConnections") &&
        database.instanceClass !== undefined &&
        rdsMaxConnections(database.instanceClass) === undefined
    ) {
        error(
            ["databases", name, "maxConnections"],
            `is required: ${describeValue(database.instanceClass)} is not in the rules' table of instance memory, so its max_connections is unknown`,
        );
    }
    checkAccess(name, database, error);
    checkServices(["databases", name, "consumers"], database.consumers);
    if (kind === "rds") {
        (database.consumers ?? []).forEach((consumer, index) => {
            if (parts.services[consumer]?.platform === "vercel") {
                error(
                    ["databases", name, "consumers", index],
                    `${describeValue(consumer)} runs on Vercel, which cannot reach an RDS database inside the VPC; expected aws services only`,
                );
            }
        });
    }
    const consumers = (database.consumers ?? []).filter((c) => parts.names.services.includes(c));
    checkServices(
        ["databases", name, "directUrlConsumers"],
        database.directUrlConsumers,
        consumers,
    );
    for (const rename of database.renamedFrom ?? []) {
        if (parts.names.databases.includes(rename))
            error(
                ["databases", name, "renamedFrom"],
                `${describeValue(rename)} is still a database; a former name must be free`,
            );
    }
}

/** An external database's admin URL: a vendor secret of class database-admin-url, given to no service. */
function checkAdminUrlSecret(
    parts: Parts,
    name: string,
    database: Partial<DatabaseInput>,
    error: ErrorAt,
): void {
    const secretName = database.adminUrlSecret;
    const path = ["databases", name, "adminUrlSecret"];
    if (secretName === undefined) {
        if (!parts.written(path))
            error(
                path,
                "is required for an external database: the name of a vendor secret of class database-admin-url",
            );
        return;
    }
    const secret = parts.secrets[secretName];
    if (!parts.names.secrets.includes(secretName)) {
        error(
            path,
            `${describeValue(secretName)} is not a secret; expected one of ${quoteList(parts.names.secrets)}`,
        );
    } else if (secret?.class !== undefined && secret.class !== "database-admin-url") {
        error(
            path,
            `${describeValue(secretName)} is of class ${describeValue(secret.class)}; expected a secret of class "database-admin-url"`,
        );
    } else if ((secret?.consumers ?? []).length > 0) {
        error(
            ["secrets", secretName, "consumers"],
            `must be empty: ${secretName} is ${name}'s admin credential, and services connect as its rotating login users`,
        );
    }
}

/** `databases.<name>.access`: a path the kind allows, and a local port only for a tunnel, in range. */
function checkAccess(name: string, database: Partial<DatabaseInput>, error: ErrorAt): void {
    const { access, kind } = database;
    if (!access || kind === undefined) return;
    const allowed: readonly string[] = DATABASE_ACCESS_PATHS[kind];
    const via = access.via;
    if (via !== undefined && !allowed.includes(via)) {
        error(
            ["databases", name, "access", "via"],
            kind === "rds"
                ? `${describeValue(via)} is not allowed for an rds database: it is private to the VPC; expected one of ${quoteList(allowed)}`
                : `${describeValue(via)} is not allowed for an external database: the access task forwards to RDS inside the VPC; expected one of ${quoteList(allowed)}`,
        );
    }
    const port = access.localPort;
    if (port === undefined) return;
    if (via !== "tunnel") {
        error(
            ["databases", name, "access", "localPort"],
            `is for tunnels only (access.via "tunnel"); remove it`,
        );
    } else if (port < TUNNEL_MIN_LOCAL_PORT || port > TUNNEL_MAX_LOCAL_PORT) {
        error(
            ["databases", name, "access", "localPort"],
            `${port} is not allowed; expected a port from ${TUNNEL_MIN_LOCAL_PORT} to ${TUNNEL_MAX_LOCAL_PORT}`,
        );
    }
}
