/**
 * Calls a policy's own validate function on a fixture, as the pack's server would, and collects what it
 * reports. Whole-stack verdicts go through the real server (test/plan); this is for one rule at a time.
 */
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { resolveEnvironmentRules } from "../../model/environment";
import { ENVIRONMENT_RESOURCE_TYPE, Environment } from "../../model/rules";

type Props = Record<string, unknown>;

/**
 * The pack server's own unknown handling (`@pulumi/policy/proxy`, internal to the package): props are
 * wrapped in a proxy that throws on a value unknown during preview, which skips the policy. Fixtures use it
 * too, so a policy that reads an id in a first preview fails here as it would there.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(props: T): T;
    unknownStringValue: string;
};
/** A value unknown during preview (an id before the resource exists), as the pack's server sees it. */
export const UNKNOWN_VALUE = proxy.unknownStringValue;

function isTypeOf(type: string, resourceClass: unknown): boolean {
    return (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

const notApplicable = (): never => {
    throw new NotApplicable();
};
class NotApplicable extends Error {}

export function resourceViolations(
    policy: ResourceValidationPolicy,
    resource: { type: string; name: string; props: Props; protect?: boolean },
    config: Props = {},
): string[] {
    const messages: string[] = [];
    // As the server does: a read of a value unknown during preview throws (and skips the policy there).
    const props = proxy.unknownCheckingProxy(resource.props);
    const args = {
        type: resource.type,
        name: resource.name,
        urn: `urn:pulumi:test::opsbook::${resource.type}::${resource.name}`,
        props,
        opts: {
            protect: resource.protect === true,
            ignoreChanges: [],
            aliases: [],
            additionalSecretOutputs: [],
            customTimeouts: {},
        },
        isType: (cls: unknown) => isTypeOf(resource.type, cls),
        asType: (cls: unknown) => (isTypeOf(resource.type, cls) ? props : undefined),
        getConfig: () => config,
        notApplicable,
    } as unknown as ResourceValidationArgs;
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    for (const validate of validations) {
        if (!validate) continue;
        try {
            validate(args, (message) => messages.push(message));
        } catch (error) {
            if (!(error instanceof NotApplicable)) throw error;
        }
    }
    return messages;
}

export interface FixtureResource {
    readonly type: string;
    readonly name: string;
    readonly props: Props;
    /** The parent: `type::name`, or just its name where that is unique in the fixture. */
    readonly parent?: string;
    readonly protect?: boolean;
    /** Input property → the resources (`type::name`, or a unique name) its value came from. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** Its `dependsOn` (`type::name`, or a unique name). */
    readonly dependencies?: readonly string[];
}

const urnOf = (r: { type: string; name: string }) =>
    `urn:pulumi:test::opsbook::${r.type}::${r.name}`;

export function stackViolations(
    policy: StackValidationPolicy,
    resources: readonly FixtureResource[],
    config: Props = {},
): { message: string; urn?: string }[] {
    const violations: { message: string; urn?: string }[] = [];
    const byKey = new Map<string, PolicyResource>();
    const byName = new Map<string, PolicyResource | null>();
    const policyResources = resources.map((r) => {
        const resource = {
            type: r.type,
            name: r.name,
            urn: urnOf(r),
            props: proxy.unknownCheckingProxy(r.props),
            opts: { protect: r.protect === true },
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: unknown) => isTypeOf(r.type, cls),
            asType: (cls: unknown) => (isTypeOf(r.type, cls) ? r.props : undefined),
        } as unknown as PolicyResource;
        byKey.set(`${r.type}::${r.name}`, resource);
        byName.set(r.name, byName.has(r.name) ? null : resource); // null: ambiguous
        return resource;
    });
    const resolve = (r: FixtureResource, key: string, what: string) => {
        const found = byKey.get(key) ?? byName.get(key);
        if (!found) throw new Error(`fixture ${r.name}: ${what} ${key} is missing or ambiguous`);
        return found;
    };
    resources.forEach((r, index) => {
        const resource = policyResources[index] as {
            parent?: PolicyResource;
            propertyDependencies: Record<string, PolicyResource[]>;
            dependencies: PolicyResource[];
        };
        for (const key of r.dependencies ?? [])
            resource.dependencies.push(resolve(r, key, "dependency"));
        for (const [property, keys] of Object.entries(r.propertyDependencies ?? {}))
            resource.propertyDependencies[property] = keys.map((key) =>
                resolve(r, key, `dependency of ${property}`),
            );
        if (r.parent) resource.parent = resolve(r, r.parent, "parent");
    });
    const args = {
        resources: policyResources,
        getConfig: () => config,
        notApplicable,
    } as unknown as StackValidationArgs;
    policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
    return violations;
}

/**
 * The fixture judged as a stack of `environment`: its `opsbook:index:Environment` resource (what the pack
 * reads the environment and its rules from) replaced by one with that environment's default rules.
 */
export function inEnvironment(
    resources: readonly FixtureResource[],
    environment: Environment,
    choices: Readonly<Record<string, unknown>> = {},
): FixtureResource[] {
    return [
        ...resources.filter((r) => r.type !== ENVIRONMENT_RESOURCE_TYPE),
        {
            type: ENVIRONMENT_RESOURCE_TYPE,
            name: "environment",
            props: { environment, ...resolveEnvironmentRules(environment, choices) },
        },
    ];
}

/**
 * What a policy that judges each resource of a type by the stack's environment (`validateEachOf`) says of
 * one resource, in a stack of `environment`.
 */
export function eachViolations(
    policy: StackValidationPolicy,
    resource: FixtureResource,
    environment: Environment = "production",
): string[] {
    const alone = {
        ...resource,
        parent: undefined,
        propertyDependencies: undefined,
        dependencies: undefined,
    };
    return stackViolations(policy, inEnvironment([alone], environment)).map((v) => v.message);
}
