/**
 * Services that tell you when they break, end to end through the offline plan: the services, DNS, health
 * checks and alarms of prod, refused stacks, and a rollback that is a one-line change.
 */
import { formatJson, formatText } from "../../tools/plan";
import {
    NOW,
    packVerdict,
    planned,
    planProd,
    runPlan,
    scratchDirectory,
    systemVariant,
} from "./helpers";

const scratch = scratchDirectory("services");
const stackFile = (name: string, edit: (system: any) => void) =>
    systemVariant(scratch(), name, edit);

describe("the prod plan's services and alerts", () => {
    it("shows web, api and worker with their DNS and health checks, and exits 0", async () => {
        const result = planned(await planProd());
        expect(result.exitCode).toBe(0);
        expect(result.services.map((s) => [s.name, s.platform, s.domain, s.edge])).toEqual([
            ["web", "vercel", "app.example.com", "DNS only; Vercel Firewall 200/min per IP"],
            [
                "api",
                "aws",
                "api.example.com",
                "proxied (pro); 200/60s per IP, blocked 600s; origin: Cloudflare ranges + X-Opsbook-Origin",
            ],
            ["worker", "aws", null, null],
        ]);
        const byType = (type: string) => result.resources.filter((r) => r.type === type);
        expect(
            byType("cloudflare:index/dnsRecord:DnsRecord").map((r) => (r.inputs as any).name),
        ).toEqual(expect.arrayContaining(["app.example.com", "api.example.com"]));
        expect(
            byType("aws:route53/healthCheck:HealthCheck").map((r) => [
                (r.inputs as any).fqdn,
                (r.inputs as any).resourcePath,
                (r.inputs as any).failureThreshold,
            ]),
        ).toEqual([
            ["app.example.com", "/api/health", 3],
            ["api.example.com", "/health", 3],
        ]);
        expect(
            byType("aws:ecs/service:Service").map(
                (r) => (r.inputs as any).deploymentCircuitBreaker,
            ),
        ).toEqual([
            { enable: true, rollback: true },
            { enable: true, rollback: true },
        ]);
        expect(
            byType("cloudflare:index/ruleset:Ruleset").map((r) => (r.inputs as any).phase),
        ).toEqual(["http_ratelimit", "http_request_late_transform"]);
    });

    it("routes every alarm by severity, and every alert it lists is a real alarm", async () => {
        const result = planned(await planProd());
        const alarmNames = new Set(
            result.resources
                .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
                .map((r) => r.name),
        );
        for (const alert of result.alerts.filter((a) => a.name.startsWith("alarms-")))
            expect(alarmNames).toContain(alert.name);
        const bySeverity = (severity: string) =>
            result.alerts.filter((a) => a.severity === severity).map((a) => a.name);
        expect(bySeverity("critical")).toEqual(
            expect.arrayContaining([
                "health-web",
                "health-api",
                "alarms-api-error-rate-critical",
                "alarms-db-main-rds-free-storage-critical",
                "backup-main-failures",
            ]),
        );
        expect(bySeverity("warning")).toEqual(
            expect.arrayContaining([
                "alarms-api-error-rate-warning",
                "alarms-api-latency-p95",
                "alarms-api-latency-p99",
                "alarms-api-ecs-cpu",
                "alarms-api-ecs-memory",
                "alarms-db-main-rds-connections",
            ]),
        );
        const json = JSON.parse(formatJson(result));
        expect(json.alerts[0]).toEqual({
            name: "health-web",
            severity: "critical",
            signal: expect.any(String),
            threshold: "3 failed probes",
            window: "every 30 s",
            route: "critical → PagerDuty CloudWatch integration (PAGERDUTY_ALERTS_URL)",
        });
        expect(formatText(result)).toContain("alarms-api-error-rate-critical");
    });

    it("takes the api's secrets from SSM, never from plain environment, and runs the release first", async () => {
        const task = planned(await planProd()).resources.find(
            (r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === "api-task",
        )!;
        const containers = JSON.parse((task.inputs as any).containerDefinitions);
        expect(containers.map((c: any) => c.name)).toEqual(["release", "api"]);
        expect(containers[0].command).toEqual(["alembic", "upgrade", "head"]);
        expect(containers[1].dependsOn).toEqual([
            { containerName: "release", condition: "SUCCESS" },
        ]);
        const secretNames = containers[1].secrets.map((s: any) => s.name);
        expect(secretNames).toEqual(
            expect.arrayContaining([
                "DATABASE_URL",
                "SECRET_KEY",
                "SECRET_KEY_PREVIOUS",
                "STRIPE_SECRET_KEY",
            ]),
        );
        expect(containers[1].environment.map((e: any) => e.name)).toEqual(
            expect.arrayContaining(["LOG_LEVEL", "WEB_ORIGIN"]),
        );
        expect(containers[1].environment.map((e: any) => e.name)).not.toContain("DATABASE_URL");
    });
});

describe("refused services", () => {
    it("refuses a public service without a health path", async () => {
        const result = await runPlan({
            stackFile: stackFile("no-health", (s) => delete s.services.api.healthPath),
            now: NOW,
        });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            'opsbook:system.services.api.healthPath: is required: api is public at "api.example.com"',
        );
    });

    it("refuses an alarm threshold looser than the rule", async () => {
        const result = await runPlan({
            stackFile: stackFile(
                "loose",
                (s) => (s.services.api.alerts = { errorRateCriticalPercent: 10 }),
            ),
            now: NOW,
        });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            "opsbook:system.services.api.alerts.errorRateCriticalPercent: 10 is looser than the runbook's 5 (error-rate-critical)",
        );
    });

    it("accepts a stricter threshold, and the alarm carries it", async () => {
        const result = planned(
            await runPlan({
                stackFile: stackFile(
                    "strict",
                    (s) => (s.services.api.alerts = { errorRateCriticalPercent: 2 }),
                ),
                now: NOW,
            }),
        );
        expect(result.exitCode).toBe(0);
        expect(
            (
                result.resources.find((r) => r.name === "alarms-api-error-rate-critical")!
                    .inputs as any
            ).threshold,
        ).toBe(2);
    });

    it("refuses, in the pack's server, an alarm without actions", async () => {
        const violations = await packVerdict((resources) =>
            resources.map((r) =>
                r.name === "alarms-api-ecs-cpu"
                    ? { ...r, inputs: { ...(r.inputs as any), alarmActions: [] } }
                    : r,
            ),
        );
        expect(violations).toEqual([
            expect.objectContaining({
                policy: "opsbook-alerts-actions",
                enforcementLevel: "mandatory",
                urn: expect.stringContaining("alarms-api-ecs-cpu"),
                message: expect.stringContaining("has no alarm action"),
            }),
        ]);
    });
});

describe("rollback", () => {
    it("is a one-line change of the image tag: only the task definitions change", async () => {
        const before = planned(await planProd());
        const after = planned(
            await runPlan({
                stackFile: stackFile(
                    "rollback",
                    (s) =>
                        (s.services.api.imageTag = s.services.worker.imageTag =
                            "2026.11.13-9d1e0f4"),
                ),
                now: NOW,
            }),
        );
        const changed = after.resources
            .filter((r) => !r.type.startsWith("opsbook:"))
            .filter(
                (r) =>
                    JSON.stringify(r.inputs) !==
                    JSON.stringify(before.resources.find((b) => b.urn === r.urn)?.inputs),
            )
            .map((r) => r.name);
        expect(changed).toEqual(["api-task", "worker-task"]);
    });
});
