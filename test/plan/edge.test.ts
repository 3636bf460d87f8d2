/**
 * The edge as prod and the reference stacks plan it: origins that admit only Cloudflare and the origin
 * secret, a rate limit shaped to the zone's plan, Vercel DNS-only behind its own firewall.
 */
import * as path from "path";
import { loadSystem } from "../../model/load";
import { PlanResult, PROJECT_ROOT } from "../../tools/plan";
import { NOW, planned, planProd, PROD, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("edge");
type Planned = ReturnType<typeof planned>;
const ofType = (result: Planned, type: string) => result.resources.filter((r) => r.type === type);
const inputs = (r: { inputs: unknown }) => r.inputs as Record<string, any>;
const rateRule = (result: Planned) =>
    inputs(
        ofType(result, "cloudflare:index/ruleset:Ruleset").find(
            (r) => r.name === "edge-rate-limit",
        )!,
    ).rules[0];

const STACKS = [
    PROD,
    ...["alcom", "fork-knife", "kolamba", "legacyvideo", "vercel-supabase"].map((name) =>
        path.join(PROJECT_ROOT, "examples", `Pulumi.${name}.yaml`),
    ),
];

describe("origins accept only the edge", () => {
    it.each(STACKS)(
        "%s: no load balancer behind a proxied record is open to the world",
        async (file) => {
            const result = planned(
                file === PROD
                    ? await planProd()
                    : await runPlan({ stackFile: file, now: NOW, judge: false }),
            );
            const lbs = ofType(result, "opsbook:index:PublicLoadBalancer");
            for (const lb of lbs) {
                const children = result.resources.filter((r) => r.parent === lb.urn);
                const ingress = children.filter(
                    (r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                );
                expect(ingress.length).toBeGreaterThan(0);
                for (const rule of ingress) {
                    expect(inputs(rule).cidrIpv4).toBeUndefined();
                    expect(inputs(rule).cidrIpv6).toBeUndefined();
                    expect(inputs(rule).prefixListId).toBeDefined();
                }
                const https = children.find((r) => r.name.endsWith("-https"))!;
                expect(inputs(https).defaultActions).toEqual([
                    expect.objectContaining({
                        type: "fixed-response",
                        fixedResponse: expect.objectContaining({ statusCode: "403" }),
                    }),
                ]);
                // The conditions hold the accepted secrets: the plan shows them as one secret.
                const guard = children.find((r) => r.type === "aws:lb/listenerRule:ListenerRule")!;
                expect(inputs(guard)).toMatchObject({
                    conditions: "[secret]",
                    priority: 1,
                    actions: [expect.objectContaining({ type: "forward" })],
                });
            }
            expect(result.exitCode).toBe(0);
        },
    );

    it("adds the current origin secret at the edge, and accepts next, current and previous at the origin", async () => {
        const result = planned(await planProd());
        const transform = ofType(result, "cloudflare:index/ruleset:Ruleset").find(
            (r) => inputs(r).phase === "http_request_late_transform",
        )!;
        // The rule carries the current value, so the plan shows the rules as one secret.
        expect(inputs(transform)).toMatchObject({ kind: "zone", rules: "[secret]" });
        const secret = result.secrets.find((s) => s.name === "EDGE_ORIGIN_SECRET")!;
        expect(secret).toMatchObject({ class: "origin-secret", scheme: "key-set" });
        expect(secret.slots.map((s) => s.role)).toEqual(["next", "current", "previous"]);
        const lists = ofType(result, "aws:ec2/managedPrefixList:ManagedPrefixList").map(inputs);
        expect(lists.map((l) => [l.addressFamily, l.maxEntries])).toEqual([
            ["IPv4", 20],
            ["IPv6", 10],
        ]);
        expect(lists[0].entries.length).toBeLessThanOrEqual(20);
    });
});

describe("the rate limit fits the zone's plan", () => {
    it("pro: the runbook's numbers, on the proxied hosts", async () => {
        const rule = rateRule(planned(await planProd()));
        expect(rule.ratelimit).toMatchObject({
            period: 60,
            requestsPerPeriod: 200,
            mitigationTimeout: 600,
        });
        expect(rule.expression).toBe('(http.host in {"api.example.com"})');
    });

    it("free: a 10 s period with the per-minute limit converted, a 10 s timeout, the path only", async () => {
        const file = systemVariant(scratch(), "free", (system) => (system.dns.plan = "free"));
        const result = planned(await runPlan({ stackFile: file, now: NOW }));
        const rule = rateRule(result);
        expect(rule.ratelimit).toMatchObject({
            period: 10,
            requestsPerPeriod: 34,
            mitigationTimeout: 10,
        });
        expect(rule.expression).not.toContain("http.host");
        expect(result.exitCode).toBe(0);
    });

    it("allows on Pro every supported timeout up to an hour (the runbooks' 600 s, also 900 s), and refuses longer ones", () => {
        const errorsFor = (rateLimitMitigationSeconds: number) => {
            const result = loadSystem(
                {
                    services: { web: { platform: "vercel", role: "web", repository: "acme/web" } },
                    dns: {
                        zoneId: "00112233445566778899aabbccddeeff",
                        zone: "example.com",
                        plan: "pro",
                        rateLimitMitigationSeconds,
                    },
                },
                { now: NOW, config: { has: () => false, isSecret: () => false } },
            );
            return result.ok ? [] : result.errors;
        };
        expect(errorsFor(600)).toEqual([]);
        expect(errorsFor(900)).toEqual([]);
        expect(errorsFor(7200)).toEqual([
            {
                path: "opsbook:system.dns.rateLimitMitigationSeconds",
                message:
                    "7200 is not allowed on Cloudflare's pro plan (opsbook:system.dns.plan); expected one of 10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600 seconds",
            },
        ]);
    });

    it("refuses, at load, what the plan cannot do, naming the path, the plan and what it allows", () => {
        const system = {
            services: { web: { platform: "vercel", role: "web", repository: "acme/web" } },
            dns: {
                zoneId: "00112233445566778899aabbccddeeff",
                zone: "example.com",
                plan: "free",
                rateLimitPeriodSeconds: 60,
                rateLimitMitigationSeconds: 600,
            },
        };
        const result = loadSystem(system, {
            now: NOW,
            config: { has: () => false, isSecret: () => false },
        });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.dns.rateLimitPeriodSeconds",
                    message:
                        "60 is not allowed on Cloudflare's free plan (opsbook:system.dns.plan); expected one of 10 seconds",
                },
                {
                    path: "opsbook:system.dns.rateLimitMitigationSeconds",
                    message:
                        "600 is not allowed on Cloudflare's free plan (opsbook:system.dns.plan); expected one of 10 seconds",
                },
            ]),
        );
        const { plan, ...withoutPlan } = system.dns;
        void plan;
        const missing = loadSystem(
            { ...system, dns: withoutPlan },
            { now: NOW, config: { has: () => false, isSecret: () => false } },
        );
        expect(missing.ok ? [] : missing.errors.map((e) => e.path)).toContain(
            "opsbook:system.dns.plan",
        );
    });
});

