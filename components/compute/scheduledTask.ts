import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "./iam";

/**
 * What database dumps, restore drills and scheduled jobs share: a Fargate task definition, EventBridge
 * Scheduler running it with ECS RunTask, and EventBridge rules on the task's `ECS Task State Change`
 * events, matched by family. Helpers, not components: the caller is the parent of what they create.
 */

export interface FargateTaskArgs {
    readonly family: string;
    readonly cpu: number;
    readonly memory: number;
    readonly executionRoleArn: pulumi.Input<string>;
    readonly taskRoleArn: pulumi.Input<string>;
    readonly containers: pulumi.Input<unknown>[];
    /** Scratch volumes shared by the containers (dumps); default none. */
    readonly volumes?: string[];
    /** Ephemeral storage (GiB) beyond Fargate's default 20; default none. */
    readonly ephemeralStorageGib?: number;
}

export function fargateTaskDefinition(
    name: string,
    args: FargateTaskArgs,
    parent: pulumi.Resource,
): aws.ecs.TaskDefinition {
    return new aws.ecs.TaskDefinition(
        name,
        {
            family: args.family,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(args.cpu),
            memory: String(args.memory),
            ...(args.ephemeralStorageGib
                ? { ephemeralStorage: { sizeInGib: args.ephemeralStorageGib } }
                : {}),
            runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
            executionRoleArn: args.executionRoleArn,
            taskRoleArn: args.taskRoleArn,
            ...(args.volumes ? { volumes: args.volumes.map((volume) => ({ name: volume })) } : {}),
            containerDefinitions: pulumi.jsonStringify(args.containers),
        },
        { parent },
    );
}

/** Where scheduled tasks run: the cluster, private subnets and their security group. */
export interface TaskNetwork {
    readonly clusterArn: pulumi.Input<string>;
    readonly privateSubnetIds: readonly string[];
    readonly securityGroupId: pulumi.Input<string>;
}

export interface ScheduledRun {
    /** The schedule's resource name. */
    readonly name: string;
    /** `rate(...)` or `cron(...)`, UTC. */
    readonly expression: string;
    readonly definition: aws.ecs.TaskDefinition;
    /** Disabled, not deleted (a paused service's job): enabling it restores the schedule. Default false. */
    readonly disabled?: boolean;
}

/**
 * Runs each task definition on its schedule: one scheduler role (`${name}-scheduler`) that may run these
 * definitions and pass their roles and nothing else, and one schedule per run. A RunTask call that fails is
 * retried; a task that starts and fails is for `taskStateRule`.
 */
export function scheduleTasks(
    name: string,
    args: {
        readonly network: TaskNetwork;
        /** The execution and task roles the definitions use. */
        readonly passRoleArns: pulumi.Input<string>[];
        /** How often Scheduler retries a RunTask call that failed (`SCHEDULED_TASK_START_RETRIES`). */
        readonly retries: number;
        readonly runs: readonly ScheduledRun[];
    },
    parent: pulumi.Resource,
): void {
    const scheduler = serviceRole(`${name}-scheduler`, "scheduler.amazonaws.com", [], parent);
    new aws.iam.RolePolicy(
        `${name}-scheduler-run`,
        {
            role: scheduler.name,
            policy: {
                Version: "2012-10-17",
                Statement: [
                    // ECS authorizes RunTask against the revision it resolves the family to
                    // (`task-definition/family:N`), so the family's ARN alone matches nothing; grant
                    // its revisions, in this cluster only (aws/aws-cdk#30390, fixed in #31615; ECS
                    // developer guide, "Amazon ECS EventBridge IAM Role"). test/plan/iam.test.ts.
                    {
                        Effect: "Allow",
                        Action: ["ecs:RunTask"],
                        Resource: args.runs.map(
                            (run) => pulumi.interpolate`${run.definition.arnWithoutRevision}:*`,
                        ),
                        Condition: { ArnEquals: { "ecs:cluster": args.network.clusterArn } },
                    },
                    // The task's execution and task roles, to ECS tasks only.
                    {
                        Effect: "Allow",
                        Action: ["iam:PassRole"],
                        Resource: args.passRoleArns,
                        Condition: {
                            StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
                        },
                    },
                ],
            },
        },
        { parent },
    );
    for (const run of args.runs) {
        new aws.scheduler.Schedule(
            run.name,
            {
                scheduleExpression: run.expression,
                flexibleTimeWindow: { mode: "OFF" },
                ...(run.disabled ? { state: "DISABLED" } : {}),
                target: {
                    arn: args.network.clusterArn,
                    roleArn: scheduler.arn,
                    retryPolicy: { maximumRetryAttempts: args.retries },
                    ecsParameters: {
                        taskDefinitionArn: run.definition.arnWithoutRevision,
                        launchType: "FARGATE",
                        networkConfiguration: {
                            subnets: [...args.network.privateSubnetIds],
                            securityGroups: [args.network.securityGroupId],
                            assignPublicIp: false,
                        },
                    },
                },
            },
            { parent },
        );
    }
}

