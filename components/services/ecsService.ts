import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ROLLOUT_VARIABLE } from "../../model/rollout";
import {
    APPCONFIG_AGENT_IMAGE,
    AUTOSCALING_CPU_TARGET,
    AUTOSCALING_MEMORY_TARGET,
    FLAG_POLL_SECONDS,
    FLAGS_URL_VARIABLE,
    WRITABLE_SCRATCH_PATHS,
} from "../../model/rules";
import { imageReference, ServiceModel } from "../../model/services";
import { serviceFamily } from "../../model/jobs";
import { agentUrl, AppConfigFlags } from "./featureFlags";
import {
    awsLogs,
    filesystemsOf,
    readOnlyRoot,
    scratchVolumesOf,
    TaskEnvironment,
    taskExecutionRole,
} from "../compute/fargate";
import { serviceRole } from "../compute/iam";
import { parameterDecryption } from "../secrets/parameterKey";
import { PublicLoadBalancer } from "../edge/loadBalancer";

export interface ServiceVariable {
    /** Secrets reach the task from their SSM parameter (`secrets`); literals in plain `environment`. */
    readonly secret: boolean;
    readonly value: pulumi.Input<string>;
    readonly parameterArn: pulumi.Input<string>;
    /** A plain value declared public by design (`EnvVariable.public`). Default false. */
    readonly public?: boolean;
}

export interface EcsServiceArgs {
    readonly service: ServiceModel;
    /** The stack: it qualifies the task family (`serviceFamily`). Default: the family is `name`. */
    readonly stack?: string;
    readonly clusterArn: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly privateSubnetIds: readonly string[];
    /** The service's own security group (data stores admit it). */
    readonly securityGroupId: pulumi.Input<string>;
    readonly variables: Readonly<Record<string, ServiceVariable>>;
    /** The SSM path of the service's parameters; the execution role may read only these. */
    readonly parameterPath: string;
    /** The stack's key for SecureString parameters: the execution role decrypts only its own with it. */
    readonly parameterKeyArn?: pulumi.Input<string>;
    /** HTTP services: the load balancer in front; workers have none. */
    readonly loadBalancer?: PublicLoadBalancer;
    /** S3 buckets the service reads and writes. */
    readonly bucketArns?: readonly pulumi.Input<string>[];
    /**
     * The rollout fingerprint of what the containers read (`model/rollout.ts`): secret versions and a
     * digest of every other value, never a value. Tasks read their parameters once, at start: carrying the
     * fingerprint in the task definition makes any change to what they read (a rotation, a new endpoint)
     * replace it, so ECS rolls the tasks in the same `pulumi up`. Default none.
     */
    readonly fingerprint?: pulumi.Input<string>;
    /**
     * The AppConfig flags the service reads: an AppConfig agent sidecar fetches them (every
     * `FLAG_POLL_SECONDS`) and serves them at `OPSBOOK_FLAGS_URL` on localhost; the task role may read
     * that one configuration. A flag change reaches the tasks without a new task definition. Default none.
     */
    readonly flags?: AppConfigFlags;
}

/** The AppConfig agent's variables: what it fetches at start, and how often it polls (s). */
const AGENT_VARIABLES = ["PREFETCH_LIST", "POLL_INTERVAL"] as const;

/**
 * An ECS Fargate service. The task takes its secrets from SSM parameters (never plain environment), logs
 * to a group with a retention, runs the `release` command (migrations) before the app starts, scales on
 * CPU and memory, and deploys behind the circuit breaker, which rolls a failing deployment back.
 */
