import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ALERT_RULES,
    HEALTH_CHECK_FAILURE_THRESHOLD,
    HEALTH_CHECK_INTERVAL_SECONDS,
} from "../../model/rules";

/** Route53 health checks publish their metrics in us-east-1 only; their alarms live there too. */
export const HEALTH_CHECK_REGION = "us-east-1";

export interface HealthCheckArgs {
    /** The public hostname and the health path. */
    readonly domain: string;
    readonly healthPath: string;
    /** The critical topic in us-east-1: an alarm can only notify a topic in its own region. */
    readonly criticalTopicArn: pulumi.Input<string>;
    /** The service is paused: the check is disabled and its alarm silenced (both kept). Default false. */
    readonly paused?: boolean;
}

/**
 * An external health check on a public service's health path: Route53 probes it from several regions
 * every 30 s and fails after 3 misses; a CloudWatch alarm on its status pages on-call (critical), and says
 * so again when it recovers.
 */
export class HealthCheck extends pulumi.ComponentResource {
    public readonly healthCheckId: pulumi.Output<string>;

    constructor(name: string, args: HealthCheckArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(
            "opsbook:index:HealthCheck",
            name,
            { domain: args.domain, healthPath: args.healthPath },
            opts,
        );
        const check = new aws.route53.HealthCheck(
            name,
            {
                type: "HTTPS",
                fqdn: args.domain,
                port: 443,
                resourcePath: args.healthPath,
                requestInterval: HEALTH_CHECK_INTERVAL_SECONDS,
                failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
                measureLatency: true,
                ...(args.paused ? { disabled: true } : {}),
                tags: { Name: `${args.domain}${args.healthPath}` },
            },
            { parent: this },
        );
        const rule = ALERT_RULES["health-check"];
        new aws.cloudwatch.MetricAlarm(
            `${name}-alarm`,
            {
                region: HEALTH_CHECK_REGION,
                alarmDescription: `${args.domain}${args.healthPath} is failing its health check: page on-call`,
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: check.id },
                statistic: "Minimum",
                period: 60,
                evaluationPeriods: rule.minutes,
                comparisonOperator: "LessThanThreshold",
                threshold: rule.threshold,
                // No data means no probe result: treat it as down.
                treatMissingData: "breaching",
                alarmActions: [args.criticalTopicArn],
                okActions: [args.criticalTopicArn],
                ...(args.paused ? { actionsEnabled: false } : {}),
                tags: { "opsbook:rule": "health-check", "opsbook:severity": rule.severity },
            },
            { parent: this },
        );
        this.healthCheckId = check.id;
        this.registerOutputs({ healthCheckId: this.healthCheckId });
    }
}
