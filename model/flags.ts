/**
 * Feature flags in the model: declared in the stack file, served by each consumer's platform store (Vercel
 * Edge Config, AWS AppConfig) and changed by `pulumi up`, never by SQL or a deploy. A flag may be on for a
 * share of users (`rolloutPercent`); `killSwitch: true` serves it off in every store, for everyone,
 * whatever its `enabled` or rollout says. Pure.
 */
import { createHash } from "crypto";
import { z } from "zod";
import { FLAG_POLL_SECONDS, FLAG_ROLLOUT } from "./rules";

export const flagSchema = z.strictObject({
    /** What the flag turns on, for the plan and the runbook. */
    description: z.string().max(1024).optional(),
    /** The flag's declared state. */
    enabled: z.boolean(),
    /** Services that read the flag; each reads it from its platform's store. */
    consumers: z.array(z.string()).min(1),
    /** The emergency kill: served off in every store, whatever `enabled` says. Default false. */
    killSwitch: z.boolean().optional(),
    /**
     * On for this share of users (a whole percent), each user's place decided by the store's bucketing
     * (`bucketOf`, AppConfig's `split`); raising it only adds users. Default 100: everyone.
     */
    rolloutPercent: z
        .number()
        .int()
        .min(FLAG_ROLLOUT.minPercent)
        .max(FLAG_ROLLOUT.maxPercent)
        .optional(),
});

export type FlagInput = z.infer<typeof flagSchema>;

/** Where a flag is served: Edge Config for Vercel consumers, AppConfig for ECS ones. */
export type FlagStore = "edge-config" | "appconfig";

export interface FlagModel {
    readonly name: string;
    readonly description?: string;
    /** As declared. */
    readonly enabled: boolean;
    readonly killSwitch: boolean;
    /** What every store serves: `enabled` unless killed. */
    readonly served: boolean;
    /** While served, on for this share of users only; undefined for everyone (or when not served). */
    readonly rolloutPercent?: number;
    readonly consumers: readonly string[];
    readonly stores: readonly FlagStore[];
}

/**
 * The Edge Config item of a flag: `{ enabled }`, and `rolloutPercent` while a rollout is served. A reader
 * serves the flag to a user when `enabled && (rolloutPercent === undefined || bucketOf(userId, flag) <
 * rolloutPercent)`. A killed flag is `{ enabled: false }` with no rollout: off for everyone.
 */
export function servedValue(flag: FlagModel): { enabled: boolean; rolloutPercent?: number } {
    return flag.served && flag.rolloutPercent !== undefined
        ? { enabled: true, rolloutPercent: flag.rolloutPercent }
        : { enabled: flag.served };
}

/**
 * A user's bucket for a flag, 0 to 99: the first four bytes of SHA-256 of `<flag>:<userId>` (UTF-8) as an
 * unsigned big-endian integer, modulo 100. The flag is on for the user while `bucketOf(userId, flag) <
 * rolloutPercent`, so a user keeps their answer while the percentage stays, and raising it only adds users.
 * Salted with the flag's name, so two flags at 10% reach different users. Any runtime can compute it
 * (WebCrypto `crypto.subtle.digest("SHA-256", …)`, Python `hashlib.sha256`); test vectors in
 * docs/services.md.
 */
export function bucketOf(userId: string, flag: string): number {
    return createHash("sha256").update(`${flag}:${userId}`, "utf8").digest().readUInt32BE(0) % 100;
}

/** Whether a flag as served reaches this user (the Edge Config reading; AppConfig's agent decides its own). */
export function servedTo(flag: FlagModel, userId: string): boolean {
    return (
        flag.served &&
        (flag.rolloutPercent === undefined || bucketOf(userId, flag.name) < flag.rolloutPercent)
    );
}

/**
 * The AppConfig rule of a rollout: `split` is true for `pct` percent of the values of the context key, by a
 * consistent hash; the seed (the flag's name) keeps each user's answer across versions as the percentage
 * grows (AppConfig user guide, "Understanding multi-variant feature flag rules", the split operator).
 */
export function splitRule(flag: FlagModel): string {
    return `(split pct::${flag.rolloutPercent} by::$${FLAG_ROLLOUT.contextKey} seed::"${flag.name}")`;
}

/** The name AppConfig's examples give the last variant, served when no rule matches. */
export const DEFAULT_VARIANT = "Default Variant";

/**
 * A flag's entry in AppConfig's `values`: `{ enabled }`, or for a rollout a multi-variant flag whose
 * `rollout` variant is on for the split and whose default variant (last, without a rule, as AppConfig
 * requires) is off (AppConfig user guide, "Creating a multi-variant feature flag", the `_variants` format).
 * The agent evaluates the rule only for a request that passes the context (`Context: userId=…`); one that
 * does not gets the default variant: off.
 */
