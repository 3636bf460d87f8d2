import { StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../data/stack";

interface RulesetRule {
    enabled?: boolean;
    ratelimit?: { requestsPerPeriod?: number; period?: number };
}

/** Every zone that serves a public service limits requests per client at the edge. */
export const rateLimit: StackValidationPolicy = {
    name: "opsbook-edge-rate-limit",
    description: "Every public Cloudflare zone has an enabled rate-limiting rule.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const zones = new Set(
            ofType(args.resources, "cloudflare:index/dnsRecord:DnsRecord")
                .filter((r) => r.props.proxied === true)
                .map((r) => String(r.props.zoneId)),
        );
        const limited = new Set(
            ofType(args.resources, "cloudflare:index/ruleset:Ruleset")
                .filter(
                    (r) =>
                        r.props.phase === "http_ratelimit" &&
                        ((r.props.rules ?? []) as RulesetRule[]).some(
                            (rule) => rule.enabled !== false && rule.ratelimit?.requestsPerPeriod,
                        ),
                )
                .map((r) => String(r.props.zoneId)),
        );
        for (const zone of zones) {
            if (!limited.has(zone)) {
                const record = ofType(args.resources, "cloudflare:index/dnsRecord:DnsRecord").find(
                    (r) => String(r.props.zoneId) === zone,
                );
                reportViolation(
                    `zone ${zone}: serves public records but has no rate-limiting rule; set opsbook:system.dns.rateLimitPerMinute.`,
                    record?.urn,
                );
            }
        }
    },
};
