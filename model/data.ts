/**
 * Databases and buckets in the model: their defaults from the rules, and the checks that span entries
 * (consumers, network, the admin URL secret, variable names). Pure: no resources.
 */
import { FormerPeriod } from "./rotation";
import type { SecretClassRule } from "./rules";
import { asRecord, asStringList, ConfigError, describeValue, joinPath, quoteList } from "./errors";
import { missedDumpWindow } from "./jobs";
import {
    ALARM_MAX_RANGE_SECONDS,
    APP_CONNECTION_SHARE,
    BACKUP_BUCKET_KEEP_VERSIONS,
    EnvironmentRules,
    BACKUP_MIN_RETENTION_DAYS,
    CONTINUOUS_BACKUP_RPO_MINUTES,
    DATABASE_ACCESS_PATHS,
    DatabaseAccessPath,
    DEFAULT_DATABASE_ACCESS,
    DEFAULT_POSTGRES_VERSION,
    DEFAULT_RDS_INSTANCE_CLASS,
    DEFAULT_RDS_STORAGE_GB,
    DEFAULT_RPO_MINUTES,
    EXTERNAL_DEFAULT_MAX_CONNECTIONS,
    EXTERNAL_MIN_RPO_MINUTES,
    RDS_MAX_BACKUP_RETENTION_DAYS,
    RDS_STORAGE_AUTOSCALING_FACTOR,
    rdsMaxConnections,
    SECRET_CLASSES,
    TUNNEL_DEFAULT_LOCAL_PORT,
    TUNNEL_MAX_LOCAL_PORT,
    TUNNEL_MIN_LOCAL_PORT,
    UPLOADS_NONCURRENT_DAYS,
} from "./rules";
import { Slot } from "./rotation";
import { BucketInput, DatabaseInput } from "./schema";
import { bucketVariable, checkPublicBucket } from "./buckets";

export { bucketVariable } from "./buckets";

export interface RdsSettings {
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly storageGb: number;
    readonly maxStorageGb: number;
    readonly multiAz: boolean;
    /** The instance identifier the stack file pins (an existing instance's), if any. */
    readonly identifier?: string;
}

/** How `pulumi up` reaches a database's server (`model/rules.ts`, DATABASE_ACCESS_PATHS). */
export interface DatabaseAccessModel {
    readonly via: DatabaseAccessPath;
    /** tunnel: the local port the port-forwarding session listens on. */
    readonly localPort?: number;
}

export interface DatabaseModel {
    readonly name: string;
    readonly kind: "rds" | "external";
    readonly dbName: string;
    readonly consumers: readonly string[];
    readonly directUrlConsumers: readonly string[];
    readonly urlVariable: string;
    readonly directUrlVariable: string;
    readonly rpoMinutes: number;
    readonly retentionDays: number;
    readonly credentialPeriodDays: number;
    /** Earlier periods of the login passwords, oldest first. */
    readonly credentialFormerPeriods: readonly FormerPeriod[];
    /** The generated secret (class database-credential) whose two slots are the two login users' passwords. */
    readonly credentialSecret: string;
    readonly renamedFrom: readonly string[];
    readonly rds?: RdsSettings;
    readonly adminUrlSecret?: string;
    readonly keepVersions: number;
    /** Connections each login user may hold, and the server's maximum. */
    readonly connectionLimits: { readonly appUser: number; readonly max: number };
    /** How `pulumi up` reaches the server; undefined for an rds database that does not say (the plan advises). */
    readonly access?: DatabaseAccessModel;
}

export interface BucketModel {
    readonly name: string;
    readonly provider: "s3" | "r2";
    readonly purpose: "uploads" | "assets" | "backups";
    /** Browser origins allowed to upload (https://<domain> of each `corsFrom` service). */
    readonly corsOrigins: readonly string[];
    readonly consumers: readonly string[];
    /** The variable consumers receive the bucket's name in. */
    readonly envVariable: string;
    readonly noncurrentVersionDays: number;
    readonly renamedFrom: readonly string[];
    /** Declared public: served to anyone at `domain` (an R2 custom domain), for `reason`. */
    readonly public?: { readonly reason: string; readonly domain: string };
}

/**
 * `app` → `APP_DB_CREDENTIAL`: the calendar name of a database's login credential. Named after the
 * PostgreSQL name, which a rename keeps, so renaming the entry never rotates its passwords.
 */
