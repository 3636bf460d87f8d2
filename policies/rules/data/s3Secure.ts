import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { childrenOf, ofType, stackEnvironment } from "./stack";
import { TYPES } from "../types";

/**
 * The bucket's configuration resources: siblings under the same component (their `bucket` input is unknown
 * in a preview of a new bucket), or, for a bucket outside a component, those naming it.
 */
function configurationOf(
    bucket: PolicyResource,
    resources: readonly PolicyResource[],
    stackUrn: string | undefined,
) {
    const parent = bucket.parent?.urn;
    const related =
        parent && parent !== stackUrn
            ? childrenOf(resources, parent)
            : resources.filter(
                  (r) => r.type.startsWith("aws:s3/") && r.props.bucket === bucket.props.bucket,
              );
    return (type: string) => related.find((r) => r.type === type);
}

/** Every S3 bucket is versioned, blocks public access, is encrypted, and is protected in production. */
export const s3Secure: StackValidationPolicy = {
    name: "opsbook-data-s3-secure",
    description:
        "Every S3 bucket is versioned, blocks all public access, is encrypted, and is protected in production.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // Rule deletionProtection (always in production): buckets hold data Pulumi must not delete.
        const production = stackEnvironment(args.resources).rules.deletionProtection;
        const stackUrn = args.resources.find((r) => r.type === TYPES.pulumi.Stack)?.urn;
        for (const bucket of ofType(args.resources, TYPES.aws.s3.Bucket)) {
            const find = configurationOf(bucket, args.resources, stackUrn);
            const versioning = find(TYPES.aws.s3.BucketVersioning);
            if (versioning?.props.versioningConfiguration?.status !== "Enabled") {
                reportViolation(
                    `${bucket.name}: versioning is not enabled; an overwritten or deleted object would be lost.`,
                    bucket.urn,
                );
            }
            const block = find(TYPES.aws.s3.BucketPublicAccessBlock);
            const flags = [
                "blockPublicAcls",
                "blockPublicPolicy",
                "ignorePublicAcls",
                "restrictPublicBuckets",
            ];
            if (!block || flags.some((flag) => block.props[flag] !== true)) {
                reportViolation(
                    `${bucket.name}: public access is not fully blocked; expected all of ${flags.join(", ")}.`,
                    bucket.urn,
                );
            }
            if (!find(TYPES.aws.s3.BucketServerSideEncryptionConfiguration)) {
                reportViolation(
                    `${bucket.name}: has no server-side encryption configuration.`,
                    bucket.urn,
                );
            }
            if (production && bucket.opts.protect !== true) {
                reportViolation(
                    `${bucket.name}: is not protected in production; Pulumi could delete it.`,
                    bucket.urn,
                );
            }
        }
    },
};
