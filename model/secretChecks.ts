/**
 * Checks of secrets and their rotation history, over the entries that parsed (model/parts.ts), and the
 * period history shared with the loader.
 */
import {
    KeyScheme,
    SECRET_CLASSES,
    SecretClass,
    SecretClassRule,
    secretClassesOfKind,
    ORIGIN_SECRET_NAME,
} from "./rules";
import { CONFIG_NAMESPACE, ConfigError, describeValue, joinPath, quoteList } from "./errors";
import {
    FormerPeriod,
    generationAt,
    newestRetirableGeneration,
    parseIsoDate,
    scheduleOf,
} from "./rotation";
import { checkPromotions } from "./published";
import type { LoadOptions } from "./types";
import type { Parts } from "./parts";
import type { SecretInput } from "./schema";

type ClassRule = (typeof SECRET_CLASSES)[SecretClass];
type Secret = Partial<SecretInput>;
/** Whether the stack file writes `secrets.<name>.<key>` (shape aside). */
type Written = (key: keyof SecretInput) => boolean;

/** The class's rule of a secret whose class parsed. */
function ruleOf(secret: Secret | undefined): ClassRule | undefined {
    return secret?.class === undefined ? undefined : SECRET_CLASSES[secret.class as SecretClass];
}

/** A date or a list of dates (`rotateNow`) as a list. */
export function dateList(value: string | readonly string[] | undefined): string[] {
    return value === undefined ? [] : typeof value === "string" ? [value] : [...value];
}

/**
 * Each secret entry against its class (`model/rules.ts`), and its consumers against the services: the
 * problems, and who consumes each secret (for the env references).
 */
export function checkSecretEntries(
    parts: Parts,
    options: LoadOptions,
): { errors: ConfigError[]; consumersOf: Map<string, Set<string>> } {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const consumersOf = new Map<string, Set<string>>();
    if (parts.names.secrets.includes(ORIGIN_SECRET_NAME)) {
        error(
            ["secrets", ORIGIN_SECRET_NAME],
            "is reserved: opsbook generates and rotates the edge's origin secret itself; rename yours",
        );
    }
    for (const [name, secret] of Object.entries(parts.secrets)) {
        const written: Written = (key) => parts.written(["secrets", name, key]);
        const kind = secret.kind;
        const className = secret.class;
        const rule = ruleOf(secret);
        if (rule && kind !== undefined && rule.kind !== kind) {
            error(
                ["secrets", name, "class"],
                `${describeValue(className)} is a ${rule.kind} class; a ${kind} secret takes one of ${quoteList(secretClassesOfKind(kind))}`,
            );
        }
        if (rule && secret.periodDays !== undefined && secret.periodDays > rule.maxPeriodDays) {
            error(
                ["secrets", name, "periodDays"],
                `${secret.periodDays} is longer than the ${className} class allows; expected 1 to ${rule.maxPeriodDays} days`,
            );
        }
        if (kind === "vendor") errors.push(...checkVendorSecret(name, secret, options, written));
        errors.push(...checkPromotions(name, secret, rule, options.now, written));
        if (kind === "generated" && written("waiver")) {
            error(
                ["secrets", name, "waiver"],
                "is for vendor secrets only: a generated secret rotates itself on its schedule",
            );
        }
        if (kind === "generated" && written("rotatedAt")) {
            error(
                ["secrets", name, "rotatedAt"],
                "is for vendor secrets only; a generated secret's rotations are computed from its period",
            );
        }
        if (kind === "vendor" && written("formerPeriods")) {
            error(
                ["secrets", name, "formerPeriods"],
                "is for generated secrets only; a vendor secret's age counts from rotatedAt",
            );
        }
        errors.push(
            ...checkFormerPeriods(secret.formerPeriods, ["secrets", name, "formerPeriods"]),
        );
        errors.push(...checkRetiredThrough(name, secret, rule, parts, options));
        const checked = checkConsumers(name, secret, parts.names.services);
        errors.push(...checked.errors);
        consumersOf.set(name, checked.seen);
    }
    return { errors, consumersOf };
}

