import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { HEALTH_CHECK_FAILURE_THRESHOLD } from "../../../model/rules";
import { ofType, stackEnvironment } from "../data/stack";
import { TYPES } from "../types";

/** Public hostnames of the stack: proxied DNS records, Vercel domains and load balancers' domains. */
function publicDomains(resources: readonly PolicyResource[]): Map<string, PolicyResource> {
    const domains = new Map<string, PolicyResource>();
    for (const r of ofType(resources, TYPES.cloudflare.DnsRecord))
        if (r.props.proxied === true) domains.set(String(r.props.name), r);
    for (const r of ofType(resources, TYPES.vercel.ProjectDomain))
        domains.set(String(r.props.domain), r);
    for (const r of ofType(resources, TYPES.opsbook.PublicLoadBalancer))
        domains.set(String(r.props.domain), r);
    return domains;
}

/** Every public HTTP service has an external health check (3 failures) whose alarm pages the critical topic. */
export const healthChecked: StackValidationPolicy = {
    name: "opsbook-alerts-health-check",
    description:
        "Where the environment's rules say (production), every public HTTP service has a health check on its health path whose alarm routes to critical.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // Rule healthChecks: always in production; staging or development may go without.
        if (!stackEnvironment(args.resources).rules.healthChecks) return;
        const checks = ofType(args.resources, TYPES.aws.route53.HealthCheck);
        const alarms = ofType(args.resources, TYPES.aws.cloudwatch.MetricAlarm);
        const criticalTopics = ofType(args.resources, TYPES.aws.sns.Topic).filter(
            (t) => t.props.tags?.["opsbook:severity"] === "critical",
        );
        for (const [domain, source] of publicDomains(args.resources)) {
            const check = checks.find((c) => c.props.fqdn === domain);
            if (!check) {
                reportViolation(
                    `${domain}: is public but has no health check; give its service a healthPath.`,
                    source.urn,
                );
                continue;
            }
            if (
                !check.props.resourcePath ||
                Number(check.props.failureThreshold) > HEALTH_CHECK_FAILURE_THRESHOLD
            ) {
                reportViolation(
                    `${domain}: its health check must call the health path and fail after at most ${HEALTH_CHECK_FAILURE_THRESHOLD} misses.`,
                    check.urn,
                );
            }
            // Topic ARNs are unknown until the topics exist: the route is read from the alarm's rule and severity,
            // which opsbook-alerts-thresholds holds to the rule, and its actions, which must not be empty.
            const alarm = alarms.find(
                (a) =>
                    a.props.metricName === "HealthCheckStatus" &&
                    a.parent?.urn === check.parent?.urn,
            );
            const routed =
                alarm?.props.tags?.["opsbook:rule"] === "health-check" &&
                alarm.props.tags?.["opsbook:severity"] === "critical" &&
                ((alarm.props.alarmActions ?? []) as unknown[]).length > 0 &&
                criticalTopics.length > 0;
            if (!routed) {
                reportViolation(
                    `${domain}: its health check has no alarm routed to the critical topic.`,
                    check.urn,
                );
            }
        }
    },
};
