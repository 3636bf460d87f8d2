/** What the engine and a pack exchange: captured resources, verdicts, run options, sessions. */

/** A resource as captured from Pulumi's mock runtime. Inputs are as `rpc.deserializeProperties` yields them:
 *  secrets are objects `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: X }`,
 *  unknowns are the `unknown` symbol exported by @pulumi/pulumi/output (pulumi.Output's `unknown`), resource references may be URN strings. */
export interface CapturedResource {
    urn: string;
    type: string; // e.g. "aws:ssm/parameter:Parameter"
    name: string;
    custom: boolean; // false for component resources
    parent?: string; // parent URN
    protect: boolean;
    provider?: string; // provider reference "urn::id" if any
    /** What the engine records as its dependencies: explicit `dependsOn` and property dependencies. */
    dependencies: string[];
    /** The `dependsOn` option as the engine sees it (components stand for their custom children). */
    dependsOn?: string[];
    /** `deleteBeforeReplace` in the resource's options: the engine deletes it before creating its replacement. */
    deleteBeforeReplace?: boolean;
    deleteBeforeReplaceDefined?: boolean;
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
    retainOnDelete?: boolean;
    /** Input property → URNs of the resources its value came from (what the engine sends stack policies). */
    propertyDependencies?: Record<string, string[]>;
    inputs: Record<string, unknown>;
    /** Former names this resource answers to (`aliases: [{ name }]`), so a rename is not a replacement. */
    aliases?: string[];
}
export interface PolicyViolation {
    policyPack: string;
    policy: string; // policy name
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    urn?: string; // undefined for stack-level violations
    message: string;
    description?: string;
}
export interface PolicyRunOptions {
    packDir: string; // e.g. "/work/main/policies" (a directory with PulumiPolicy.yaml, package.json, index.ts)
    project: string;
    stack: string;
    organization?: string;
    dryRun: boolean;
    policyConfig: Record<string, unknown>; // content of a `--policy-pack-config` JSON file
    resources: CapturedResource[];
}
export interface PolicyRunResult {
    violations: PolicyViolation[];
    policies: { name: string; enforcementLevel: string }[];
    logs: string[];
    timings: { startMs: number; analyzeMs: number; analyzeStackMs: number };
}

/** The policy config (a `--policy-pack-config` file's content) is wrong: a user mistake, not a crash. */
export class PolicyConfigError extends Error {}

export type Level = PolicyViolation["enforcementLevel"];
/** A JSON value, as policy config and encoded properties hold. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A policy pack booted and configured, ready to judge; the engine's side of one preview. */
export interface PolicyPackSession {
    /** Offers every resource to Remediate and Analyze, then the whole stack to AnalyzeStack. */
    judge(resources: CapturedResource[]): Promise<PolicyRunResult>;
    /** Stops the pack's process and the engine service; safe to call more than once. */
    close(): Promise<void>;
}

/** A pack's analyzer server, booted and configured: where it listens and what it runs. */
export interface BootedPack {
    /** The analyzer server's gRPC address (`127.0.0.1:PORT`). */
    readonly address: string;
    /** The pack's policies with the enforcement level each was configured with, by name. */
    readonly policies: { name: string; enforcementLevel: string }[];
    /** Wall time of the boot and configuration. */
    readonly startMs: number;
}

/** What a pack session is booted with: sessions started with equal options judge alike. */
export type PolicyPackOptions = Omit<PolicyRunOptions, "resources">;

/** Where a plan gets a pack session from when it does not boot its own. */
export interface PolicyPacks {
    session(options: PolicyPackOptions): Promise<PolicyPackSession>;
}
