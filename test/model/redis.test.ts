/**
 * The `redis` entry in the model: defaults, the REDIS_URL fan-out, its AUTH token as a rotating credential,
 * the update strategy per generation, and every loader error with its path.
 */
import { loadSystem, LoadResult, SystemModel } from "../../model/load";
import { serviceEnv } from "../../model/env";
import { consumedVersions } from "../../model/rollout";
import { redisNodeAlarms, redisTokenStrategy } from "../../model/redis";
import { generationAt, rotationState, scheduleOf } from "../../model/rotation";
import { DAY_MS } from "../../model/rules";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });
function modelOf(result: LoadResult): SystemModel {
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}
const withRedis = (entry: Record<string, unknown>, edit: (s: any) => void = () => undefined) => {
    const system = validSystem();
    system.redis = { cache: entry };
    edit(system);
    return system;
};

describe("a redis entry", () => {
    it("loads with the rules' defaults and a rotating AUTH token its consumers read", () => {
        const model = modelOf(load(withRedis({ consumers: ["api", "worker"] })));
        expect(model.redis.cache).toMatchObject({
            engineVersion: "8.0",
            nodeType: "cache.t4g.small",
            replicas: 1,
            snapshotRetentionDays: 7,
            maxmemoryPolicy: "noeviction",
            urlVariable: "REDIS_URL",
            tokenSecret: "CACHE_REDIS_TOKEN",
        });
        expect(model.secrets.CACHE_REDIS_TOKEN).toMatchObject({
            kind: "generated",
            class: "redis-auth-token",
            scheme: "alternating-users",
            periodDays: 180,
            consumers: ["api", "worker"],
            delivery: "redis",
        });
        expect(serviceEnv(model, "api").REDIS_URL).toEqual({ kind: "redis", redis: "cache" });
        expect(serviceEnv(model, "worker").REDIS_URL).toEqual({ kind: "redis", redis: "cache" });
        // The token is no variable of its own: it travels inside the URL.
        expect(serviceEnv(model, "api").CACHE_REDIS_TOKEN).toBeUndefined();
        expect(serviceEnv(model, "web").REDIS_URL).toBeUndefined();
        // A rotation of the token rolls exactly its consumers.
        expect(Object.keys(consumedVersions(model, "worker", NOW))).toContain("CACHE_REDIS_TOKEN");
        expect(Object.keys(consumedVersions(model, "web", NOW))).not.toContain("CACHE_REDIS_TOKEN");
    });

    it("reports every bad field at once, each with its path, the value and what is allowed", () => {
        const system = withRedis(
            {
                consumers: ["web", "jobs"],
                snapshotRetentionDays: 3,
                tokenPeriodDays: 365,
                replicas: 9,
                maxmemoryPolicy: "random",
            },
            (s) => {
                delete s.network;
                s.secrets.CACHE_REDIS_TOKEN = { kind: "generated", class: "api-token" };
            },
        );
        expect(errorsOf(load(system))).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.redis.cache.replicas",
                    message: "9 is not allowed; expected at most 5",
                },
                {
                    path: "opsbook:system.redis.cache.maxmemoryPolicy",
                    message: expect.stringMatching(
                        /^"random" is not allowed; expected one of "noeviction"/,
                    ),
                },
                {
                    path: "opsbook:system.network",
                    message:
                        "is required: redis cache is an ElastiCache replication group in the VPC's private subnets",
                },
                {
                    path: "opsbook:system.redis.cache.consumers.0",
                    message: expect.stringContaining(
                        '"web" runs on Vercel, which cannot reach ElastiCache inside the VPC',
                    ),
                },
                {
                    path: "opsbook:system.redis.cache.consumers.1",
                    message: '"jobs" is not a service; expected one of "web", "api", "worker"',
                },
                {
                    path: "opsbook:system.redis.cache.snapshotRetentionDays",
                    message:
                        "3 is not allowed; expected 7 (the runbook minimum) to 35 (what ElastiCache keeps) days",
                },
                {
                    path: "opsbook:system.redis.cache.tokenPeriodDays",
                    message:
                        "365 is longer than the redis-auth-token class allows; expected 1 to 180 days",
                },
                {
                    path: "opsbook:system.secrets.CACHE_REDIS_TOKEN",
                    message:
                        "is reserved: opsbook generates and rotates redis cache's AUTH token under this name; rename yours",
                },
            ]),
        );
    });

    it("refuses a REDIS_URL that a vendor secret or env already gives the consumer", () => {
        const system = withRedis({ consumers: ["api", "worker"] }, (s) => {
            s.secrets.REDIS_URL = {
                kind: "vendor",
                class: "vendor-api-key",
                rotatedAt: "2026-06-01",
                consumers: ["api"],
            };
            s.env = { ...s.env, worker: { ...s.env?.worker, REDIS_URL: "redis://localhost" } };
        });
        const errors = errorsOf(load(system)).filter((e) => e.path.includes("redis."));
        expect(errors).toEqual([
            {
                path: "opsbook:system.redis.cache.urlVariable",
                message:
                    "gives api the variable REDIS_URL, which secrets.REDIS_URL already gives; one variable has one source: rename one of them",
            },
            {
                path: "opsbook:system.redis.cache.urlVariable",
                message:
                    "gives worker the variable REDIS_URL, which env.worker.REDIS_URL already gives; one variable has one source: rename one of them",
            },
        ]);
    });
});

