/**
 * One owner per variable (model/variables.ts): every collision between the sources that give a service a
 * variable is refused once, naming both, and the list the environment is built from is exactly the
 * variables each source gives.
 */
import fc from "fast-check";
import { loadSystem, LoadResult, SystemModel } from "../../model/load";
import { serviceEnv } from "../../model/env";
import { secretVariables } from "../../model/rotation";
import { variableOwners } from "../../model/variables";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("one owner per variable", () => {
    it("refuses a database URL named like the Redis URL its consumer already reads, naming both", () => {
        const system = validSystem();
        system.redis = { cache: { consumers: ["api", "worker"] } };
        system.databases = {
            main: { kind: "rds", consumers: ["api"], urlVariable: "REDIS_URL", rpoMinutes: 60 },
        };
        const errors = errorsOf(load(system));
        expect(errors.filter((e) => e.message.includes("REDIS_URL"))).toEqual([
            {
                path: "opsbook:system.redis.cache.urlVariable",
                message:
                    "gives api the variable REDIS_URL, which databases.main already gives; one variable has one source: rename one of them",
            },
        ]);
    });

    it("refuses a database URL named like a key set's next value, naming both", () => {
        const system = validSystem();
        system.databases = {
            main: {
                kind: "rds",
                consumers: ["api", "worker"],
                urlVariable: "API_SECRET_NEXT",
                rpoMinutes: 60,
            },
        };
        // Reported once for both services, at the second source's path.
        expect(errorsOf(load(system))).toEqual([
            {
                path: "opsbook:system.databases.main.urlVariable",
                message:
                    "gives api, worker the variable API_SECRET_NEXT, which secrets.API_SECRET already gives; one variable has one source: rename one of them",
            },
        ]);
    });

    it("lists the program's own variables beside the stack file's", () => {
        const system = validSystem();
        system.services.worker.queues = ["email"];
        system.flags = { dark_mode: { enabled: true, consumers: ["web", "api"] } };
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const owners = variableOwners(result.model);
        expect(owners.worker.OPSBOOK_QUEUES.source).toBe("services.worker.queues");
        expect(owners.api.OPSBOOK_FLAGS_URL.source).toBe("flags");
        expect(owners.web.EDGE_CONFIG.source).toBe("flags");
        expect(owners.api.OPSBOOK_ROLLOUT_VERSIONS.source).toBe("rollout");
        expect(owners.web.OPSBOOK_ROLLOUT_VERSIONS).toBeUndefined();
    });
});

/** Names drawn from a small pool, so that sources often collide. */
const POOL = [
    "REDIS_URL",
    "DATABASE_URL",
    "DIRECT_URL",
    "API_SECRET_NEXT",
    "STRIPE_SECRET_KEY",
    "LOG_LEVEL",
    "OPSBOOK_STACK",
    "OPSBOOK_FLAGS_URL",
    "OPSBOOK_ROLLOUT_VERSIONS",
    "EDGE_CONFIG",
    "UPLOADS_BUCKET",
    // Names no source gives by default, so that many systems load.
    ...["CACHE_URL", "MAIN_URL", "MAIN_DIRECT_URL", "FILES", "FEATURE_A", "FEATURE_B", "FEATURE_C"],
];
const name = fc.constantFrom(...POOL);
const awsServices = fc.subarray(["api", "worker"], { minLength: 1 });
const anyServices = fc.subarray(["web", "api", "worker"]);

const systems = fc.record({
    database: fc.option(
        fc.record({ consumers: awsServices, urlVariable: name, directUrlVariable: name }),
    ),
    redis: fc.option(fc.record({ consumers: awsServices, urlVariable: name })),
    bucket: fc.option(fc.record({ consumers: anyServices, variable: name })),
    env: fc.record({
        web: fc.uniqueArray(name, { maxLength: 2 }),
        api: fc.uniqueArray(name, { maxLength: 2 }),
    }),
    queues: fc.boolean(),
    flagReaders: anyServices,
});

type Drawn = typeof systems extends fc.Arbitrary<infer T> ? T : never;

