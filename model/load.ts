/**
 * Loads `opsbook:system` into a typed SystemModel. Never throws on user input: it returns every problem at
 * once, each with its config path, the bad value (never a secret) and what is allowed.
 */
import { checkAdopt, toAdoptModel } from "./adopt";
import { checkPromotion, toPromotionModel } from "./promotion";
import { z } from "zod";
import {
    KeyScheme,
    SECRET_CLASSES,
    SecretClass,
    SecretClassRule,
    secretClassesOfKind,
    ORIGIN_SECRET_HEADER,
    ORIGIN_SECRET_NAME,
} from "./rules";
import {
    asRecord,
    asStringList,
    CONFIG_NAMESPACE,
    ConfigError,
    dedupe,
    describeValue,
    joinPath,
    quoteList,
    SYSTEM_KEY,
} from "./errors";
import {
    FormerPeriod,
    generationAt,
    Incident,
    newestRetirableGeneration,
    parseIsoDate,
    scheduleOf,
    secretVariables,
} from "./rotation";
import { checkData, databaseAccess, toBucketModel, toDatabaseModel } from "./data";
import { checkAlertRoutes } from "./routes";
import { checkServices, toEdgeModel, toServiceModel } from "./services";
import { checkJobs, toJobModel } from "./jobs";
import { checkWaiverDates, toWaiver } from "./waivers";
import { checkPromotions } from "./published";
import { checkAwsRegion } from "./region";
import { checkCloudNames } from "./cloudNames";
import { checkQueues } from "./queues";
import { checkFlags, toFlagModels } from "./flags";
import { checkRedis, toRedisModel } from "./redis";
import { checkEnvironment, resolveEnvironmentRules } from "./environment";
import { commandProblem, commandSchema, isCommandPath } from "./command";
import { PUBLIC_VALUE_FORM, scanStackStrings, sitsWhereSecretBelongs } from "./secretScan";
import {
    EnvValueInput,
    publicValueSchema,
    queueSchema,
    secretReferenceSchema,
    systemSchema,
} from "./schema";

export { CONFIG_NAMESPACE, SYSTEM_KEY, describeValue, formatErrors } from "./errors";
export type { ConfigError } from "./errors";

export type { ServiceModel } from "./services";

export type {
    ConfigView,
    EnvEntry,
    LoadOptions,
    LoadResult,
    SecretModel,
    SystemModel,
} from "./types";
import type { LoadOptions, LoadResult, SecretModel, SystemModel, EnvEntry } from "./types";

const EXPECTED: Record<string, string> = {
    record: "a map of names to entries",
    object: "a map of keys to values",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
};

/** What a map's keys must look like, by the map they name. */
function keyHint(path: readonly PropertyKey[]): string {
    return path[0] === "services" || path[0] === "jobs" || (path[0] === "env" && path.length === 1)
        ? "a service name of lower-case letters, digits and '-', such as api"
        : "an upper-case name of letters, digits and '_', such as API_SECRET";
}

/** A pattern's own hint, where the schema gives one (its message says what is expected). */
function schemaHint(message: string): string | undefined {
    return message.startsWith("expected ") ? message : undefined;
}

function patternHint(path: readonly PropertyKey[], schemaMessage: string): string {
    const last = String(path[path.length - 1]);
    if (last === "rotatedAt" || path.includes("rotateNow"))
        return "expected an ISO date such as 2026-03-01";
    if (last === "domain") return "expected a lower-case hostname such as api.example.com";
    if (last === "healthPath") return "expected a path starting with /";
    if (last === "incident") return "expected an id of letters, digits, '.', '_' or '-'";
    if (path.includes("queues")) return "expected a queue name of letters, digits, '.', '_' or '-'";
    if (last === "image") return "expected an image such as ghcr.io/acme/app:1.2.3";
    // Not every pattern is "letters, digits and '-'": the schema's own hint, where it gives one.
    return schemaHint(schemaMessage) ?? "expected letters, digits and '-' only";
}

