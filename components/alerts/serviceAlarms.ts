import * as pulumi from "@pulumi/pulumi";
import { Severity } from "../../model/rules";
import { ServiceModel } from "../../model/services";
import { MetricQuery, ruleAlarm } from "./alarm";

export interface ServiceAlarmsArgs {
    readonly service: ServiceModel;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** HTTP services: the load balancer's and target group's CloudWatch dimensions. */
    readonly loadBalancer?: {
        readonly arnSuffix: pulumi.Input<string>;
        readonly targetGroupArnSuffix: pulumi.Input<string>;
    };
    readonly topicArns: Readonly<Record<Severity, pulumi.Input<string>>>;
}

/** The 5xx rate in percent of requests, as metric math (no requests: 0%). */
function errorRate(dimensions: Record<string, pulumi.Input<string>>): MetricQuery[] {
    const metric = (id: string, metricName: string): MetricQuery => ({
        id,
        metric: {
            namespace: "AWS/ApplicationELB",
            metricName,
            dimensions,
            stat: "Sum",
            period: 60,
        },
    });
    return [
        metric("errors", "HTTPCode_Target_5XX_Count"),
        metric("requests", "RequestCount"),
        {
            id: "rate",
            expression: "IF(requests > 0, 100 * errors / requests, 0)",
            label: "5xx rate (%)",
            returnData: true,
        },
    ];
}

/**
 * The runbooks' service alarms: 5xx rate over 5% for 5 minutes pages, over 1% warns; p95 over 1 s and p99
 * over 2 s warn; CPU over 70% and memory over 80% warn. Thresholds are the service's (rules or stricter).
 */
export class ServiceAlarms extends pulumi.ComponentResource {
    public readonly alarmCount: number;

    constructor(name: string, args: ServiceAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:ServiceAlarms", name, { service: args.service.name }, opts);
        const t = args.service.thresholds;
        const topicArns = args.topicArns;
        let count = 0;
        const alarm = (
            suffix: string,
            spec: Omit<Parameters<typeof ruleAlarm>[1], "topicArns">,
        ) => {
            ruleAlarm(
                `${name}-${suffix}`,
                {
                    ...spec,
                    topicArns,
                    silenced: args.service.paused,
                    waiver: args.service.waivers[spec.rule],
                },
                this,
            );
            count++;
        };
        if (args.loadBalancer) {
            const lb = {
                LoadBalancer: args.loadBalancer.arnSuffix,
                TargetGroup: args.loadBalancer.targetGroupArnSuffix,
            };
            const svc = args.service.name;
            alarm("error-rate-critical", {
                rule: "error-rate-critical",
                threshold: t["error-rate-critical"],
                description: `${svc}: 5xx rate over ${t["error-rate-critical"]}%`,
                metric: { queries: errorRate(lb) },
                treatMissingData: "notBreaching",
            });
            alarm("error-rate-warning", {
                rule: "error-rate-warning",
                threshold: t["error-rate-warning"],
                description: `${svc}: 5xx rate over ${t["error-rate-warning"]}%`,
                metric: { queries: errorRate(lb) },
                treatMissingData: "notBreaching",
            });
            for (const [rule, statistic] of [
                ["latency-p95", "p95"],
                ["latency-p99", "p99"],
            ] as const) {
                alarm(rule, {
                    rule,
                    threshold: t[rule],
                    description: `${svc}: ${statistic} response time over ${t[rule]} s`,
                    metric: {
                        namespace: "AWS/ApplicationELB",
                        metricName: "TargetResponseTime",
                        dimensions: lb,
                        extendedStatistic: statistic,
                    },
                    treatMissingData: "notBreaching",
                });
            }
        }
        const ecs = { ClusterName: args.clusterName, ServiceName: args.serviceName };
        for (const [rule, metricName] of [
            ["ecs-cpu", "CPUUtilization"],
            ["ecs-memory", "MemoryUtilization"],
        ] as const) {
            alarm(rule, {
                rule,
                threshold: t[rule],
                description: `${args.service.name}: ${metricName} over ${t[rule]}%`,
                metric: { namespace: "AWS/ECS", metricName, dimensions: ecs, statistic: "Average" },
                // A service that stops reporting is caught by its health check and task alarms.
                treatMissingData: "notBreaching",
            });
        }
        this.alarmCount = count;
        this.registerOutputs({ alarmCount: this.alarmCount });
    }
}
