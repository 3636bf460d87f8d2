import * as pulumi from "@pulumi/pulumi";
import { Edge } from "../../components/edge/edge";
import { PublicLoadBalancer } from "../../components/edge/loadBalancer";
import { toEdgeModel } from "../../model/services";
import { zoneShareOf } from "../../model/zoneShare";
import { registered } from "./registered";

/** The runtime's secret envelope, unwrapped for reading. */
const unwrap = (value: unknown): unknown =>
    value && typeof value === "object" && "value" in (value as object)
        ? (value as { value: unknown }).value
        : value;

describe("PublicLoadBalancer behind the edge", () => {
    it("admits Cloudflare's prefix lists only and forwards only the accepted origin secrets", async () => {
        const resources = await registered(() => {
            new PublicLoadBalancer("api-lb", {
                domain: "api.example.com",
                healthPath: "/health",
                port: 8000,
                vpcId: "vpc-1",
                publicSubnetIds: ["subnet-1", "subnet-2"],
                targetSecurityGroupId: "sg-targets",
                accessLogs: { bucket: "logs", prefix: "elb/api" },
                protect: true,
                edgeOnly: {
                    prefixListIds: { ipv4: "pl-4", ipv6: "pl-6" },
                    acceptedOriginSecrets: [
                        pulumi.secret("next"),
                        pulumi.secret("current"),
                        pulumi.secret("previous"),
                    ],
                },
            });
        });
        const ingress = resources.filter((r) => r.type.endsWith("SecurityGroupIngressRule"));
        expect(ingress.map((r) => [r.name, r.inputs.fromPort, r.inputs.prefixListId])).toEqual([
            ["api-lb-in-80-cloudflare-ipv4", 80, "pl-4"],
            ["api-lb-in-80-cloudflare-ipv6", 80, "pl-6"],
            ["api-lb-in-443-cloudflare-ipv4", 443, "pl-4"],
            ["api-lb-in-443-cloudflare-ipv6", 443, "pl-6"],
        ]);
        const rule = resources.find((r) => r.name === "api-lb-from-edge")!;
        const conditions = unwrap(rule.inputs.conditions) as { httpHeader: any }[];
        expect(conditions[0].httpHeader.httpHeaderName).toBe("X-Opsbook-Origin");
        expect(conditions[0].httpHeader.values.map(unwrap)).toEqual([
            "next",
            "current",
            "previous",
        ]);
    });
});

describe("Edge", () => {
    it("adds the origin secret for load balancers and shapes the rate limit to a free zone", async () => {
        const edge = toEdgeModel({
            zoneId: "00112233445566778899aabbccddeeff",
            zone: "example.com",
            plan: "free",
        });
        const resources = await registered(() => {
            new Edge("edge", {
                stack: "prod",
                edge,
                records: [
                    {
                        service: "api",
                        domain: "api.example.com",
                        target: "lb",
                        proxied: true,
                        platform: "aws",
                    },
                    {
                        service: "web",
                        domain: "example.com",
                        target: "cname.vercel-dns.com",
                        proxied: false,
                        platform: "vercel",
                    },
                ],
                originSecret: pulumi.secret("current"),
            });
        });
        const ruleset = (phase: string) =>
            resources.find(
                (r) => r.type === "cloudflare:index/ruleset:Ruleset" && r.inputs.phase === phase,
            );
        const transform = unwrap(ruleset("http_request_late_transform")!.inputs.rules) as any[];
        expect(transform[0]).toMatchObject({
            action: "rewrite",
            expression: '(http.host in {"api.example.com"})',
        });
        expect(unwrap(transform[0].actionParameters.headers["X-Opsbook-Origin"].value)).toBe(
            "current",
        );
        const limit = (ruleset("http_ratelimit")!.inputs.rules as any[])[0];
        expect(limit.ratelimit).toMatchObject({
            period: 10,
            requestsPerPeriod: 34,
            mitigationTimeout: 10,
        });
        expect(limit.expression).toBe('(http.request.uri.path contains "/")');
    });
});

describe("Edge on a shared zone", () => {
    const zone = { zoneId: "00112233445566778899aabbccddeeff", zone: "example.com" };
    const api = (domain: string) => ({
        service: "api",
        domain,
        target: "lb",
        proxied: true,
        platform: "aws" as const,
    });
    const rulesets = (resources: { type: string }[]) =>
        resources.filter((r) => r.type === "cloudflare:index/ruleset:Ruleset");

    it("a tenant writes its records and no entry-point ruleset", async () => {
        const edge = toEdgeModel({ ...zone, plan: "pro", owner: "prod" });
        const resources = await registered(() => {
            new Edge("edge", {
                stack: "staging",
                edge,
                records: [api("api.staging.example.com")],
                originSecret: pulumi.secret("staging-current"),
            });
        });
        expect(rulesets(resources)).toEqual([]);
        expect(
            resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord").length,
        ).toBe(1);
    });

    it("the owner sends each stack's own secret to that stack's hosts only, and limits both", async () => {
        const edge = toEdgeModel({ ...zone, plan: "pro", tenants: ["staging"] });
        const tenantEdge = toEdgeModel({ ...zone, plan: "pro", owner: "prod" });
        const resources = await registered(() => {
            new Edge("edge", {
                stack: "prod",
                edge,
                records: [api("api.example.com")],
                originSecret: pulumi.secret("prod-current"),
                tenants: [
                    {
                        stack: "staging",
                        share: zoneShareOf(tenantEdge, [api("api.staging.example.com")]),
                        originSecret: pulumi.secret("staging-current"),
                    },
                ],
            });
        });
        const phase = (p: string) =>
            rulesets(resources).filter((r: any) => r.inputs.phase === p) as any[];
        const transform = unwrap(phase("http_request_late_transform")[0].inputs.rules) as any[];
        expect(
            transform.map((rule) => [
                rule.expression,
                unwrap(rule.actionParameters.headers["X-Opsbook-Origin"].value),
            ]),
        ).toEqual([
            ['(http.host in {"api.example.com"})', "prod-current"],
            ['(http.host in {"api.staging.example.com"})', "staging-current"],
        ]);
        const limits = phase("http_ratelimit");
        expect(limits).toHaveLength(1);
        expect((limits[0].inputs.rules as any[]).map((r) => r.expression)).toEqual([
            '(http.host in {"api.example.com" "api.staging.example.com"})',
        ]);
    });
});