function systemOf(drawn: Drawn) {
    const system = validSystem();
    if (drawn.database)
        system.databases = {
            main: { kind: "rds", rpoMinutes: 60, directUrlConsumers: ["api"], ...drawn.database },
        };
    if (drawn.redis) system.redis = { cache: drawn.redis };
    if (drawn.bucket) system.buckets = { uploads: { provider: "s3", ...drawn.bucket } };
    for (const [service, names] of Object.entries(drawn.env))
        system.env[service] = {
            ...system.env[service],
            ...Object.fromEntries(names.map((n) => [n, "x"])),
        };
    if (drawn.queues) system.services.worker.queues = ["email"];
    if (drawn.flagReaders.length > 0)
        system.flags = { dark_mode: { enabled: true, consumers: drawn.flagReaders } };
    return system;
}

/** Each source's variables, written out from the stack file's sections (the oracle), as `service.NAME`. */
function sourcesOf(raw: Record<string, any>, model: SystemModel): Map<string, string[]> {
    const sources = new Map<string, string[]>();
    const give = (service: string, variable: string, source: string) =>
        sources.set(`${service}.${variable}`, [
            ...(sources.get(`${service}.${variable}`) ?? []),
            source,
        ]);
    for (const [service, vars] of Object.entries<Record<string, unknown>>(raw.env ?? {}))
        for (const v of Object.keys(vars)) give(service, v, `env.${service}.${v}`);
    for (const secret of Object.values(model.secrets))
        if (secret.delivery === "env")
            for (const service of secret.consumers)
                for (const { variable } of secretVariables(secret.name, secret.scheme))
                    give(service, variable, `secrets.${secret.name}`);
    const db = raw.databases?.main;
    if (db) {
        for (const s of db.consumers) give(s, db.urlVariable, "databases.main");
        for (const s of db.directUrlConsumers) give(s, db.directUrlVariable, "databases.main");
    }
    const redis = raw.redis?.cache;
    if (redis) for (const s of redis.consumers) give(s, redis.urlVariable, "redis.cache");
    const bucket = raw.buckets?.uploads;
    if (bucket) for (const s of bucket.consumers) give(s, bucket.variable, "buckets.uploads");
    if (raw.services.worker.queues)
        for (const v of ["OPSBOOK_STACK", "OPSBOOK_SERVICE", "OPSBOOK_QUEUES"])
            give("worker", v, "services.worker.queues");
    for (const s of raw.flags?.dark_mode?.consumers ?? [])
        give(s, s === "web" ? "EDGE_CONFIG" : "OPSBOOK_FLAGS_URL", "flags");
    for (const s of ["api", "worker"]) give(s, "OPSBOOK_ROLLOUT_VERSIONS", "rollout");
    return sources;
}

describe("one owner per variable, for any system", () => {
    it("loads only systems where no service has one variable from two sources, and lists exactly those", () => {
        // The model the oracle reads secrets' schemes from: the fixture's, which the draws leave alone.
        const base = load(validSystem());
        if (!base.ok) throw new Error(JSON.stringify(base.errors));
        let loaded = 0;
        let refused = 0;
        fc.assert(
            fc.property(systems, (drawn) => {
                const raw = systemOf(drawn);
                const sources = sourcesOf(raw, base.model);
                const collides = [...sources.values()].some((s) => new Set(s).size > 1);
                const result = load(raw);
                if (!result.ok) {
                    refused++;
                    // Every collision message names two sources; a collision is reported once.
                    const messages = result.errors.map((e) => `${e.path} ${e.message}`);
                    expect(new Set(messages).size).toBe(messages.length);
                    return;
                }
                loaded++;
                expect(collides).toBe(false);
                const owners = variableOwners(result.model);
                const listed = Object.entries(owners).flatMap(([service, vars]) =>
                    Object.entries(vars).map(([v, o]) => [`${service}.${v}`, o.source]),
                );
                expect(Object.fromEntries(listed)).toEqual(
                    Object.fromEntries([...sources].map(([key, [source]]) => [key, source])),
                );
                // The environment the components write is the list's stack-file entries.
                for (const service of ["web", "api", "worker"]) {
                    const env = serviceEnv(result.model, service);
                    for (const [variable, entry] of Object.entries(env))
                        expect(owners[service][variable].entry).toEqual(entry);
                }
            }),
            { numRuns: 300, seed: 24 },
        );
        // The pool makes both outcomes common; a generator that only ever collides would prove nothing.
        expect(loaded).toBeGreaterThan(10);
        expect(refused).toBeGreaterThan(10);
    });
});