export function appConfigValue(flag: FlagModel): Record<string, unknown> {
    if (!flag.served || flag.rolloutPercent === undefined) return { enabled: flag.served };
    return {
        _variants: [
            { name: "rollout", enabled: true, rule: splitRule(flag) },
            { name: DEFAULT_VARIANT, enabled: false },
        ],
    };
}

export function toFlagModels(
    input: Readonly<Record<string, FlagInput>>,
    platforms: Readonly<Record<string, "vercel" | "aws">>,
): Record<string, FlagModel> {
    return Object.fromEntries(
        Object.entries(input)
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([name, flag]) => {
                const killSwitch = flag.killSwitch === true;
                const on = (platform: string) =>
                    flag.consumers.some((consumer) => platforms[consumer] === platform);
                const stores: FlagStore[] = [
                    ...(on("vercel") ? (["edge-config"] as const) : []),
                    ...(on("aws") ? (["appconfig"] as const) : []),
                ];
                const model: FlagModel = {
                    name,
                    description: flag.description,
                    enabled: flag.enabled,
                    killSwitch,
                    served: flag.enabled && !killSwitch,
                    ...(flag.enabled && !killSwitch && (flag.rolloutPercent ?? 100) < 100
                        ? { rolloutPercent: flag.rolloutPercent }
                        : {}),
                    consumers: [...flag.consumers],
                    stores,
                };
                return [name, model];
            }),
    );
}

/** The flags one store serves, by name. */
export function flagsIn(
    flags: Readonly<Record<string, FlagModel>> | readonly FlagModel[],
    store: FlagStore,
): FlagModel[] {
    return Object.values(flags).filter((flag) => flag.stores.includes(store));
}

/** Services that read at least one flag. */
export function flagConsumers(flags: Readonly<Record<string, FlagModel>>): Set<string> {
    return new Set(Object.values(flags).flatMap((flag) => flag.consumers));
}

/**
 * A hosted configuration version in AppConfig's `AWS.AppConfig.FeatureFlags` format (schema version "1":
 * `flags` defines each flag, `values` holds what is served). Keys are sorted, so the same flags always
 * give the same content and an up without a flag change creates no version.
 */
export function appConfigContent(flags: readonly FlagModel[]): string {
    const sorted = [...flags].sort((x, y) => x.name.localeCompare(y.name));
    return JSON.stringify({
        version: "1",
        flags: Object.fromEntries(
            sorted.map((flag) => [
                flag.name,
                {
                    name: flag.name,
                    ...(flag.description ? { description: flag.description } : {}),
                },
            ]),
        ),
        values: Object.fromEntries(sorted.map((flag) => [flag.name, appConfigValue(flag)])),
    });
}

/** One flag as the plan and the runbook show it. */
export interface FlagSummary {
    readonly name: string;
    readonly description: string | null;
    readonly enabled: boolean;
    readonly killSwitch: boolean;
    /** What every store serves. */
    readonly served: boolean;
    /** While served, the share of users it is on for; null for everyone (or when off). */
    readonly rolloutPercent: number | null;
    readonly consumers: readonly string[];
    readonly stores: readonly FlagStore[];
}

/** `on`, `off`, or `on for 10% (by userId)`: what a flag serves, in words. */
export function servedText(flag: Pick<FlagSummary, "served" | "rolloutPercent">): string {
    if (!flag.served) return "off";
    return flag.rolloutPercent === null
        ? "on"
        : `on for ${flag.rolloutPercent}% (by ${FLAG_ROLLOUT.contextKey})`;
}

export function flagSummaries(flags: Readonly<Record<string, FlagModel>>): FlagSummary[] {
    return Object.values(flags).map((flag) => ({
        name: flag.name,
        description: flag.description ?? null,
        enabled: flag.enabled,
        killSwitch: flag.killSwitch,
        served: flag.served,
        rolloutPercent: flag.rolloutPercent ?? null,
        consumers: flag.consumers,
        stores: flag.stores,
    }));
}

/** How a change of the flags reaches each store, for the plan and the runbook. */
export const FLAG_STORE_CHANGES: Readonly<Record<FlagStore, string>> = {
    "edge-config":
        "Vercel Edge Config: the flag's item is updated in place; projects read it within seconds, no deployment",
    appconfig: `AWS AppConfig: hosted versions are immutable, so any flag change creates the next version and a new deployment of it (all at once, no bake); earlier versions stay in AppConfig; each task's agent picks it up within ${FLAG_POLL_SECONDS} s, no deployment`,
};