/** The login passwords' period and history, on the class default's history when no period is set. */
function credentialSchedule(
    periodDays: number | undefined,
    formerPeriods: readonly FormerPeriod[] | undefined,
): { credentialPeriodDays: number; credentialFormerPeriods: FormerPeriod[] } {
    const rule: SecretClassRule = SECRET_CLASSES["database-credential"];
    const former = [...(formerPeriods ?? [])];
    if (periodDays !== undefined)
        return { credentialPeriodDays: periodDays, credentialFormerPeriods: former };
    return {
        credentialPeriodDays: rule.defaultPeriodDays,
        credentialFormerPeriods: [...(rule.formerDefaultPeriods ?? []), ...former],
    };
}

export function credentialSecretName(dbName: string): string {
    return `${dbName.toUpperCase()}_DB_CREDENTIAL`;
}

/** The login user of each slot: they alternate, so a rotation never breaks a connected service. */
export function loginUser(dbName: string, slot: Slot): string {
    return `${dbName}_login_${slot}`;
}
/**
 * The RDS instance identifier: set by the program, not generated at create, so the log groups RDS exports
 * into (`/aws/rds/instance/<identifier>/<log>`) can be created before the instance. From the entry's
 * oldest name (`renamedFrom`), never `dbName`: changing the identifier replaces the instance, so neither a
 * rename of the entry nor of the database may touch it. RDS allows letters, digits and single hyphens,
 * starting with a letter, up to 63 characters. An instance created before opsbook named it keeps the
 * identifier Pulumi generated: the stack file pins it (`identifier`).
 */
export function rdsIdentifier(stack: string, database: DatabaseModel): string {
    if (database.rds?.identifier) return database.rds.identifier;
    const id = `opsbook-${stack}-${database.renamedFrom.at(-1) ?? database.name}`
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/-+$/, "");
    return id.slice(0, 63).replace(/-+$/, "");
}
export const ownerRole = (dbName: string) => `${dbName}_owner`;
export const readonlyRole = (dbName: string) => `${dbName}_readonly`;

function connectionLimits(max: number): DatabaseModel["connectionLimits"] {
    // Two login users alternate; during a rotation both hold connections, so each may use the whole app share.
    return {
        appUser: Math.max(1, Math.floor(max * APP_CONNECTION_SHARE)),
        max,
    };
}

/**
 * The access path of each database: its own, or its kind's default. Tunnels without a `localPort` take
 * the next free port from TUNNEL_DEFAULT_LOCAL_PORT, in entry order, so two tunnels never share one.
 */
export function databaseAccess(
    databases: Readonly<Record<string, DatabaseInput>>,
): Record<string, DatabaseAccessModel | undefined> {
    const taken = new Set(
        Object.values(databases).flatMap((d) =>
            d.access?.via === "tunnel" && d.access.localPort !== undefined
                ? [d.access.localPort]
                : [],
        ),
    );
    let next = TUNNEL_DEFAULT_LOCAL_PORT;
    return Object.fromEntries(
        Object.entries(databases).map(([name, d]) => {
            const via = d.access?.via ?? DEFAULT_DATABASE_ACCESS[d.kind];
            if (via !== "tunnel") return [name, via ? { via } : undefined];
            let localPort = d.access?.localPort;
            if (localPort === undefined) {
                while (taken.has(next)) next++;
                localPort = next;
                taken.add(next);
            }
            return [name, { via, localPort }];
        }),
    );
}

