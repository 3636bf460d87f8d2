import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { appConfigContent, FlagModel, flagsIn, servedValue } from "../../model/flags";
import { APPCONFIG_AGENT_PORT, FLAG_DEPLOYMENT } from "../../model/rules";

export interface FeatureFlagsArgs {
    /** Every flag of the stack; each goes to the stores of its consumers' platforms. */
    readonly flags: readonly FlagModel[];
    /** Names the stores: `<prefix>-flags` in Edge Config, application `<prefix>` in AppConfig. */
    readonly prefix: string;
    /** The AppConfig environment's name, e.g. the stack. */
    readonly environment: string;
}

/** How an ECS task reads the AppConfig flags (through the agent sidecar), and what it may call. */
export interface AppConfigFlags {
    /** The agent's path of the flags: `/applications/<app>/environments/<env>/configurations/<profile>`. */
    readonly path: string;
    /** The configuration the task role may read (StartConfigurationSession, GetLatestConfiguration). */
    readonly configurationArn: pulumi.Output<string>;
}

/** The AppConfig configuration profile holding the flags. */
export const FLAGS_PROFILE = "flags";

/**
 * The stack's feature flags in the platforms' config stores, changed by `pulumi up` with no deploy:
 * - Vercel consumers: an Edge Config store with one item per flag (`{ enabled }`), read through a token
 *   whose connection string the projects receive as `EDGE_CONFIG`. The provider replaces an item to
 *   change its value, deleting the old item first (`deleteBeforeReplace`), since both hold the same key.
 * - ECS consumers: an AppConfig application, environment and feature-flag profile. Hosted versions are
 *   immutable: a flag change creates a new version (the content is replaced) and a new deployment of it,
 *   all at once with no bake (`FLAG_DEPLOYMENT`); replaced versions are kept in AppConfig
 *   (`retainOnDelete`), so the history stays and any earlier version can be deployed again.
 * A rollout is served as `rolloutPercent` in its Edge Config item and as a multi-variant flag with a
 * `split` rule in AppConfig (`model/flags.ts`). A killed flag is served off in both, for everyone.
 */
export class FeatureFlags extends pulumi.ComponentResource {
    /** Vercel: the Edge Config connection string (a read token; secret). */
    public readonly edgeConfigConnection?: pulumi.Output<string>;
    public readonly edgeConfigId?: pulumi.Output<string>;
    public readonly appConfig?: AppConfigFlags;

    constructor(name: string, args: FeatureFlagsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(
            "opsbook:index:FeatureFlags",
            name,
            {
                flags: args.flags.map((flag) => ({
                    name: flag.name,
                    served: flag.served,
                    ...(flag.rolloutPercent !== undefined
                        ? { rolloutPercent: flag.rolloutPercent }
                        : {}),
                    killSwitch: flag.killSwitch,
                    stores: [...flag.stores],
                })),
            },
            opts,
        );
        const parent = { parent: this };
        const edge = flagsIn(args.flags, "edge-config");
        if (edge.length > 0) {
            const store = new vercel.EdgeConfig(
                `${name}-edge`,
                { name: `${args.prefix}-flags` },
                parent,
            );
            for (const flag of edge) {
                // A new value is a new item (the provider cannot update one), and the old item's delete
                // removes the key: delete it first, so the new item's upsert is the last word. The key is
                // absent for the moment between the two calls, and an absent flag is served off.
                new vercel.EdgeConfigItem(
                    `${name}-edge-${flag.name}`,
                    { edgeConfigId: store.id, key: flag.name, valueJson: servedValue(flag) },
                    { parent: this, deleteBeforeReplace: true },
                );
            }
            const token = new vercel.EdgeConfigToken(
                `${name}-edge-token`,
                { edgeConfigId: store.id, label: `opsbook ${args.prefix} read` },
                parent,
            );
            this.edgeConfigId = store.id;
            this.edgeConfigConnection = pulumi.secret(token.connectionString);
        }
        const ecs = flagsIn(args.flags, "appconfig");
        if (ecs.length > 0) {
            const application = new aws.appconfig.Application(
                `${name}-app`,
                { name: args.prefix, description: "opsbook feature flags" },
                parent,
            );
            const environment = new aws.appconfig.Environment(
                `${name}-env`,
                { applicationId: application.id, name: args.environment },
                parent,
            );
            const profile = new aws.appconfig.ConfigurationProfile(
                `${name}-profile`,
                {
                    applicationId: application.id,
                    name: FLAGS_PROFILE,
                    locationUri: "hosted",
                    type: "AWS.AppConfig.FeatureFlags",
                },
                parent,
            );
            const strategy = new aws.appconfig.DeploymentStrategy(
                `${name}-immediate`,
                {
                    name: `${args.prefix}-flags-immediate`,
                    description:
                        "opsbook: flags reach every task at once; no bake, so a kill never waits",
                    deploymentDurationInMinutes: FLAG_DEPLOYMENT.durationMinutes,
                    finalBakeTimeInMinutes: FLAG_DEPLOYMENT.bakeMinutes,
                    growthFactor: FLAG_DEPLOYMENT.growthPercent,
                    growthType: "LINEAR",
                    replicateTo: "NONE",
                },
                parent,
            );
            const killed = ecs.filter((flag) => flag.killSwitch).map((flag) => flag.name);
            const version = new aws.appconfig.HostedConfigurationVersion(
                `${name}-version`,
                {
                    applicationId: application.id,
                    configurationProfileId: profile.configurationProfileId,
                    contentType: "application/json",
                    content: appConfigContent(ecs),
                    description: `opsbook flags${killed.length > 0 ? `; killed: ${killed.join(", ")}` : ""}`,
                },
                // Immutable: a change creates the next version; the replaced one stays in AppConfig.
                { parent: this, retainOnDelete: true, deleteBeforeReplace: false },
            );
            new aws.appconfig.Deployment(
                `${name}-deployment`,
                {
                    applicationId: application.id,
                    environmentId: environment.environmentId,
                    configurationProfileId: profile.configurationProfileId,
                    configurationVersion: version.versionNumber.apply(String),
                    deploymentStrategyId: strategy.id,
                    description: "opsbook flags",
                },
                parent,
            );
            this.appConfig = {
                path: `/applications/${args.prefix}/environments/${args.environment}/configurations/${FLAGS_PROFILE}`,
                configurationArn: pulumi.interpolate`arn:aws:appconfig:*:*:application/${application.id}/environment/${environment.environmentId}/configuration/${profile.configurationProfileId}`,
            };
        }
        this.registerOutputs({
            edgeConfigId: this.edgeConfigId,
            edgeConfigConnection: this.edgeConfigConnection,
            appConfigPath: this.appConfig?.path,
            appConfigArn: this.appConfig?.configurationArn,
        });
    }
}

/** Where the agent serves the flags to the task's containers. */
export function agentUrl(path: string): string {
    return `http://localhost:${APPCONFIG_AGENT_PORT}${path}`;
}
