/**
 * Runs a Pulumi program under the mock runtime, offline, and captures every resource it registers with its
 * type, name, parent, protect and inputs, as the engine would see them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "./analyzer";

export interface StackConfig {
    /** Config key → value as the language host passes it (structured values as JSON text). */
    readonly values: Record<string, string>;
    /** Keys whose values are secret. */
    readonly secretKeys: readonly string[];
}

export interface CaptureOptions {
    readonly project: string;
    readonly stack: string;
    readonly config: StackConfig;
    /** The program: a function returning the stack's outputs, as `index.ts` exports it. */
    readonly program: () => Promise<Record<string, unknown> | void>;
    /** Run as `pulumi preview` (true) or `pulumi up`. */
    readonly preview?: boolean;
}

export interface CaptureResult {
    readonly resources: CapturedResource[];
    readonly outputs: Record<string, unknown>;
}

/** A placeholder for values a provider computes on create (ids, generated passwords). */
const COMPUTED = "[computed]";

/** Outputs the mock hands back for a resource: its inputs, an id, and what the provider would compute. */
function mockState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    const state: Record<string, unknown> = { ...inputs };
    if (type === "random:index/randomPassword:RandomPassword") {
        state.result = COMPUTED;
        state.bcryptHash = COMPUTED;
    }
    if (type.startsWith("aws:")) {
        state.arn = `arn:aws:mock:::${name}`;
    }
    return state;
}

function urnOf(resource: pulumi.Resource): Promise<string> {
    return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}

/**
 * Runs `options.program` under `pulumi.runtime.setMocks` inside `runInPulumiStack` (as the language host
 * does, so a stack transformation sees each resource's options) and returns what it registered.
 */
export async function captureProgram(options: CaptureOptions): Promise<CaptureResult> {
    const inputsByKey = new Map<
        string,
        { inputs: Record<string, unknown>; custom: boolean; provider?: string }
    >();
    const seen: {
        type: string;
        name: string;
        resource: pulumi.Resource;
        opts: pulumi.ResourceOptions;
    }[] = [];
    const key = (type: string, name: string) => `${type}::${name}`;

    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                inputsByKey.set(key(args.type, args.name), {
                    inputs: args.inputs as Record<string, unknown>,
                    custom: args.custom ?? true,
                    provider: args.provider || undefined,
                });
                return {
                    id: args.custom === false ? "" : `${args.name}-id`,
                    state: mockState(args.type, args.name, args.inputs),
                };
            },
            call: (args) => args.inputs,
        },
        options.project,
        options.stack,
        options.preview ?? true,
    );
    pulumi.runtime.setAllConfig(options.config.values, [...options.config.secretKeys]);

    const outputs =
        (await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((args) => {
                seen.push({
                    type: args.type,
                    name: args.name,
                    resource: args.resource,
                    opts: args.opts,
                });
                return undefined;
            });
            return (await options.program()) ?? {};
        })) ?? {};

    const stackUrn = `urn:pulumi:${options.stack}::${options.project}::pulumi:pulumi:Stack::${options.project}-${options.stack}`;
    const resources: CapturedResource[] = [
        {
            urn: stackUrn,
            type: "pulumi:pulumi:Stack",
            name: `${options.project}-${options.stack}`,
            custom: false,
            protect: false,
            dependencies: [],
            inputs: {},
        },
    ];
    // A resource's URN resolves once its registration reached the mocks: wait for all of them before
    // reading what was registered.
    const urns = await Promise.all(seen.map((entry) => urnOf(entry.resource)));
    const keys = new Set<string>();
    for (const [index, entry] of seen.entries()) {
        const k = key(entry.type, entry.name);
        if (keys.has(k)) {
            throw new Error(
                `two resources are both named ${entry.name} (${entry.type}); the offline plan needs unique names`,
            );
        }
        keys.add(k);
        const registered = inputsByKey.get(k);
        const dependsOn = entry.opts.dependsOn;
        const dependencies = await Promise.all(
            (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : [])
                .filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d))
                .map(urnOf),
        );
        resources.push({
            urn: urns[index],
            type: entry.type,
            name: entry.name,
            custom: registered?.custom ?? pulumi.CustomResource.isInstance(entry.resource),
            parent: entry.opts.parent ? await urnOf(entry.opts.parent) : stackUrn,
            protect: entry.opts.protect === true,
            provider: registered?.provider,
            dependencies,
            inputs: registered?.inputs ?? {},
        });
    }
    return { resources, outputs: outputs as Record<string, unknown> };
}
