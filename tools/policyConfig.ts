/**
 * The policy config a plan passes the pack: the stack's `--policy-pack-config` file (default
 * `policies/config/<stack>.json` when it exists), with the plan's clock for the policies that judge ages.
 */
import * as fs from "fs";
import * as path from "path";
import type { ConfigError } from "../model/errors";
import { PACK_DIR, PROJECT_ROOT } from "./project";

/** The policy config file a plan of `stack` reads: the one given, else the stack's. */
export function policyConfigPath(options: { policyConfigFile?: string }, stack: string): string {
    return options.policyConfigFile ?? path.join(PACK_DIR, "config", `${stack}.json`);
}

/** The policy config file a plan of `stack` reads, relative to the project, or `none: defaults`. */
export function usedPolicyConfig(options: { policyConfigFile?: string }, stack: string): string {
    const file = policyConfigPath(options, stack);
    return fs.existsSync(file) ? path.relative(PROJECT_ROOT, path.resolve(file)) : "none: defaults";
}

/** The policy config file as an object of policy name → level or settings; a ConfigError on the file. */
export function readPolicyConfig(
    options: { policyConfigFile?: string },
    stack: string,
): Record<string, unknown> | ConfigError {
    const file = policyConfigPath(options, stack);
    if (!fs.existsSync(file)) {
        return options.policyConfigFile ? { path: file, message: "does not exist" } : {};
    }
    try {
        const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            return {
                path: file,
                message: "is not a JSON object of policy name → level or settings",
            };
        }
        return parsed as Record<string, unknown>;
    } catch (error) {
        return { path: file, message: `is not valid JSON (${(error as Error).message})` };
    }
}

/**
 * Policies that judge ages take `asOf`; the plan pins it to `--now` so a plan at a given date is the same
 * everywhere. A policy config that sets `asOf` itself wins.
 */
export function withClock(
    config: Record<string, unknown>,
    policyNames: readonly string[],
    now: Date,
): Record<string, unknown> {
    const result: Record<string, unknown> = { ...config };
    for (const name of policyNames) {
        const entry = result[name];
        const settings =
            typeof entry === "string"
                ? { enforcementLevel: entry }
                : ((entry as Record<string, unknown>) ?? {});
        result[name] = { asOf: now.toISOString(), ...settings };
    }
    return result;
}

/** The policy config a plan of `stack` passes the pack: its config file, with the clock. */
export function stackPolicyConfig(stack: string, now: Date): Record<string, unknown> {
    const config = readPolicyConfig({}, stack);
    if ("path" in config) throw new Error(`${config.path}: ${config.message}`);
    return withClock(config, clockedPolicies(), now);
}

/** The pack's policies that declare an `asOf` setting, read from their own definitions. */
export function clockedPolicies(): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policies } = require("../policies/rules") as typeof import("../policies/rules");
    return policies.filter((p) => p.configSchema?.properties.asOf !== undefined).map((p) => p.name);
}
