import { loadSystem, LoadResult } from "../../model/load";
import { configView, NOW, validSystem } from "./fixtures";

const load = (system: unknown) => loadSystem(system, { now: NOW, config: configView() });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("services, edge and alerts in the model", () => {
    it("loads with defaults from the rules and per-service thresholds", () => {
        const system = validSystem();
        system.services.api.alerts = { errorRateCriticalPercent: 2, latencyP95Seconds: 0.5 };
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const api = result.model.services.api;
        expect(api).toMatchObject({
            public: true,
            port: 8000,
            cpu: 512,
            memory: 1024,
            minTasks: 2,
            maxTasks: 6,
            logRetentionDays: 30,
        });
        expect(api.thresholds).toMatchObject({
            "error-rate-critical": 2,
            "error-rate-warning": 1,
            "latency-p95": 0.5,
            "latency-p99": 2,
            "ecs-cpu": 70,
        });
        expect(result.model.services.worker).toMatchObject({ public: false, minTasks: 1 });
    });

    it.each([
        [
            (s: any) => (s.services.api.alerts = { cpuPercent: 90 }),
            "opsbook:system.services.api.alerts.cpuPercent",
            "90 is looser than the runbook's 70 (ecs-cpu)",
        ],
        [
            (s: any) => delete s.services.api.imageTag,
            "opsbook:system.services.api.imageTag",
            "is required",
        ],
        [
            (s: any) => delete s.services.web.repository,
            "opsbook:system.services.web.repository",
            "is required: the GitHub repository",
        ],
        [
            (s: any) => (s.services.web.imageTag = "v1"),
            "opsbook:system.services.web.imageTag",
            "is for aws services only",
        ],
        [
            (s: any) => (s.services.api.cpu = 300),
            "opsbook:system.services.api.cpu",
            "300 is not a Fargate size",
        ],
        [
            (s: any) => (s.services.api.memory = 8192),
            "opsbook:system.services.api.memory",
            "8192 MiB does not fit 512 CPU units",
        ],
        [
            (s: any) => ((s.services.api.minTasks = 4), (s.services.api.maxTasks = 2)),
            "opsbook:system.services.api.maxTasks",
            "2 is less than minTasks 4",
        ],
        [
            (s: any) =>
                (s.dns = {
                    zoneId: "00112233445566778899aabbccddeeff",
                    zone: "example.org",
                    plan: "pro",
                }),
            "opsbook:system.services.api.domain",
            'is not in the zone "example.org"',
        ],
        [
            (s: any) => delete s.network.publicSubnetIds,
            "opsbook:system.network.publicSubnetIds",
            "is required",
        ],
        [
            (s: any) =>
                (s.alerts = {
                    routes: {
                        critical: [{ protocol: "https", endpointSecret: "STRIPE_SECRET_KEY" }],
                    },
                }),
            "opsbook:system.alerts.routes.critical.0.endpointSecret",
            'expected "alert-endpoint"',
        ],
        [
            (s: any) => (s.alerts = { routes: { critical: [] } }),
            "opsbook:system.alerts.routes.critical",
            "expected at least 1 entries",
        ],
    ])("refuses %#: %s", (edit, path, message) => {
        const system = validSystem();
        edit(system);
        expect(errorsOf(load(system))).toContainEqual({
            path,
            message: expect.stringContaining(message),
        });
    });
});
