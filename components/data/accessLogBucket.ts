import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ABORT_INCOMPLETE_UPLOAD_DAYS,
    ACCESS_LOG_DELIVERY_PRINCIPAL,
    ACCESS_LOG_ENCRYPTION,
    ACCESS_LOG_NONCURRENT_DAYS,
    ACCESS_LOG_RETENTION_DAYS,
    elbLogDeliveryPrincipal,
} from "../../model/rules";
import { denyInsecureTransport, lockDownBucket } from "./bucket";

export interface AccessLogBucketArgs {
    /** Days each log is kept before it expires. Default `ACCESS_LOG_RETENTION_DAYS` (395). */
    readonly retentionDays?: number;
    /** Days a deleted or expired log stays recoverable. Default `ACCESS_LOG_NONCURRENT_DAYS` (30). */
    readonly noncurrentVersionDays?: number;
    /** Protect the bucket from deletion (production). */
    readonly protect: boolean;
}

/** A bucket whose server access logs go to the log bucket, under its own prefix. */
export interface AccessLogSource {
    /** The source bucket's ARN: the only bucket whose log delivery may write under `prefix`. */
    readonly bucketArn: pulumi.Input<string>;
    /** The key prefix its `aws.s3.BucketLogging` writes under, ending in `/`. */
    readonly prefix: string;
}

/**
 * The stack's access-log bucket, built as S3 server access logging requires of a target: same account and
 * region as its sources, delivery granted to `logging.s3.amazonaws.com` by bucket policy (scoped to each
 * source bucket and its prefix, and to this account; no ACLs, so objects are owner-enforced), SSE-S3
 * encryption (log delivery cannot write into an SSE-KMS default), all public access blocked, versioned,
 * logs expiring after `retentionDays`, protected in production. It does not log into itself.
 *
 * The delivery policy names the source buckets, which exist only after this bucket (their logging names
 * it): call `allowDeliveryFrom` once, after the sources are built.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    private readonly bucket: aws.s3.Bucket;
    private readonly resourceName: string;
    private delivery?: aws.s3.BucketPolicy;

    constructor(
        name: string,
        args: AccessLogBucketArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const retentionDays = args.retentionDays ?? ACCESS_LOG_RETENTION_DAYS;
        const noncurrentVersionDays = args.noncurrentVersionDays ?? ACCESS_LOG_NONCURRENT_DAYS;
        super(
            "opsbook:index:AccessLogBucket",
            name,
            { retentionDays, noncurrentVersionDays, production: args.protect },
            opts,
        );
        this.resourceName = name;
        const parent = { parent: this };
        const bucket = new aws.s3.Bucket(
            name,
            { forceDestroy: false, tags: { "opsbook:purpose": "access-logs" } },
            { parent: this, protect: args.protect },
        );
        this.bucket = bucket;
        // Log delivery is granted by bucket policy; with ACLs disabled the bucket owns every log object.
        lockDownBucket(name, bucket.id, this);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: ACCESS_LOG_ENCRYPTION } },
                ],
            },
            parent,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: noncurrentVersionDays },
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS,
                        },
                    },
                    {
                        // S3 refuses `expiredObjectDeleteMarker` beside `days` in one rule.
                        id: "remove-expired-delete-markers",
                        status: "Enabled",
                        filter: {},
                        expiration: { expiredObjectDeleteMarker: true },
                    },
                ],
            },
            parent,
        );
        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }

    /**
     * The bucket policy: TLS only, and log delivery from each source bucket into its own prefix, from this
     * account only (`aws:SourceArn`, `aws:SourceAccount`). Call once, with every source.
     */
    public allowDeliveryFrom(
        sources: readonly AccessLogSource[],
        loadBalancerPrefixes: readonly string[] = [],
    ): aws.s3.BucketPolicy {
        if (this.delivery) {
            throw new pulumi.RunError(
                `${this.resourceName}: allowDeliveryFrom was called twice; pass every source bucket at once`,
            );
        }
        const parent = { parent: this };
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const region = aws.getRegionOutput({}, parent).region;
        const bucket = this.bucket;
        this.delivery = new aws.s3.BucketPolicy(
            `${this.resourceName}-policy`,
            {
                bucket: bucket.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        denyInsecureTransport(bucket),
                        ...sources.map(
                            (source): aws.iam.PolicyStatement => ({
                                Sid: `S3ServerAccessLogs${source.prefix.replace(/[^A-Za-z0-9]/g, "")}`,
                                Effect: "Allow",
                                Principal: { Service: ACCESS_LOG_DELIVERY_PRINCIPAL },
                                Action: "s3:PutObject",
                                Resource: pulumi.interpolate`${bucket.arn}/${source.prefix}*`,
                                Condition: {
                                    ArnLike: { "aws:SourceArn": source.bucketArn },
                                    StringEquals: { "aws:SourceAccount": account },
                                },
                            }),
                        ),
                        // ALB access logs: the region's ELB delivery principal may write only this
                        // account's logs under each load balancer's prefix (ELB user guide, "Enable access
                        // logs for your Application Load Balancer", step 2). SSE-S3 is the only
                        // encryption ELB delivery supports, as for S3's own logs.
                        ...loadBalancerPrefixes.map(
                            (prefix): aws.iam.PolicyStatement => ({
                                Sid: `ElbAccessLogs${prefix.replace(/[^A-Za-z0-9]/g, "")}`,
                                Effect: "Allow",
                                Principal: region.apply(elbLogDeliveryPrincipal),
                                Action: "s3:PutObject",
                                Resource: pulumi.interpolate`${bucket.arn}/${prefix}/AWSLogs/${account}/*`,
                            }),
                        ),
                    ],
                },
            },
            parent,
        );
        return this.delivery;
    }
}
