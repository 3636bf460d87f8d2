/**
 * Loads `opsbook:system` into a typed SystemModel. Never throws on user input: it returns every problem at
 * once, each with its config path, the bad value (never a secret) and what is allowed.
 */
import { z } from "zod";
import { SECRET_CLASSES, SecretClass, SecretKind, secretClassesOfKind } from "./rules";
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
import { parseIsoDate } from "./rotation";
import {
    BucketModel,
    checkData,
    databaseAccess,
    DatabaseModel,
    toBucketModel,
    toDatabaseModel,
} from "./data";
import {
    AlertRoute,
    checkServices,
    EdgeModel,
    ServiceModel,
    toEdgeModel,
    toServiceModel,
} from "./services";
import { EnvValueInput, NetworkInput, secretReferenceSchema, systemSchema } from "./schema";

export { CONFIG_NAMESPACE, SYSTEM_KEY, describeValue, formatErrors } from "./errors";
export type { ConfigError } from "./errors";

export type { ServiceModel } from "./services";

export interface SecretModel {
    readonly name: string;
    readonly kind: SecretKind;
    readonly class: SecretClass;
    readonly periodDays: number;
    readonly slots: 1 | 2;
    readonly rotatedAt?: string;
    readonly earlyRotations: readonly string[];
    readonly consumers: readonly string[];
    /** Vendor secrets: the secret config key holding the value (`opsbook:NAME`). */
    readonly configKey?: string;
    readonly description?: string;
    /** `env`: consumers receive it as variables. `database`: it is a database's login passwords, delivered inside its URL. */
    readonly delivery: "env" | "database";
}

export type EnvEntry =
    | { readonly kind: "literal"; readonly value: string }
    | { readonly kind: "secret"; readonly secret: string; readonly slot: "current" | "previous" }
    | { readonly kind: "database"; readonly database: string; readonly url: "pooled" | "direct" }
    | { readonly kind: "bucket"; readonly bucket: string };

export interface SystemModel {
    readonly environment: "production" | "staging" | "development";
    /** Production protects stateful resources (`protect`, deletion protection, vault lock). */
    readonly protect: boolean;
    readonly network?: NetworkInput;
    readonly cloudflare?: { readonly accountId: string };
    readonly databases: Readonly<Record<string, DatabaseModel>>;
    readonly buckets: Readonly<Record<string, BucketModel>>;
    readonly services: Readonly<Record<string, ServiceModel>>;
    /** The Cloudflare zone, its records and rate limit; absent when DNS is managed elsewhere. */
    readonly edge?: EdgeModel;
    /** Subscriptions per severity; endpoints are vendor secrets. */
    readonly alertRoutes: Readonly<
        Partial<Record<"critical" | "warning" | "info", readonly AlertRoute[]>>
    >;
    readonly secrets: Readonly<Record<string, SecretModel>>;
    readonly incident?: string;
    /** Variables written per service in `env`; `serviceEnv()` adds the secrets a service consumes. */
    readonly env: Readonly<Record<string, Readonly<Record<string, EnvEntry>>>>;
}

/** What the loader may know of the rest of the stack's config: presence and secrecy, never values. */
export interface ConfigView {
    has(key: string): boolean;
    isSecret(key: string): boolean;
}

export interface LoadOptions {
    readonly now: Date;
    readonly config: ConfigView;
}

export type LoadResult =
    | { readonly ok: true; readonly model: SystemModel }
    | { readonly ok: false; readonly errors: readonly ConfigError[] };

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
    return path[0] === "services" || (path[0] === "env" && path.length === 1)
        ? "a service name of lower-case letters, digits and '-', such as api"
        : "an upper-case name of letters, digits and '_', such as API_SECRET";
}

function patternHint(path: readonly PropertyKey[]): string {
    const last = String(path[path.length - 1]);
    if (last === "rotatedAt" || path.includes("rotateNow"))
        return "expected an ISO date such as 2026-03-01";
    if (last === "domain") return "expected a lower-case hostname such as api.example.com";
    if (last === "healthPath") return "expected a path starting with /";
    if (last === "incident") return "expected an id of letters, digits, '.', '_' or '-'";
    return "expected letters, digits and '-' only";
}

