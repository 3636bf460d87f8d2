import { PolicyResource, StackValidation } from "@pulumi/policy";
import { resolveEnvironmentRules } from "../../../model/environment";
import {
    ENVIRONMENT_RESOURCE_TYPE,
    ENVIRONMENTS,
    Environment,
    EnvironmentRules,
} from "../../../model/rules";
import { ResourceInputs } from "../inputs";
import { TYPES } from "../types";

/** Each stack's resources by their parent's URN, built once: policies walk the tree per component. */
const childrenIndex = new WeakMap<readonly PolicyResource[], Map<string, PolicyResource[]>>();

/** Resources whose parent is `urn`. */
export function childrenOf(resources: readonly PolicyResource[], urn: string): PolicyResource[] {
    let index = childrenIndex.get(resources);
    if (index === undefined) {
        index = new Map();
        for (const r of resources) {
            const parent = r.parent?.urn;
            if (parent === undefined) continue;
            const siblings = index.get(parent);
            if (siblings) siblings.push(r);
            else index.set(parent, [r]);
        }
        childrenIndex.set(resources, index);
    }
    return [...(index.get(urn) ?? [])];
}

/** Every resource below `urn`, at any depth. */
export function descendantsOf(resources: readonly PolicyResource[], urn: string): PolicyResource[] {
    const found: PolicyResource[] = [];
    const queue = [urn];
    while (queue.length > 0) {
        const next = queue.shift()!;
        for (const child of childrenOf(resources, next)) {
            found.push(child);
            queue.push(child.urn);
        }
    }
    return found;
}

export const ofType = (resources: readonly PolicyResource[], type: string) =>
    resources.filter((r) => r.type === type);

/** The backup component of each opsbook database, by the database's name. */
export function backupsByDatabase(
    resources: readonly PolicyResource[],
): Map<string, PolicyResource> {
    return new Map(
        resources
            .filter(
                (r) => r.type === TYPES.opsbook.RdsBackup || r.type === TYPES.opsbook.DumpBackup,
            )
            .map((r) => [String(r.props.database), r] as const),
    );
}

/**
 * The stack's environment and rules, read from its `opsbook:index:Environment` resource (registered by
 * `index.ts` from the stack file). A stack without one is judged as production (secure by default); a
 * value outside its rule counts as the rule's default, so a resource cannot relax what its rule forbids.
 */
export interface StackEnvironmentView {
    readonly environment: Environment;
    readonly production: boolean;
    readonly rules: EnvironmentRules;
}

export function stackEnvironment(resources: readonly PolicyResource[]): StackEnvironmentView {
    const found = resources.find((r) => r.type === ENVIRONMENT_RESOURCE_TYPE);
    const props = (found?.props ?? {}) as Record<string, unknown>;
    const environment: Environment = ENVIRONMENTS.includes(props.environment as Environment)
        ? (props.environment as Environment)
        : "production";
    return {
        environment,
        production: environment === "production",
        rules: resolveEnvironmentRules(environment, props),
    };
}

/**
 * A stack validation that judges each resource of `type` with the stack's environment: what a resource
 * policy would do, for a rule that depends on the environment (a resource policy sees no other resource).
 */
export function validateEachOf<T extends keyof ResourceInputs>(
    type: T,
    check: (
        inputs: ResourceInputs[T],
        resource: PolicyResource,
        environment: StackEnvironmentView,
        reportViolation: (message: string) => void,
    ) => void,
): StackValidation {
    return (args, reportViolation) => {
        const environment = stackEnvironment(args.resources);
        for (const resource of ofType(args.resources, type))
            check(resource.props as ResourceInputs[T], resource, environment, (message) =>
                reportViolation(message, resource.urn),
            );
    };
}

// ---- Access logs ----

/** What `peek` returns for a value that is unknown until `pulumi up` (an id, in a first preview). */
export const UNKNOWN = Symbol("unknown");

/**
 * Reads a property that may be unknown during a preview. The pack's server wraps props in a proxy that
 * throws on an unknown value, which would skip the whole policy ("can't run during preview"); a policy that
 * must judge a first preview reads such values through this and decides without them.
 */
export function peek<T>(read: () => T): T | typeof UNKNOWN {
    try {
        return read();
    } catch (error) {
        if (error instanceof Error && error.constructor.name === "UnknownValueError")
            return UNKNOWN;
        throw error;
    }
}

/** The stack's access-log buckets: the S3 bucket of each `AccessLogBucket` component. */
export const isLogBucket = (bucket: PolicyResource) =>
    bucket.parent?.type === TYPES.opsbook.AccessLogBucket;

/**
 * The S3 bucket that `resource`'s `property` input names, decided without ids (a first preview knows
 * none): the bucket the value came from (its property dependencies), else, for `sibling`, the one bucket
 * in the same component, else a bucket whose known name equals the known value.
 */
export function bucketNamedBy(
    resource: PolicyResource,
    property: string,
    resources: readonly PolicyResource[],
    sibling = false,
): PolicyResource | undefined {
    const buckets = ofType(resources, TYPES.aws.s3.Bucket);
    const fromDependencies = [
        ...new Set(
            (resource.propertyDependencies?.[property] ?? []).filter(
                (r) => r.type === TYPES.aws.s3.Bucket,
            ),
        ),
    ];
    if (fromDependencies.length === 1) return fromDependencies[0];
    const parent = resource.parent;
    if (sibling && parent && parent.type !== TYPES.pulumi.Stack) {
        const siblings = buckets.filter((b) => b.parent?.urn === parent.urn);
        if (siblings.length === 1) return siblings[0];
    }
    const value = peek(() => resource.props[property] as unknown);
    if (typeof value !== "string") return undefined;
    const named = buckets.filter((b) => peek(() => b.props.bucket as unknown) === value);
    return named.length === 1 ? named[0] : undefined;
}
