/**
 * Feature flags in the model: declared in the stack file, served by each consumer's platform store (Vercel
 * Edge Config, AWS AppConfig) and changed by `pulumi up`, never by SQL or a deploy. `killSwitch: true`
 * serves a flag off in every store, whatever its `enabled`. Pure.
 */
import { z } from "zod";
import { asRecord, asStringList, ConfigError, describeValue, joinPath, quoteList } from "./errors";
import { EDGE_CONFIG_VARIABLE, FLAG_NAME, FLAG_POLL_SECONDS, FLAGS_URL_VARIABLE } from "./rules";

export const flagSchema = z.strictObject({
    /** What the flag turns on, for the plan and the runbook. */
    description: z.string().max(1024).optional(),
    /** The flag's declared state. */
    enabled: z.boolean(),
    /** Services that read the flag; each reads it from its platform's store. */
    consumers: z.array(z.string()).min(1),
    /** The emergency kill: served off in every store, whatever `enabled` says. Default false. */
    killSwitch: z.boolean().optional(),
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
    readonly consumers: readonly string[];
    readonly stores: readonly FlagStore[];
}

/** The value a store holds for a flag: the same in both stores. */
export function servedValue(flag: FlagModel): { enabled: boolean } {
    return { enabled: flag.served };
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
        values: Object.fromEntries(sorted.map((flag) => [flag.name, servedValue(flag)])),
    });
}

/** Cross-entry rules for `flags`; reads the raw input defensively, like the loader. */
export function checkFlags(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const services = asRecord(raw.services) ?? {};
    const serviceNames = Object.keys(services);
    const env = asRecord(raw.env) ?? {};
    const reserved: Record<string, string> = {
        vercel: EDGE_CONFIG_VARIABLE,
        aws: FLAGS_URL_VARIABLE,
    };
    const readers = new Set<string>();
    for (const [name, rawFlag] of Object.entries(asRecord(raw.flags) ?? {})) {
        if (!FLAG_NAME.test(name)) {
            error(
                ["flags", name],
                `${describeValue(name)} is not a valid flag name; expected snake_case of lower-case letters, digits and '_', starting with a letter, at most 64 characters, such as new_checkout`,
            );
        }
        const seen = new Set<string>();
        asStringList(asRecord(rawFlag)?.consumers).forEach((consumer, index) => {
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
            readers.add(consumer);
        });
    }
    for (const service of readers) {
        const variable = reserved[String(asRecord(services[service])?.platform)];
        if (variable && asRecord(env[service])?.[variable] !== undefined) {
            error(
                ["env", service, variable],
                `is set by opsbook: ${service} reads feature flags, and ${variable} says where; remove it`,
            );
        }
    }
    return errors;
}

/** One flag as the plan and the runbook show it. */
export interface FlagSummary {
    readonly name: string;
    readonly description: string | null;
    readonly enabled: boolean;
    readonly killSwitch: boolean;
    /** What every store serves. */
    readonly served: boolean;
    readonly consumers: readonly string[];
    readonly stores: readonly FlagStore[];
}

export function flagSummaries(flags: Readonly<Record<string, FlagModel>>): FlagSummary[] {
    return Object.values(flags).map((flag) => ({
        name: flag.name,
        description: flag.description ?? null,
        enabled: flag.enabled,
        killSwitch: flag.killSwitch,
        served: flag.served,
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
