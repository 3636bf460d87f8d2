/**
 * A fleet simulated over random schedules, driving the model's own functions: the loader, the rotation
 * schedule (`rotationState` through `scheduleOf`), the live values (`liveValues`), the env fan-out
 * (`serviceEnv`), the rollout decision (`consumedVersions` / `rolloutLabel`) and the Redis AUTH token's update
 * strategy (`redisTokenStrategy`). Nothing here restates how
 * rotation works; the simulator only plays the platforms: a daily `pulumi up` writes the values, sets the
 * database passwords, changes the Redis AUTH token as terraform-provider-aws and ElastiCache do (the provider
 * sends the token with the strategy whenever either changed; ROTATE keeps the token set before it
 * accepted; SET is allowed only after a ROTATE, with the token it brought in, and then keeps only that one;
 * any other SET is refused and fails the up) and, for each service whose rollout label changed, replaces its instances one at a
 * time (ECS) or switches its deployment at once (Vercel). Each instance keeps the variables it read at
 * start. Then every request, connection and decryption that could happen is checked, at every moment.
 */
import fc from "fast-check";
import { loadSystem, SystemModel } from "../../model/load";
import { serviceEnv } from "../../model/env";
import { redisTokenStrategy, RedisTokenStrategy } from "../../model/redis";
import { consumedVersions, rolloutLabel } from "../../model/rollout";
import {
    generationAt,
    liveValues,
    LiveValue,
    newestRetirableGeneration,
    RotationSchedule,
    rotationState,
    scheduleOf,
    Slot,
    userOfGeneration,
} from "../../model/rotation";
import { DAY_MS, KeyScheme } from "../../model/rules";
import { configView } from "./fixtures";

const HOUR_MS = 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1);
const HORIZON_DAYS = 150;
const dayOf = (day: number) => new Date(START + day * DAY_MS).toISOString().slice(0, 10);

/** What a rotation scheme tells the simulator: the live values, and the variables a service reads. */
interface SchemeUnderTest {
    readonly live: (scheme: KeyScheme, generation: number, retiredThrough?: number) => LiveValue[];
    /** Whether a service is redeployed at an up, from the labels of its last and new deployment. */
    readonly rolls: (previousLabel: string, label: string) => boolean;
    /** The newest key the operator may retire at an up. */
    readonly retirable: (schedule: RotationSchedule, now: Date) => number;
    /** A mutant skips the loader's check of `retiredThrough`, to show what that check prevents. */
    readonly uncheckedRetirement?: boolean;
    /** How an up changes the Redis AUTH token. */
    readonly redisStrategy: (schedule: RotationSchedule, now: Date) => RedisTokenStrategy;
}

const REAL: SchemeUnderTest = {
    live: liveValues,
    rolls: (previous, label) => previous !== label,
    retirable: newestRetirableGeneration,
    redisStrategy: redisTokenStrategy,
};

interface Scenario {
    /** The daily workflow's hour; a rollout ends before the next day's up (the stack is locked). */
    readonly upHour: number;
    readonly periods: {
        readonly set: number;
        readonly cron: number;
        readonly ring: number;
        readonly db: number;
        readonly redis: number;
    };
    readonly early: readonly number[];
    readonly incident?: number;
    readonly edit?: { readonly day: number; readonly periodDays: number };
    /** The day the operator, having re-encrypted, retires every key but the current one and its predecessor. */
    readonly retireDay?: number;
}

