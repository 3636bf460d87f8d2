import { StackValidationPolicy } from "@pulumi/policy";
import {
    RDS_MONITORING_INTERVAL_SECONDS,
    RDS_MONITORING_POLICY_ARN,
    RDS_MONITORING_PRINCIPAL,
} from "../../../model/rules";
import { ofType, peek, stackEnvironment } from "./stack";
import { TYPES } from "../types";

const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Production databases have RDS Enhanced Monitoring every `RDS_MONITORING_INTERVAL_SECONDS` or finer,
 * through a role that RDS's monitoring service assumes and that carries the AWS managed
 * `AmazonRDSEnhancedMonitoringRole`: when CPU or connections page, the OS view (free memory, swap,
 * per-process CPU) is what tells a runaway query from memory pressure.
 */
export const rdsMonitoring: StackValidationPolicy = {
    name: "opsbook-data-rds-monitoring",
    description: `Production RDS instances have Enhanced Monitoring (interval ≤ ${RDS_MONITORING_INTERVAL_SECONDS} s) through a role trusted by ${RDS_MONITORING_PRINCIPAL} with AmazonRDSEnhancedMonitoringRole.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const { production } = stackEnvironment(args.resources);
        if (!production) return;
        for (const instance of ofType(args.resources, TYPES.aws.rds.Instance)) {
            const report = (message: string) =>
                reportViolation(`${instance.name}: ${message}`, instance.urn);
            const interval = peek(() => instance.props.monitoringInterval as unknown);
            if (
                typeof interval !== "number" ||
                interval <= 0 ||
                interval > RDS_MONITORING_INTERVAL_SECONDS
            ) {
                report(
                    `Enhanced Monitoring is ${interval ? `every ${String(interval)} s` : "off"} in production; set monitoringInterval: ${RDS_MONITORING_INTERVAL_SECONDS} (or finer) and monitoringRoleArn.`,
                );
                continue;
            }
            const roles = (instance.propertyDependencies?.monitoringRoleArn ?? []).filter(
                (r) => r.type === TYPES.aws.iam.Role,
            );
            const fit = roles.some((role) => {
                const trust = peek(() =>
                    JSON.stringify(
                        typeof role.props.assumeRolePolicy === "string"
                            ? JSON.parse(role.props.assumeRolePolicy)
                            : role.props.assumeRolePolicy,
                    ),
                );
                const attached = ofType(args.resources, TYPES.aws.iam.RolePolicyAttachment).some(
                    (a) =>
                        (a.propertyDependencies?.role ?? []).some((r) => r.urn === role.urn) &&
                        peek(() => a.props.policyArn as unknown) === RDS_MONITORING_POLICY_ARN,
                );
                const statements =
                    typeof trust === "string"
                        ? list((JSON.parse(trust) as { Statement?: unknown }).Statement)
                        : [];
                const trusted = statements.some((s) =>
                    list((s as { Principal?: { Service?: unknown } }).Principal?.Service).includes(
                        RDS_MONITORING_PRINCIPAL,
                    ),
                );
                return trusted && attached;
            });
            if (!fit) {
                report(
                    `its monitoringRoleArn is not a role of the stack trusted by ${RDS_MONITORING_PRINCIPAL} with ${RDS_MONITORING_POLICY_ARN} attached; RDS could not publish the OS metrics.`,
                );
            }
        }
    },
};
