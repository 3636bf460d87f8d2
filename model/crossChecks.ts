/**
 * Rules that span entries or come from `model/rules.ts`, one function per concern, over the parts of the
 * stack file that parsed (model/parts.ts): they run even when other parts are malformed, so the user sees
 * every problem in one pass.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import type { Parts } from "./parts";
import {
    checkIncidents,
    checkSecretEntries,
    checkStoreFormerPeriods,
    schemeOf,
} from "./secretChecks";
import type { LoadOptions } from "./types";

export function checkReferencesAndRules(parts: Parts, options: LoadOptions): ConfigError[] {
    const secrets = checkSecretEntries(parts, options);
    return [
        ...checkServiceRoles(parts),
        ...secrets.errors,
        ...checkStoreFormerPeriods(parts),
        ...checkIncidents(parts, options),
        ...checkEnvReferences(parts, secrets.consumersOf),
    ];
}

/** What each service's platform and role allow (domain, health path, framework). */
function checkServiceRoles(parts: Parts): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    for (const [name, service] of Object.entries(parts.services)) {
        const written = (key: string) => parts.written(["services", name, key]);
        if (service.platform === "vercel" && service.role !== undefined && service.role !== "web") {
            error(
                ["services", name, "role"],
                `${describeValue(service.role)} is not allowed on vercel; expected "web"`,
            );
        }
        if (written("framework") && service.platform === "aws") {
            error(["services", name, "framework"], "is for vercel services only; remove it");
        }
        if (service.role === "worker" && (written("domain") || written("healthPath"))) {
            error(
                ["services", name, written("domain") ? "domain" : "healthPath"],
                "a worker serves no HTTP traffic; remove it",
            );
        }
        if (service.domain !== undefined && !written("healthPath")) {
            error(
                ["services", name, "healthPath"],
                `is required: ${name} is public at ${describeValue(service.domain)} and must have a health endpoint, e.g. "/health"`,
            );
        }
    }
    return errors;
}

/** `env`: each service is one, and each secret reference is to a secret the service consumes. */
function checkEnvReferences(
    parts: Parts,
    consumersOf: ReadonlyMap<string, ReadonlySet<string>>,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const serviceNames = parts.names.services;
    const secretNames = parts.names.secrets;
    for (const service of parts.names.env) {
        if (!serviceNames.includes(service)) {
            error(
                ["env", service],
                `${describeValue(service)} is not a service; expected one of ${quoteList(serviceNames)}`,
            );
            continue;
        }
        for (const [variable, value] of Object.entries(parts.env[service] ?? {})) {
            if (typeof value !== "object" || !("secret" in value)) continue;
            if (!secretNames.includes(value.secret)) {
                error(
                    ["env", service, variable, "secret"],
                    `${describeValue(value.secret)} is not a secret; expected one of ${quoteList(secretNames)}`,
                );
                continue;
            }
            // A secret entry that did not parse is the schema's to report.
            if (!parts.secrets[value.secret]) continue;
            if (!consumersOf.get(value.secret)?.has(service)) {
                error(
                    ["env", service, variable, "secret"],
                    `${service} is not a consumer of ${value.secret}; add it to opsbook:system.secrets.${value.secret}.consumers`,
                );
            }
            const scheme = schemeOf(parts.secrets[value.secret]);
            if (
                (value.slot === "previous" || value.slot === "next") &&
                scheme !== undefined &&
                scheme !== "key-set"
            ) {
                error(
                    ["env", service, variable, "slot"],
                    `${describeValue(value.slot)} is not allowed: ${value.secret} is not a key set; expected "current"`,
                );
            }
        }
    }
    return errors;
}
