import { StackValidationPolicy } from "@pulumi/policy";
import { rdsLogGroupName } from "../../../model/rules";
import { ofType, peek, UNKNOWN } from "./stack";
import { TYPES } from "../types";

/**
 * Each log an RDS instance exports goes into a log group the program created before the instance
 * (`/aws/rds/instance/<identifier>/<log>`, with a retention): a group RDS creates itself never expires.
 * So the identifier is set, not generated at create, and the instance comes after its groups (its exports
 * named through them, or `dependsOn`).
 */
export const rdsLogGroups: StackValidationPolicy = {
    name: "opsbook-data-rds-log-groups",
    description:
        "Every log an RDS instance exports has its /aws/rds/instance/<id>/<log> log group, with a retention, created before the instance.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const groups = ofType(args.resources, TYPES.aws.cloudwatch.LogGroup);
        for (const instance of ofType(args.resources, TYPES.aws.rds.Instance)) {
            const report = (message: string) =>
                reportViolation(`${instance.name}: ${message}`, instance.urn);
            const exports = peek(() => instance.props.enabledCloudwatchLogsExports as unknown);
            if (exports === UNKNOWN || !Array.isArray(exports) || exports.length === 0) continue;
            const identifier = peek(() => instance.props.identifier as unknown);
            if (identifier === UNKNOWN) continue;
            if (typeof identifier !== "string" || identifier === "") {
                report(
                    "exports logs but its identifier is generated at create, so their log groups cannot exist before it and RDS creates them without expiry; set identifier.",
                );
                continue;
            }
            for (const log of exports.map(String)) {
                const name = rdsLogGroupName(identifier, log);
                const group = groups.find((g) => peek(() => g.props.name as unknown) === name);
                if (!group) {
                    report(
                        `exports ${log} into ${name}, which the program does not create; RDS would create it without expiry.`,
                    );
                    continue;
                }
                const retention = peek(() => group.props.retentionInDays as unknown);
                if (retention !== UNKNOWN && !(typeof retention === "number" && retention > 0))
                    report(`${name} has no retention; its logs would never expire.`);
                const after = [
                    ...instance.dependencies,
                    ...(instance.propertyDependencies?.enabledCloudwatchLogsExports ?? []),
                ];
                if (!after.some((d) => d.urn === group.urn))
                    report(
                        `is not created after ${group.name} (${name}); RDS could create the group first, and creating it then fails.`,
                    );
            }
        }
    },
};
