import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ORIGIN_SECRET_HEADER } from "../../../model/rules";
import { ofType, peek } from "../data/stack";
import { TYPES } from "../types";

interface Condition {
    httpHeader?: { httpHeaderName?: string; values?: unknown[] };
}

/** Whether `resource`'s input `key` came from `source` (the engine sends this even when ids are unknown). */
const dependsOn = (resource: PolicyResource, key: string, source: PolicyResource) =>
    (resource.propertyDependencies?.[key] ?? []).some((dep) => dep.urn === source.urn);

/**
 * A load balancer behind a proxied Cloudflare record admits only the edge: no ingress open to the world,
 * and its HTTPS listener forwards only requests carrying the origin secret. Otherwise anyone who learns
 * its DNS name skips the rate limit and every Cloudflare protection. Decided from parents and property
 * dependencies, so it holds in a first preview, when no id is known.
 */
export const originLocked: StackValidationPolicy = {
    name: "opsbook-edge-origin-locked",
    description:
        "A public load balancer behind a proxied record admits only Cloudflare and requests with the origin secret.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const proxied = new Set(
            ofType(args.resources, TYPES.cloudflare.DnsRecord)
                .filter((r) => r.props.proxied === true)
                .map((r) => String(r.props.name)),
        );
        for (const lb of ofType(args.resources, TYPES.opsbook.PublicLoadBalancer)) {
            const domain = String(lb.props.domain);
            if (!proxied.has(domain)) continue;
            const children = args.resources.filter((r) => r.parent?.urn === lb.urn);
            const groups = ofType(children, TYPES.aws.ec2.SecurityGroup);
            const ingress = ofType(args.resources, TYPES.aws.vpc.SecurityGroupIngressRule).filter(
                (rule) =>
                    rule.parent?.urn === lb.urn ||
                    groups.some((group) => dependsOn(rule, "securityGroupId", group)),
            );
            for (const rule of ingress) {
                const open =
                    rule.props.cidrIpv4 === "0.0.0.0/0"
                        ? "0.0.0.0/0"
                        : rule.props.cidrIpv6 === "::/0"
                          ? "::/0"
                          : undefined;
                if (open) {
                    reportViolation(
                        `${domain}: ${rule.name} admits ${open} on port ${rule.props.fromPort}, beside the proxied record; admit Cloudflare's ranges only (the edge-origin prefix lists).`,
                        rule.urn,
                    );
                }
            }
            const https = ofType(children, TYPES.aws.lb.Listener).find(
                (l) => Number(l.props.port) === 443,
            );
            const defaults = (https?.props.defaultActions ?? []) as { type?: string }[];
            if (!https || defaults.some((action) => action.type === "forward")) {
                reportViolation(
                    `${domain}: its HTTPS listener forwards every request; answer a fixed 403 by default and forward only requests with ${ORIGIN_SECRET_HEADER}.`,
                    https?.urn ?? lb.urn,
                );
            }
            // The conditions carry the accepted secrets: unknown in a first preview, and opaque where a
            // plan is re-judged from its redacted output. Read them when they can be read; otherwise the
            // component's own `edgeOnly` input (set by the program, known at preview) vouches for them.
            const headerGuard = (rule: PolicyResource): boolean => {
                const conditions = peek(() => rule.props.conditions);
                if (!Array.isArray(conditions)) return lb.props.edgeOnly === true;
                return (conditions as Condition[]).some(
                    (c) =>
                        peek(() => c.httpHeader?.httpHeaderName) === ORIGIN_SECRET_HEADER &&
                        (peek(() => c.httpHeader?.values?.length) ?? 0) !== 0,
                );
            };
            const guarded = ofType(children, TYPES.aws.lb.ListenerRule).some(headerGuard);
            if (!guarded) {
                reportViolation(
                    `${domain}: no listener rule forwards on ${ORIGIN_SECRET_HEADER}; requests through Cloudflare would get 403.`,
                    lb.urn,
                );
            }
        }
    },
};
