/**
 * Checks of secrets and their rotation history, on the raw input (read defensively, so they run even when
 * parts of it are malformed), and the period history shared with the loader.
 */
import {
    KeyScheme,
    SECRET_CLASSES,
    SecretClass,
    SecretClassRule,
    secretClassesOfKind,
    ORIGIN_SECRET_NAME,
} from "./rules";
import {
    asRecord,
    asStringList,
    CONFIG_NAMESPACE,
    ConfigError,
    describeValue,
    joinPath,
    quoteList,
} from "./errors";
import {
    FormerPeriod,
    generationAt,
    Incident,
    newestRetirableGeneration,
    parseIsoDate,
    scheduleOf,
} from "./rotation";
import { checkPromotions } from "./published";
import type { LoadOptions } from "./types";

type ClassRule = (typeof SECRET_CLASSES)[SecretClass];

/**
 * Each secret entry against its class (`model/rules.ts`), and its consumers against the services: the
 * problems, and who consumes each secret (for the env references).
 */
export function checkSecretEntries(
    raw: Record<string, unknown>,
    options: LoadOptions,
): { errors: ConfigError[]; consumersOf: Map<string, Set<string>> } {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const services = asRecord(raw.services) ?? {};
    const secrets = asRecord(raw.secrets) ?? {};
    const serviceNames = Object.keys(services);
    const consumersOf = new Map<string, Set<string>>();
    if (secrets[ORIGIN_SECRET_NAME] !== undefined) {
        error(
            ["secrets", ORIGIN_SECRET_NAME],
            "is reserved: opsbook generates and rotates the edge's origin secret itself; rename yours",
        );
    }
    for (const [name, rawSecret] of Object.entries(secrets)) {
        const secret = asRecord(rawSecret);
        if (!secret) continue;
        const kind = secret.kind;
        const className = secret.class as string;
        const rule = (SECRET_CLASSES as Record<string, ClassRule>)[className];
        if (rule && (kind === "generated" || kind === "vendor") && rule.kind !== kind) {
            error(
                ["secrets", name, "class"],
                `${describeValue(className)} is a ${rule.kind} class; a ${kind} secret takes one of ${quoteList(secretClassesOfKind(kind))}`,
            );
        }
        if (
            rule &&
            typeof secret.periodDays === "number" &&
            secret.periodDays > rule.maxPeriodDays
        ) {
            error(
                ["secrets", name, "periodDays"],
                `${secret.periodDays} is longer than the ${className} class allows; expected 1 to ${rule.maxPeriodDays} days`,
            );
        }
        if (kind === "vendor") errors.push(...checkVendorSecret(name, secret, options));
        errors.push(...checkPromotions(name, secret, rule, options.now));
        if (kind === "generated" && secret.waiver !== undefined) {
            error(
                ["secrets", name, "waiver"],
                "is for vendor secrets only: a generated secret rotates itself on its schedule",
            );
        }
        if (kind === "generated" && secret.rotatedAt !== undefined) {
            error(
                ["secrets", name, "rotatedAt"],
                "is for vendor secrets only; a generated secret's rotations are computed from its period",
            );
        }
        if (kind === "vendor" && secret.formerPeriods !== undefined) {
            error(
                ["secrets", name, "formerPeriods"],
                "is for generated secrets only; a vendor secret's age counts from rotatedAt",
            );
        }
        errors.push(
            ...checkFormerPeriods(secret.formerPeriods, ["secrets", name, "formerPeriods"]),
        );
        errors.push(...checkRetiredThrough(name, secret, rule, raw, options));
        const checked = checkConsumers(name, secret, serviceNames);
        errors.push(...checked.errors);
        consumersOf.set(name, checked.seen);
    }
    return { errors, consumersOf };
}

