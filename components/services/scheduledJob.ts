import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { JobModel, jobFamily, jobLogGroup } from "../../model/jobs";
import {
    ALERT_RULES,
    LOG_RETENTION_DAYS,
    SCHEDULED_TASK_START_RETRIES,
    Severity,
    WRITABLE_SCRATCH_PATHS,
} from "../../model/rules";
import { ServiceVariable } from "./ecsService";
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
import {
    fargateTaskDefinition,
    missedRunAlarm,
    scheduleTasks,
    successCounter,
    TaskNetwork,
    taskStateRule,
} from "../compute/scheduledTask";

export interface ScheduledJobArgs {
    /** Days its logs are kept: the stack's rule logRetentionDays (default `LOG_RETENTION_DAYS`). */
    readonly logRetentionDays?: number;
    readonly job: JobModel;
    /** Names the task family and log group, so events and the runbook can find them. */
    readonly stack: string;
    readonly network: TaskNetwork;
    /** The cluster's name, for the `runTask` output. */
    readonly clusterName: pulumi.Input<string>;
    /** The variables of the service the job runs as (its SSM parameters and literals); default none. */
    readonly variables?: Readonly<Record<string, ServiceVariable>>;
    /** The SSM path of those parameters: the execution role may read only these. Default none. */
    readonly parameterPath?: string;
    /** The stack's key for SecureString parameters: the execution role decrypts only its own with it. */
    readonly parameterKeyArn?: pulumi.Input<string>;
    readonly topicArns: Readonly<Record<Severity, pulumi.Input<string>>>;
}

/**
 * A container run on a schedule: EventBridge Scheduler starts an ECS Fargate task (the same pieces as the
 * database dumps). A run whose container exits non-zero or that fails to start goes to the `job-failed`
 * rule's topic at once; each successful run matches a second EventBridge rule whose target is counted
 * (`successCounter`: its `Invocations`, documented per rule): no success within two intervals (missing
 * data breaching) is a missed run,
 * which covers what cannot report itself (a deleted schedule, a task that never stops, an image that
 * cannot be pulled). A job of a paused service is paused with it: its schedule disabled, its missed-run
 * alarm silenced, both kept.
 */
export class ScheduledJob extends pulumi.ComponentResource {
    public readonly jobName: string;
    public readonly taskFamily: string;
    /** The input of `aws ecs run-task --cli-input-json`: run the job by hand, as its schedule does. */
    public readonly runTask: pulumi.Output<unknown>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly missedRunAlarmArn: pulumi.Output<string>;

    constructor(name: string, args: ScheduledJobArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const job = args.job;
        const variables = Object.entries(args.variables ?? {}).sort(([x], [y]) =>
            x.localeCompare(y),
        );
        const plain = variables.filter(([, v]) => !v.secret);
        const fromParameters = variables.filter(([, v]) => v.secret);
        const publicValues = plain.filter(([, v]) => v.public).map(([variable]) => variable);
        const taskEnvironment: TaskEnvironment = {
            plain: plain.map(([variable]) => variable),
            fromParameters: fromParameters.map(([variable]) => variable),
            ...(publicValues.length > 0 ? { publicValues } : {}),
        };
        super(
            "opsbook:index:ScheduledJob",
            name,
            {
                job: job.name,
                schedule: job.schedule,
                image: job.image,
                taskEnvironments: { [`${name}-task`]: taskEnvironment },
                taskFilesystems: {
                    [`${name}-task`]: filesystemsOf([
                        { name: job.name, readonlyRootFilesystem: true },
                    ]),
                },
            },
            opts,
        );
        const parent = { parent: this };
        const family = jobFamily(args.stack, job.name);
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: jobLogGroup(args.stack, job.name),
                retentionInDays: args.logRetentionDays ?? LOG_RETENTION_DAYS,
            },
            parent,
        );
        const execution =
            fromParameters.length > 0 && args.parameterPath
                ? taskExecutionRole(
                      `${name}-execution`,
                      `arn:aws:ssm:*:*:parameter${args.parameterPath}/*`,
                      this,
                      parameterDecryption(args.parameterKeyArn),
                  )
                : serviceRole(
                      `${name}-execution`,
                      "ecs-tasks.amazonaws.com",
                      ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
                      this,
                  );
        const task = serviceRole(`${name}-task-role`, "ecs-tasks.amazonaws.com", [], this);
        const container = readOnlyRoot(
            {
                name: job.name,
                image: job.image,
                essential: true,
                ...(job.command ? { command: [...job.command.argv] } : {}),
                environment: plain.map(([variable, v]) => ({ name: variable, value: v.value })),
                secrets: fromParameters.map(([variable, v]) => ({
                    name: variable,
                    valueFrom: v.parameterArn,
                })),
                logConfiguration: awsLogs(logs.name, "run", this),
            },
            WRITABLE_SCRATCH_PATHS,
        );
        const definition = fargateTaskDefinition(
            `${name}-task`,
            {
                family,
                cpu: job.cpu,
                memory: job.memory,
                executionRoleArn: execution.arn,
                taskRoleArn: task.arn,
                volumes: scratchVolumesOf([container]),
                containers: [container],
            },
            this,
        );
        scheduleTasks(
            name,
            {
                network: args.network,
                passRoleArns: [execution.arn, task.arn],
                retries: SCHEDULED_TASK_START_RETRIES,
                runs: [
                    {
                        name: `${name}-schedule`,
                        expression: job.schedule,
                        definition,
                        disabled: job.paused || undefined,
                    },
                ],
            },
            this,
        );

        const failed = ALERT_RULES["job-failed"];
        taskStateRule(
            `${name}-failed`,
            {
                description: `Scheduled job ${job.name} failed (exit code ≠ 0 or the task did not start); logs: ${jobLogGroup(args.stack, job.name)} (${failed.severity})`,
                families: [family],
                outcome: "failed",
                topic: { severity: failed.severity, arn: args.topicArns[failed.severity] },
            },
            this,
        );
        const succeeded = successCounter(
            `${name}-succeeded`,
            {
                description: `Successful runs of scheduled job ${job.name} (counted; watched by ${name}-missed-run)`,
                families: [family],
            },
            this,
        );
        const missed = ALERT_RULES["job-missed-run"];
        const missedRun = missedRunAlarm(
            `${name}-missed-run`,
            {
                rule: succeeded,
                window: job.missedRun,
                description: `Scheduled job ${job.name} (${job.schedule}) has not succeeded in ${(job.missedRun.periodSeconds * job.missedRun.periods) / 3600} h, twice its interval (${missed.severity})`,
                topicArn: args.topicArns[missed.severity],
                threshold: missed.threshold,
                // Paused with its service: no run is due, so none is missed; unpausing restores it.
                paused: job.paused,
                tags: { "opsbook:rule": "job-missed-run", "opsbook:severity": missed.severity },
            },
            this,
        );

        this.jobName = job.name;
        this.taskFamily = family;
        this.runTask = pulumi.output({
            cluster: args.clusterName,
            taskDefinition: family,
            launchType: "FARGATE",
            networkConfiguration: {
                awsvpcConfiguration: {
                    subnets: [...args.network.privateSubnetIds],
                    securityGroups: [args.network.securityGroupId],
                    assignPublicIp: "DISABLED",
                },
            },
        });
        this.logGroupName = logs.name;
        this.missedRunAlarmArn = missedRun.arn;
        this.registerOutputs({
            jobName: this.jobName,
            taskFamily: this.taskFamily,
            runTask: this.runTask,
            logGroupName: this.logGroupName,
            missedRunAlarmArn: this.missedRunAlarmArn,
        });
    }
}
