import { StackValidationPolicy } from "@pulumi/policy";
import { CLOUDFLARE_RATE_LIMITS, CloudflarePlan } from "../../../model/rules";
import { ofType } from "../data/stack";
import { TYPES } from "../types";

interface RulesetRule {
    enabled?: boolean;
    expression?: string;
    ratelimit?: { requestsPerPeriod?: number; period?: number; mitigationTimeout?: number };
}

/** Every zone that serves a public service limits requests per client at the edge. */
export const rateLimit: StackValidationPolicy = {
    name: "opsbook-edge-rate-limit",
    description:
        "Every zone with proxied records has an enabled rate-limiting rule that its Cloudflare plan can run.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // A tenant's records are limited by its zone owner's ruleset, which only `plan --all` sees
        // (`tools/planAll.ts` checks that the owner carries the tenant).
        const tenantEdges = new Set(
            ofType(args.resources, TYPES.opsbook.Edge)
                .filter((e) => e.props.zoneRole === "tenant")
                .map((e) => e.urn),
        );
        const zones = new Set(
            ofType(args.resources, TYPES.cloudflare.DnsRecord)
                .filter((r) => r.props.proxied === true && !tenantEdges.has(r.parent?.urn ?? ""))
                .map((r) => String(r.props.zoneId)),
        );
        const limited = new Set(
            ofType(args.resources, TYPES.cloudflare.Ruleset)
                .filter(
                    (r) =>
                        r.props.phase === "http_ratelimit" &&
                        ((r.props.rules ?? []) as RulesetRule[]).some(
                            (rule) => rule.enabled !== false && rule.ratelimit?.requestsPerPeriod,
                        ),
                )
                .map((r) => String(r.props.zoneId)),
        );
        // A rule its zone's plan cannot run fails at the Cloudflare API, after a preview that said nothing.
        for (const edge of ofType(args.resources, TYPES.opsbook.Edge)) {
            const plan = edge.props.plan as CloudflarePlan;
            const limits = CLOUDFLARE_RATE_LIMITS[plan];
            if (!limits) continue;
            const rulesets = ofType(args.resources, TYPES.cloudflare.Ruleset).filter(
                (r) => r.parent?.urn === edge.urn && r.props.phase === "http_ratelimit",
            );
            for (const ruleset of rulesets) {
                for (const rule of (ruleset.props.rules ?? []) as RulesetRule[]) {
                    const period = Number(rule.ratelimit?.period);
                    const timeout = Number(rule.ratelimit?.mitigationTimeout);
                    if (period > limits.maxPeriodSeconds || timeout > limits.maxMitigationSeconds) {
                        reportViolation(
                            `${ruleset.name}: a ${period} s period and ${timeout} s timeout exceed the ${plan} plan (at most ${limits.maxPeriodSeconds} s and ${limits.maxMitigationSeconds} s).`,
                            ruleset.urn,
                        );
                    }
                    if (!limits.hostField && /http\.host/.test(rule.expression ?? "")) {
                        reportViolation(
                            `${ruleset.name}: matches http.host, which the ${plan} plan does not allow (path only).`,
                            ruleset.urn,
                        );
                    }
                }
            }
        }
        for (const zone of zones) {
            if (!limited.has(zone)) {
                const record = ofType(args.resources, TYPES.cloudflare.DnsRecord).find(
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