/** The stack file as it reads on `day`: only history dated on or before it is written down. */
function stackFile(s: Scenario, day: number, retiredThrough?: number): Record<string, unknown> {
    const setPeriod = s.edit && s.edit.day <= day ? s.edit.periodDays : s.periods.set;
    const formerPeriods =
        s.edit && s.edit.day <= day
            ? [{ periodDays: s.periods.set, until: dayOf(s.edit.day) }]
            : undefined;
    const earlies = s.early.filter((d) => d <= day).map(dayOf);
    return {
        network: {
            vpcId: "vpc-0a1b2c3d4e5f60718",
            privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        },
        services: {
            web: { platform: "vercel", role: "web", repository: "acme/web" },
            api: { platform: "aws", role: "api", repository: "r/api", imageTag: "1" },
            worker: { platform: "aws", role: "worker", repository: "r/api", imageTag: "1" },
        },
        secrets: {
            API_SECRET: {
                kind: "generated",
                class: "api-token",
                periodDays: setPeriod,
                ...(formerPeriods ? { formerPeriods } : {}),
                ...(earlies.length ? { rotateNow: earlies } : {}),
                consumers: ["api", "worker"],
            },
            SECRET_KEY: {
                kind: "generated",
                class: "signing-key",
                periodDays: s.periods.set,
                consumers: ["api"],
            },
            CRON_SECRET: {
                kind: "generated",
                class: "cron-token",
                periodDays: s.periods.cron,
                consumers: ["web", "api"],
            },
            MASTER_ENCRYPTION_KEY: {
                kind: "generated",
                class: "encryption-key",
                periodDays: s.periods.ring,
                ...(earlies.length ? { rotateNow: earlies } : {}),
                ...(retiredThrough !== undefined ? { retiredThrough } : {}),
                consumers: ["api", "worker"],
            },
        },
        databases: {
            main: { kind: "rds", consumers: ["api", "worker"], credentialPeriodDays: s.periods.db },
        },
        redis: { cache: { consumers: ["api", "worker"], tokenPeriodDays: s.periods.redis } },
        rotation:
            s.incident !== undefined && s.incident <= day
                ? { incidents: [{ id: "INC-1", at: dayOf(s.incident) }] }
                : {},
    };
}

function load(raw: Record<string, unknown>, now: Date): SystemModel {
    const result = loadSystem(raw, { now, config: configView([]) });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}

/** The model with a retirement the loader never saw. */
function withRetirement(model: SystemModel, retiredThrough: number | undefined): SystemModel {
    const ring = { ...model.secrets.MASTER_ENCRYPTION_KEY, retiredThrough };
    return { ...model, secrets: { ...model.secrets, MASTER_ENCRYPTION_KEY: ring } };
}

/** What one instance read at start: per secret, the generations it holds by role; its login. */
interface InstanceEnv {
    readonly service: string;
    /** Incidents declared when it started. */
    readonly epoch: number;
    readonly sign: Readonly<Record<string, number>>;
    readonly accept: Readonly<Record<string, readonly number[]>>;
    readonly login?: { readonly user: Slot; readonly generation: number };
    /** The AUTH token generation inside its REDIS_URL. */
    readonly redisToken?: number;
}

/** Reads a service's variables the way the program writes them, from the model's fan-out. */
function instanceEnv(
    model: SystemModel,
    service: string,
    now: Date,
    scheme: SchemeUnderTest,
    epoch: number,
): InstanceEnv {
    const sign: Record<string, number> = {};
    const accept: Record<string, number[]> = {};
    let login: InstanceEnv["login"];
    let redisToken: number | undefined;
    for (const entry of Object.values(serviceEnv(model, service))) {
        if (entry.kind === "redis") {
            const token = model.secrets[model.redis[entry.redis].tokenSecret];
            redisToken = generationAt(scheduleOf(token, model.incidents), now);
        }
        if (entry.kind === "database") {
            const credential = model.secrets[model.databases[entry.database].credentialSecret];
            const g = generationAt(scheduleOf(credential, model.incidents), now);
            login = { user: userOfGeneration(g), generation: g };
        }
        if (entry.kind !== "secret") continue;
        const secret = model.secrets[entry.secret];
        const g = generationAt(scheduleOf(secret, model.incidents), now);
        const live = scheme.live(secret.scheme, g, secret.retiredThrough);
        const held =
            entry.slot === "keyring"
                ? live.map((v) => v.generation)
                : entry.slot === "key-id"
                  ? [g]
                  : live.filter((v) => v.role === entry.slot).map((v) => v.generation);
        if (entry.slot === "current") sign[secret.name] = held[0];
        accept[secret.name] = [...(accept[secret.name] ?? []), ...held];
    }
    return { service, epoch, sign, accept, login, redisToken };
}