/** A vendor secret: its issue date, no early rotation, its value in secret config. */
function checkVendorSecret(
    name: string,
    secret: Record<string, unknown>,
    options: LoadOptions,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    if (secret.rotatedAt === undefined) {
        error(
            ["secrets", name, "rotatedAt"],
            "is required for a vendor secret: the date its current value was issued, e.g. 2026-03-01",
        );
    } else if (
        typeof secret.rotatedAt === "string" &&
        parseIsoDate(secret.rotatedAt).getTime() > options.now.getTime()
    ) {
        error(
            ["secrets", name, "rotatedAt"],
            `${describeValue(secret.rotatedAt)} is in the future; expected a date on or before ${options.now.toISOString().slice(0, 10)}`,
        );
    }
    if (secret.rotateNow !== undefined) {
        error(
            ["secrets", name, "rotateNow"],
            "vendor secrets are rotated in the vendor's console; set the new value with `pulumi config set --secret` and update rotatedAt",
        );
    }
    const key = `${CONFIG_NAMESPACE}:${name}`;
    if (options.config.has(key) && !options.config.isSecret(key)) {
        errors.push({
            path: key,
            message: `holds ${name} in plain text; vendor secrets are read from secret config only: remove it and run \`pulumi config set --secret ${name} <value>\``,
        });
    } else if (!options.config.has(key)) {
        errors.push({
            path: key,
            message: `is not set; run \`pulumi config set --secret ${name} <value>\` with the value from the vendor's console`,
        });
    }
    return errors;
}

/** `retiredThrough`: encryption keys only, and never a key still current or recently so. */
function checkRetiredThrough(
    name: string,
    secret: Record<string, unknown>,
    rule: ClassRule | undefined,
    raw: Record<string, unknown>,
    options: LoadOptions,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const kind = secret.kind;
    const className = secret.class as string;
    if (secret.retiredThrough !== undefined && rule && rule.scheme !== "key-ring") {
        error(
            ["secrets", name, "retiredThrough"],
            `is for encryption keys only; ${name} is a ${className}, whose old values are dropped by its schedule`,
        );
    } else if (typeof secret.retiredThrough === "number" && rule && kind === "generated") {
        const schedule = scheduleOf(
            {
                name,
                ...periodHistory(
                    typeof secret.periodDays === "number" ? secret.periodDays : undefined,
                    asFormerPeriods(secret.formerPeriods),
                    rule,
                ),
                earlyRotations: asStringList(secret.rotateNow),
                scheme: rule.scheme,
            },
            asIncidents(asRecord(raw.rotation)?.incidents),
        );
        const generation = generationAt(schedule, options.now);
        const newest = newestRetirableGeneration(schedule, options.now);
        if (secret.retiredThrough >= generation) {
            error(
                ["secrets", name, "retiredThrough"],
                `${secret.retiredThrough} would retire the current key (generation ${generation}) or the next; expected at most ${newest}, once the data encrypted with those keys is re-encrypted`,
            );
        } else if (secret.retiredThrough > newest) {
            error(
                ["secrets", name, "retiredThrough"],
                `${secret.retiredThrough} would retire key ${newest + 1}, which instances deployed before this up may still encrypt with (it was current within the last period); expected at most ${newest}, once the data encrypted with those keys is re-encrypted`,
            );
        }
    }
    return errors;
}

/** A secret's consumers: each a service, each once. */
function checkConsumers(
    name: string,
    secret: Record<string, unknown>,
    serviceNames: readonly string[],
): { errors: ConfigError[]; seen: Set<string> } {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const consumers = asStringList(secret.consumers);
    const seen = new Set<string>();
    consumers.forEach((consumer, index) => {
        if (!serviceNames.includes(consumer)) {
            error(
                ["secrets", name, "consumers", index],
                `${describeValue(consumer)} is not a service; expected one of ${quoteList(serviceNames)}`,
            );
        } else if (seen.has(consumer)) {
            error(
                ["secrets", name, "consumers", index],
                `${describeValue(consumer)} is listed twice`,
            );
        }
        seen.add(consumer);
    });
    return { errors, seen };
}

/** The credential history of each data store (database login users, Redis AUTH tokens). */
export function checkStoreFormerPeriods(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    for (const [name, database] of Object.entries(asRecord(raw.databases) ?? {})) {
        errors.push(
            ...checkFormerPeriods(asRecord(database)?.credentialFormerPeriods, [
                "databases",
                name,
                "credentialFormerPeriods",
            ]),
        );
    }
    for (const [name, redis] of Object.entries(asRecord(raw.redis) ?? {})) {
        errors.push(
            ...checkFormerPeriods(asRecord(redis)?.tokenFormerPeriods, [
                "redis",
                name,
                "tokenFormerPeriods",
            ]),
        );
    }
    return errors;
}

