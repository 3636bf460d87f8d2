import { StackValidationPolicy } from "@pulumi/policy";
import { BACKUP_BUCKET_KEEP_VERSIONS } from "../../../model/rules";
import { childrenOf, ofType } from "./stack";
import { TYPES } from "../types";

interface LifecycleRule {
    status?: string;
    noncurrentVersionExpiration?: { newerNoncurrentVersions?: number };
}

/** A backup bucket's lifecycle never expires a dump while fewer than N newer ones exist (Kolamba: the last 10). */
export const backupBucketVersions: StackValidationPolicy = {
    name: "opsbook-data-backup-bucket-versions",
    description: `Backup buckets keep at least the last ${BACKUP_BUCKET_KEEP_VERSIONS} versions of each dump.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const backupBuckets = ofType(args.resources, TYPES.opsbook.Bucket).filter(
            (b) => b.props.purpose === "backups" && b.props.provider === "s3",
        );
        for (const bucket of backupBuckets) {
            const lifecycle = ofType(
                childrenOf(args.resources, bucket.urn),
                TYPES.aws.s3.BucketLifecycleConfiguration,
            )[0];
            const rules = ((lifecycle?.props.rules ?? []) as LifecycleRule[]).filter(
                (r) => r.status === "Enabled" && r.noncurrentVersionExpiration,
            );
            const kept = rules.map(
                (r) => r.noncurrentVersionExpiration?.newerNoncurrentVersions ?? 0,
            );
            if (kept.length > 0 && Math.min(...kept) < BACKUP_BUCKET_KEEP_VERSIONS) {
                reportViolation(
                    `${bucket.name}: its lifecycle keeps only ${Math.min(...kept)} noncurrent versions; expected at least ${BACKUP_BUCKET_KEEP_VERSIONS}.`,
                    bucket.urn,
                );
            }
        }
    },
};