describe("Vercel the way Vercel supports it", () => {
    let prod: PlanResult;
    beforeAll(async () => {
        prod = await planProd();
    });

    it("gives the web domain a DNS-only record and the runbook's limit in the Vercel Firewall", () => {
        const result = planned(prod);
        const record = result.resources.find((r) => r.name === "edge-web")!;
        expect(inputs(record)).toMatchObject({ proxied: false, content: "cname.vercel-dns.com" });
        const firewall = ofType(result, "vercel:index/firewallConfig:FirewallConfig");
        expect(firewall.map((r) => r.name)).toEqual(["web-firewall"]);
        expect(inputs(firewall[0]).rules.rules[0].action).toMatchObject({
            action: "rate_limit",
            rateLimit: { limit: 200, window: 60, keys: ["ip"], action: "deny" },
        });
        expect(result.services.find((s) => s.name === "web")!.edge).toBe(
            "DNS only; Vercel Firewall 200/min per IP",
        );
    });

    it("takes the zone's own limit in the firewall and in the plan's summary alike (vercelFirewallLimit)", async () => {
        const file = systemVariant(scratch(), "vercel-firewall-limit", (system) => {
            system.dns.rateLimitPerMinute = 120;
        });
        const result = planned(await runPlan({ stackFile: file, now: NOW, judge: false }));
        const firewall = ofType(result, "vercel:index/firewallConfig:FirewallConfig");
        expect(inputs(firewall[0]).rules.rules[0].action.rateLimit).toMatchObject({
            limit: 120,
            window: 60,
        });
        expect(result.services.find((s) => s.name === "web")!.edge).toBe(
            "DNS only; Vercel Firewall 120/min per IP",
        );
    });

    it("proxied on request: Vercel's paths kept out of the limit and the cache, and an advisory", async () => {
        const file = systemVariant(scratch(), "vercel-proxied", (system) => {
            system.services.web.proxied = true;
        });
        const result = planned(await runPlan({ stackFile: file, now: NOW }));
        expect(rateRule(result).expression).toContain(
            'not (http.request.uri.path contains "/.well-known/acme-challenge/")',
        );
        const cache = ofType(result, "cloudflare:index/ruleset:Ruleset").find(
            (r) => inputs(r).phase === "http_request_cache_settings",
        )!;
        expect(inputs(cache).rules[0]).toMatchObject({
            action: "set_cache_settings",
            actionParameters: { cache: false },
        });
        expect(ofType(result, "vercel:index/firewallConfig:FirewallConfig")).toEqual([]);
        expect(result.violations).toEqual([
            expect.objectContaining({
                policy: "opsbook-edge-vercel-proxied",
                enforcementLevel: "advisory",
            }),
        ]);
        expect(result.exitCode).toBe(0);
    });
});