describe("the Redis alarms", () => {
    it("watch every node; replication lag only where there are replicas", () => {
        const single = modelOf(load(withRedis({ consumers: ["api"], replicas: 0 }))).redis.cache;
        expect(redisNodeAlarms(single).map((a) => a.suffix)).toEqual([
            "001-redis-memory-warning",
            "001-redis-memory-critical",
            "001-redis-evictions",
            "001-redis-connections",
            "001-redis-engine-cpu",
        ]);
        const three = modelOf(load(withRedis({ consumers: ["api"], replicas: 2 }))).redis.cache;
        const alarms = redisNodeAlarms(three);
        expect(alarms).toHaveLength(18);
        expect(alarms.filter((a) => a.rule === "redis-replication-lag").map((a) => a.node)).toEqual(
            ["001", "002", "003"],
        );
        expect(alarms[1].description).toBe("redis cache node 001: Redis memory used over 90%");
    });
});

describe("the AUTH token's update strategy", () => {
    const model = modelOf(load(withRedis({ consumers: ["api"], tokenPeriodDays: 10 })));
    const schedule = (incidents: string[]) =>
        scheduleOf(
            model.secrets.CACHE_REDIS_TOKEN,
            incidents.map((at) => ({ id: "INC", at })),
        );

    it("is ROTATE on a schedule: the token set before stays accepted while consumers roll", () => {
        for (let day = 0; day < 40; day++)
            expect(redisTokenStrategy(schedule([]), new Date(NOW.getTime() + day * DAY_MS))).toBe(
                "ROTATE",
            );
    });

    it("ROTATEs the fresh token in on the incident's day, SETs it (unchanged) from the next day on, and ROTATEs again from the next boundary", () => {
        const incident = new Date(NOW.getTime() - 2 * DAY_MS);
        const s = schedule([incident.toISOString().slice(0, 10)]);
        const hours = (h: number) => new Date(incident.getTime() + h * 60 * 60 * 1000);
        // The incident's own up, any hour of its day: the token changes, so only ROTATE is allowed.
        expect(redisTokenStrategy(s, incident)).toBe("ROTATE");
        expect(redisTokenStrategy(s, hours(23))).toBe("ROTATE");
        // The next day's up: the same generation (the same token), now SET.
        expect(generationAt(s, hours(24))).toBe(generationAt(s, incident));
        expect(redisTokenStrategy(s, hours(24))).toBe("SET");
        expect(redisTokenStrategy(s, NOW)).toBe("SET");
        const next = rotationState(s, NOW).nextRotation;
        expect(generationAt(s, next)).toBe(generationAt(s, NOW) + 1);
        expect(redisTokenStrategy(s, next)).toBe("ROTATE");
    });
});
