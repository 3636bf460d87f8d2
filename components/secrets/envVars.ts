import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { PUBLIC_VALUE_MARK, PUBLIC_VALUE_TAG } from "../../model/rules";

/** Where a service reads its variables. */
export type EnvTarget =
    | { readonly platform: "vercel"; readonly projectId: pulumi.Input<string> }
    /** SSM path the service's parameters live under, e.g. `/opsbook/prod/api`; ECS tasks read them. */
    | { readonly platform: "aws"; readonly parameterPath: string };

export interface EnvVariable {
    readonly value: pulumi.Input<string>;
    /** Secret values become Vercel `sensitive` variables and SSM `SecureString` parameters. */
    readonly secret: boolean;
    /** Where the value comes from, for reviewers: `secrets.API_SECRET (current)`, `env.api.LOG_LEVEL`. */
    readonly source: string;
    /**
     * A plain value the stack model declares public by design (`{ value, public: WHY }`): marked so the
     * pack's plain-secret policies accept it although it looks like a credential. Default false.
     */
    readonly public?: boolean;
}

export interface ServiceEnvironmentArgs {
    readonly target: EnvTarget;
    /** Variable name → value. */
    readonly variables: Readonly<Record<string, EnvVariable>>;
    /** aws: the stack's key for SecureString parameters (`ParameterKey`); required when any is secret. */
    readonly parameterKeyArn?: pulumi.Input<string>;
}

/** Vercel env vars are written for production only: preview deployments build untrusted branches. */
export const VERCEL_SECRET_TARGETS = ["production"];

/**
 * One service's environment, written where its platform reads it: Vercel project variables, or SSM
 * parameters under the service's path (SecureString for secrets: free, unlike Secrets Manager, and read
 * natively by ECS task definitions).
 */
export class ServiceEnvironment extends pulumi.ComponentResource {
    /** Variable name → SSM parameter ARN (aws targets), for the task definition's `secrets`. */
    public readonly parameterArns: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly variableNames: readonly string[];

    constructor(
        name: string,
        args: ServiceEnvironmentArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:ServiceEnvironment", name, {}, opts);
        const parameterArns: Record<string, pulumi.Output<string>> = {};
        const target = args.target;
        for (const [variable, entry] of Object.entries(args.variables).sort(([x], [y]) =>
            x.localeCompare(y),
        )) {
            const childName = `${name}-${variable}`;
            if (target.platform === "vercel") {
                new vercel.ProjectEnvironmentVariable(
                    childName,
                    {
                        projectId: target.projectId,
                        key: variable,
                        value: entry.value,
                        sensitive: entry.secret,
                        targets: VERCEL_SECRET_TARGETS,
                        comment: `opsbook: ${entry.source}${entry.public ? ` (${PUBLIC_VALUE_MARK})` : ""}`,
                    },
                    // Vercel refuses a second variable with the key for a target, so a replacement that
                    // keeps the key (a change of `sensitive`) deletes the old one first.
                    { parent: this, deleteBeforeReplace: true },
                );
            } else {
                if (entry.secret && args.parameterKeyArn === undefined)
                    throw new pulumi.RunError(
                        `${childName}: a SecureString needs the stack's parameter key (parameterKeyArn)`,
                    );
                const parameter = new aws.ssm.Parameter(
                    childName,
                    {
                        name: `${target.parameterPath}/${variable}`,
                        type: entry.secret ? "SecureString" : "String",
                        ...(entry.secret ? { keyId: args.parameterKeyArn } : {}),
                        value: entry.value,
                        description: `opsbook: ${entry.source}`,
                        tags: {
                            "opsbook:source": entry.source,
                            ...(entry.public ? { [PUBLIC_VALUE_TAG]: PUBLIC_VALUE_MARK } : {}),
                        },
                    },
                    { parent: this },
                );
                parameterArns[variable] = parameter.arn;
            }
        }
        this.parameterArns = parameterArns;
        this.variableNames = Object.keys(args.variables).sort();
        this.registerOutputs({
            parameterArns: this.parameterArns,
            variableNames: this.variableNames,
        });
    }
}
