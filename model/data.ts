/**
 * Databases and buckets in the model: their defaults from the rules. The checks that span entries are in
 * `model/dataChecks.ts`. Pure: no resources.
 */
import { FormerPeriod } from "./rotation";
import type { SecretClassRule } from "./rules";
import {
    APP_CONNECTION_SHARE,
    BACKUP_BUCKET_KEEP_VERSIONS,
    EnvironmentRules,
    DatabaseAccessPath,
    DEFAULT_DATABASE_ACCESS,
    DEFAULT_POSTGRES_VERSION,
    DEFAULT_RDS_INSTANCE_CLASS,
    DEFAULT_RDS_STORAGE_GB,
    DEFAULT_RPO_MINUTES,
    EXTERNAL_DEFAULT_MAX_CONNECTIONS,
    RDS_STORAGE_AUTOSCALING_FACTOR,
    rdsMaxConnections,
    SECRET_CLASSES,
    TUNNEL_DEFAULT_LOCAL_PORT,
    UPLOADS_NONCURRENT_DAYS,
} from "./rules";
import { Slot } from "./rotation";
import { BucketInput, DatabaseInput } from "./schema";
import { bucketVariable } from "./buckets";

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

/** The variables a database's consumers receive its URLs in: the stack file's, or the defaults. */
export function databaseVariables(
    input: Pick<DatabaseInput, "urlVariable" | "directUrlVariable">,
): Pick<DatabaseModel, "urlVariable" | "directUrlVariable"> {
    return {
        urlVariable: input.urlVariable ?? "DATABASE_URL",
        directUrlVariable: input.directUrlVariable ?? "DIRECT_URL",
    };
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
        ...databaseVariables(input),
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
