/**
 * Runs a Pulumi program under the mock runtime, offline, and captures every resource it registers with its
 * type, name, parent, protect and inputs, as the engine would see them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "./analyzer";
import { TYPES } from "../policies/rules/types";

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
    /**
     * Keep stack traces while the program runs (default false). The SDK records one for every promise it
     * makes, for its leak report; under ts-node's source maps that is ~80% of an offline run (measured by
     * `npm run bench`). Turn them on to debug a crash inside a component.
     */
    readonly stackTraces?: boolean;
    /**
     * Plan as the first `pulumi preview` of a new stack sees it (default false): no resource exists yet, so
     * every id and every output a provider computes is unknown, and only the inputs are known. Policies
     * must judge from parents and property dependencies then, never from a bucket's id.
     */
    readonly firstPreview?: boolean;
    /**
     * What a `StackReference` reads, by the referenced stack's name (its last segment): another stack's
     * outputs exist whatever this stack's state is, so they are served in a first preview too. A stack
     * not listed has no outputs (not deployed yet).
     */
    readonly stackOutputs?: Readonly<Record<string, StackOutputs>>;
}

/** The outputs of another stack, as the engine's `StackReference` read returns them. */
export interface StackOutputs {
    readonly outputs: Record<string, unknown>;
    readonly secretOutputNames: readonly string[];
}

export interface CaptureResult {
    readonly resources: CapturedResource[];
    readonly outputs: Record<string, unknown>;
}

/** The AWS account the offline plan pretends to be in (the documentation's example account). */
export const MOCK_ACCOUNT_ID = "123456789012";

/** The region a stack file without `aws:region` plans in. */
const DEFAULT_REGION = "us-east-1";

/** A placeholder for values a provider computes on create (ids, generated passwords). */
const COMPUTED = "[computed]";

/**
 * The values the mock derives from a resource's name (its id, ARN, generated names, address). A rename the
 * engine follows through an alias keeps the real ones, so the diff reads these to tell the two apart.
 */
export const MOCK_NAMED = {
    id: (name: string) => `${name}-id`,
    arn: (name: string) => `arn:aws:mock:::${name}`,
    generated: (name: string) => `${name}-mock`,
    address: (name: string) => `${name}.mock.rds.amazonaws.com`,
    cacheAddress: (name: string) => `master.${name}.mock.cache.amazonaws.com`,
    secretArn: (name: string) => `arn:aws:secretsmanager:mock:::${name}`,
};

/** Outputs the mock hands back for a resource: its inputs, an id, and what the provider would compute. */
function mockState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    region: string,
): Record<string, unknown> {
    const state: Record<string, unknown> = { ...inputs };
    if (type === TYPES.random.RandomPassword) {
        state.result = COMPUTED;
        state.bcryptHash = COMPUTED;
    }
    if (type.startsWith("aws:")) {
        state.arn = MOCK_NAMED.arn(name);
        state.name ??= MOCK_NAMED.generated(name);
    }
    if (type === TYPES.aws.s3.Bucket) state.bucket ??= MOCK_NAMED.generated(name);
    // ECS ARNs in AWS's own format, because the program derives others from them (a task's ARN from its
    // cluster's, a family's revisions from `arnWithoutRevision`) and IAM matches those (test/plan/iam.test.ts).
    const ecs = `arn:aws:ecs:${region}:${MOCK_ACCOUNT_ID}`;
    if (type === TYPES.aws.ecs.Cluster) state.arn = `${ecs}:cluster/${String(state.name)}`;
    if (type === TYPES.aws.ecs.TaskDefinition) {
        // A registered definition is a revision of its family: `arn` names it, `arnWithoutRevision` not.
        state.arnWithoutRevision = `${ecs}:task-definition/${String(inputs.family)}`;
        state.arn = `${String(state.arnWithoutRevision)}:1`;
    }
    // Ids AppConfig assigns on create, which the flags' configuration ARN is built from.
    if (type === TYPES.aws.appconfig.Environment) state.environmentId = MOCK_NAMED.id(name);
    if (type === TYPES.aws.appconfig.ConfigurationProfile)
        state.configurationProfileId = MOCK_NAMED.id(name);
    if (type === TYPES.aws.elasticache.ReplicationGroup) {
        state.primaryEndpointAddress = MOCK_NAMED.cacheAddress(name);
        state.port ??= 6379;
    }
    if (type === TYPES.aws.rds.Instance) {
        state.address = MOCK_NAMED.address(name);
        state.port = 5432;
        state.masterUserSecrets = [
            {
                secretArn: MOCK_NAMED.secretArn(name),
                kmsKeyId: "",
                secretStatus: "active",
            },
        ];
    }
    return state;
}