export function toDatabaseModel(
    name: string,
    input: DatabaseInput,
    access: DatabaseAccessModel | undefined,
    rules: Pick<EnvironmentRules, "backupRetentionDays" | "multiAz">,
): DatabaseModel {
    const instanceClass = input.instanceClass ?? DEFAULT_RDS_INSTANCE_CLASS;
    const storageGb = input.storageGb ?? DEFAULT_RDS_STORAGE_GB;
    const max =
        input.maxConnections ??
        (input.kind === "rds" ? rdsMaxConnections(instanceClass) : undefined) ??
        EXTERNAL_DEFAULT_MAX_CONNECTIONS;
    // A renamed entry keeps the PostgreSQL name it was created with (its oldest name), unless it says otherwise.
    const dbName = input.dbName ?? (input.renamedFrom?.at(-1) ?? name).replace(/-/g, "_");
    return {
        name,
        kind: input.kind,
        dbName,
        consumers: input.consumers,
        directUrlConsumers: input.directUrlConsumers ?? [],
        urlVariable: input.urlVariable ?? "DATABASE_URL",
        directUrlVariable: input.directUrlVariable ?? "DIRECT_URL",
        rpoMinutes: input.rpoMinutes ?? DEFAULT_RPO_MINUTES,
        retentionDays: input.retentionDays ?? rules.backupRetentionDays,
        ...credentialSchedule(input.credentialPeriodDays, input.credentialFormerPeriods),
        credentialSecret: credentialSecretName(dbName),
        renamedFrom: input.renamedFrom ?? [],
        rds:
            input.kind === "rds"
                ? {
                      engineVersion: input.engineVersion ?? DEFAULT_POSTGRES_VERSION,
                      instanceClass,
                      storageGb,
                      maxStorageGb: storageGb * RDS_STORAGE_AUTOSCALING_FACTOR,
                      multiAz: input.multiAz ?? rules.multiAz,
                      ...(input.identifier ? { identifier: input.identifier } : {}),
                  }
                : undefined,
        adminUrlSecret: input.adminUrlSecret,
        keepVersions: input.keepVersions ?? BACKUP_BUCKET_KEEP_VERSIONS,
        connectionLimits: connectionLimits(max),
        access,
    };
}

export function toBucketModel(
    name: string,
    input: BucketInput,
    domains: Readonly<Record<string, string | undefined>>,
): BucketModel {
    return {
        name,
        provider: input.provider,
        purpose: input.purpose ?? "uploads",
        corsOrigins: (input.corsFrom ?? []).map((service) => `https://${domains[service]}`),
        consumers: input.consumers ?? [],
        envVariable: bucketVariable(name, input),
        noncurrentVersionDays: input.noncurrentVersionDays ?? UPLOADS_NONCURRENT_DAYS,
        renamedFrom: input.renamedFrom ?? [],
        ...(input.public && input.publicReason && input.domain
            ? { public: { reason: input.publicReason, domain: input.domain } }
            : {}),
    };
}

const RDS_ONLY = ["engineVersion", "instanceClass", "storageGb", "multiAz", "identifier"] as const;
const EXTERNAL_ONLY = ["adminUrlSecret", "keepVersions"] as const;

