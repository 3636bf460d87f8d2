/**
 * The env fan-out, as data: every variable a service receives, from one definition. Secrets reach each of
 * their consumers under the same name and from the same source, so api and worker cannot disagree.
 */
import type { EnvEntry, SystemModel } from "./types";
import { secretVariables } from "./rotation";

/**
 * A service's variables: its own `env` entries, plus the variables of each secret it consumes (`NAME`,
 * `NAME_NEXT`, `NAME_PREVIOUS` of a key set; `NAME`, `NAME_KEY_ID`, `NAME_KEYRING` of a key ring), the URLs
 * of its databases and Redis, and the names of its buckets. The loader refuses two sources for one name, so the order
 * here never decides anything.
 */
export function serviceEnv(model: SystemModel, service: string): Record<string, EnvEntry> {
    const variables: Record<string, EnvEntry> = {};
    for (const secret of Object.values(model.secrets)) {
        if (secret.delivery !== "env" || !secret.consumers.includes(service)) continue;
        for (const { variable, slot } of secretVariables(secret.name, secret.scheme)) {
            variables[variable] = { kind: "secret", secret: secret.name, slot };
        }
    }
    for (const database of Object.values(model.databases)) {
        if (database.consumers.includes(service)) {
            variables[database.urlVariable] = {
                kind: "database",
                database: database.name,
                url: "pooled",
            };
        }
        if (database.directUrlConsumers.includes(service)) {
            variables[database.directUrlVariable] = {
                kind: "database",
                database: database.name,
                url: "direct",
            };
        }
    }
    for (const redis of Object.values(model.redis)) {
        if (redis.consumers.includes(service))
            variables[redis.urlVariable] = { kind: "redis", redis: redis.name };
    }
    for (const bucket of Object.values(model.buckets)) {
        if (bucket.consumers.includes(service)) {
            variables[bucket.envVariable] = { kind: "bucket", bucket: bucket.name };
        }
    }
    return { ...variables, ...(model.env[service] ?? {}) };
}
