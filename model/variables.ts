/**
 * One owner per variable: every variable each service receives, with the one entry of the stack file that
 * gives it (env, secrets, databases, buckets, Redis, flags, queues, rollout). The loader refuses a second
 * source for a name here, and the service environment is built from this list (components/services), so
 * what is checked is what is written. Pure.
 */
import { ConfigError, joinPath } from "./errors";
import { secretVariables } from "./rotation";
import { ROLLOUT_VARIABLE } from "./rollout";
import { EDGE_CONFIG_VARIABLE, FLAGS_URL_VARIABLE, QUEUE_METRICS } from "./rules";
import type { EnvEntry, LoadResult, SystemModel } from "./types";

/** What a variable holds: an env entry's kind, or a value the program itself sets. */
export type VariableEntry =
    | EnvEntry
    /** A worker's queue-metric names (docs/queues-and-jobs.md, "The queue metric contract"). */
    | { readonly kind: "queue"; readonly field: keyof typeof QUEUE_METRICS.variables }
    /** Where the service reads its flags: Edge Config's read token (vercel), the agent's URL (aws). */
    | { readonly kind: "flags" }
    /** The versions an ECS task was rolled out with (model/rollout.ts). */
    | { readonly kind: "rollout" };

export interface VariableOwner {
    readonly entry: VariableEntry;
    /** The entry that gives it, in the stack file's terms: `databases.main`, `env.api.LOG_LEVEL`. */
    readonly source: string;
    /** The config path a collision is reported at (`opsbook:system.` + this). */
    readonly path: string;
}

/** Service → variable → its owner. */
export type VariableOwners = Record<string, Record<string, VariableOwner>>;

interface Claim extends VariableOwner {
    readonly service: string;
    readonly variable: string;
}

/** Every claim, in a fixed order (the first claim of a name owns it; the rest are collisions). */
function claims(model: SystemModel): Claim[] {
    const out: Claim[] = [];
    const claim = (
        service: string,
        variable: string,
        entry: VariableEntry,
        source: string,
        path: string,
    ) => out.push({ service, variable, entry, source, path });
    for (const [service, variables] of Object.entries(model.env))
        for (const [variable, entry] of Object.entries(variables))
            claim(
                service,
                variable,
                entry,
                `env.${service}.${variable}`,
                `env.${service}.${variable}`,
            );
    for (const secret of Object.values(model.secrets)) {
        if (secret.delivery !== "env") continue;
        for (const service of secret.consumers)
            for (const { variable, slot } of secretVariables(secret.name, secret.scheme))
                claim(
                    service,
                    variable,
                    { kind: "secret", secret: secret.name, slot },
                    `secrets.${secret.name}`,
                    `secrets.${secret.name}`,
                );
    }
    for (const database of Object.values(model.databases)) {
        const source = `databases.${database.name}`;
        for (const service of database.consumers)
            claim(
                service,
                database.urlVariable,
                { kind: "database", database: database.name, url: "pooled" },
                source,
                `${source}.urlVariable`,
            );
        for (const service of database.directUrlConsumers)
            claim(
                service,
                database.directUrlVariable,
                { kind: "database", database: database.name, url: "direct" },
                source,
                `${source}.directUrlVariable`,
            );
    }
    for (const redis of Object.values(model.redis))
        for (const service of redis.consumers)
            claim(
                service,
                redis.urlVariable,
                { kind: "redis", redis: redis.name },
                `redis.${redis.name}`,
                `redis.${redis.name}.urlVariable`,
            );
    for (const bucket of Object.values(model.buckets))
        for (const service of bucket.consumers)
            claim(
                service,
                bucket.envVariable,
                { kind: "bucket", bucket: bucket.name },
                `buckets.${bucket.name}`,
                `buckets.${bucket.name}.variable`,
            );
    const flagReaders = new Map<string, string>();
    for (const flag of Object.values(model.flags))
        for (const service of flag.consumers)
            if (!flagReaders.has(service)) flagReaders.set(service, flag.name);
    for (const [service, flag] of flagReaders) {
        const platform = model.services[service]?.platform;
        if (platform === undefined) continue;
        claim(
            service,
            platform === "vercel" ? EDGE_CONFIG_VARIABLE : FLAGS_URL_VARIABLE,
            { kind: "flags" },
            "flags",
            `flags.${flag}.consumers`,
        );
    }
    for (const service of Object.values(model.services)) {
        if (service.queues.length > 0)
            for (const [field, variable] of Object.entries(QUEUE_METRICS.variables))
                claim(
                    service.name,
                    variable,
                    { kind: "queue", field: field as keyof typeof QUEUE_METRICS.variables },
                    `services.${service.name}.queues`,
                    `services.${service.name}.queues`,
                );
        // ECS carries the rollout versions in a variable; Vercel in deployment metadata (no variable).
        if (service.platform === "aws")
            claim(
                service.name,
                ROLLOUT_VARIABLE,
                { kind: "rollout" },
                "rollout",
                `services.${service.name}`,
            );
    }
    return out;
}

/** Every variable each service receives, by its one owner (the first source; the loader refuses the rest). */
export function variableOwners(model: SystemModel): VariableOwners {
    const owners: VariableOwners = {};
    for (const { service, variable, entry, source, path } of claims(model)) {
        const mine = (owners[service] ??= {});
        if (!(variable in mine)) mine[variable] = { entry, source, path };
    }
    return owners;
}

/**
 * Every variable given by two sources, once per collision: at the second source's path, naming both
 * sources, the variable and the services that would receive both.
 */
export function checkVariableOwners(model: SystemModel): ConfigError[] {
    const first = new Map<string, Claim>();
    const collisions = new Map<string, { claim: Claim; owner: Claim; services: string[] }>();
    for (const claim of claims(model)) {
        const key = `${claim.service}\u0000${claim.variable}`;
        const owner = first.get(key);
        if (!owner) {
            first.set(key, claim);
            continue;
        }
        if (owner.source === claim.source && owner.path === claim.path) continue;
        const id = [claim.path, claim.source, owner.source, claim.variable].join("\u0000");
        const seen = collisions.get(id);
        if (seen) seen.services.push(claim.service);
        else collisions.set(id, { claim, owner, services: [claim.service] });
    }
    return [...collisions.values()].map(({ claim, owner, services }) => ({
        path: joinPath(claim.path.split(".")),
        message: `gives ${services.join(", ")} the variable ${claim.variable}, which ${owner.source} already gives; one variable has one source: rename one of them`,
    }));
}

/** A load result, refused when a variable has two sources (all of them at once). */
export function withOneOwner(result: LoadResult): LoadResult {
    if (!result.ok) return result;
    const errors = checkVariableOwners(result.model);
    return errors.length > 0 ? { ok: false, errors } : result;
}
