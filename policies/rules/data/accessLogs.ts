import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { bucketNamedBy, isLogBucket, ofType, peek } from "./stack";
import { TYPES } from "../types";

/** Where one bucket logs: the target bucket if it is in the stack, else the name its logging gives. */
interface Logging {
    readonly logging: PolicyResource;
    readonly target: PolicyResource | undefined;
    readonly targetName: string | undefined;
}

/**
 * Every S3 bucket except the access-log bucket writes server access logs into the stack's log bucket, so
 * an incident can tell who read, wrote or deleted which object. Decided from parents and property
 * dependencies, never from ids: a first `pulumi preview` knows no bucket's id.
 */
export const accessLogs: StackValidationPolicy = {
    name: "opsbook-data-access-logs",
    description:
        "Every S3 bucket except the access-log bucket has server access logging (aws.s3.BucketLogging) into the stack's access-log bucket, never into itself.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const loggings = new Map<string, Logging[]>();
        for (const logging of ofType(args.resources, TYPES.aws.s3.BucketLogging)) {
            const source = bucketNamedBy(logging, "bucket", args.resources, true);
            if (!source) {
                reportViolation(
                    `${logging.name}: the bucket it configures cannot be determined; pass the bucket's \`id\` from the same program.`,
                    logging.urn,
                );
                continue;
            }
            const target = bucketNamedBy(logging, "targetBucket", args.resources);
            const value = peek(() => logging.props.targetBucket as unknown);
            loggings.set(source.urn, [
                ...(loggings.get(source.urn) ?? []),
                { logging, target, targetName: typeof value === "string" ? value : undefined },
            ]);
        }
        const logBuckets = ofType(args.resources, TYPES.aws.s3.Bucket).filter(isLogBucket);
        for (const bucket of ofType(args.resources, TYPES.aws.s3.Bucket)) {
            if (isLogBucket(bucket)) continue;
            const found = loggings.get(bucket.urn) ?? [];
            if (found.length === 0) {
                reportViolation(
                    `${bucket.name}: has no access logging; after an incident nobody could tell who read, wrote or deleted its objects. Expected an aws.s3.BucketLogging into the stack's access-log bucket${logBuckets.length === 0 ? " (the stack has none)" : ""}.`,
                    bucket.urn,
                );
                continue;
            }
            for (const { target, targetName } of found) {
                if (target?.urn === bucket.urn) {
                    reportViolation(
                        `${bucket.name}: logs into itself; every log delivery would write another logged object, and the trail would sit beside the data it audits. Expected the stack's access-log bucket.`,
                        bucket.urn,
                    );
                } else if (!target || !isLogBucket(target)) {
                    const where =
                        target?.name ?? targetName ?? "a bucket that cannot be determined";
                    reportViolation(
                        `${bucket.name}: logs into ${where}, which is not the stack's access-log bucket; expected ${logBuckets.map((b) => b.name).join(" or ") || "an AccessLogBucket"}.`,
                        bucket.urn,
                    );
                }
            }
        }
    },
};