/** Cross-entry rules for `databases` and `buckets`; reads the raw input defensively, like the loader. */
export function checkData(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const services = asRecord(raw.services) ?? {};
    const serviceNames = Object.keys(services);
    const secrets = asRecord(raw.secrets) ?? {};
    const databases = asRecord(raw.databases) ?? {};
    const buckets = asRecord(raw.buckets) ?? {};
    const checkServices = (path: PropertyKey[], list: unknown, allowed = serviceNames) =>
        asStringList(list).forEach((service, index) => {
            if (!allowed.includes(service)) {
                error(
                    [...path, index],
                    `${describeValue(service)} is not ${allowed === serviceNames ? "a service" : "allowed here"}; expected one of ${quoteList(allowed)}`,
                );
            }
        });
    // Every variable a service receives from data entries, to catch two sources for one name.
    const variableSources = new Map<string, string>();
    const claim = (service: string, variable: string, source: string, path: PropertyKey[]) => {
        const key = `${service}.${variable}`;
        const taken =
            variableSources.get(key) ??
            (asRecord(asRecord(raw.env)?.[service])?.[variable] !== undefined
                ? `env.${service}.${variable}`
                : undefined) ??
            (asStringList(asRecord(secrets[variable])?.consumers).includes(service)
                ? `secrets.${variable}`
                : undefined);
        if (taken)
            error(
                path,
                `gives ${service} the variable ${variable}, which ${taken} already sets; choose another name`,
            );
        else variableSources.set(key, source);
    };

    for (const [name, rawDatabase] of Object.entries(databases)) {
        const database = asRecord(rawDatabase);
        if (!database) continue;
        const kind = database.kind;
        if (kind === "external" && raw.network === undefined) {
            error(
                ["network"],
                `is required: database ${name}'s dumps and restore drills run as ECS tasks in the VPC's private subnets`,
            );
        }
        if (kind === "rds" && raw.network === undefined) {
            error(
                ["network"],
                `is required: database ${name} is rds, and RDS lives in a VPC (vpcId, privateSubnetIds)`,
            );
        }
        for (const key of kind === "external" ? RDS_ONLY : kind === "rds" ? EXTERNAL_ONLY : []) {
            if (database[key] !== undefined)
                error(
                    ["databases", name, key],
                    `is for ${kind === "rds" ? "external" : "rds"} databases only; remove it`,
                );
        }
        if (kind === "external") {
            const secretName = database.adminUrlSecret;
            const secret =
                typeof secretName === "string" ? asRecord(secrets[secretName]) : undefined;
            if (secretName === undefined) {
                error(
                    ["databases", name, "adminUrlSecret"],
                    "is required for an external database: the name of a vendor secret of class database-admin-url",
                );
            } else if (!secret) {
                error(
                    ["databases", name, "adminUrlSecret"],
                    `${describeValue(secretName)} is not a secret; expected one of ${quoteList(Object.keys(secrets))}`,
                );
            } else if (secret.class !== "database-admin-url") {
                error(
                    ["databases", name, "adminUrlSecret"],
                    `${describeValue(secretName)} is of class ${describeValue(secret.class)}; expected a secret of class "database-admin-url"`,
                );
            } else if (asStringList(secret.consumers).length > 0) {
                error(
                    ["secrets", String(secretName), "consumers"],
                    `must be empty: ${secretName} is ${name}'s admin credential, and services connect as its rotating login users`,
                );
            }
        }
        const retention = database.retentionDays;
        if (typeof retention === "number") {
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
        const minRpo =
            kind === "external" ? EXTERNAL_MIN_RPO_MINUTES : CONTINUOUS_BACKUP_RPO_MINUTES;
        if (typeof rpo === "number" && rpo < minRpo) {
            error(
                ["databases", name, "rpoMinutes"],
                `${rpo} cannot be met by ${kind === "external" ? "logical dumps" : "continuous backup"}; expected ${minRpo} or more`,
            );
        } else if (kind === "external" && typeof rpo === "number" && !missedDumpWindow(rpo)) {
            // CloudWatch evaluates at most 7 days back: a longer interval could miss a dump unpaged.
            error(
                ["databases", name, "rpoMinutes"],
                `${rpo} is longer than a missed dump can be alarmed on (CloudWatch evaluates at most ${ALARM_MAX_RANGE_SECONDS / 60} minutes back); expected ${minRpo} to ${ALARM_MAX_RANGE_SECONDS / 60}`,
            );
        }
        const period = database.credentialPeriodDays;
        const maxPeriod = SECRET_CLASSES["database-credential"].maxPeriodDays;
        if (typeof period === "number" && period > maxPeriod) {
            error(
                ["databases", name, "credentialPeriodDays"],
                `${period} is longer than the database-credential class allows; expected 1 to ${maxPeriod} days`,
            );
        }
        if (
            typeof database.keepVersions === "number" &&
            database.keepVersions < BACKUP_BUCKET_KEEP_VERSIONS
        ) {
            error(
                ["databases", name, "keepVersions"],
                `${database.keepVersions} keeps fewer dumps than the runbook; expected ${BACKUP_BUCKET_KEEP_VERSIONS} or more`,
            );
        }
        if (
            kind === "rds" &&
            database.maxConnections === undefined &&
            typeof database.instanceClass === "string" &&
            rdsMaxConnections(database.instanceClass) === undefined
        ) {
            error(
                ["databases", name, "maxConnections"],
                `is required: ${describeValue(database.instanceClass)} is not in the rules' table of instance memory, so its max_connections is unknown`,
            );
        }
        checkAccess(name, kind, asRecord(database.access), error);
        checkServices(["databases", name, "consumers"], database.consumers);
        if (kind === "rds") {
            asStringList(database.consumers).forEach((consumer, index) => {
                const platform = asRecord(services[consumer])?.platform;
                if (platform === "vercel") {
                    error(
                        ["databases", name, "consumers", index],
                        `${describeValue(consumer)} runs on Vercel, which cannot reach an RDS database inside the VPC; expected aws services only`,
                    );
                }
            });
        }
        const consumers = asStringList(database.consumers).filter((c) => serviceNames.includes(c));
        checkServices(
            ["databases", name, "directUrlConsumers"],
            database.directUrlConsumers,
            consumers,
        );
        for (const rename of asStringList(database.renamedFrom)) {
            if (rename in databases)
                error(
                    ["databases", name, "renamedFrom"],
                    `${describeValue(rename)} is still a database; a former name must be free`,
                );
        }
        const urlVariable =
            typeof database.urlVariable === "string" ? database.urlVariable : "DATABASE_URL";
        const directVariable =
            typeof database.directUrlVariable === "string"
                ? database.directUrlVariable
                : "DIRECT_URL";
        for (const consumer of consumers) {
            claim(consumer, urlVariable, `databases.${name}`, ["databases", name, "urlVariable"]);
        }
        for (const consumer of asStringList(database.directUrlConsumers).filter((c) =>
            consumers.includes(c),
        )) {
            claim(consumer, directVariable, `databases.${name}`, [
                "databases",
                name,
                "directUrlVariable",
            ]);
        }
    }

    // Two tunnels cannot listen on one local port.
    const ports = new Map<number, string>();
    for (const [name, rawDatabase] of Object.entries(databases)) {
        const access = asRecord(asRecord(rawDatabase)?.access);
        if (access?.via !== "tunnel" || typeof access.localPort !== "number") continue;
        const other = ports.get(access.localPort);
        if (other !== undefined)
            error(
                ["databases", name, "access", "localPort"],
                `${access.localPort} is already the local port of database ${other}'s tunnel; expected a port of its own`,
            );
        else ports.set(access.localPort, name);
    }

    const cloudflare = asRecord(raw.cloudflare);
    for (const [name, rawBucket] of Object.entries(buckets)) {
        const bucket = asRecord(rawBucket);
        if (!bucket) continue;
        if (bucket.provider === "r2" && !cloudflare) {
            error(
                ["cloudflare"],
                `is required: bucket ${name} is on R2, which needs the Cloudflare accountId`,
            );
        }
        if (bucket.provider === "r2" && bucket.noncurrentVersionDays !== undefined) {
            error(
                ["buckets", name, "noncurrentVersionDays"],
                "is for s3 buckets only: R2 keeps no versions; remove it",
            );
        }
        checkServices(["buckets", name, "corsFrom"], bucket.corsFrom);
        asStringList(bucket.corsFrom).forEach((service, index) => {
            const domain = asRecord(services[service])?.domain;
            if (serviceNames.includes(service) && domain === undefined) {
                error(
                    ["buckets", name, "corsFrom", index],
                    `${describeValue(service)} has no domain, so it has no browser origin; give it a domain or remove it`,
                );
            }
        });
        checkServices(["buckets", name, "consumers"], bucket.consumers);
        for (const consumer of asStringList(bucket.consumers).filter((c) =>
            serviceNames.includes(c),
        )) {
            claim(
                consumer,
                bucketVariable(name, bucket),
                `buckets.${name}`,
                bucket.variable !== undefined
                    ? ["buckets", name, "variable"]
                    : ["buckets", name, "consumers"],
            );
        }
        errors.push(...checkPublicBucket(name, bucket, asRecord(raw.dns)));
        for (const rename of asStringList(bucket.renamedFrom)) {
            if (rename in buckets)
                error(
                    ["buckets", name, "renamedFrom"],
                    `${describeValue(rename)} is still a bucket; a former name must be free`,
                );
        }
    }
    return errors;
}

/** `databases.<name>.access`: a path the kind allows, and a local port only for a tunnel, in range. */
function checkAccess(
    name: string,
    kind: unknown,
    access: Record<string, unknown> | undefined,
    error: (path: PropertyKey[], message: string) => void,
): void {
    if (!access || (kind !== "rds" && kind !== "external")) return;
    const allowed: readonly string[] = DATABASE_ACCESS_PATHS[kind];
    const via = access.via;
    if (
        typeof via === "string" &&
        !allowed.includes(via) &&
        ["tunnel", "runner", "direct"].includes(via)
    ) {
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
    } else if (
        typeof port === "number" &&
        (port < TUNNEL_MIN_LOCAL_PORT || port > TUNNEL_MAX_LOCAL_PORT)
    ) {
        error(
            ["databases", name, "access", "localPort"],
            `${port} is not allowed; expected a port from ${TUNNEL_MIN_LOCAL_PORT} to ${TUNNEL_MAX_LOCAL_PORT}`,
        );
    }
}
