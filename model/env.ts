/**
 * The env fan-out, as data: every variable a service receives, from one definition. Secrets reach each of
 * their consumers under the same name and from the same source, so api and worker cannot disagree.
 */
import type { EnvValueInput } from "./schema";
import type { EnvEntry, SystemModel } from "./types";
import { variableOwners } from "./variables";

/** The kinds a service's environment entry may have (the rest are set by the program: model/variables.ts). */
const ENV_KINDS: ReadonlySet<string> = new Set([
    "literal",
    "secret",
    "database",
    "bucket",
    "redis",
]);

/**
 * A service's variables: its own `env` entries, plus the variables of each secret it consumes (`NAME`,
 * `NAME_NEXT`, `NAME_PREVIOUS` of a key set; `NAME`, `NAME_KEY_ID`, `NAME_KEYRING` of a key ring), the URLs
 * of its databases and Redis, and the names of its buckets: its entries in the one list of owners
 * (model/variables.ts), where the loader refuses two sources for one name.
 */
export function serviceEnv(model: SystemModel, service: string): Record<string, EnvEntry> {
    return Object.fromEntries(
        Object.entries(variableOwners(model)[service] ?? {}).flatMap(([variable, { entry }]) =>
            ENV_KINDS.has(entry.kind) ? [[variable, entry as EnvEntry]] : [],
        ),
    );
}

/** An `env` value as the model holds it: a literal (a public one with its reason) or a secret's slot. */
export function toEnvEntry(value: EnvValueInput): EnvEntry {
    if (typeof value === "object") {
        if ("public" in value) return { kind: "literal", value: value.value, public: value.public };
        return { kind: "secret", secret: value.secret, slot: value.slot ?? "current" };
    }
    return { kind: "literal", value: String(value) };
}
