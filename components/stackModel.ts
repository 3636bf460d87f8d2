import * as pulumi from "@pulumi/pulumi";
import { currentTime } from "../model/calendar";
import { CONFIG_NAMESPACE, ConfigView, loadSystem, SystemModel } from "../model/load";
import { ALL_PROBLEMS, formatProblems, problemCount } from "../model/issues";
import { scanPlainConfig } from "../model/secretScan";
import { ENVIRONMENT_RESOURCE_TYPE, Environment, EnvironmentRules } from "../model/rules";

/** Pulumi keeps which config keys are secret in the runtime; the SDK exposes the check but not its type. */
const runtimeWithSecrets = pulumi.runtime as typeof pulumi.runtime & {
    isConfigSecret?: (key: string) => boolean;
};

/** The stack's config as the loader may see it: which keys exist and which are secret, never values. */
export function runtimeConfigView(): ConfigView {
    const all = pulumi.runtime.allConfig();
    return {
        has: (key) => Object.prototype.hasOwnProperty.call(all, key),
        isSecret: (key) => runtimeWithSecrets.isConfigSecret?.(key) ?? false,
    };
}

/**
 * Loads `opsbook:system` from the stack's config. An invalid model stops the program before any resource
 * is registered, with every problem listed and no stack trace (`RunError`).
 */
export function loadStackModel(now: Date): SystemModel {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    let raw: unknown;
    try {
        raw = config.getObject<unknown>("system");
    } catch {
        throw new pulumi.RunError(`${CONFIG_NAMESPACE}:system: is not valid JSON or YAML`);
    }
    const view = runtimeConfigView();
    const result = loadSystem(raw, {
        now,
        config: view,
        awsRegion: pulumi.runtime.allConfig()["aws:region"],
        // Read only to refuse a webhook that never confirms; the loader reports the host, never the value.
        alertEndpoint: (secret) => pulumi.runtime.allConfig()[`${CONFIG_NAMESPACE}:${secret}`],
        stack: pulumi.getStack(),
    });
    // The other plain config values are the user's text too (model/secretScan.ts).
    const errors = [
        ...scanPlainConfig(pulumi.runtime.allConfig(), view.isSecret),
        ...(result.ok ? [] : result.errors),
    ];
    if (!result.ok || errors.length > 0) {
        throw new pulumi.RunError(
            [
                `the stack's config has ${problemCount(errors.length)}; nothing was changed:`,
                ...formatProblems(errors, { whereAll: ALL_PROBLEMS }),
            ].join("\n"),
        );
    }
    return result.model;
}

/** The program's clock: `OPSBOOK_NOW` when set, else now. A bad `OPSBOOK_NOW` stops the program cleanly. */
export function programClock(): Date {
    try {
        return currentTime();
    } catch (error) {
        throw new pulumi.RunError((error as Error).message);
    }
}

export interface StackEnvironmentArgs {
    /** The environment the stack file declares (`opsbook:system.environment`). */
    readonly environment: Environment;
    /** Its rules with the stack file's choices (`ENVIRONMENT_RULES`). */
    readonly rules: EnvironmentRules;
}

/**
 * The stack's environment and rules as a resource the pack reads. A policy sees only resources and its
 * config, and `pulumi preview --policy-pack policies` passes no config unless told: carried here, the
 * stack file alone decides how the stack is judged, for every policy at once (a tag on each resource
 * would leave untaggable ones, and resources that disagree, to be decided). It has no children and no
 * cloud resource; its inputs are plain values, known in a first preview. A component's inputs reach the
 * engine, and so the pack, unless `PULUMI_NODEJS_SKIP_COMPONENT_INPUTS` is set (`@pulumi/pulumi` 3.248.0
 * `resource.js`, `ComponentResource` constructor); with it set the pack finds no inputs here and judges the
 * stack as production, the strict side.
 */
export class StackEnvironment extends pulumi.ComponentResource {
    public readonly environment: Environment;

    constructor(
        name: string,
        args: StackEnvironmentArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super(
            ENVIRONMENT_RESOURCE_TYPE,
            name,
            { environment: args.environment, ...args.rules },
            opts,
        );
        this.environment = args.environment;
        // A stack policy reads a resource's outputs ("stack validation policies can check resource outputs",
        // Pulumi's CrossGuard core concepts): a component's outputs are what it registers, so the same
        // values go here as in its inputs, which the offline plan and a resource policy read.
        this.registerOutputs({ environment: args.environment, ...args.rules });
    }
}
