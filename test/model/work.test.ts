/** Queues and scheduled jobs in the model: defaults, stricter overrides, CloudWatch's limits, load errors. */
import { jobPlan, missedDumpWindow, missedRunWindow } from "../../model/jobs";
import { loadSystem, LoadResult } from "../../model/load";
import { queuePlan, queueVariables } from "../../model/queues";
import {
    ALARM_MAX_RANGE_SECONDS,
    ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS,
    ALERT_RULES,
} from "../../model/rules";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });
function modelOf(result: LoadResult) {
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

function withWork(edit: (system: Record<string, any>) => void) {
    const system = validSystem();
    system.services.worker.queues = [
        "email",
        { name: "release-process", oldestWaitingSeconds: 600 },
    ];
    system.jobs = {
        "retention-cleanup": {
            service: "api",
            command: ["python", "-m", "app.retention"],
            schedule: "cron(15 3 * * ? *)",
        },
        vacuum: { image: "postgres:17-alpine", schedule: "rate(6 hours)" },
    };
    edit(system);
    return system;
}

describe("queues", () => {
    it("takes the rules' thresholds, and a queue's stricter override", () => {
        const worker = modelOf(load(withWork(() => {}))).services.worker;
        expect(worker.queues.map((q) => q.name)).toEqual(["email", "release-process"]);
        expect(worker.queues[0].thresholds).toEqual({
            "queue-metrics-missing": ALERT_RULES["queue-metrics-missing"].threshold,
            "queue-failed": 10,
            "queue-backlog": 1000,
            "queue-oldest-waiting": 900,
        });
        expect(worker.queues[1].thresholds["queue-oldest-waiting"]).toBe(600);
    });

    it("plans four alarms a queue, the missing-metrics one paging on silence", () => {
        const model = modelOf(load(withWork(() => {})));
        const [email] = queuePlan(model.services, "prod");
        expect(email.metrics).toEqual({
            namespace: "opsbook/queues",
            dimensions: { Stack: "prod", Service: "worker", Queue: "email" },
        });
        expect(email.alarms.map((a) => [a.rule, a.severity, a.missingData])).toEqual([
            ["queue-metrics-missing", "critical", "breaching"],
            ["queue-failed", "warning", "notBreaching"],
            ["queue-backlog", "warning", "notBreaching"],
            ["queue-oldest-waiting", "warning", "notBreaching"],
        ]);
        expect(queueVariables(model.services.worker, "prod")).toEqual({
            OPSBOOK_STACK: "prod",
            OPSBOOK_SERVICE: "worker",
            OPSBOOK_QUEUES: "email,release-process",
        });
        expect(queueVariables(model.services.api, "prod")).toEqual({});
    });

    it("refuses queues on vercel, twice, looser, badly named, and env that shadows the metric variables", () => {
        const errors = errorsOf(
            load(
                withWork((system) => {
                    system.services.web.queues = ["email"];
                    system.services.worker.queues = [
                        "email",
                        "email",
                        { name: "release-process", failedPercent: 25 },
                        "bad name",
                        { name: "x", retries: 3 },
                    ];
                    system.env.worker.OPSBOOK_QUEUES = "email";
                }),
            ),
        );
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.services.web.queues",
                    message: expect.stringContaining("is for aws services"),
                },
                {
                    path: "opsbook:system.services.worker.queues.1",
                    message: '"email" is listed twice; expected each queue once',
                },
                {
                    path: "opsbook:system.services.worker.queues.2.failedPercent",
                    message:
                        "25 is looser than the runbook's 10 (queue-failed); a queue may make it stricter (expected at most 10), or loosen it with a waiver: { value: 25, waiver: { reason, by, until } }",
                },
                {
                    path: "opsbook:system.services.worker.queues.3",
                    message: expect.stringContaining("expected a queue name"),
                },
                {
                    path: "opsbook:system.services.worker.queues.4.retries",
                    message: "is not a known key; remove it or check its spelling",
                },
                {
                    path: "opsbook:system.services.worker.queues",
                    message:
                        "gives worker the variable OPSBOOK_QUEUES, which env.worker.OPSBOOK_QUEUES already gives; one variable has one source: opsbook sets OPSBOOK_QUEUES itself, so remove env.worker.OPSBOOK_QUEUES",
                },
            ]),
        );
        expect(errors).toHaveLength(6);
    });
});