export class EcsService extends pulumi.ComponentResource {
    public readonly serviceName: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: EcsServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const service = args.service;
        const variables = Object.entries(args.variables).sort(([x], [y]) => x.localeCompare(y));
        const plainNames = [
            ...variables.filter(([, v]) => !v.secret).map(([variable]) => variable),
            ...(args.fingerprint ? [ROLLOUT_VARIABLE] : []),
            // The app's flags URL, and the agent sidecar's own settings.
            ...(args.flags ? [FLAGS_URL_VARIABLE, ...AGENT_VARIABLES] : []),
        ];
        const publicValues = variables.filter(([, v]) => v.public).map(([variable]) => variable);
        const taskEnvironment: TaskEnvironment = {
            plain: plainNames,
            fromParameters: variables.filter(([, v]) => v.secret).map(([variable]) => variable),
            ...(publicValues.length > 0 ? { publicValues } : {}),
        };
        // Which containers the task runs, each read-only (declared below, judged by the pack).
        const containerNames = [
            ...(args.flags ? ["appconfig-agent"] : []),
            ...(service.release ? ["release"] : []),
            service.name,
        ];
        super(
            "opsbook:index:EcsService",
            name,
            {
                service: service.name,
                role: service.role,
                image: imageReference(service),
                ...(service.paused ? { paused: true } : {}),
                // The queues it works: the pack holds each to its alarms (opsbook-alerts-work-watched).
                ...(service.queues.length > 0 ? { queues: service.queues.map((q) => q.name) } : {}),
                taskEnvironments: { [`${name}-task`]: taskEnvironment },
                taskFilesystems: {
                    [`${name}-task`]: filesystemsOf(
                        containerNames.map((n) => ({ name: n, readonlyRootFilesystem: true })),
                    ),
                },
            },
            opts,
        );
        // Paused: autoscaling holds the service at zero tasks; unpausing restores the counts exactly.
        const tasks = service.paused
            ? { min: 0, max: 0 }
            : { min: service.minTasks, max: service.maxTasks };
        const parent = { parent: this };
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: service.logRetentionDays },
            parent,
        );
        const execution = taskExecutionRole(
            `${name}-execution`,
            `arn:aws:ssm:*:*:parameter${args.parameterPath}/*`,
            this,
            parameterDecryption(args.parameterKeyArn),
        );
        const task = serviceRole(`${name}-task-role`, "ecs-tasks.amazonaws.com", [], this);
        if (args.bucketArns && args.bucketArns.length > 0) {
            new aws.iam.RolePolicy(
                `${name}-task-buckets`,
                {
                    role: task.name,
                    policy: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                                Resource: args.bucketArns.map(
                                    (arn) => pulumi.interpolate`${arn}/*`,
                                ),
                            },
                            {
                                Effect: "Allow",
                                Action: ["s3:ListBucket"],
                                Resource: [...args.bucketArns],
                            },
                        ],
                    },
                },
                parent,
            );
        }
        if (args.flags) {
            new aws.iam.RolePolicy(
                `${name}-task-flags`,
                {
                    role: task.name,
                    policy: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: [
                                    "appconfig:StartConfigurationSession",
                                    "appconfig:GetLatestConfiguration",
                                ],
                                Resource: [args.flags.configurationArn],
                            },
                        ],
                    },
                },
                parent,
            );
        }

        const environment = [
            ...variables
                .filter(([, v]) => !v.secret)
                .map(([name, v]) => ({ name, value: v.value })),
            ...(args.fingerprint ? [{ name: ROLLOUT_VARIABLE, value: args.fingerprint }] : []),
            ...(args.flags ? [{ name: FLAGS_URL_VARIABLE, value: agentUrl(args.flags.path) }] : []),
        ];
        const secrets = variables
            .filter(([, v]) => v.secret)
            .map(([name, v]) => ({ name, valueFrom: v.parameterArn }));
        const logging = (prefix: string) => awsLogs(logs.name, prefix, this);
        const containers: { name: string; mountPoints?: unknown[]; [key: string]: unknown }[] = [];
        if (args.flags) {
            // Essential, as AWS advises: a task whose agent died would serve stale flags silently.
            containers.push({
                name: "appconfig-agent",
                image: APPCONFIG_AGENT_IMAGE,
                essential: true,
                environment: [
                    { name: AGENT_VARIABLES[0], value: args.flags.path },
                    { name: AGENT_VARIABLES[1], value: String(FLAG_POLL_SECONDS) },
                ],
                logConfiguration: logging("appconfig-agent"),
            });
        }
        if (service.release) {
            containers.push({
                name: "release",
                image: imageReference(service),
                essential: false,
                // Exactly the stack file's list (or /bin/sh -c LINE for the shell form); the image's
                // ENTRYPOINT, if any, still runs it, as `docker run` would (model/command.ts).
                command: [...service.release.argv],
                environment,
                secrets,
                logConfiguration: logging("release"),
            });
        }
        containers.push({
            name: service.name,
            image: imageReference(service),
            essential: true,
            ...(service.command ? { command: [...service.command.argv] } : {}),
            ...(args.loadBalancer
                ? { portMappings: [{ containerPort: service.port, protocol: "tcp" }] }
                : {}),
            environment,
            secrets,
            logConfiguration: logging(service.name),
            ...(service.release || args.flags
                ? {
                      dependsOn: [
                          ...(service.release
                              ? [{ containerName: "release", condition: "SUCCESS" }]
                              : []),
                          ...(args.flags
                              ? [{ containerName: "appconfig-agent", condition: "START" }]
                              : []),
                      ],
                  }
                : {}),
        });
        const readOnly = containers.map((c) => readOnlyRoot(c, WRITABLE_SCRATCH_PATHS));
        const definition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: args.stack === undefined ? name : serviceFamily(args.stack, name),
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(service.cpu),
                memory: String(service.memory),
                runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
                executionRoleArn: execution.arn,
                taskRoleArn: task.arn,
                volumes: scratchVolumesOf(readOnly).map((volume) => ({ name: volume })),
                containerDefinitions: pulumi.jsonStringify(readOnly),
            },
            parent,
        );
        if (args.loadBalancer) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-from-lb`,
                {
                    securityGroupId: args.securityGroupId,
                    referencedSecurityGroupId: args.loadBalancer.securityGroupId,
                    ipProtocol: "tcp",
                    fromPort: service.port,
                    toPort: service.port,
                    description: `from its load balancer on ${service.port}`,
                },
                parent,
            );
        }
        const ecsService = new aws.ecs.Service(
            name,
            {
                cluster: args.clusterArn,
                taskDefinition: definition.arn,
                launchType: "FARGATE",
                desiredCount: tasks.min,
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                // `pulumi up` ends only when the rollout has: a rotation is done when every task holds
                // the new values, and a failed rollout fails the run instead of passing unnoticed.
                waitForSteadyState: true,
                networkConfiguration: {
                    subnets: [...args.privateSubnetIds],
                    securityGroups: [args.securityGroupId],
                    assignPublicIp: false,
                },
                ...(args.loadBalancer
                    ? {
                          loadBalancers: [
                              {
                                  targetGroupArn: args.loadBalancer.targetGroupArn,
                                  containerName: service.name,
                                  containerPort: service.port,
                              },
                          ],
                          healthCheckGracePeriodSeconds: 60,
                      }
                    : {}),
                propagateTags: "SERVICE",
            },
            // Autoscaling owns the running count once the service exists.
            { parent: this, ignoreChanges: ["desiredCount"] },
        );
        const target = new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${args.clusterName}/${ecsService.name}`,
                minCapacity: tasks.min,
                maxCapacity: tasks.max,
            },
            parent,
        );
        const scaling = {
            ECSServiceAverageCPUUtilization: AUTOSCALING_CPU_TARGET,
            ECSServiceAverageMemoryUtilization: AUTOSCALING_MEMORY_TARGET,
        };
        for (const [metric, targetValue] of Object.entries(scaling)) {
            new aws.appautoscaling.Policy(
                `${name}-scale-${metric.includes("CPU") ? "cpu" : "memory"}`,
                {
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: target.serviceNamespace,
                    scalableDimension: target.scalableDimension,
                    resourceId: target.resourceId,
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue,
                        predefinedMetricSpecification: { predefinedMetricType: metric },
                        scaleInCooldown: 300,
                        scaleOutCooldown: 60,
                    },
                },
                parent,
            );
        }
        this.serviceName = ecsService.name;
        this.logGroupName = logs.name;
        this.registerOutputs({ serviceName: this.serviceName, logGroupName: this.logGroupName });
    }
}
