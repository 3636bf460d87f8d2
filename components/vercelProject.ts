import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

export interface VercelProjectArgs {
    /** The Vercel project name. */
    readonly projectName: string;
    /** Framework preset; default `nextjs`. */
    readonly framework?: string;
}

/** A Vercel project: the home of a web service's deployments and env vars. */
export class VercelProject extends pulumi.ComponentResource {
    public readonly projectId: pulumi.Output<string>;

    constructor(name: string, args: VercelProjectArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:VercelProject", name, {}, opts);
        const project = new vercel.Project(
            name,
            { name: args.projectName, framework: args.framework ?? "nextjs" },
            { parent: this },
        );
        this.projectId = project.id;
        this.registerOutputs({ projectId: this.projectId });
    }
}