/** Turns a zod issue into our message: the bad value, then what is allowed. */
function formatIssue(issue: z.core.$ZodIssue): ConfigError[] {
    const at = (message: string, path: readonly PropertyKey[] = issue.path): ConfigError[] => [
        { path: joinPath(path), message },
    ];
    const got = describeValue(issue.input, sitsWhereSecretBelongs(issue.path));
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.flatMap((key) =>
                at("is not a known key; remove it or check its spelling", [...issue.path, key]),
            );
        case "invalid_value":
            return at(`${got} is not allowed; expected one of ${quoteList(issue.values)}`);
        case "invalid_type":
            return at(
                issue.input === undefined
                    ? `is required (${EXPECTED[issue.expected] ?? issue.expected})`
                    : `${got} is not allowed; expected ${EXPECTED[issue.expected] ?? issue.expected}`,
            );
        case "too_small":
        case "too_big": {
            const bound =
                "minimum" in issue ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
            return at(
                `${got} is not allowed; expected ${issue.origin === "array" ? `${bound} entries` : bound}`,
            );
        }
        case "invalid_key":
            return at(`${got} is not a valid name; expected ${keyHint(issue.path)}`);
        case "invalid_union": {
            if (isCommandPath(issue.path)) {
                // A list or { shell }: report what is wrong inside it; anything else gets both forms.
                const form = Array.isArray(issue.input)
                    ? commandSchema.options[0]
                    : asRecord(issue.input)
                      ? commandSchema.options[1]
                      : undefined;
                const inner = form?.safeParse(issue.input, { reportInput: true });
                return inner && !inner.success
                    ? inner.error.issues.flatMap((i) =>
                          formatIssue({ ...i, path: [...issue.path, ...i.path] }),
                      )
                    : at(commandProblem(issue.input));
            }
            // A waivable value as an object: report what is wrong inside `{ value, waiver }`.
            const waived = asRecord(issue.input);
            if (
                waived &&
                ("waiver" in waived || "value" in waived) &&
                !issue.path.includes("env")
            ) {
                const branch = issue.errors.find((issues) =>
                    issues.every((inner) => inner.path.length > 0 || inner.code !== "invalid_type"),
                );
                if (branch) {
                    return branch.flatMap((inner) =>
                        formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                    );
                }
            }
            if (issue.path.includes("queues")) {
                const queue = queueSchema.safeParse(issue.input, { reportInput: true });
                return asRecord(issue.input) && !queue.success
                    ? queue.error.issues.flatMap((inner) =>
                          formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                      )
                    : at(`${got} is not allowed; expected a queue name or { name: QUEUE, ... }`);
            }
            // An object means a secret reference, or a public value when it has `value` or `public`:
            // report what is wrong inside it.
            const record = asRecord(issue.input);
            const reference = (
                record && ("value" in record || "public" in record)
                    ? publicValueSchema
                    : secretReferenceSchema
            ).safeParse(issue.input, { reportInput: true });
            if (record && !reference.success) {
                return reference.error.issues.flatMap((inner) =>
                    formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                );
            }
            return at(
                `${got} is not allowed; expected a string, a number, a boolean, { secret: NAME } or ${PUBLIC_VALUE_FORM}`,
            );
        }
        case "invalid_format":
            return at(
                `${got} is not allowed; ${issue.format === "regex" ? patternHint(issue.path, issue.message) : `expected a ${issue.format}`}`,
            );
        default:
            return at(`${got} is not allowed; ${issue.message}`);
    }
}

/**
 * Rules that span entries or come from `model/rules.ts`. They read the raw input defensively, so they run
 * even when parts of it are malformed and the user sees every problem in one pass.
 */
function checkReferencesAndRules(
    raw: Record<string, unknown>,
    options: LoadOptions,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const services = asRecord(raw.services) ?? {};
    const secrets = asRecord(raw.secrets) ?? {};
    const serviceNames = Object.keys(services);

    for (const [name, rawService] of Object.entries(services)) {
        const service = asRecord(rawService);
        if (!service) continue;
        if (service.platform === "vercel" && service.role !== undefined && service.role !== "web") {
            error(
                ["services", name, "role"],
                `${describeValue(service.role)} is not allowed on vercel; expected "web"`,
            );
        }
        if (service.framework !== undefined && service.platform === "aws") {
            error(["services", name, "framework"], "is for vercel services only; remove it");
        }
        if (
            service.role === "worker" &&
            (service.domain !== undefined || service.healthPath !== undefined)
        ) {
            error(
                ["services", name, service.domain !== undefined ? "domain" : "healthPath"],
                "a worker serves no HTTP traffic; remove it",
            );
        }
        if (service.domain !== undefined && service.healthPath === undefined) {
            error(
                ["services", name, "healthPath"],
                `is required: ${name} is public at ${describeValue(service.domain)} and must have a health endpoint, e.g. "/health"`,
            );
        }
    }

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
        const rule = (SECRET_CLASSES as Record<string, (typeof SECRET_CLASSES)[SecretClass]>)[
            className
        ];
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
        if (kind === "vendor") {
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
        }
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
        consumersOf.set(name, seen);
    }

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

    const env = asRecord(raw.env) ?? {};
    for (const [service, rawVariables] of Object.entries(env)) {
        if (!serviceNames.includes(service)) {
            error(
                ["env", service],
                `${describeValue(service)} is not a service; expected one of ${quoteList(serviceNames)}`,
            );
            continue;
        }
        const variables = asRecord(rawVariables) ?? {};
        for (const [variable, value] of Object.entries(variables)) {
            const injectedBy = Object.keys(secrets).find(
                (secret) =>
                    consumersOf.get(secret)?.has(service) &&
                    secretVariables(secret, schemeOfRaw(secrets[secret])).some(
                        (injected) => injected.variable === variable,
                    ),
            );
            if (injectedBy) {
                error(
                    ["env", service, variable],
                    `is already set from secrets.${injectedBy}, which ${service} consumes; remove it or rename it`,
                );
            }
            const reference = asRecord(value);
            if (!reference || typeof reference.secret !== "string") continue;
            const target = asRecord(secrets[reference.secret]);
            if (!target) {
                error(
                    ["env", service, variable, "secret"],
                    `${describeValue(reference.secret)} is not a secret; expected one of ${quoteList(Object.keys(secrets))}`,
                );
                continue;
            }
            if (!consumersOf.get(reference.secret)?.has(service)) {
                error(
                    ["env", service, variable, "secret"],
                    `${service} is not a consumer of ${reference.secret}; add it to opsbook:system.secrets.${reference.secret}.consumers`,
                );
            }
            const scheme = schemeOfRaw(target);
            if (
                (reference.slot === "previous" || reference.slot === "next") &&
                scheme !== "key-set"
            ) {
                error(
                    ["env", service, variable, "slot"],
                    `${describeValue(reference.slot)} is not allowed: ${reference.secret} is not a key set; expected "current"`,
                );
            }
        }
    }
    return errors;
}