interface Outcome {
    readonly failures: string[];
    /** How many checks ran, so a vacuous run is visible. */
    checks: number;
    /** The variables present during each day's up (old and new of every rolling service). */
    readonly presentByDay: InstanceEnv[][];
}

/**
 * Plays the scenario; returns every failed request, connection or decryption. During an up's rollout
 * every instance of a rolling service holds either its old or its new variables, in any mix and order
 * across services, so checking every pair of the envs present covers every moment of every interleaving.
 */
function simulate(s: Scenario, scheme: SchemeUnderTest = REAL): Outcome {
    const outcome: Outcome = { failures: [], checks: 0, presentByDay: [] };
    const deployed: Record<string, { env: InstanceEnv; label: string }> = {};
    const passwords: Record<Slot, number> = { a: NaN, b: NaN };
    let retiredThrough: number | undefined;
    const ciphertexts: { key: number; epoch: number }[] = [];
    // The tokens ElastiCache accepts (at most two: the one set last and, after a ROTATE, the one before),
    // the last request the provider sent (token and strategy), and every token set before the incident,
    // none of which may be accepted once the up after the incident's has run.
    let redisTokens: number[] = [];
    let lastRequest: { token: number; strategy: RedisTokenStrategy | "create" } | undefined;
    const setBeforeIncident = new Set<number>();

    const check = (at: string, present: readonly InstanceEnv[]) => {
        for (const secret of ["API_SECRET", "CRON_SECRET"]) {
            const holders = present.filter((env) => env.accept[secret]);
            for (const sender of holders.filter((env) => env.sign[secret] !== undefined)) {
                for (const checker of holders) {
                    outcome.checks++;
                    const value = sender.sign[secret];
                    if (!checker.accept[secret].includes(value)) {
                        outcome.failures.push(
                            `${at}: ${checker.service} rejects ${secret} g${value} from ${sender.service} (accepts ${checker.accept[secret]}; epochs ${sender.epoch}/${checker.epoch})`,
                        );
                    }
                }
            }
        }
        for (const env of present.filter((e) => e.login)) {
            outcome.checks++;
            const { user, generation } = env.login!;
            if (passwords[user] !== generation) {
                outcome.failures.push(
                    `${at}: ${env.service} cannot log in as ${user} with g${generation} (server has g${passwords[user]}; epoch ${env.epoch})`,
                );
            }
        }
        for (const env of present.filter((e) => e.redisToken !== undefined)) {
            outcome.checks++;
            if (!redisTokens.includes(env.redisToken!)) {
                outcome.failures.push(
                    `${at}: ${env.service} cannot AUTH to redis with g${env.redisToken} (server accepts ${redisTokens}; epoch ${env.epoch})`,
                );
            }
        }
        for (const token of redisTokens.filter((t) => setBeforeIncident.has(t))) {
            // From the up after the incident's on: the incident's own up can only ROTATE the fresh
            // token in (ElastiCache's rule), so the compromised one lives until the next up's SET.
            if (s.incident !== undefined && at >= dayOf(s.incident + 1))
                outcome.failures.push(
                    `${at}: redis still accepts g${token}, held before the incident`,
                );
        }
        const readers = present.filter((env) => env.accept.MASTER_ENCRYPTION_KEY);
        // What every instance writes now; then can every instance read everything ever written?
        for (const writer of readers) {
            ciphertexts.push({ key: writer.sign.MASTER_ENCRYPTION_KEY, epoch: writer.epoch });
        }
        for (const reader of readers) {
            for (const text of ciphertexts) {
                outcome.checks++;
                if (!reader.accept.MASTER_ENCRYPTION_KEY.includes(text.key)) {
                    outcome.failures.push(
                        `${at}: ${reader.service} cannot decrypt data under key g${text.key} (ring ${reader.accept.MASTER_ENCRYPTION_KEY}; epochs ${text.epoch}/${reader.epoch}; retired through ${retiredThrough})`,
                    );
                }
            }
        }
    };

    for (let day = 0; day < HORIZON_DAYS; day++) {
        const up = new Date(START + day * DAY_MS + s.upHour * HOUR_MS);
        if (s.retireDay === day) {
            // The operator re-encrypted everything with the current key, then records the retirement
            // of every key older than the current one's predecessor.
            const before = load(stackFile(s, day), up);
            const ring = before.secrets.MASTER_ENCRYPTION_KEY;
            retiredThrough = scheme.retirable(scheduleOf(ring, before.incidents), up);
            // Re-encrypted with the oldest key kept, which every instance deployed so far holds.
            for (const text of ciphertexts) {
                if (text.key <= retiredThrough) text.key = retiredThrough + 1;
            }
        }
        const model = scheme.uncheckedRetirement
            ? withRetirement(load(stackFile(s, day), up), retiredThrough)
            : load(stackFile(s, day, retiredThrough), up);
        const epoch = model.incidents.length;
        // The up writes the login passwords before any task rolls.
        const credential = model.secrets[model.databases.main.credentialSecret];
        const dbGeneration = generationAt(scheduleOf(credential, model.incidents), up);
        for (const value of scheme.live("alternating-users", dbGeneration)) {
            passwords[userOfGeneration(value.generation)] = value.generation;
        }
        // The up changes the AUTH token before any task rolls (the URL depends on the group).
        const token = model.secrets[model.redis.cache.tokenSecret];
        const tokenSchedule = scheduleOf(token, model.incidents);
        const tokenGeneration = generationAt(tokenSchedule, up);
        const strategy = scheme.redisStrategy(tokenSchedule, up);
        if (lastRequest === undefined) {
            redisTokens = [tokenGeneration];
            lastRequest = { token: tokenGeneration, strategy: "create" };
        } else if (lastRequest.token !== tokenGeneration || lastRequest.strategy !== strategy) {
            // replication_group.go (resourceReplicationGroupUpdate): on a change of auth_token or
            // auth_token_update_strategy, ModifyReplicationGroup with both.
            if (strategy === "ROTATE") {
                redisTokens = [tokenGeneration, redisTokens[0]].filter(
                    (t, i, all) => all.indexOf(t) === i,
                );
                lastRequest = { token: tokenGeneration, strategy };
            } else if (lastRequest.strategy === "ROTATE" && lastRequest.token === tokenGeneration) {
                redisTokens = [tokenGeneration];
                lastRequest = { token: tokenGeneration, strategy };
            } else {
                // Refused: the group keeps its tokens, and the up stops before any consumer rolls.
                outcome.failures.push(
                    `${dayOf(day)}: ElastiCache refuses SET of g${tokenGeneration} (last request: ${lastRequest.strategy} g${lastRequest.token}); the up fails`,
                );
                outcome.presentByDay.push(Object.values(deployed).map((d) => d.env));
                continue;
            }
        }
        if (s.incident === undefined || day < s.incident) setBeforeIncident.add(tokenGeneration);
        const present: InstanceEnv[] = [];
        for (const service of ["api", "worker", "web"]) {
            const label = rolloutLabel(consumedVersions(model, service, up));
            const env = instanceEnv(model, service, up, scheme, epoch);
            const old = deployed[service];
            if (old === undefined || scheme.rolls(old.label, label)) {
                if (old) present.push(old.env);
                present.push(env);
                deployed[service] = { env, label };
            } else {
                present.push(old.env);
            }
        }
        outcome.presentByDay.push(present);
        if (day > 0) check(`${dayOf(day)} during the rollout`, present);
        check(
            `${dayOf(day)} after the rollout`,
            Object.values(deployed).map((d) => d.env),
        );
    }
    return outcome;
}

