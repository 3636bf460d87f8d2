import { loadSystem, LoadResult, SystemModel } from "../../model/load";
import { imageReference, vercelFirewallLimit } from "../../model/services";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_MITIGATION_SECONDS } from "../../model/rules";
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

describe("the service views components and tools share", () => {
    const model = (edit: (system: any) => void = () => undefined): SystemModel => {
        const system = validSystem();
        edit(system);
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return result.model;
    };
    const zone = { zoneId: "00112233445566778899aabbccddeeff", zone: "example.com", plan: "pro" };

    it("names an aws service's image by repository and tag, for its tasks and its jobs", () => {
        const m = model((s) => {
            s.services.worker.imageTag = "2026.11.24-abc123";
            s.jobs = {
                nightly: {
                    service: "worker",
                    schedule: "cron(0 3 * * ? *)",
                    command: ["python", "-m", "app.jobs.cleanup"],
                },
            };
        });
        expect(imageReference(m.services.api)).toBe("ghcr.io/acme/api:v1.2.3");
        expect(imageReference(m.services.worker)).toBe("ghcr.io/acme/api:2026.11.24-abc123");
        // A job on a service runs that service's image, by the same name.
        expect(m.jobs.nightly.image).toBe("ghcr.io/acme/api:2026.11.24-abc123");
    });

    it("puts the runbook's limit in the Vercel Firewall of a public Vercel service without a zone", () => {
        const m = model();
        expect(m.edge).toBeUndefined();
        expect(vercelFirewallLimit(m.services.web, m.edge)).toEqual({
            perMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            mitigationSeconds: RATE_LIMIT_MITIGATION_SECONDS,
        });
    });

    it("takes the zone's limit for a Vercel service the zone does not proxy", () => {
        const m = model((s) => (s.dns = { ...zone, rateLimitPerMinute: 120 }));
        expect(m.services.web.proxied).toBe(false);
        expect(vercelFirewallLimit(m.services.web, m.edge)).toEqual({
            perMinute: 120,
            mitigationSeconds: RATE_LIMIT_MITIGATION_SECONDS,
        });
    });

    it("leaves the limit to the zone when it proxies the service, and sets none for the rest", () => {
        const proxied = model((s) => {
            s.dns = zone;
            s.services.web.proxied = true;
        });
        expect(vercelFirewallLimit(proxied.services.web, proxied.edge)).toBeUndefined();
        // Without a zone, `proxied` fronts nothing (the loader refuses it): the firewall still limits.
        const web = { ...proxied.services.web };
        expect(vercelFirewallLimit(web, undefined)?.perMinute).toBe(DEFAULT_RATE_LIMIT_PER_MINUTE);
        const m = model((s) => {
            delete s.services.web.domain;
            delete s.services.web.healthPath;
        });
        expect(m.services.web.public).toBe(false);
        expect(vercelFirewallLimit(m.services.web, m.edge)).toBeUndefined();
        expect(vercelFirewallLimit(m.services.api, m.edge)).toBeUndefined();
    });
});
