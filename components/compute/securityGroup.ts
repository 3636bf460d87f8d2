import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ServiceSecurityGroupArgs {
    /** The VPC the service runs in. */
    readonly vpcId: pulumi.Input<string>;
    readonly description: string;
}

/**
 * The security group a workload (an ECS service or a scheduled task) runs with. Data stores admit
 * traffic from these groups by id, never from address ranges. Outbound is open: services call vendors.
 */
export class ServiceSecurityGroup extends pulumi.ComponentResource {
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(
        name: string,
        args: ServiceSecurityGroupArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:ServiceSecurityGroup", name, {}, opts);
        const group = new aws.ec2.SecurityGroup(
            name,
            {
                vpcId: args.vpcId,
                description: args.description,
                tags: { "opsbook:workload": name },
            },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-egress`,
            {
                securityGroupId: group.id,
                ipProtocol: "-1",
                cidrIpv4: "0.0.0.0/0",
                description: "outbound",
            },
            { parent: this },
        );
        this.securityGroupId = group.id;
        this.registerOutputs({ securityGroupId: this.securityGroupId });
    }
}