/** Turns a zod issue into our message: the bad value, then what is allowed. */
function formatIssue(issue: z.core.$ZodIssue): ConfigError[] {
    const at = (message: string, path: readonly PropertyKey[] = issue.path): ConfigError[] => [
        { path: joinPath(path), message },
    ];
    const got = describeValue(issue.input);
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
            // An object can only mean a secret reference: report what is wrong inside it.
            const reference = secretReferenceSchema.safeParse(issue.input, { reportInput: true });
            if (asRecord(issue.input) && !reference.success) {
                return reference.error.issues.flatMap((inner) =>
                    formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                );
            }
            return at(
                `${got} is not allowed; expected a string, a number, a boolean or { secret: NAME }`,
            );
        }
        case "invalid_format":
            return at(
                `${got} is not allowed; ${issue.format === "regex" ? patternHint(issue.path) : `expected a ${issue.format}`}`,
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
        if (kind === "generated" && secret.rotatedAt !== undefined) {
            error(
                ["secrets", name, "rotatedAt"],
                "is for vendor secrets only; a generated secret's rotations are computed from its period",
            );
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
                    (variable === secret || variable === `${secret}_PREVIOUS`),
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
            const rule = (SECRET_CLASSES as Record<string, { slots: number }>)[
                target.class as string
            ];
            if (reference.slot === "previous" && rule && rule.slots !== 2) {
                error(
                    ["env", service, variable, "slot"],
                    `"previous" is not allowed: ${reference.secret} has one slot; expected "current"`,
                );
            }
        }
    }
    return errors;
}

function toEnvEntry(value: EnvValueInput): EnvEntry {
    if (typeof value === "object") {
        return { kind: "secret", secret: value.secret, slot: value.slot ?? "current" };
    }
    return { kind: "literal", value: String(value) };
}

/** Validates and normalises `opsbook:system`. */
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
        ...checkReferencesAndRules(rawRecord, options),
        ...checkData(rawRecord),
        ...checkServices(rawRecord),
    );
    if (!parsed.success || errors.length > 0) {
        return { ok: false, errors: dedupe(errors) };
    }
    const input = parsed.data;
    const services = Object.fromEntries(
        Object.entries(input.services).map(([name, s]) => [name, toServiceModel(name, s)]),
    );
    const secrets = Object.fromEntries(
        Object.entries(input.secrets ?? {}).map(([name, s]) => {
            const secretClass = s.class as SecretClass;
            const rule = SECRET_CLASSES[secretClass];
            const model: SecretModel = {
                name,
                kind: s.kind,
                class: secretClass,
                periodDays: s.periodDays ?? rule.defaultPeriodDays,
                slots: rule.slots,
                rotatedAt: s.rotatedAt,
                earlyRotations: asStringList(s.rotateNow),
                consumers: s.consumers ?? [],
                configKey: s.kind === "vendor" ? `${CONFIG_NAMESPACE}:${name}` : undefined,
                description: s.description,
                delivery: "env",
            };
            return [name, model];
        }),
    );
    const access = databaseAccess(input.databases ?? {});
    const databases = Object.fromEntries(
        Object.entries(input.databases ?? {}).map(([name, d]) => [
            name,
            toDatabaseModel(name, d, access[name]),
        ]),
    );
    // Each database's login passwords rotate like any generated secret, and show in the calendar.
    for (const database of Object.values(databases)) {
        secrets[database.credentialSecret] = {
            name: database.credentialSecret,
            kind: "generated",
            class: "database-credential",
            periodDays: database.credentialPeriodDays,
            slots: SECRET_CLASSES["database-credential"].slots,
            earlyRotations: [],
            consumers: database.consumers,
            description: `login users of database ${database.name}`,
            delivery: "database",
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
    const environment = input.environment ?? "production";
    return {
        ok: true,
        model: {
            environment,
            protect: environment === "production",
            network: input.network,
            cloudflare: input.cloudflare,
            databases,
            buckets,
            services,
            edge: input.dns ? toEdgeModel(input.dns) : undefined,
            alertRoutes: input.alerts?.routes ?? {},
            secrets,
            incident: input.rotation?.incident,
            env,
        },
    };
}