/** `rotation`: the retired single incident key, and the dated incidents (one entry each, none ahead). */
export function checkIncidents(raw: Record<string, unknown>, options: LoadOptions): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const rotation = asRecord(raw.rotation);
    if (rotation?.incident !== undefined) {
        error(
            ["rotation", "incident"],
            `${describeValue(rotation.incident)} is not allowed; incidents are dated history now: use rotation.incidents: [{ id: ${describeValue(rotation.incident)}, at: <the date it was declared> }] for a new incident, or remove the key if that incident was already applied by an earlier opsbook`,
        );
    }
    const incidentIds = new Set<string>();
    (Array.isArray(rotation?.incidents) ? rotation.incidents : []).forEach((entry, index) => {
        const incident = asRecord(entry);
        if (typeof incident?.id === "string") {
            if (incidentIds.has(incident.id)) {
                error(
                    ["rotation", "incidents", index, "id"],
                    `${describeValue(incident.id)} is listed twice; expected one entry per incident`,
                );
            }
            incidentIds.add(incident.id);
        }
        if (
            typeof incident?.at === "string" &&
            parseIsoDate(incident.at).getTime() > options.now.getTime()
        ) {
            error(
                ["rotation", "incidents", index, "at"],
                `${describeValue(incident.at)} is in the future; expected the date the incident was declared, on or before ${options.now.toISOString().slice(0, 10)}`,
            );
        }
    });
    return errors;
}

/** The key scheme of a raw secret entry's class, or `vendor` when the class is unknown. */
export function schemeOfRaw(rawSecret: unknown): KeyScheme {
    const className = asRecord(rawSecret)?.class;
    return typeof className === "string" &&
        Object.prototype.hasOwnProperty.call(SECRET_CLASSES, className)
        ? SECRET_CLASSES[className as SecretClass].scheme
        : "vendor";
}

function asFormerPeriods(value: unknown): FormerPeriod[] {
    return (Array.isArray(value) ? value : []).flatMap((entry) => {
        const record = asRecord(entry);
        return typeof record?.periodDays === "number" && typeof record.until === "string"
            ? [{ periodDays: record.periodDays, until: record.until }]
            : [];
    });
}

function asIncidents(value: unknown): Incident[] {
    return (Array.isArray(value) ? value : []).flatMap((entry) => {
        const record = asRecord(entry);
        return typeof record?.id === "string" && typeof record.at === "string"
            ? [{ id: record.id, at: record.at }]
            : [];
    });
}

/**
 * A secret's period and its history. On the class default, the default's own history applies too, so a
 * default changed in `model/rules.ts` (with its old value recorded) rotates nothing.
 */
export function periodHistory(
    periodDays: number | undefined,
    formerPeriods: readonly FormerPeriod[] | undefined,
    rule: SecretClassRule,
): { periodDays: number; formerPeriods: FormerPeriod[] } {
    const own = [...(formerPeriods ?? [])];
    if (periodDays !== undefined) return { periodDays, formerPeriods: own };
    const merged = [...(rule.formerDefaultPeriods ?? []), ...own].sort(
        (x, y) => parseIsoDate(x.until).getTime() - parseIsoDate(y.until).getTime(),
    );
    return { periodDays: rule.defaultPeriodDays, formerPeriods: merged };
}

/** Former periods are history: in date order, one change a date. */
export function checkFormerPeriods(value: unknown, path: PropertyKey[]): ConfigError[] {
    const errors: ConfigError[] = [];
    const periods = Array.isArray(value) ? value : [];
    let last = -Infinity;
    periods.forEach((entry, index) => {
        const until = asRecord(entry)?.until;
        if (typeof until !== "string") return;
        const instant = parseIsoDate(until).getTime();
        if (instant <= last) {
            errors.push({
                path: joinPath([...path, index, "until"]),
                message: `${describeValue(until)} is not after the entry before it; expected the periods oldest first, each ending on a later date`,
            });
        }
        last = instant;
    });
    return errors;
}