/** Answers to the provider functions the program calls; anything else echoes its arguments. */
function mockCall(
    token: string,
    inputs: Record<string, unknown>,
    config: StackConfig,
): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            // An account id of the documentation's shape; the plan never talks to AWS.
            return {
                accountId: MOCK_ACCOUNT_ID,
                arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/plan`,
                id: MOCK_ACCOUNT_ID,
                userId: "plan",
            };
        case "aws:index/getRegion:getRegion": {
            const region = config.values["aws:region"] ?? DEFAULT_REGION;
            return { region, name: region, id: region };
        }
        case "aws:secretsmanager/getSecretVersion:getSecretVersion":
            // RDS's managed admin secret: its shape, with a value the plan never sees.
            return {
                ...inputs,
                secretString: JSON.stringify({ username: "opsbook_admin", password: COMPUTED }),
            };
        case "cloudflare:index/getIpRanges:getIpRanges":
            // What Cloudflare publishes at https://www.cloudflare.com/ips/ (read 2026-11): offline, the
            // plan cannot ask; a real preview reads the live list with the same data source.
            return { ...inputs, ipv4Cidrs: CLOUDFLARE_IPV4, ipv6Cidrs: CLOUDFLARE_IPV6 };
        default:
            return inputs;
    }
}

const CLOUDFLARE_IPV4 = [
    "173.245.48.0/20",
    "103.21.244.0/22",
    "103.22.200.0/22",
    "103.31.4.0/22",
    "141.101.64.0/18",
    "108.162.192.0/18",
    "190.93.240.0/20",
    "188.114.96.0/20",
    "197.234.240.0/22",
    "198.41.128.0/17",
    "162.158.0.0/15",
    "104.16.0.0/13",
    "104.24.0.0/14",
    "172.64.0.0/13",
    "131.0.72.0/22",
];
const CLOUDFLARE_IPV6 = [
    "2400:cb00::/32",
    "2606:4700::/32",
    "2803:f800::/32",
    "2405:b500::/32",
    "2405:8100::/32",
    "2a06:98c0::/29",
    "2c0f:f248::/32",
];

function urnOf(resource: pulumi.Resource): Promise<string> {
    return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}

interface Registration {
    readonly inputs: Record<string, unknown>;
    /** Input property → URNs of the resources its value came from, as the SDK sends them to the engine. */
    readonly propertyDependencies: Record<string, string[]>;
    readonly custom: boolean;
    readonly provider?: string;
    readonly request?: RegisteredOptions;
}

/**
 * The engine options of a registration, read from the request the SDK sends the engine (after the SDK
 * applied its defaults, e.g. `protect` inherited from the parent: @pulumi/pulumi 3.248 resource.js
 * 211-212, runtime/resource.js 367-407).
 */
export interface RegisteredOptions {
    /** Every resource it waits for: explicit `dependsOn` and property dependencies, components expanded. */
    readonly dependencies: string[];
    readonly protect: boolean;
    readonly deleteBeforeReplace: boolean;
    /** Whether the program set `deleteBeforeReplace` at all (the engine then overrides the provider's). */
    readonly deleteBeforeReplaceDefined: boolean;
    readonly ignoreChanges: string[];
    readonly replaceOnChanges: string[];
    readonly retainOnDelete: boolean;
}

interface Construction {
    readonly type: string;
    readonly name: string;
    readonly resource: pulumi.Resource;
    readonly opts: pulumi.ResourceOptions;
}

const keyOf = (type: string, name: string) => `${type}::${name}`;

/**
 * Runs `options.program` under `pulumi.runtime.setMocks` inside `runInPulumiStack` (as the language host
 * does, so a stack transformation sees each resource's options) and returns what it registered.
 */
export async function captureProgram(options: CaptureOptions): Promise<CaptureResult> {
    const registrations = new Map<string, Registration>();
    const requests = new Map<string, RecordedRequest>();
    const constructions: Construction[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const key = keyOf(args.type, args.name);
                const request = requests.get(key);
                registrations.set(key, {
                    inputs: args.inputs as Record<string, unknown>,
                    propertyDependencies: request?.propertyDependencies ?? {},
                    request: request?.options,
                    custom: args.custom ?? true,
                    provider: args.provider || undefined,
                });
                if (args.type === TYPES.pulumi.StackReference) {
                    const name = String(args.inputs.name);
                    const read = options.stackOutputs?.[name.slice(name.lastIndexOf("/") + 1)];
                    return {
                        id: name,
                        state: {
                            name,
                            outputs: read?.outputs ?? {},
                            secretOutputNames: [...(read?.secretOutputNames ?? [])],
                        },
                    };
                }
                // A first preview: nothing exists, so the id is unknown (an empty id in a preview) and the
                // engine echoes only the inputs; every output the provider would compute stays unknown.
                if (options.firstPreview) return { id: "", state: { ...args.inputs } };
                return {
                    id: args.custom === false ? "" : MOCK_NAMED.id(args.name),
                    state: mockState(
                        args.type,
                        args.name,
                        args.inputs,
                        options.config.values["aws:region"] ?? DEFAULT_REGION,
                    ),
                };
            },
            call: (args) =>
                mockCall(args.token, args.inputs as Record<string, unknown>, options.config),
        },
        options.project,
        options.stack,
        options.preview ?? true,
        // A DIY backend's only organization (a stack reference names `organization/<project>/<stack>`).
        "organization",
    );
    recordRequests(requests);
    pulumi.runtime.setAllConfig(options.config.values, [...options.config.secretKeys]);

    const stackTraceLimit = Error.stackTraceLimit;
    if (!options.stackTraces) Error.stackTraceLimit = 0;
    try {
        const outputs =
            (await pulumi.runtime.runInPulumiStack(async () => {
                pulumi.runtime.registerStackTransformation((args) => {
                    constructions.push({
                        type: args.type,
                        name: args.name,
                        resource: args.resource,
                        opts: args.opts,
                    });
                    return undefined;
                });
                return (await options.program()) ?? {};
            })) ?? {};
        const resources = await describe(options, constructions, registrations);
        return { resources, outputs: outputs as Record<string, unknown> };
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
}

/** The parts of `RegisterResourceRequest` (proto/resource_pb.d.ts) the plan reads. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getPropertydependenciesMap(): {
        forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
    };
    getDependenciesList(): string[];
    getProtect(): boolean;
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
    getRetainondelete(): boolean;
}

interface RecordedRequest {
    readonly propertyDependencies: Record<string, string[]>;
    readonly options: RegisteredOptions;
}

/**
 * The mocks' `newResource` sees inputs, not which resources each input came from nor the resource's
 * options; the SDK sends both to the engine in the same request (`propertyDependencies`, `dependencies`,
 * `protect`, `deleteBeforeReplace`, ...), and the engine passes the dependencies on to stack policies.
 * Read them there, before the mock monitor answers.
 */
function recordRequests(into: Map<string, RecordedRequest>): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(request: RegisterRequest, callback: unknown): unknown;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
        const dependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => {
            const urns = value.getUrnsList();
            if (urns.length > 0) dependencies[key] = urns;
        });
        into.set(keyOf(request.getType(), request.getName()), {
            propertyDependencies: dependencies,
            options: {
                dependencies: request.getDependenciesList(),
                protect: request.getProtect(),
                deleteBeforeReplace: request.getDeletebeforereplace(),
                deleteBeforeReplaceDefined: request.getDeletebeforereplacedefined(),
                ignoreChanges: request.getIgnorechangesList(),
                replaceOnChanges: request.getReplaceonchangesList(),
                retainOnDelete: request.getRetainondelete(),
            },
        });
        return register(request, callback);
    };
}

/**
 * The SDK's own resolution of `dependsOn` (@pulumi/pulumi 3.248 runtime/dependsOn.js: Inputs, Promises and
 * Outputs awaited; a component stands for the custom resources it parents, transitively), so `dependsOn`
 * lists what the engine waits for. Internal to the SDK (its .d.ts is stripped), hence the typed require.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkDependsOn = require("@pulumi/pulumi/runtime/dependsOn") as {
    gatherExplicitDependencies(
        dependsOn: pulumi.ResourceOptions["dependsOn"],
    ): Promise<pulumi.Resource[]>;
    getAllTransitivelyReferencedResourceURNs(
        resources: Set<pulumi.Resource>,
        exclude: Set<pulumi.Resource>,
    ): Promise<Set<string>>;
};

async function dependsOnUrns(construction: Construction): Promise<string[]> {
    const explicit = await sdkDependsOn.gatherExplicitDependencies(construction.opts.dependsOn);
    const urns = await sdkDependsOn.getAllTransitivelyReferencedResourceURNs(
        new Set(explicit),
        new Set([construction.resource]),
    );
    return [...urns].sort();
}

/** Joins what the transformation saw (options) with what the mocks saw (inputs), by type and name. */
async function describe(
    options: CaptureOptions,
    constructions: readonly Construction[],
    registrations: ReadonlyMap<string, Registration>,
): Promise<CapturedResource[]> {
    const stackName = `${options.project}-${options.stack}`;
    const stackUrn = `urn:pulumi:${options.stack}::${options.project}::pulumi:pulumi:Stack::${stackName}`;
    const resources: CapturedResource[] = [
        {
            urn: stackUrn,
            type: TYPES.pulumi.Stack,
            name: stackName,
            custom: false,
            protect: false,
            dependencies: [],
            inputs: {},
        },
    ];
    // A resource's URN resolves once its registration reached the mocks: wait for all of them before
    // reading what was registered.
    const urns = await Promise.all(constructions.map((c) => urnOf(c.resource)));
    const keys = new Set<string>();
    for (const [index, construction] of constructions.entries()) {
        const key = keyOf(construction.type, construction.name);
        if (keys.has(key)) {
            throw new Error(
                `two resources are both named ${construction.name} (${construction.type}); the offline plan needs unique names`,
            );
        }
        keys.add(key);
        const registered = registrations.get(key);
        const options = registered?.request;
        const dependsOn = await dependsOnUrns(construction);
        resources.push({
            urn: urns[index],
            type: construction.type,
            name: construction.name,
            custom: registered?.custom ?? pulumi.CustomResource.isInstance(construction.resource),
            parent: construction.opts.parent ? await urnOf(construction.opts.parent) : stackUrn,
            protect: options?.protect ?? construction.opts.protect === true,
            provider: registered?.provider,
            // What the engine records and sends stack policies: dependsOn and property dependencies.
            dependencies: options?.dependencies ?? dependsOn,
            dependsOn,
            deleteBeforeReplace: options?.deleteBeforeReplace ?? false,
            deleteBeforeReplaceDefined: options?.deleteBeforeReplaceDefined ?? false,
            ignoreChanges: options?.ignoreChanges ?? [],
            replaceOnChanges: options?.replaceOnChanges ?? [],
            retainOnDelete: options?.retainOnDelete ?? false,
            propertyDependencies: registered?.propertyDependencies ?? {},
            inputs: registered?.inputs ?? {},
            aliases: (construction.opts.aliases ?? []).flatMap((alias) =>
                typeof alias === "object" && "name" in alias && typeof alias.name === "string"
                    ? [alias.name]
                    : [],
            ),
        });
    }
    return resources;
}