/** A failure is the incident's own price only during the incident's rollout, between its two sides. */
function incidentsPrice(s: Scenario, failure: string): boolean {
    if (s.incident === undefined) return false;
    const epochs = /epochs? (\d+)(?:\/(\d+))?/.exec(failure);
    return (
        failure.startsWith(`${dayOf(s.incident)} during the rollout`) &&
        epochs !== null &&
        (epochs[2] === undefined || epochs[1] !== epochs[2])
    );
}

/**
 * Tokens that outlive the request: one signed while the up of day `d1` rolls (by old or new instances)
 * and checked while the up of day `d2` rolls. Returns the rejections for every pair of days at most
 * `lifetimeDays` apart.
 */
function tokenRejections(outcome: Outcome, lifetimeDays: number): string[] {
    const rejected: string[] = [];
    outcome.presentByDay.forEach((signers, d1) => {
        for (let d2 = d1; d2 <= d1 + lifetimeDays && d2 < outcome.presentByDay.length; d2++) {
            for (const secret of ["API_SECRET", "CRON_SECRET"]) {
                for (const signer of signers.filter((e) => e.sign[secret] !== undefined)) {
                    for (const checker of outcome.presentByDay[d2].filter(
                        (e) => e.accept[secret],
                    )) {
                        if (!checker.accept[secret].includes(signer.sign[secret])) {
                            rejected.push(
                                `${secret} g${signer.sign[secret]} signed on day ${d1}, checked on day ${d2}`,
                            );
                        }
                    }
                }
            }
        }
    });
    return rejected;
}