/**
 * The event pattern of a stopped task of these families: `failed` when a container exited non-zero or
 * the task never started, `succeeded` when its (one) container exited 0.
 */
export function stoppedTaskPattern(
    families: readonly string[],
    outcome: "failed" | "succeeded",
): string {
    return JSON.stringify({
        source: ["aws.ecs"],
        "detail-type": ["ECS Task State Change"],
        detail: {
            lastStatus: ["STOPPED"],
            group: families.map((family) => `family:${family}`),
            ...(outcome === "failed"
                ? {
                      $or: [
                          { containers: { exitCode: [{ "anything-but": 0 }] } },
                          { stopCode: ["TaskFailedToStart"] },
                      ],
                  }
                : { containers: { exitCode: [0] } }),
        },
    });
}

/**
 * An EventBridge rule on stopped tasks of these families; with `topic`, each match is published to it
 * (target `${name}-${topic.severity}`), e.g. a failed run to its severity's alert topic.
 */
export function taskStateRule(
    name: string,
    args: {
        readonly description: string;
        readonly families: readonly string[];
        readonly outcome: "failed" | "succeeded";
        readonly topic?: { readonly severity: string; readonly arn: pulumi.Input<string> };
    },
    parent: pulumi.Resource,
): aws.cloudwatch.EventRule {
    const rule = new aws.cloudwatch.EventRule(
        name,
        {
            description: args.description,
            eventPattern: stoppedTaskPattern(args.families, args.outcome),
            state: "ENABLED",
        },
        { parent },
    );
    if (args.topic) {
        new aws.cloudwatch.EventTarget(
            `${name}-${args.topic.severity}`,
            { rule: rule.name, arn: args.topic.arn },
            { parent },
        );
    }
    return rule;
}

/**
 * The metric a missed-run alarm watches: the success rule's `Invocations` (AWS/Events, dimension
 * RuleName), "the number of times a target is invoked by a rule in response to an event", which
 * EventBridge sends "only if it isn't zero" (EventBridge User Guide, "Monitoring Amazon EventBridge",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html). A rule with no target
 * invokes nothing, so the success rule gets one (`successCounter`); a window with no successful run has
 * no data point, which the alarm treats as breaching.
 */
export const RUN_COUNT_METRIC = {
    namespace: "AWS/Events",
    metricName: "Invocations",
    statistic: "Sum",
} as const;

/**
 * An EventBridge rule on successful runs of these families, with a target so that each match is an
 * invocation `RUN_COUNT_METRIC` counts: a topic of its own with no subscription (SNS accepts a publish
 * with no subscriber), which EventBridge may publish to from this rule only (EventBridge User Guide,
 * "Using resource-based policies for Amazon EventBridge": Amazon SNS permissions).
 */
export function successCounter(
    name: string,
    args: { readonly description: string; readonly families: readonly string[] },
    parent: pulumi.Resource,
): aws.cloudwatch.EventRule {
    const rule = taskStateRule(name, { ...args, outcome: "succeeded" }, parent);
    const topic = new aws.sns.Topic(
        `${name}-runs`,
        { tags: { "opsbook:purpose": "run-count" } },
        { parent },
    );
    new aws.sns.TopicPolicy(
        `${name}-runs-policy`,
        {
            arn: topic.arn,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "SuccessRulePublishes",
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
                    },
                ],
            }),
        },
        { parent },
    );
    new aws.cloudwatch.EventTarget(`${name}-runs`, { rule: rule.name, arn: topic.arn }, { parent });
    return rule;
}

/**
 * No successful run of `rule` within the window (`periods` × `periodSeconds`): the alarm is missing data
 * breaching, since a window with no success sends no data point. Silenced (kept) while `paused`.
 */
export function missedRunAlarm(
    name: string,
    args: {
        readonly rule: aws.cloudwatch.EventRule;
        readonly window: { readonly periodSeconds: number; readonly periods: number };
        readonly description: string;
        readonly topicArn: pulumi.Input<string>;
        readonly threshold: number;
        readonly tags: Readonly<Record<string, string>>;
        readonly paused?: boolean;
    },
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            alarmDescription: args.description,
            ...RUN_COUNT_METRIC,
            dimensions: { RuleName: args.rule.name },
            period: args.window.periodSeconds,
            comparisonOperator: "LessThanThreshold",
            threshold: args.threshold,
            evaluationPeriods: args.window.periods,
            datapointsToAlarm: args.window.periods,
            treatMissingData: "breaching",
            alarmActions: [args.topicArn],
            okActions: [args.topicArn],
            ...(args.paused ? { actionsEnabled: false } : {}),
            tags: { ...args.tags },
        },
        { parent },
    );
}
