import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DB_ACCESS_IMAGE,
    DB_ACCESS_TASK_CPU,
    DB_ACCESS_TASK_MAX_MINUTES,
    DB_ACCESS_TASK_MEMORY,
    LOG_RETENTION_DAYS,
    SSM_PORT_FORWARDING_DOCUMENT,
} from "../../model/rules";
import { awsLogs, TaskEnvironment } from "../compute/fargate";
import { serviceRole } from "../compute/iam";

export interface DatabaseAccessArgs {
    /** Days its logs are kept: the stack's rule logRetentionDays (default `LOG_RETENTION_DAYS`). */
    readonly logRetentionDays?: number;
    /** The VPC the databases live in. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets the task runs in (the databases'), without a public address. */
    readonly privateSubnetIds: readonly string[];
    /** The cluster the task runs in. */
    readonly clusterArn: pulumi.Input<string>;
    /** Names the task family `opsbook-<stack>-db-access`, which the tunnel script runs. */
    readonly stack: string;
    /** Minutes the task lives before it stops by itself; default DB_ACCESS_TASK_MAX_MINUTES (120). */
    readonly maxMinutes?: number;
}

/**
 * The target of `pulumi up`'s port-forwarding sessions to private databases: a Fargate task definition
 * with ECS Exec's permissions and nothing else. The tunnel script runs one task per `pulumi up`, opens
 * `AWS-StartPortForwardingSessionToRemoteHost` through it to each database's endpoint, and stops it
 * afterwards; the task also stops by itself after `maxMinutes`. No inbound rule: the session is carried
 * by the SSM agent's outbound connection. Each database it serves admits its security group on 5432
 * (`Database` adds the pair of rules). `operatorPolicyArn` is the least privilege a person or CI role
 * needs to open a tunnel: run and stop this task, and start port-forwarding sessions to it.
 */
export class DatabaseAccess extends pulumi.ComponentResource {
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly taskFamily: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly operatorPolicyArn: pulumi.Output<string>;

    constructor(
        name: string,
        args: DatabaseAccessArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const maxMinutes = args.maxMinutes ?? DB_ACCESS_TASK_MAX_MINUTES;
        const noVariables: TaskEnvironment = { plain: [], fromParameters: [] };
        super(
            "opsbook:index:DatabaseAccess",
            name,
            {
                maxMinutes,
                taskEnvironments: { [`${name}-task`]: noVariables },
                taskFilesystems: { [`${name}-task`]: { readOnly: [], writable: ["access"] } },
            },
            opts,
        );
        const parent = { parent: this };

        const group = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: "pulumi up's database tunnels: no inbound, SSM and the databases out",
                tags: { "opsbook:workload": name },
            },
            parent,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-https`,
            {
                securityGroupId: group.id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
                description: "SSM messages, ECR and CloudWatch Logs endpoints",
            },
            parent,
        );
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: args.logRetentionDays ?? LOG_RETENTION_DAYS },
            parent,
        );
        const execution = serviceRole(
            `${name}-execution`,
            "ecs-tasks.amazonaws.com",
            ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
            this,
        );
        const task = serviceRole(`${name}-role`, "ecs-tasks.amazonaws.com", [], this);
        new aws.iam.RolePolicy(
            `${name}-role-ssm`,
            {
                role: task.name,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            // ECS Exec's channels; these actions take no resource-level restriction.
                            Effect: "Allow",
                            Action: [
                                "ssmmessages:CreateControlChannel",
                                "ssmmessages:CreateDataChannel",
                                "ssmmessages:OpenControlChannel",
                                "ssmmessages:OpenDataChannel",
                            ],
                            Resource: "*",
                        },
                    ],
                },
            },
            parent,
        );
        const family = `opsbook-${args.stack}-db-access`.replace(/[^A-Za-z0-9_-]/g, "-");
        const definition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family,
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(DB_ACCESS_TASK_CPU),
                memory: String(DB_ACCESS_TASK_MEMORY),
                runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
                executionRoleArn: execution.arn,
                taskRoleArn: task.arn,
                containerDefinitions: pulumi.jsonStringify([
                    {
                        name: "access",
                        image: DB_ACCESS_IMAGE,
                        essential: true,
                        // Nothing listens: it only hosts the SSM agent ECS Exec injects, then exits.
                        command: ["sleep", String(maxMinutes * 60)],
                        linuxParameters: { initProcessEnabled: true },
                        // The stack's one writable root, exempt by name (model/rules.ts WRITABLE_ROOT_EXEMPT):
                        // the SSM agent ECS Exec bind-mounts here writes its state and logs under
                        // /var/lib/amazon/ssm and /var/log/amazon/ssm and crashes on a read-only root
                        // (ECS Exec requires writable container storage). The task runs `sleep` only.
                        readonlyRootFilesystem: false,
                        logConfiguration: awsLogs(logs.name, "access", this),
                    },
                ]),
            },
            parent,
        );

        const taskArns = pulumi
            .output(args.clusterArn)
            .apply((arn) => `${arn.replace(":cluster/", ":task/")}/*`);
        const region = aws.getRegionOutput({}, parent).region;
        const policy = new aws.iam.Policy(
            `${name}-operator`,
            {
                description: `Open pulumi up's database tunnels (stack ${args.stack}) and nothing else`,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["ecs:RunTask"],
                            Resource: [pulumi.interpolate`${definition.arnWithoutRevision}:*`],
                            Condition: { ArnEquals: { "ecs:cluster": args.clusterArn } },
                        },
                        {
                            Effect: "Allow",
                            Action: ["ecs:DescribeTasks", "ecs:StopTask"],
                            Resource: [taskArns],
                        },
                        {
                            Effect: "Allow",
                            Action: ["iam:PassRole"],
                            Resource: [execution.arn, task.arn],
                            Condition: {
                                StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
                            },
                        },
                        {
                            Effect: "Allow",
                            Action: ["ssm:StartSession"],
                            Resource: [
                                taskArns,
                                pulumi.interpolate`arn:aws:ssm:${region}::document/${SSM_PORT_FORWARDING_DOCUMENT}`,
                            ],
                            Condition: {
                                BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" },
                            },
                        },
                        {
                            Effect: "Allow",
                            Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
                            Resource: ["arn:aws:ssm:*:*:session/${aws:userid}-*"],
                        },
                    ],
                },
            },
            parent,
        );

        this.securityGroupId = group.id;
        this.taskDefinitionArn = definition.arn;
        this.taskFamily = definition.family;
        this.logGroupName = logs.name;
        this.operatorPolicyArn = policy.arn;
        this.registerOutputs({
            securityGroupId: this.securityGroupId,
            taskDefinitionArn: this.taskDefinitionArn,
            taskFamily: this.taskFamily,
            logGroupName: this.logGroupName,
            operatorPolicyArn: this.operatorPolicyArn,
        });
    }
}
