import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { ROLLOUT_VARIABLE } from "../../model/rollout";

export interface VercelRolloutArgs {
    readonly projectId: pulumi.Input<string>;
    /** The branch Vercel deploys to production (the project's production branch). */
    readonly productionBranch: string;
    /**
     * The rollout fingerprint of what the project reads (`model/rollout.ts`): secret versions and a digest
     * of every other value (`NEXT_PUBLIC_*` literals are inlined at build), never a value.
     */
    readonly fingerprint: pulumi.Input<string>;
    /** The project's variables: the deployment is built only after they are written. */
    readonly environment: pulumi.Resource;
}

/**
 * A Vercel project's production deployment for what it reads now. A deployment keeps the variables
 * of its build, so a rotation or a changed value must redeploy: a new fingerprint replaces this resource, which
 * builds the production branch again with the new variables and promotes it. When nothing the project
 * reads changes, nothing is deployed; git pushes keep deploying as before (each build reads the
 * variables of its time). Replaced deployments are kept (no `deleteOnDestroy`) for instant rollback.
 */
export class VercelRollout extends pulumi.ComponentResource {
    public readonly deploymentId: pulumi.Output<string>;

    constructor(name: string, args: VercelRolloutArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:VercelRollout", name, { fingerprint: args.fingerprint }, opts);
        const deployment = new vercel.Deployment(
            `${name}-deployment`,
            {
                projectId: args.projectId,
                ref: args.productionBranch,
                production: true,
                meta: { [ROLLOUT_VARIABLE]: args.fingerprint },
            },
            {
                parent: this,
                dependsOn: [args.environment],
                // A deployment is immutable: new versions mean a new build, whatever the provider's diff.
                replaceOnChanges: ["meta"],
                deleteBeforeReplace: false,
            },
        );
        this.deploymentId = deployment.id;
        this.registerOutputs({ deploymentId: this.deploymentId });
    }
}
