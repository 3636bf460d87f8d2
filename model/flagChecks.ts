/**
 * The checks of `flags` that span entries (the name each store accepts, consumers), over the entries that
 * parsed (model/parts.ts). Who sets EDGE_CONFIG and OPSBOOK_FLAGS_URL is model/variables.ts's. Pure.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import type { FlagStore } from "./flags";
import type { Parts } from "./parts";
import { FLAG_KEYS } from "./rules";

/** Cross-entry rules for `flags`, over the entries that parsed (model/parts.ts). */
export function checkFlags(parts: Parts): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const serviceNames = parts.names.services;
    const platformOf = (service: string) => parts.services[service]?.platform;
    for (const name of parts.names.flags) {
        // A flag that did not parse as an object still has a name to check.
        const flag = parts.flags[name] ?? {};
        const consumers = flag.consumers ?? [];
        // The name must be a key in every store that serves it: AppConfig's rule when an aws service
        // reads it (or when no consumer says yet), Edge Config's when only vercel services do.
        const platforms = consumers.map(platformOf);
        const store: FlagStore =
            platforms.length > 0 && platforms.every((p) => p === "vercel")
                ? "edge-config"
                : "appconfig";
        if (!FLAG_KEYS[store].pattern.test(name)) {
            const readers = consumers.filter((c) => platformOf(c) === "aws");
            error(
                ["flags", name],
                `${describeValue(name)} is not a key ${store === "appconfig" ? `AppConfig accepts${readers.length > 0 ? ` (${quoteList(readers)} read${readers.length === 1 ? "s" : ""} it from AppConfig)` : ""}` : "Edge Config accepts"}; expected ${FLAG_KEYS[store].allowed}`,
            );
        }
        if (flag.rolloutPercent !== undefined && flag.enabled === false) {
            error(
                ["flags", name, "rolloutPercent"],
                `is set but enabled is false, so the flag is off for everyone; set enabled: true to roll it out to ${flag.rolloutPercent}% of users, or remove rolloutPercent`,
            );
        }
        const seen = new Set<string>();
        consumers.forEach((consumer, index) => {
            if (!serviceNames.includes(consumer)) {
                error(
                    ["flags", name, "consumers", index],
                    `${describeValue(consumer)} is not a service; expected one of ${quoteList(serviceNames)}`,
                );
            } else if (seen.has(consumer)) {
                error(
                    ["flags", name, "consumers", index],
                    `${describeValue(consumer)} is listed twice`,
                );
            }
            seen.add(consumer);
        });
    }
    return errors;
}
