/**
 * Consumers roll in the same `pulumi up` as the rotation that changes what they read. A consumer holds
 * the values it read when it started; the version of each value it reads travels in its deployment (an
 * ECS task definition's variable, a Vercel deployment's metadata), so a rotation changes exactly the
 * deployments of its consumers and nothing else. Pure functions only.
 */
import { createHash } from "crypto";
import type { SystemModel } from "./types";
import { generationAt, scheduleOf } from "./rotation";
import { ServiceModel } from "./services";

/** The variable (ECS) or metadata key (Vercel) carrying the versions; never a value. */
export const ROLLOUT_VARIABLE = "OPSBOOK_ROLLOUT_VERSIONS";

/**
 * The version of every secret value the service reads: a generated secret's current generation (its
 * variables change exactly when it does), a database credential's generation (the URL names the current
 * login user), a vendor secret's `rotatedAt` (set with the new value, see the runbook).
 */
export function consumedVersions(
    model: SystemModel,
    service: string,
    now: Date,
): Record<string, string> {
    const versions: Record<string, string> = {};
    for (const secret of Object.values(model.secrets)) {
        if (!secret.consumers.includes(service)) continue;
        versions[secret.name] =
            secret.kind === "vendor"
                ? (secret.rotatedAt ?? "")
                : `g${generationAt(scheduleOf(secret, model.incidents), now)}`;
    }
    return Object.fromEntries(Object.entries(versions).sort(([x], [y]) => x.localeCompare(y)));
}

/** The label's entry that digests every watched value (`VALUES_KEY=#<12 hex>`). */
export const VALUES_KEY = "values";

/**
 * One digest of the values a consumer reads that no generation versions: literals (`NEXT_PUBLIC_*`), bucket
 * names, database and Redis endpoints, queue names. Any change to one changes the digest, so the consumer
 * rolls; the digest shows neither the values nor which one changed (a reviewer reads that in the
 * variables' own diff). Secret values are versioned by generation or `rotatedAt` instead and never digested
 * here: a digest of a short or guessable secret would let anyone who sees the label confirm a guess.
 * Keys are variable names (or `NAME@endpoint`); the order of entries does not matter.
 */
export function valuesDigest(values: Readonly<Record<string, string>>): string {
    const hash = createHash("sha256");
    for (const [name, value] of Object.entries(values).sort(([x], [y]) => x.localeCompare(y))) {
        // Length-prefixed, so no two different maps hash the same text.
        hash.update(`${name.length}:${name}${value.length}:${value}\n`);
    }
    return `#${hash.digest("hex").slice(0, 12)}`;
}

/**
 * The fingerprint of everything a consumer reads: the versions of its secrets, plus `values=#…` when it
 * reads anything else. This is what the task definition (ECS) or deployment metadata (Vercel) carries.
 */
export function rolloutFingerprint(
    versions: Readonly<Record<string, string>>,
    values: Readonly<Record<string, string>>,
): string {
    return rolloutLabel({
        ...versions,
        ...(Object.keys(values).length > 0 ? { [VALUES_KEY]: valuesDigest(values) } : {}),
    });
}

/** The versions as one stable string, e.g. `API_SECRET=g12,STRIPE_SECRET_KEY=2026-03-02`. */
export function rolloutLabel(versions: Readonly<Record<string, string>>): string {
    return Object.entries(versions)
        .map(([name, version]) => `${name}=${version}`)
        .join(",");
}

export type RolloutMechanism = "ecs-rolling-deployment" | "vercel-production-deployment";

/**
 * How a consumer picks up new values. Both platforms are rolled by the program: every service has a
 * repository (the loader requires one), so a Vercel project can always be deployed from git.
 */
export function rolloutMechanism(service: ServiceModel): RolloutMechanism {
    return service.platform === "aws" ? "ecs-rolling-deployment" : "vercel-production-deployment";
}

/** What each mechanism does, for the plan and the runbook. */
export const ROLLOUT_DESCRIPTIONS: Readonly<Record<RolloutMechanism, string>> = {
    "ecs-rolling-deployment":
        "a new task definition; ECS replaces tasks one by one under the circuit breaker and `pulumi up` waits for a steady state",
    "vercel-production-deployment":
        "a new production deployment of the production branch, built with the new variables after they are written",
};