/** The key scheme of a raw secret entry's class, or `vendor` when the class is unknown. */
function schemeOfRaw(rawSecret: unknown): KeyScheme {
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

function toEnvEntry(value: EnvValueInput): EnvEntry {
    if (typeof value === "object") {
        if ("public" in value) return { kind: "literal", value: value.value, public: value.public };
        return { kind: "secret", secret: value.secret, slot: value.slot ?? "current" };
    }
    return { kind: "literal", value: String(value) };
}

/** Validates and normalises `opsbook:system`. */
/** The generated credential a data store owns (login users, an AUTH token), rotated on its class's scheme. */
function storeCredential(
    credential: Pick<
        SecretModel,
        "name" | "periodDays" | "formerPeriods" | "consumers" | "description" | "owner"
    > & {
        readonly class: "database-credential" | "redis-auth-token";
        readonly delivery: "database" | "redis";
    },
): SecretModel {
    return {
        ...credential,
        kind: "generated",
        scheme: SECRET_CLASSES[credential.class].scheme,
        earlyRotations: [],
    };
}

export function loadSystem(raw: unknown, options: LoadOptions): LoadResult {
    if (raw === undefined) {
        return {
            ok: false,
            errors: [
                {
                    path: SYSTEM_KEY,
                    message:
                        "is not set; describe the system in Pulumi.<stack>.yaml under config: opsbook:system",
                },
            ],
        };
    }
    const parsed = systemSchema.safeParse(raw, { reportInput: true });
    const errors = parsed.success ? [] : parsed.error.issues.flatMap(formatIssue);
    const rawRecord = asRecord(raw);
    if (!rawRecord) {
        return {
            ok: false,
            errors: [
                {
                    path: SYSTEM_KEY,
                    message: `${describeValue(raw)} is not allowed; expected an object with services, secrets and env`,
                },
            ],
        };
    }
    errors.push(
        ...checkAwsRegion(options.awsRegion),
        ...checkCloudNames(rawRecord),
        ...checkReferencesAndRules(rawRecord, options),
        ...checkData(rawRecord),
        ...checkRedis(rawRecord),
        ...checkServices(rawRecord),
        ...checkAlertRoutes(rawRecord, options.alertEndpoint ?? (() => undefined)),
        ...checkServices(rawRecord, options.stack),
        ...checkQueues(rawRecord),
        ...checkJobs(rawRecord),
        ...checkFlags(rawRecord),
        ...checkEnvironment(rawRecord),
        ...checkPromotion(rawRecord),
        ...checkAdopt(rawRecord),
        ...checkWaiverDates(rawRecord, options.now),
        // Credentials by value, anywhere in the file (model/secretScan.ts).
        ...scanStackStrings(rawRecord),
    );
    if (!parsed.success || errors.length > 0) {
        return { ok: false, errors: dedupe(errors) };
    }
    const input = parsed.data;
    const environment = input.environment ?? "production";
    const rules = resolveEnvironmentRules(environment, input.environmentRules);
    const services = Object.fromEntries(
        Object.entries(input.services).map(([name, s]) => [name, toServiceModel(name, s, rules)]),
    );
    const secrets = Object.fromEntries(
        Object.entries(input.secrets ?? {}).map(([name, s]) => {
            const secretClass = s.class as SecretClass;
            const rule = SECRET_CLASSES[secretClass];
            const model: SecretModel = {
                name,
                kind: s.kind,
                class: secretClass,
                ...periodHistory(s.periodDays, s.formerPeriods, rule),
                scheme: rule.scheme,
                rotatedAt: s.rotatedAt,
                earlyRotations: asStringList(
                    "promotion" in rule ? (s.promotions ?? []) : s.rotateNow,
                ),
                ...("promotion" in rule ? { promotedOnly: true } : {}),
                retiredThrough: s.retiredThrough,
                consumers: s.consumers ?? [],
                configKey: s.kind === "vendor" ? `${CONFIG_NAMESPACE}:${name}` : undefined,
                description: s.description,
                waiver: toWaiver(s.waiver, ["secrets", name]),
                owner: name,
                delivery: "env",
            };
            return [name, model];
        }),
    );
    const access = databaseAccess(input.databases ?? {});
    const databases = Object.fromEntries(
        Object.entries(input.databases ?? {}).map(([name, d]) => [
            name,
            toDatabaseModel(name, d, access[name], rules),
        ]),
    );
    // Each database's login passwords rotate like any generated secret, and show in the calendar.
    for (const database of Object.values(databases)) {
        secrets[database.credentialSecret] = storeCredential({
            name: database.credentialSecret,
            class: "database-credential",
            periodDays: database.credentialPeriodDays,
            formerPeriods: database.credentialFormerPeriods,
            consumers: database.consumers,
            description: `login users of database ${database.name}`,
            owner: `db-${database.name}-credential`,
            delivery: "database",
        });
    }
    // Each Redis's AUTH token rotates the same way (two accepted tokens, like the two login users).
    const redis = Object.fromEntries(
        Object.entries(input.redis ?? {}).map(([name, r]) => [name, toRedisModel(name, r)]),
    );
    for (const entry of Object.values(redis)) {
        secrets[entry.tokenSecret] = storeCredential({
            name: entry.tokenSecret,
            class: "redis-auth-token",
            periodDays: entry.tokenPeriodDays,
            formerPeriods: entry.tokenFormerPeriods,
            consumers: entry.consumers,
            description: `AUTH token of redis ${entry.name}`,
            owner: `redis-${entry.name}-token`,
            delivery: "redis",
        });
    }
    // The edge proves a request came through it with a rotating origin secret, when a load balancer is
    // behind a proxied record: the program generates it, like the login passwords.
    if (
        input.dns &&
        Object.values(services).some((s) => s.platform === "aws" && s.public && s.proxied)
    ) {
        const rule = SECRET_CLASSES["origin-secret"];
        secrets[ORIGIN_SECRET_NAME] = {
            name: ORIGIN_SECRET_NAME,
            kind: "generated",
            class: "origin-secret",
            ...periodHistory(undefined, undefined, rule),
            scheme: rule.scheme,
            earlyRotations: [],
            consumers: [],
            description: `sent by Cloudflare as ${ORIGIN_SECRET_HEADER}, checked by the load balancers`,
            owner: ORIGIN_SECRET_NAME,
            delivery: "edge",
        };
    }
    const domains = Object.fromEntries(
        Object.entries(input.services).map(([name, s]) => [name, s.domain]),
    );
    const buckets = Object.fromEntries(
        Object.entries(input.buckets ?? {}).map(([name, b]) => [
            name,
            toBucketModel(name, b, domains),
        ]),
    );
    const env = Object.fromEntries(
        Object.entries(input.env ?? {}).map(([service, variables]) => [
            service,
            Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, toEnvEntry(v)])),
        ]),
    );
    const routes = input.alerts?.routes ?? {};
    return {
        ok: true,
        model: {
            environment,
            rules,
            protect: rules.deletionProtection,
            network: input.network,
            cloudflare: input.cloudflare,
            databases,
            buckets,
            redis,
            services,
            edge: input.dns ? toEdgeModel(input.dns) : undefined,
            // Each route's fields per protocol were checked above (model/routes.ts). Without a paging route
            // (allowed outside production: rule criticalToChat), critical alarms go where warnings go.
            alertRoutes: (routes.critical === undefined && rules.criticalToChat && routes.warning
                ? { ...routes, critical: routes.warning }
                : routes) as SystemModel["alertRoutes"],
            secrets,
            incidents: input.rotation?.incidents ?? [],
            env,
            jobs: Object.fromEntries(
                Object.entries(input.jobs ?? {}).map(([name, j]) => [
                    name,
                    toJobModel(name, j, services),
                ]),
            ),
            flags: toFlagModels(
                input.flags ?? {},
                Object.fromEntries(Object.values(services).map((s) => [s.name, s.platform])),
            ),
            promotion: toPromotionModel(input.promotion),
            adopt: toAdoptModel(input.adopt),
        },
    };
}
