/**
 * Rules that span entries or come from `model/rules.ts`, one function per concern. They read the raw input
 * defensively, so they run even when parts of it are malformed and the user sees every problem in one pass.
 */
import { secretVariables } from "./rotation";
import { asRecord, ConfigError, describeValue, joinPath, quoteList } from "./errors";
import {
    checkIncidents,
    checkSecretEntries,
    checkStoreFormerPeriods,
    schemeOfRaw,
} from "./secretChecks";
import type { LoadOptions } from "./types";

export function checkReferencesAndRules(
    raw: Record<string, unknown>,
    options: LoadOptions,
): ConfigError[] {
    const secrets = checkSecretEntries(raw, options);
    return [
        ...checkServiceRoles(raw),
        ...secrets.errors,
        ...checkStoreFormerPeriods(raw),
        ...checkIncidents(raw, options),
        ...checkEnvReferences(raw, secrets.consumersOf),
    ];
}

/** What each service's platform and role allow (domain, health path, framework). */
function checkServiceRoles(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const services = asRecord(raw.services) ?? {};
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
    return errors;
}

/** `env`: each service is one, each variable is not injected twice, each secret reference is consumed. */
function checkEnvReferences(
    raw: Record<string, unknown>,
    consumersOf: ReadonlyMap<string, ReadonlySet<string>>,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const services = asRecord(raw.services) ?? {};
    const secrets = asRecord(raw.secrets) ?? {};
    const serviceNames = Object.keys(services);
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
