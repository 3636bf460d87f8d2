import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { childrenOf, ofType, peek, UNKNOWN } from "../data/stack";
import { TYPES } from "../types";

const described = (value: unknown) =>
    value === UNKNOWN || (typeof value === "string" && value.trim() !== "");

/** The security group a rule belongs to, by where its `securityGroupId` came from. */
const groupOf = (rule: PolicyResource) =>
    (rule.propertyDependencies?.securityGroupId ?? []).find(
        (r) => r.type === TYPES.aws.ec2.SecurityGroup,
    );

/**
 * Every security-group rule says what it is for (a `description`), so a reviewer can tell a rule that
 * must stay from one left over; and a load balancer's group sends only to its targets' security group on
 * the target group's port (requests and health checks), never to the internet.
 */
export const securityGroupRules: StackValidationPolicy = {
    name: "opsbook-services-security-group-rules",
    description:
        "Every security-group rule has a description; a load balancer's egress goes only to its targets' security group on the target port.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const rule of [
            ...ofType(args.resources, TYPES.aws.vpc.SecurityGroupIngressRule),
            ...ofType(args.resources, TYPES.aws.vpc.SecurityGroupEgressRule),
            ...ofType(args.resources, TYPES.aws.ec2.SecurityGroupRule),
        ]) {
            if (!described(peek(() => rule.props.description as unknown)))
                reportViolation(
                    `${rule.name}: has no description; say what the rule admits and why.`,
                    rule.urn,
                );
        }
        for (const group of ofType(args.resources, TYPES.aws.ec2.SecurityGroup)) {
            for (const direction of ["ingress", "egress"] as const) {
                const inline = peek(() => group.props[direction] as unknown);
                if (!Array.isArray(inline)) continue;
                inline.forEach((r, index) => {
                    if (!described(peek(() => (r as { description?: unknown }).description)))
                        reportViolation(
                            `${group.name}: inline ${direction} rule ${index} has no description.`,
                            group.urn,
                        );
                });
            }
        }
        for (const rule of ofType(args.resources, TYPES.aws.vpc.SecurityGroupEgressRule)) {
            const group = groupOf(rule);
            if (group?.parent?.type !== TYPES.opsbook.PublicLoadBalancer) continue;
            const report = (message: string) =>
                reportViolation(`${rule.name}: ${message}`, rule.urn);
            const target = childrenOf(args.resources, group.parent.urn).find(
                (r) => r.type === TYPES.aws.lb.TargetGroup,
            );
            const port = target ? peek(() => target.props.port as unknown) : undefined;
            const read = (key: string) => peek(() => rule.props[key] as unknown);
            const open = ["cidrIpv4", "cidrIpv6", "prefixListId"].filter(
                (key) => read(key) !== undefined,
            );
            if (open.length > 0 || read("referencedSecurityGroupId") === undefined) {
                report(
                    `the load balancer's egress goes to ${open.map((k) => `${k} ${String(read(k))}`).join(", ") || "no security group"}; it talks to its targets only: reference their security group.`,
                );
            }
            const protocol = read("ipProtocol");
            const from = read("fromPort");
            const to = read("toPort");
            if (port !== UNKNOWN && (protocol !== "tcp" || from !== port || to !== port)) {
                report(
                    `the load balancer's egress allows ${String(protocol)} ${String(from)}-${String(to)}; its targets listen on tcp ${String(port)} only.`,
                );
            }
        }
    },
};
