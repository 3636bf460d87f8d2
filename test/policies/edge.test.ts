/**
 * The edge policies on what the real program registers for prod (the compliant fixture), one mutation
 * per failing test.
 */
import { originLocked } from "../../policies/rules/edge/originLocked";
import { rateLimit } from "../../policies/rules/edge/rateLimit";
import { vercelProxied } from "../../policies/rules/edge/vercelProxied";
import { captureFixture, mutate } from "./fixture";
import { FixtureResource, stackViolations } from "./harness";

let compliant: FixtureResource[];
/** Every test runs twice: with known ids, and as a first preview sees the program (ids unknown). */
const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];

describe.each(MODES)("with %s", (_mode, firstPreview) => {
    beforeAll(async () => {
        // The fixture redacts secret inputs; a listener rule's conditions hold the accepted origin secrets,
        // so they are restored to the shape PublicLoadBalancer registers (test/components/edge.test.ts).
        compliant = (await captureFixture(undefined, undefined, { firstPreview })).map((r) =>
            r.name === "api-lb-from-edge"
                ? {
                      ...r,
                      props: {
                          ...r.props,
                          conditions: [
                              {
                                  httpHeader: {
                                      httpHeaderName: "X-Opsbook-Origin",
                                      values: ["[secret]", "[secret]", "[secret]"],
                                  },
                              },
                          ],
                      },
                  }
                : r,
        );
    });
    const mutated = (edit: (r: FixtureResource) => FixtureResource | null | undefined) =>
        mutate(compliant, edit);

    describe("opsbook-edge-origin-locked", () => {
        it("passes prod's load balancer: Cloudflare's ranges only, a 403 by default, a rule on the header", () => {
            expect(compliant.some((r) => r.name === "api-lb-from-edge")).toBe(true);
            expect(stackViolations(originLocked, compliant)).toEqual([]);
        });

        it("refuses an ingress rule open to the world beside the proxied record", () => {
            const open = {
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name: "api-lb-in-443-anywhere",
                parent: "opsbook:index:PublicLoadBalancer::api-lb",
                props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
            };
            expect(
                stackViolations(originLocked, [...compliant, open]).map((v) => v.message),
            ).toEqual([
                "api.example.com: api-lb-in-443-anywhere admits 0.0.0.0/0 on port 443, beside the proxied record; admit Cloudflare's ranges only (the edge-origin prefix lists).",
            ]);
        });

        it("refuses an HTTPS listener that forwards every request", () => {
            const violations = stackViolations(
                originLocked,
                mutated((r) =>
                    r.name === "api-lb-https"
                        ? {
                              ...r,
                              props: {
                                  ...r.props,
                                  defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
                              },
                          }
                        : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                "api.example.com: its HTTPS listener forwards every request; answer a fixed 403 by default and forward only requests with X-Opsbook-Origin.",
            ]);
        });

        it("refuses a load balancer without the origin-secret rule", () => {
            const violations = stackViolations(
                originLocked,
                mutated((r) => (r.name === "api-lb-from-edge" ? null : r)),
            );
            expect(violations.map((v) => v.message)).toEqual([
                "api.example.com: no listener rule forwards on X-Opsbook-Origin; requests through Cloudflare would get 403.",
            ]);
        });
    });

    describe("opsbook-edge-rate-limit and the zone's plan", () => {
        it("refuses a rule the zone's plan cannot run", () => {
            const violations = stackViolations(
                rateLimit,
                mutated((r) =>
                    r.type === "opsbook:index:Edge"
                        ? { ...r, props: { ...r.props, plan: "free" } }
                        : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                "edge-rate-limit: a 60 s period and 600 s timeout exceed the free plan (at most 10 s and 10 s).",
                "edge-rate-limit: matches http.host, which the free plan does not allow (path only).",
            ]);
        });
    });

    describe("opsbook-edge-rate-limit on a shared zone", () => {
        const withoutLimit = (role: string) =>
            mutated((r) =>
                r.type === "cloudflare:index/ruleset:Ruleset" && r.props.phase === "http_ratelimit"
                    ? null
                    : r.type === "opsbook:index:Edge"
                      ? { ...r, props: { ...r.props, zoneRole: role } }
                      : r,
            );

        it("refuses an owner's proxied records with no rate limit", () => {
            expect(stackViolations(rateLimit, withoutLimit("owner")).map((v) => v.message)).toEqual(
                [
                    "zone 00112233445566778899aabbccddeeff: serves public records but has no rate-limiting rule; set opsbook:system.dns.rateLimitPerMinute.",
                ],
            );
        });

        it("passes a tenant's: its owner's ruleset limits them (plan --all checks the owner lists it)", () => {
            expect(stackViolations(rateLimit, withoutLimit("tenant"))).toEqual([]);
        });
    });

    describe("opsbook-edge-vercel-proxied", () => {
        it("passes prod, whose Vercel domain is DNS-only", () => {
            const web = compliant.find((r) => r.name === "edge-web")!;
            expect(web.props.proxied).toBe(false);
            expect(stackViolations(vercelProxied, compliant)).toEqual([]);
        });

        it("advises against a proxy in front of Vercel", () => {
            const violations = stackViolations(
                vercelProxied,
                mutated((r) =>
                    r.name === "edge-web" ? { ...r, props: { ...r.props, proxied: true } } : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                expect.stringMatching(
                    /^app\.example\.com is proxied in front of Vercel, which Vercel does not recommend/,
                ),
            ]);
        });
    });
});
