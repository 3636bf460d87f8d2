/**
 * Queues and scheduled jobs in the reference systems: LegacyVideo's BullMQ queues page when their worker
 * goes quiet, the Vercel + Supabase retention cleanup runs on a schedule and alerts when it fails.
 */
import { formatJson, formatText } from "../../tools/plan";
import { planExample as plan } from "./helpers";

const inputs = (result: Awaited<ReturnType<typeof plan>>, name: string) =>
    result.resources.find((r) => r.name === name)?.inputs as any;

describe("LegacyVideo's queues", () => {
    it("alarms on email and release-process; each pages on the critical topic when its metrics go missing", async () => {
        const result = await plan("legacyvideo");
        expect(result.exitCode).toBe(0);
        const alarms = result.resources.filter(
            (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm",
        );
        const critical = result.resources.find((r) => r.name === "alerts-critical")!.urn;
        for (const queue of ["email", "release-process"]) {
            const mine = alarms.filter((a) => (a.inputs as any).dimensions?.Queue === queue);
            const missing = mine.filter((a) => (a.inputs as any).treatMissingData === "breaching");
            expect(missing).toHaveLength(1);
            expect(missing[0].inputs).toMatchObject({
                namespace: "opsbook/queues",
                metricName: "Waiting",
                dimensions: { Stack: "legacyvideo", Service: "worker", Queue: queue },
                tags: { "opsbook:severity": "critical" },
            });
            // Routed to the topic that pages through its composite, armed by the first datapoint, by
            // property dependency (known in a first preview too).
            const armed = result.resources.find(
                (r) => r.name === `queues-worker-${queue}-metrics-missing-armed`,
            )!;
            expect(armed.propertyDependencies.alarmActions).toEqual([critical]);
            expect(result.alerts.map((a) => a.name)).toEqual(
                expect.arrayContaining([
                    `queues-worker-${queue}-metrics-missing`,
                    `queues-worker-${queue}-failed`,
                    `queues-worker-${queue}-backlog`,
                    `queues-worker-${queue}-oldest-waiting`,
                ]),
            );
        }
        // "Failed email delivery > 10%" is the email queue's failure alarm, a warning.
        const failed = inputs(result, "queues-worker-email-failed");
        expect(failed).toMatchObject({ threshold: 10, tags: { "opsbook:severity": "warning" } });
        // The worker names its metrics from the variables the program gives it.
        const [worker] = JSON.parse(inputs(result, "worker-task").containerDefinitions);
        expect(worker.environment).toEqual(
            expect.arrayContaining([
                { name: "OPSBOOK_STACK", value: "legacyvideo" },
                { name: "OPSBOOK_SERVICE", value: "worker" },
                { name: "OPSBOOK_QUEUES", value: "email,release-process" },
            ]),
        );
        expect(result.queues.map((q) => [q.service, q.queue])).toEqual([
            ["worker", "email"],
            ["worker", "release-process"],
        ]);
        expect(formatText(result)).toContain(
            "Queues (the worker prints EMF metrics to opsbook/queues",
        );
        expect(JSON.parse(formatJson(result)).queues[0].alarms[0]).toMatchObject({
            rule: "queue-metrics-missing",
            missingData: "breaching",
        });
    });
});

describe("the Vercel + Supabase retention cleanup", () => {
    it("runs nightly in the backend's image through EventBridge Scheduler, and alerts when a run fails", async () => {
        const result = await plan("vercel-supabase");
        expect(result.exitCode).toBe(0);
        const schedule = inputs(result, "job-retention-cleanup-schedule");
        expect(schedule.scheduleExpression).toBe("cron(15 3 * * ? *)");
        expect(schedule.target.ecsParameters.launchType).toBe("FARGATE");
        const [container] = JSON.parse(
            inputs(result, "job-retention-cleanup-task").containerDefinitions,
        );
        expect(container.image).toBe(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/app-backend:0.31.4",
        );
        expect(container.command).toEqual(["python", "-m", "app.jobs.retention_cleanup"]);
        expect(container.secrets.map((s: { name: string }) => s.name)).toContain("DATABASE_URL");
        const failed = JSON.parse(inputs(result, "job-retention-cleanup-failed").eventPattern);
        expect(failed.detail.group).toEqual([
            "family:opsbook-vercel-supabase-job-retention-cleanup",
        ]);
        const target = result.resources.find(
            (r) => r.name === "job-retention-cleanup-failed-warning",
        )!;
        const warning = result.resources.find((r) => r.name === "alerts-warning")!.urn;
        expect(target.propertyDependencies.arn).toEqual([warning]);
        expect(inputs(result, "job-retention-cleanup-missed-run")).toMatchObject({
            period: 86400,
            evaluationPeriods: 2,
            treatMissingData: "breaching",
        });
        expect(result.jobs).toEqual([
            expect.objectContaining({
                name: "retention-cleanup",
                service: "backend",
                logGroup: "/opsbook/vercel-supabase/jobs/retention-cleanup",
            }),
        ]);
        expect(result.alerts.map((a) => a.name)).toEqual(
            expect.arrayContaining([
                "job-retention-cleanup-failed",
                "job-retention-cleanup-missed-run",
            ]),
        );
        expect(formatText(result)).toContain(
            "Scheduled jobs (EventBridge Scheduler → ECS RunTask)",
        );
    });

    it("leaves the dumps exactly as they were before they shared the scheduled-task piece", async () => {
        const result = await plan("vercel-supabase");
        const dump = inputs(result, "backup-app-dump");
        expect(dump).toMatchObject({ family: "opsbook-vercel-supabase-postgres-dump", cpu: "512" });
        expect(dump.ephemeralStorage).toEqual({ sizeInGib: 50 });
        // The dump volume, and (issue 22) the ephemeral scratch its read-only containers write.
        expect(dump.volumes).toEqual([
            { name: "dump" },
            { name: "scratch-tmp" },
            { name: "scratch-root-aws-cli-cache" },
        ]);
        expect(inputs(result, "backup-app-dump-schedule").target.retryPolicy).toEqual({
            maximumRetryAttempts: 2,
        });
        const target = result.resources.find((r) => r.name === "backup-app-failed-critical")!;
        const critical = result.resources.find((r) => r.name === "alerts-critical")!.urn;
        expect(target.propertyDependencies.arn).toEqual([critical]);
    });
});

describe("a missed run pages from a documented signal (issue 21)", () => {
    // The success rule's target invocations: AWS/Events `Invocations`, dimension RuleName, sent only
    // when not zero (EventBridge User Guide, "Monitoring Amazon EventBridge"). A rule with no target
    // invokes nothing, so each success rule has a target: a topic of its own that only it may publish to.
    const counted = (result: Awaited<ReturnType<typeof plan>>, rule: string) => {
        const ruleUrn = result.resources.find((r) => r.name === rule)!.urn;
        const target = result.resources.find(
            (r) => r.name === `${rule}-runs` && r.type === "aws:cloudwatch/eventTarget:EventTarget",
        )!;
        expect(target.propertyDependencies.rule).toEqual([ruleUrn]);
        const topic = result.resources.find(
            (r) => r.name === `${rule}-runs` && r.type === "aws:sns/topic:Topic",
        )!;
        expect(target.propertyDependencies.arn).toEqual([topic.urn]);
        const policy = result.resources.find((r) => r.name === `${rule}-runs-policy`)!;
        const [statement] = JSON.parse((policy.inputs as any).policy).Statement;
        expect(statement).toMatchObject({
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
        });
        expect(Object.keys(statement.Condition.ArnEquals)).toEqual(["aws:SourceArn"]);
        return ruleUrn;
    };

    it("a job: no success rule invocation in two intervals, missing data breaching, on its warning topic", async () => {
        const result = await plan("vercel-supabase");
        const rule = counted(result, "job-retention-cleanup-succeeded");
        const alarm = result.resources.find((r) => r.name === "job-retention-cleanup-missed-run")!;
        expect(alarm.inputs).toMatchObject({
            namespace: "AWS/Events",
            metricName: "Invocations",
            statistic: "Sum",
            period: 86400,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
            tags: { "opsbook:rule": "job-missed-run", "opsbook:severity": "warning" },
        });
        expect(Object.keys((alarm.inputs as any).dimensions)).toEqual(["RuleName"]);
        expect(alarm.propertyDependencies.dimensions).toEqual([rule]);
        const warning = result.resources.find((r) => r.name === "alerts-warning")!.urn;
        expect(alarm.propertyDependencies.alarmActions).toEqual([warning]);
    });

    it("a dump: no successful dump in two RPO intervals pages on-call", async () => {
        const result = await plan("vercel-supabase");
        const rule = counted(result, "backup-app-dump-succeeded");
        expect(
            JSON.parse(
                (
                    result.resources.find((r) => r.name === "backup-app-dump-succeeded")!
                        .inputs as any
                ).eventPattern,
            ).detail.group,
        ).toEqual(["family:opsbook-vercel-supabase-postgres-dump"]);
        const alarm = result.resources.find((r) => r.name === "backup-app-missed-dump")!;
        expect(alarm.inputs).toMatchObject({
            namespace: "AWS/Events",
            metricName: "Invocations",
            statistic: "Sum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
            tags: { "opsbook:rule": "backup-missed-dump", "opsbook:severity": "critical" },
        });
        const { period, evaluationPeriods, datapointsToAlarm } = alarm.inputs as any;
        expect(datapointsToAlarm).toBe(evaluationPeriods);
        expect(period * evaluationPeriods).toBeLessThanOrEqual(7 * 86400);
        expect(alarm.propertyDependencies.dimensions).toEqual([rule]);
        const critical = result.resources.find((r) => r.name === "alerts-critical")!.urn;
        expect(alarm.propertyDependencies.alarmActions).toEqual([critical]);
        // The plan's alert table lists it, with the window the alarm evaluates.
        expect(result.alerts).toContainEqual(
            expect.objectContaining({
                name: "backup-app-missed-dump",
                severity: "critical",
                threshold: "no success",
                window: "2 d",
            }),
        );
    });
});