const scenario: fc.Arbitrary<Scenario> = fc.record(
    {
        upHour: fc.integer({ min: 0, max: 23 }),
        periods: fc.record({
            set: fc.integer({ min: 1, max: 30 }),
            cron: fc.integer({ min: 1, max: 30 }),
            ring: fc.integer({ min: 1, max: 30 }),
            db: fc.integer({ min: 1, max: 30 }),
            redis: fc.integer({ min: 1, max: 30 }),
        }),
        early: fc.uniqueArray(fc.integer({ min: 1, max: HORIZON_DAYS - 1 }), { maxLength: 3 }),
        incident: fc.integer({ min: 1, max: HORIZON_DAYS - 1 }),
        edit: fc.record({
            day: fc.integer({ min: 1, max: HORIZON_DAYS - 1 }),
            periodDays: fc.integer({ min: 1, max: 30 }),
        }),
        retireDay: fc.integer({ min: 60, max: HORIZON_DAYS - 1 }),
    },
    { requiredKeys: ["upHour", "periods", "early"] },
);

describe("a fleet through random rotations (simulation over the model's own functions)", () => {
    it("accepts every request between instances, authenticates every connection (database and Redis) and decrypts every ciphertext, whatever the schedule", () => {
        fc.assert(
            fc.property(scenario, (s) => {
                const { failures, checks } = simulate(s);
                expect(checks).toBeGreaterThan(0);
                // An incident drops every value held before it: while its rollout runs, old and new
                // instances cannot trust each other. That is the only failure allowed.
                expect(failures.filter((f) => !incidentsPrice(s, f))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    });

    it("accepts a token for one period less a day after it was signed, by any instance, on a steady schedule", () => {
        const steady = scenario.map((s) => ({
            ...s,
            early: [],
            incident: undefined,
            edit: undefined,
            periods: {
                ...s.periods,
                set: Math.max(2, s.periods.set),
                cron: Math.max(2, s.periods.cron),
            },
        }));
        fc.assert(
            fc.property(steady, (s) => {
                const outcome = simulate(s);
                const lifetime = Math.min(s.periods.set, s.periods.cron) - 1;
                expect(tokenRejections(outcome, lifetime)).toEqual([]);
                // The bound is tight: a token an old instance signs during a rollout can be checked a
                // full period later by an instance that already holds the following generation.
                expect(tokenRejections(outcome, s.periods.set).length).toBeGreaterThan(0);
            }),
            { numRuns: 20 },
        );
    });

    it("finds the failures of the two-slot scheme, so its passing is not vacuous", () => {
        // Before key sets: consumers read the current and previous values only (no next), and nothing
        // redeployed them on a rotation.
        const twoSlots: SchemeUnderTest = {
            ...REAL,
            live: (scheme, generation, retired) =>
                liveValues(scheme, generation, retired).filter((v) => v.role !== "next"),
            rolls: (previous, label) => previous === undefined || previous !== label,
        };
        const neverRolled: SchemeUnderTest = { ...REAL, rolls: () => false };
        const quiet: Scenario = {
            upHour: 3,
            periods: { set: 7, cron: 7, ring: 30, db: 10, redis: 10 },
            early: [],
        };
        expect(simulate(quiet).failures).toEqual([]);
        const unpublished = simulate(quiet, twoSlots).failures;
        expect(unpublished.some((f) => /rejects API_SECRET/.test(f))).toBe(true);
        expect(unpublished.some((f) => /cannot decrypt/.test(f))).toBe(true);
        const stale = simulate(quiet, neverRolled).failures;
        expect(stale.some((f) => /cannot log in/.test(f))).toBe(true);
    });

    it("finds the data lost by retiring a key that instances still encrypt with, which the loader refuses", () => {
        // Found by this simulation: an incident and a retirement on one day. The incident's fresh key
        // jumps past the key the replaced instances keep writing with until the rollout ends.
        const sameDay: Scenario = {
            upHour: 0,
            periods: { set: 1, cron: 1, ring: 1, db: 1, redis: 1 },
            early: [],
            incident: 147,
            retireDay: 147,
        };
        expect(simulate(sameDay).failures.filter((f) => !incidentsPrice(sameDay, f))).toEqual([]);
        // Retiring all but the current key and its predecessor, as counted after the incident.
        const behindCurrent: SchemeUnderTest = {
            ...REAL,
            retirable: (schedule, now) => generationAt(schedule, now) - 2,
        };
        expect(() => simulate(sameDay, behindCurrent)).toThrow(
            /MASTER_ENCRYPTION_KEY\.retiredThrough.*which instances deployed before this up may still encrypt with/,
        );
        const lost = simulate(sameDay, { ...behindCurrent, uncheckedRetirement: true }).failures;
        expect(lost.some((f) => /after the rollout: \w+ cannot decrypt/.test(f))).toBe(true);
    });

    it("finds the failures of a Redis token SET on schedule, SET at once after an incident, or kept with ROTATE after one", () => {
        const quiet: Scenario = {
            upHour: 3,
            periods: { set: 7, cron: 7, ring: 30, db: 10, redis: 10 },
            early: [],
        };
        // SET of a token never ROTATEd in: ElastiCache refuses it and the up fails.
        const alwaysSet = simulate(quiet, { ...REAL, redisStrategy: () => "SET" }).failures;
        expect(alwaysSet.some((f) => /ElastiCache refuses SET of g\d+/.test(f))).toBe(true);
        const breached: Scenario = { ...quiet, incident: 45 };
        expect(simulate(breached).failures.filter((f) => !incidentsPrice(breached, f))).toEqual([]);
        // SET for the whole generation an incident starts (the fresh token SET in the incident's up).
        const setAtOnce: SchemeUnderTest = {
            ...REAL,
            redisStrategy: (schedule, now) =>
                (schedule.incidents ?? []).some(
                    (at) => Date.parse(at) === rotationState(schedule, now).currentSince.getTime(),
                )
                    ? "SET"
                    : "ROTATE",
        };
        // The fresh token SET in the incident's own up: never ROTATEd in, so refused.
        const refused = new RegExp(
            `^${dayOf(45)}: ElastiCache refuses SET of g\\d+ \\(last request: ROTATE g\\d+\\); the up fails$`,
        );
        expect(simulate(breached, setAtOnce).failures.some((f) => refused.test(f))).toBe(true);
        const alwaysRotate = simulate(breached, {
            ...REAL,
            redisStrategy: () => "ROTATE",
        }).failures;
        expect(
            alwaysRotate.some((f) => /redis still accepts g\d+, held before the incident/.test(f)),
        ).toBe(true);
    });
});
