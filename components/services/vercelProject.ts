import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { VERCEL_PREVIEW_RETENTION, VERCEL_PRODUCTION_RETENTION } from "../../model/rules";
import { ServiceModel, VercelFirewallLimit } from "../../model/services";

export interface VercelProjectArgs {
    readonly service: ServiceModel;
    /** The Vercel project name. */
    readonly projectName: string;
    /**
     * The per-client limit the Vercel Firewall enforces when Cloudflare does not front the project
     * (requests a minute; blocked clients wait `mitigationSeconds`; `vercelFirewallLimit`). Default none.
     */
    readonly firewallRateLimit?: VercelFirewallLimit;
}

/**
 * A web service on Vercel: the project with its framework and GitHub repository (pushes to the production
 * branch deploy), its production domain, a deployment retention long enough to promote an older
 * deployment back to production (the runbooks' rollback), and, when Cloudflare does not front it, the
 * runbook's per-client rate limit in the Vercel Firewall.
 */
export class VercelProject extends pulumi.ComponentResource {
    public readonly projectId: pulumi.Output<string>;

    constructor(name: string, args: VercelProjectArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:VercelProject", name, { service: args.service.name }, opts);
        const service = args.service;
        const project = new vercel.Project(
            name,
            {
                name: args.projectName,
                framework: service.framework,
                ...(service.repository
                    ? {
                          gitRepository: {
                              type: "github",
                              repo: service.repository,
                              productionBranch: service.productionBranch,
                          },
                      }
                    : {}),
            },
            { parent: this },
        );
        if (service.domain) {
            new vercel.ProjectDomain(
                `${name}-domain`,
                { projectId: project.id, domain: service.domain },
                { parent: this },
            );
        }
        new vercel.ProjectDeploymentRetention(
            `${name}-retention`,
            {
                projectId: project.id,
                expirationProduction: VERCEL_PRODUCTION_RETENTION,
                expirationPreview: VERCEL_PREVIEW_RETENTION,
                expirationCanceled: VERCEL_PREVIEW_RETENTION,
                expirationErrored: VERCEL_PREVIEW_RETENTION,
            },
            { parent: this },
        );
        if (args.firewallRateLimit) {
            // The project's firewall as a whole: rules added in the dashboard are replaced on `pulumi up`.
            new vercel.FirewallConfig(
                `${name}-firewall`,
                {
                    projectId: project.id,
                    enabled: true,
                    rules: {
                        rules: [
                            {
                                name: "opsbook rate limit",
                                description: `More than ${args.firewallRateLimit.perMinute} requests a minute from one client`,
                                active: true,
                                conditionGroups: [
                                    { conditions: [{ type: "path", op: "pre", value: "/" }] },
                                ],
                                action: {
                                    action: "rate_limit",
                                    rateLimit: {
                                        algo: "fixed_window",
                                        window: 60,
                                        limit: args.firewallRateLimit.perMinute,
                                        keys: ["ip"],
                                        action: "deny",
                                    },
                                    actionDuration: `${Math.round(args.firewallRateLimit.mitigationSeconds / 60)}m`,
                                },
                            },
                        ],
                    },
                },
                { parent: this },
            );
        }
        this.projectId = project.id;
        this.registerOutputs({ projectId: this.projectId });
    }
}
