/** The queue alarms and the scheduled job, as registered: names, metrics, routing and event patterns. */
import { QueueAlarms } from "../../components/alerts/queueAlarms";
import { ScheduledJob, ScheduledJobArgs } from "../../components/services/scheduledJob";
import { stoppedTaskPattern } from "../../components/compute/scheduledTask";
import { JobModel } from "../../model/jobs";
import { loadSystem } from "../../model/load";
import { configView, NOW, validSystem } from "../model/fixtures";
import { captureProgram } from "../../tools/capture";
import { registered } from "./registered";

const topicArns = { critical: "arn:critical", warning: "arn:warning", info: "arn:info" };
/** A ScheduledJob in stack prod, on cluster-1, in subnet-1 and subnet-2 with sg-1. */
const scheduledJob = (job: JobModel, variables?: ScheduledJobArgs["variables"]) =>
    new ScheduledJob("job-cleanup", {
        job,
        stack: "prod",
        clusterName: "cluster-1",
        network: {
            clusterArn: "arn:cluster",
            privateSubnetIds: ["subnet-1", "subnet-2"],
            securityGroupId: "sg-1",
        },
        variables,
        parameterPath: variables ? "/opsbook/prod/api" : undefined,
        topicArns,
    });

function model() {
    const system = validSystem();
    system.services.worker.queues = ["email", { name: "release-process", failedPercent: 5 }];
    system.jobs = {
        cleanup: {
            service: "api",
            command: ["python", "-m", "app.cleanup"],
            schedule: "cron(15 3 * * ? *)",
        },
    };
    const result = loadSystem(system, { now: NOW, config: configView() });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}

describe("QueueAlarms", () => {
    it("builds four alarms a queue on the contract's metrics; silence pages, the rest warn", async () => {
        const worker = model().services.worker;
        const resources = await registered(() => {
            new QueueAlarms("queues-worker", {
                service: "worker",
                queues: worker.queues,
                stack: "prod",
                topicArns,
            });
        });
        const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => a.name)).toEqual([
            "queues-worker-email-metrics-missing",
            "queues-worker-email-metrics-missing-seen",
            "queues-worker-email-failed",
            "queues-worker-email-backlog",
            "queues-worker-email-oldest-waiting",
            "queues-worker-release-process-metrics-missing",
            "queues-worker-release-process-metrics-missing-seen",
            "queues-worker-release-process-failed",
            "queues-worker-release-process-backlog",
            "queues-worker-release-process-oldest-waiting",
        ]);
        const inputs = (name: string) => alarms.find((a) => a.name === name)!.inputs as any;
        expect(inputs("queues-worker-email-metrics-missing")).toMatchObject({
            namespace: "opsbook/queues",
            metricName: "Waiting",
            dimensions: { Stack: "prod", Service: "worker", Queue: "email" },
            statistic: "SampleCount",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
            tags: {
                "opsbook:rule": "queue-metrics-missing",
                "opsbook:severity": "critical",
                "opsbook:pages-through": "queues-worker-email-metrics-missing-armed",
            },
        });
        // Silence pages through the composite alarm, once the worker has published (test/components/armed.test.ts).
        expect(inputs("queues-worker-email-metrics-missing").alarmActions).toBeUndefined();
        const armed = resources.find(
            (r) => r.name === "queues-worker-email-metrics-missing-armed",
        )!;
        expect(armed.inputs).toMatchObject({
            alarmActions: ["arn:critical"],
            okActions: ["arn:critical"],
            alarmName: "prod-queues-worker-email-metrics-missing-armed",
        });
        const failed = inputs("queues-worker-release-process-failed");
        expect(failed.threshold).toBe(5);
        expect(failed.alarmActions).toEqual(["arn:warning"]);
        expect(failed.metricQueries.map((q: any) => q.metric?.metricName ?? q.expression)).toEqual([
            "Failed",
            "Completed",
            "IF(failed + completed > 0, 100 * failed / (failed + completed), 0)",
        ]);
        expect(inputs("queues-worker-email-oldest-waiting")).toMatchObject({
            metricName: "OldestWaitingAgeSeconds",
            statistic: "Maximum",
            threshold: 900,
            treatMissingData: "notBreaching",
        });
        expect(inputs("queues-worker-email-backlog").evaluationPeriods).toBe(15);
    });

    it("keeps a paused service's alarms but disables their actions", async () => {
        const resources = await registered(() => {
            new QueueAlarms("queues-worker", {
                service: "worker",
                queues: model().services.worker.queues,
                stack: "prod",
                topicArns,
                silenced: true,
            });
        });
        // Alarms with actions: the six rule alarms and the two composites that page for silence.
        const alarms = resources.filter(
            (r) =>
                (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" ||
                    r.type === "aws:cloudwatch/compositeAlarm:CompositeAlarm") &&
                (r.inputs as any).alarmActions !== undefined,
        );
        expect(alarms).toHaveLength(8);
        for (const alarm of alarms) expect((alarm.inputs as any).actionsEnabled).toBe(false);
    });
});

