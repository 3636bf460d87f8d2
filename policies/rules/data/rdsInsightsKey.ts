import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofType, peek, UNKNOWN } from "./stack";
import { TYPES } from "../types";

/** The KMS keys a property's value came from (known in a first preview, when the ARNs are not). */
const keysOf = (r: PolicyResource, property: string) =>
    [
        ...new Set(
            (r.propertyDependencies?.[property] ?? []).filter((d) => d.type === TYPES.aws.kms.Key),
        ),
    ].map((k) => k.urn);

/**
 * Performance Insights is encrypted with the database's own key, not the AWS-managed `aws/rds`: query
 * digests can carry SQL literals, and the database key's policy is the one place that decides who reads
 * the database's data. Judged by the key the two values came from, so a first preview is judged too.
 */
export const rdsInsightsKey: StackValidationPolicy = {
    name: "opsbook-data-rds-insights-key",
    description:
        "RDS Performance Insights is encrypted with the database's own KMS key (performanceInsightsKmsKeyId = kmsKeyId).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const instance of ofType(args.resources, TYPES.aws.rds.Instance)) {
            if (peek(() => instance.props.performanceInsightsEnabled as unknown) !== true) continue;
            const insights = peek(() => instance.props.performanceInsightsKmsKeyId as unknown);
            const storage = peek(() => instance.props.kmsKeyId as unknown);
            if (insights === undefined || insights === "") {
                reportViolation(
                    `${instance.name}: Performance Insights uses the AWS-managed aws/rds key; set performanceInsightsKmsKeyId to the database's own key (kmsKeyId). Query digests can carry SQL literals.`,
                    instance.urn,
                );
                continue;
            }
            const same =
                insights !== UNKNOWN && storage !== UNKNOWN
                    ? insights === storage
                    : (() => {
                          const a = keysOf(instance, "performanceInsightsKmsKeyId");
                          const b = keysOf(instance, "kmsKeyId");
                          return a.length === 1 && b.length === 1 && a[0] === b[0];
                      })();
            if (!same) {
                reportViolation(
                    `${instance.name}: Performance Insights is encrypted with another key than the database's; use kmsKeyId's key for both.`,
                    instance.urn,
                );
            }
        }
    },
};