describe("scheduled jobs", () => {
    it("runs a service's image or its own, with its interval and a missed-run window of two", () => {
        const model = modelOf(load(withWork(() => {})));
        expect(model.jobs["retention-cleanup"]).toMatchObject({
            service: "api",
            image: "ghcr.io/acme/api:v1.2.3",
            intervalMinutes: 1440,
            cpu: 256,
            memory: 512,
            missedRun: { periodSeconds: 86400, periods: 2 },
        });
        expect(model.jobs.vacuum).toMatchObject({
            image: "postgres:17-alpine",
            intervalMinutes: 360,
            missedRun: { periodSeconds: 21600, periods: 2 },
        });
        expect(jobPlan(model.jobs, "prod")[0]).toMatchObject({
            family: "opsbook-prod-job-retention-cleanup",
            logGroup: "/opsbook/prod/jobs/retention-cleanup",
            every: "1 d",
            alerts: { missedRun: "no success in 2 d" },
        });
    });

    it("alarms on a missed dump over two intervals, or the 7 days CloudWatch allows, never beyond", () => {
        expect(missedDumpWindow(60)).toEqual({ periodSeconds: 3600, periods: 2 });
        expect(missedDumpWindow(1440)).toEqual({ periodSeconds: 86400, periods: 2 });
        expect(missedDumpWindow(5 * 1440)).toEqual({ periodSeconds: 86400, periods: 7 });
        expect(missedDumpWindow(7 * 1440)).toEqual({ periodSeconds: 86400, periods: 7 });
        expect(missedDumpWindow(7 * 1440 + 1)).toBeUndefined();
    });

    it("keeps every missed-run alarm within CloudWatch's evaluation limits, and refuses what cannot fit", () => {
        for (const minutes of [1, 5, 59, 60, 90, 720, 1440, 2 * 1440, 3 * 1440, 5040]) {
            const window = missedRunWindow(minutes)!;
            const range = window.periodSeconds * window.periods;
            expect(range).toBeGreaterThanOrEqual(2 * minutes * 60);
            expect(range).toBeLessThanOrEqual(ALARM_MAX_RANGE_SECONDS);
            expect(window.periodSeconds % 60).toBe(0);
            expect(window.periodSeconds).toBeLessThanOrEqual(86400);
            if (window.periodSeconds < 3600)
                expect(range).toBeLessThanOrEqual(ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS);
        }
        expect(missedRunWindow(7 * 1440)).toBeUndefined();
        expect(missedRunWindow(5041)).toBeUndefined();
    });

    it("refuses bad entries, each with its path", () => {
        const errors = errorsOf(
            load(
                withWork((system) => {
                    system.jobs = {
                        "no-what": { schedule: "rate(1 day)" },
                        both: {
                            service: "api",
                            image: "x:1",
                            command: ["a"],
                            schedule: "rate(1 day)",
                        },
                        "on-vercel": { service: "web", command: ["a"], schedule: "rate(1 day)" },
                        unknown: { service: "nope", command: ["a"], schedule: "rate(1 day)" },
                        "no-command": { service: "api", schedule: "rate(1 day)" },
                        "bad-schedule": { image: "x:1", schedule: "every day" },
                        weekly: { image: "x:1", schedule: "cron(0 3 ? * 1 *)" },
                        "bad-image": { image: "no tag", schedule: "rate(1 day)" },
                        "bad-size": {
                            image: "x:1",
                            schedule: "rate(1 day)",
                            cpu: 300,
                            memory: 4096,
                        },
                        Bad_Name: { image: "x:1", schedule: "rate(1 day)" },
                    };
                }),
            ),
        );
        const at = (job: string, key: string) => `opsbook:system.jobs.${job}.${key}`;
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: at("no-what", "service"),
                    message: expect.stringContaining("is required (or image)"),
                },
                { path: at("both", "image"), message: expect.stringContaining("not both") },
                {
                    path: at("on-vercel", "service"),
                    message: expect.stringContaining('"web" is a vercel service'),
                },
                {
                    path: at("unknown", "service"),
                    message: expect.stringContaining(
                        '"nope" is not an aws service; expected one of "api", "worker"',
                    ),
                },
                {
                    path: at("no-command", "command"),
                    message: expect.stringContaining("is required with service"),
                },
                {
                    path: at("bad-schedule", "schedule"),
                    message: expect.stringContaining(
                        '"every day" is refused by EventBridge Scheduler: it is neither rate(...) nor cron(...)',
                    ),
                },
                {
                    path: at("weekly", "schedule"),
                    message: expect.stringContaining("runs every 7 days"),
                },
                {
                    path: at("bad-image", "image"),
                    message: expect.stringContaining("expected an image such as"),
                },
                {
                    path: at("bad-size", "cpu"),
                    message:
                        "300 is not a Fargate size; expected one of 256, 512, 1024, 2048, 4096, 8192, 16384",
                },
                {
                    path: "opsbook:system.jobs.Bad_Name",
                    message: expect.stringContaining("expected a job name of"),
                },
            ]),
        );
    });

    it("needs a network to run in", () => {
        const system = withWork((s) => delete s.network);
        expect(errorsOf(load(system))).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.network",
                    message: "is required: scheduled jobs run as ECS tasks in its private subnets",
                },
            ]),
        );
    });
});