/** A vendor secret: its issue date, no early rotation, its value in secret config. */
function checkVendorSecret(
    name: string,
    secret: Secret,
    options: LoadOptions,
    written: Written,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    if (!written("rotatedAt")) {
        error(
            ["secrets", name, "rotatedAt"],
            "is required for a vendor secret: the date its current value was issued, e.g. 2026-03-01",
        );
    } else if (
        secret.rotatedAt !== undefined &&
        parseIsoDate(secret.rotatedAt).getTime() > options.now.getTime()
    ) {
        error(
            ["secrets", name, "rotatedAt"],
            `${describeValue(secret.rotatedAt)} is in the future; expected a date on or before ${options.now.toISOString().slice(0, 10)}`,
        );
    }
    if (written("rotateNow")) {
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
    secret: Secret,
    rule: ClassRule | undefined,
    parts: Parts,
    options: LoadOptions,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const { kind, retiredThrough } = secret;
    if (parts.written(["secrets", name, "retiredThrough"]) && rule && rule.scheme !== "key-ring") {
        error(
            ["secrets", name, "retiredThrough"],
            `is for encryption keys only; ${name} is a ${secret.class}, whose old values are dropped by its schedule`,
        );
    } else if (retiredThrough !== undefined && rule && kind === "generated") {
        const schedule = scheduleOf(
            {
                name,
                ...periodHistory(secret.periodDays, secret.formerPeriods, rule),
                earlyRotations: dateList(secret.rotateNow),
                scheme: rule.scheme,
            },
            parts.rotation?.incidents ?? [],
        );
        const generation = generationAt(schedule, options.now);
        const newest = newestRetirableGeneration(schedule, options.now);
        if (retiredThrough >= generation) {
            error(
                ["secrets", name, "retiredThrough"],
                `${retiredThrough} would retire the current key (generation ${generation}) or the next; expected at most ${newest}, once the data encrypted with those keys is re-encrypted`,
            );
        } else if (retiredThrough > newest) {
            error(
                ["secrets", name, "retiredThrough"],
                `${retiredThrough} would retire key ${newest + 1}, which instances deployed before this up may still encrypt with (it was current within the last period); expected at most ${newest}, once the data encrypted with those keys is re-encrypted`,
            );
        }
    }
    return errors;
}

/** A secret's consumers: each a service, each once. */
function checkConsumers(
    name: string,
    secret: Secret,
    serviceNames: readonly string[],
): { errors: ConfigError[]; seen: Set<string> } {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const seen = new Set<string>();
    (secret.consumers ?? []).forEach((consumer, index) => {
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
export function checkStoreFormerPeriods(parts: Parts): ConfigError[] {
    return [
        ...Object.entries(parts.databases).flatMap(([name, database]) =>
            checkFormerPeriods(database.credentialFormerPeriods, [
                "databases",
                name,
                "credentialFormerPeriods",
            ]),
        ),
        ...Object.entries(parts.redis).flatMap(([name, redis]) =>
            checkFormerPeriods(redis.tokenFormerPeriods, ["redis", name, "tokenFormerPeriods"]),
        ),
    ];
}

/** `rotation`: the retired single incident key, and the dated incidents (one entry each, none ahead). */
export function checkIncidents(parts: Parts, options: LoadOptions): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const rotation = parts.rotation;
    if (rotation?.incident !== undefined) {
        error(
            ["rotation", "incident"],
            `${describeValue(rotation.incident)} is not allowed; incidents are dated history now: use rotation.incidents: [{ id: ${describeValue(rotation.incident)}, at: <the date it was declared> }] for a new incident, or remove the key if that incident was already applied by an earlier opsbook`,
        );
    }
    const incidentIds = new Set<string>();
    (rotation?.incidents ?? []).forEach((incident, index) => {
        if (incidentIds.has(incident.id)) {
            error(
                ["rotation", "incidents", index, "id"],
                `${describeValue(incident.id)} is listed twice; expected one entry per incident`,
            );
        }
        incidentIds.add(incident.id);
        if (parseIsoDate(incident.at).getTime() > options.now.getTime()) {
            error(
                ["rotation", "incidents", index, "at"],
                `${describeValue(incident.at)} is in the future; expected the date the incident was declared, on or before ${options.now.toISOString().slice(0, 10)}`,
            );
        }
    });
    return errors;
}

/** The key scheme of a secret whose class parsed. */
export function schemeOf(secret: Secret | undefined): KeyScheme | undefined {
    return ruleOf(secret)?.scheme;
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
export function checkFormerPeriods(
    periods: readonly FormerPeriod[] | undefined,
    path: PropertyKey[],
): ConfigError[] {
    const errors: ConfigError[] = [];
    let last = -Infinity;
    (periods ?? []).forEach(({ until }, index) => {
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