describe("ScheduledJob", () => {
    it("schedules the task, alerts a failed run and alarms on no success within two intervals", async () => {
        const job = model().jobs.cleanup;
        const resources = await registered(() => {
            scheduledJob(job, {
                DATABASE_URL: { secret: true, value: "x", parameterArn: "arn:ssm:db" },
                LOG_LEVEL: { secret: false, value: "info", parameterArn: "arn:ssm:log" },
            });
        });
        const byName = (name: string) => resources.find((r) => r.name === name)!.inputs as any;
        const component = resources.find((r) => r.type === "opsbook:index:ScheduledJob")!;
        expect(component).toBeDefined();
        const definition = byName("job-cleanup-task");
        expect(definition.family).toBe("opsbook-prod-job-cleanup");
        const [container] = JSON.parse(definition.containerDefinitions);
        expect(container).toMatchObject({
            image: "ghcr.io/acme/api:v1.2.3",
            command: ["python", "-m", "app.cleanup"],
            environment: [{ name: "LOG_LEVEL", value: "info" }],
            secrets: [{ name: "DATABASE_URL", valueFrom: "arn:ssm:db" }],
        });
        expect(byName("job-cleanup-logs").name).toBe("/opsbook/prod/jobs/cleanup");
        expect(byName("job-cleanup-schedule")).toMatchObject({
            scheduleExpression: "cron(15 3 * * ? *)",
            target: { arn: "arn:cluster", ecsParameters: { launchType: "FARGATE" } },
        });
        expect(byName("job-cleanup-failed").eventPattern).toBe(
            stoppedTaskPattern(["opsbook-prod-job-cleanup"], "failed"),
        );
        expect(byName("job-cleanup-failed-warning").arn).toBe("arn:warning");
        expect(JSON.parse(byName("job-cleanup-succeeded").eventPattern).detail).toEqual({
            lastStatus: ["STOPPED"],
            group: ["family:opsbook-prod-job-cleanup"],
            containers: { exitCode: [0] },
        });
        // The success rule has a target, so each success is an invocation AWS documents per rule: a
        // topic of its own, with no subscription, that only this rule may publish to.
        expect(
            resources
                .filter((r) => r.name.startsWith("job-cleanup-succeeded-"))
                .map((r) => [r.type, r.name]),
        ).toEqual([
            ["aws:sns/topic:Topic", "job-cleanup-succeeded-runs"],
            ["aws:sns/topicPolicy:TopicPolicy", "job-cleanup-succeeded-runs-policy"],
            ["aws:cloudwatch/eventTarget:EventTarget", "job-cleanup-succeeded-runs"],
        ]);
        expect(byName("job-cleanup-missed-run")).toMatchObject({
            namespace: "AWS/Events",
            metricName: "Invocations",
            statistic: "Sum",
            period: 86400,
            evaluationPeriods: 2,
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
            alarmActions: ["arn:warning"],
            tags: { "opsbook:rule": "job-missed-run" },
        });
    });

    it("pauses with its service: the schedule disabled and the missed-run alarm silenced, both kept", async () => {
        const system = validSystem();
        system.services.api.paused = true;
        system.jobs = { cleanup: { service: "api", command: ["x"], schedule: "rate(1 hour)" } };
        const loaded = loadSystem(system, { now: NOW, config: configView() });
        if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
        const build = (job: typeof loaded.model.jobs.cleanup) =>
            registered(() => {
                scheduledJob(job);
            });
        const paused = await build(loaded.model.jobs.cleanup);
        const running = await build({ ...loaded.model.jobs.cleanup, paused: false });
        const inputs = (rs: typeof paused, name: string) =>
            rs.find((r) => r.name === name)!.inputs as any;
        expect(inputs(paused, "job-cleanup-schedule").state).toBe("DISABLED");
        expect(inputs(paused, "job-cleanup-missed-run").actionsEnabled).toBe(false);
        expect(inputs(running, "job-cleanup-schedule").state).toBeUndefined();
        expect(inputs(running, "job-cleanup-missed-run").actionsEnabled).toBeUndefined();
        expect(paused.map((r) => r.name)).toEqual(running.map((r) => r.name));
    });

    it("exports the run-task input that runs it by hand, as the schedule does", async () => {
        const job = model().jobs.cleanup;
        const { outputs } = await captureProgram({
            project: "opsbook",
            stack: "test",
            config: { values: {}, secretKeys: [] },
            program: async () => ({
                runTask: scheduledJob(job).runTask,
            }),
        });
        expect(outputs.runTask).toEqual({
            cluster: "cluster-1",
            taskDefinition: "opsbook-prod-job-cleanup",
            launchType: "FARGATE",
            networkConfiguration: {
                awsvpcConfiguration: {
                    subnets: ["subnet-1", "subnet-2"],
                    securityGroups: ["sg-1"],
                    assignPublicIp: "DISABLED",
                },
            },
        });
    });

    it("matches failures the way the dumps always have: a non-zero exit or a task that did not start", () => {
        expect(JSON.parse(stoppedTaskPattern(["f"], "failed"))).toEqual({
            source: ["aws.ecs"],
            "detail-type": ["ECS Task State Change"],
            detail: {
                lastStatus: ["STOPPED"],
                group: ["family:f"],
                $or: [
                    { containers: { exitCode: [{ "anything-but": 0 }] } },
                    { stopCode: ["TaskFailedToStart"] },
                ],
            },
        });
    });
});
