import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel } from "../../model/data";
import { ALERT_RULES, Severity } from "../../model/rules";
import { MetricQuery, ruleAlarm } from "./alarm";

const GIB = 1024 ** 3;

export interface DatabaseAlarmsArgs {
    readonly database: DatabaseModel;
    /** The RDS instance's identifier (the CloudWatch dimension). */
    readonly instanceIdentifier: pulumi.Input<string>;
    readonly topicArns: Readonly<Record<Severity, pulumi.Input<string>>>;
}

/** A metric as a percentage of a fixed capacity, by metric math. */
function percentOf(
    metricName: string,
    capacity: number,
    dimensions: Record<string, pulumi.Input<string>>,
    stat: string,
): MetricQuery[] {
    return [
        { id: "m", metric: { namespace: "AWS/RDS", metricName, dimensions, stat, period: 60 } },
        {
            id: "percent",
            expression: `100 * m / ${capacity}`,
            label: `${metricName} (% of ${capacity})`,
            returnData: true,
        },
    ];
}

/**
 * The runbooks' database alarms: free storage under 15% warns and under 10% pages ("disk > 85% → alert,
 * > 90% → page"), connections over 80% of the maximum warn, CPU over 80% warns.
 */
export class DatabaseAlarms extends pulumi.ComponentResource {
    public readonly alarmNames: pulumi.Output<string>[];

    constructor(
        name: string,
        args: DatabaseAlarmsArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:DatabaseAlarms", name, { database: args.database.name }, opts);
        const db = args.database;
        const dimensions = { DBInstanceIdentifier: args.instanceIdentifier };
        // Storage autoscaling grows the volume past its first size; percentages of it are the earliest warning.
        const storageBytes = (db.rds?.storageGb ?? 0) * GIB;
        const topicArns = args.topicArns;
        const alarms = [];
        for (const rule of ["rds-free-storage-warning", "rds-free-storage-critical"] as const) {
            alarms.push(
                ruleAlarm(
                    `${name}-${rule}`,
                    {
                        rule,
                        threshold: ALERT_RULES[rule].threshold,
                        description: `${db.dbName}: free storage under ${ALERT_RULES[rule].threshold}%`,
                        metric: {
                            queries: percentOf(
                                "FreeStorageSpace",
                                storageBytes,
                                dimensions,
                                "Minimum",
                            ),
                        },
                        treatMissingData: "breaching",
                        topicArns,
                    },
                    this,
                ),
            );
        }
        alarms.push(
            ruleAlarm(
                `${name}-rds-connections`,
                {
                    rule: "rds-connections",
                    threshold: ALERT_RULES["rds-connections"].threshold,
                    description: `${db.dbName}: connections over ${ALERT_RULES["rds-connections"].threshold}% of ${db.connectionLimits.max}`,
                    metric: {
                        queries: percentOf(
                            "DatabaseConnections",
                            db.connectionLimits.max,
                            dimensions,
                            "Maximum",
                        ),
                    },
                    treatMissingData: "breaching",
                    topicArns,
                },
                this,
            ),
        );
        alarms.push(
            ruleAlarm(
                `${name}-rds-cpu`,
                {
                    rule: "rds-cpu",
                    threshold: ALERT_RULES["rds-cpu"].threshold,
                    description: `${db.dbName}: CPU over ${ALERT_RULES["rds-cpu"].threshold}%`,
                    metric: {
                        namespace: "AWS/RDS",
                        metricName: "CPUUtilization",
                        dimensions,
                        statistic: "Average",
                    },
                    treatMissingData: "breaching",
                    topicArns,
                },
                this,
            ),
        );
        this.alarmNames = alarms.map((alarm) => alarm.name);
        this.registerOutputs({ alarmNames: this.alarmNames });
    }
}
