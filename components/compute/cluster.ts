import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The ECS cluster that services and scheduled tasks (database dumps, restore drills) run in. */
export class Cluster extends pulumi.ComponentResource {
    public readonly clusterArn: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;

    constructor(
        name: string,
        args: Record<string, never> = {},
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:Cluster", name, args, opts);
        const cluster = new aws.ecs.Cluster(
            name,
            { settings: [{ name: "containerInsights", value: "enabled" }] },
            { parent: this },
        );
        this.clusterArn = cluster.arn;
        this.clusterName = cluster.name;
        this.registerOutputs({ clusterArn: this.clusterArn, clusterName: this.clusterName });
    }
}
