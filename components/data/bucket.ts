import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import {
    ABORT_INCOMPLETE_UPLOAD_DAYS,
    ACCESS_LOG_PARTITION_DATE_SOURCE,
    DAY_MS,
} from "../../model/rules";

export interface BucketArgs {
    /** `s3` (AWS) or `r2` (Cloudflare). */
    readonly provider: "s3" | "r2";
    /** `uploads`, `assets` or `backups`; backups keep versions (s3) or a retention lock (r2). */
    readonly purpose: "uploads" | "assets" | "backups";
    /** Browser origins allowed to upload (CORS); default none. */
    readonly corsOrigins?: readonly string[];
    /** s3: days a noncurrent version is kept before it may expire. */
    readonly noncurrentVersionDays: number;
    /** s3: noncurrent versions always kept, however old (backups: the last N dumps). Default none. */
    readonly keepVersions?: number;
    /** r2 backups: days each object is locked against deletion, then expires. */
    readonly retentionDays?: number;
    /** r2: the account and the bucket's physical name (R2 names are chosen, not generated). */
    readonly r2?: { readonly accountId: string; readonly bucketName: string };
    /** Protect the bucket from deletion (production). */
    readonly protect: boolean;
    /**
     * s3: where its server access logs go: the stack's log bucket and this bucket's own key prefix (ending
     * in `/`). Default none; the program passes it for every S3 bucket. R2 has no server access logs.
     */
    readonly accessLog?: { readonly targetBucket: pulumi.Input<string>; readonly prefix: string };
    /**
     * r2 assets only: served to anyone at `domain` (an R2 custom domain in the zone `zoneId`), declared
     * with the reason. Default none: private, reachable only with credentials.
     */
    readonly public?: {
        readonly reason: string;
        readonly domain: string;
        readonly zoneId: pulumi.Input<string>;
    };
}

/** The oldest TLS a public bucket's custom domain accepts (Cloudflare's default is 1.0). */
export const PUBLIC_BUCKET_MIN_TLS = "1.2";

const SECONDS_PER_DAY = DAY_MS / 1000;

/** The bucket-policy statement that refuses every request not made over TLS. */
export function denyInsecureTransport(bucket: aws.s3.Bucket): aws.iam.PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * What every S3 bucket opsbook creates has, whatever it holds: objects owned by the bucket (ACLs off),
 * every kind of public access blocked, and versioning, so a delete or overwrite can be undone.
 */
export function lockDownBucket(
    name: string,
    bucketId: pulumi.Input<string>,
    parent: pulumi.Resource,
): void {
    const opts = { parent };
    new aws.s3.BucketOwnershipControls(
        `${name}-ownership`,
        { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        {
            bucket: bucketId,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucketId, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
}

/**
 * An object store that cannot lose data by accident. S3: versioned, public access blocked, encrypted,
 * owner-enforced, TLS only, noncurrent versions kept for a while. R2: CORS, lifecycle and, for backups, a
 * retention lock, and for a declared public assets bucket a custom domain. Protected in production.
 */
export class Bucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string> | undefined;
    /** s3: the prefix of its server access logs in the log bucket; undefined when it does not log. */
    public readonly accessLogPrefix: string | undefined;

    constructor(name: string, args: BucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(
            "opsbook:index:Bucket",
            name,
            {
                provider: args.provider,
                purpose: args.purpose,
                production: args.protect,
                // What the pack reads (opsbook-data-bucket-private): public only as declared, with why.
                ...(args.public
                    ? { public: { reason: args.public.reason, domain: args.public.domain } }
                    : {}),
            },
            opts,
        );
        const created = args.provider === "s3" ? this.s3(name, args) : this.r2(name, args);
        this.bucketName = created.bucketName;
        this.bucketArn = created.bucketArn;
        this.accessLogPrefix = args.provider === "s3" ? args.accessLog?.prefix : undefined;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            accessLogPrefix: this.accessLogPrefix,
        });
    }

    private s3(name: string, args: BucketArgs) {
        const parent = { parent: this };
        const bucket = new aws.s3.Bucket(
            name,
            { forceDestroy: false, tags: { "opsbook:purpose": args.purpose } },
            { parent: this, protect: args.protect },
        );
        lockDownBucket(name, bucket.id, this);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            parent,
        );
        new aws.s3.BucketPolicy(
            `${name}-tls-only`,
            {
                bucket: bucket.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport(bucket)],
                },
            },
            parent,
        );
        if (args.corsOrigins && args.corsOrigins.length > 0) {
            new aws.s3.BucketCorsConfiguration(
                `${name}-cors`,
                {
                    bucket: bucket.id,
                    corsRules: [
                        {
                            allowedOrigins: [...args.corsOrigins],
                            allowedMethods: ["GET", "HEAD", "PUT", "POST"],
                            allowedHeaders: ["*"],
                            exposeHeaders: ["ETag"],
                            maxAgeSeconds: 3000,
                        },
                    ],
                },
                parent,
            );
        }
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: {
                            noncurrentDays: args.noncurrentVersionDays,
                            ...(args.keepVersions !== undefined
                                ? { newerNoncurrentVersions: args.keepVersions }
                                : {}),
                        },
                        expiration: { expiredObjectDeleteMarker: true },
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS,
                        },
                    },
                ],
            },
            parent,
        );
        if (args.accessLog) {
            // Who read, wrote or deleted which key: S3 server access logs, in the stack's log bucket.
            new aws.s3.BucketLogging(
                `${name}-access-logs`,
                {
                    bucket: bucket.id,
                    targetBucket: args.accessLog.targetBucket,
                    targetPrefix: args.accessLog.prefix,
                    targetObjectKeyFormat: {
                        partitionedPrefix: {
                            partitionDateSource: ACCESS_LOG_PARTITION_DATE_SOURCE,
                        },
                    },
                },
                parent,
            );
        }
        return { bucketName: bucket.bucket, bucketArn: bucket.arn };
    }

    private r2(name: string, args: BucketArgs) {
        if (!args.r2)
            throw new pulumi.RunError(
                `opsbook:system.cloudflare: is required for R2 bucket ${name}`,
            );
        const { accountId, bucketName } = args.r2;
        const parent = { parent: this };
        const bucket = new cloudflare.R2Bucket(
            name,
            { accountId, name: bucketName },
            { parent: this, protect: args.protect },
        );
        if (args.public) {
            // Public reads at the bucket's own hostname in the zone, through Cloudflare's edge (cache,
            // WAF, TLS); writes still need an R2 token. The r2.dev address stays off.
            new cloudflare.R2CustomDomain(
                `${name}-domain`,
                {
                    accountId,
                    bucketName: bucket.name,
                    domain: args.public.domain,
                    zoneId: args.public.zoneId,
                    enabled: true,
                    minTls: PUBLIC_BUCKET_MIN_TLS,
                },
                parent,
            );
        }
        if (args.corsOrigins && args.corsOrigins.length > 0) {
            new cloudflare.R2BucketCors(
                `${name}-cors`,
                {
                    accountId,
                    bucketName: bucket.name,
                    rules: [
                        {
                            allowed: {
                                origins: [...args.corsOrigins],
                                methods: ["GET", "HEAD", "PUT", "POST"],
                                headers: ["*"],
                            },
                            exposeHeaders: ["ETag"],
                            maxAgeSeconds: 3000,
                        },
                    ],
                },
                parent,
            );
        }
        const retentionSeconds = (args.retentionDays ?? 0) * SECONDS_PER_DAY;
        new cloudflare.R2BucketLifecycle(
            `${name}-lifecycle`,
            {
                accountId,
                bucketName: bucket.name,
                rules: [
                    {
                        id: "abort-incomplete-uploads",
                        enabled: true,
                        conditions: { prefix: "" },
                        abortMultipartUploadsTransition: {
                            condition: {
                                type: "Age",
                                maxAge: ABORT_INCOMPLETE_UPLOAD_DAYS * SECONDS_PER_DAY,
                            },
                        },
                    },
                    ...(args.purpose === "backups" && retentionSeconds > 0
                        ? [
                              {
                                  id: "expire-after-retention",
                                  enabled: true,
                                  conditions: { prefix: "" },
                                  deleteObjectsTransition: {
                                      condition: { type: "Age", maxAge: retentionSeconds },
                                  },
                              },
                          ]
                        : []),
                ],
            },
            parent,
        );
        if (args.purpose === "backups" && retentionSeconds > 0) {
            // Nobody, not even a leaked token, deletes a backup before its retention ends.
            new cloudflare.R2BucketLock(
                `${name}-lock`,
                {
                    accountId,
                    bucketName: bucket.name,
                    rules: [
                        {
                            id: "retention",
                            enabled: true,
                            prefix: "",
                            condition: { type: "Age", maxAgeSeconds: retentionSeconds },
                        },
                    ],
                },
                parent,
            );
        }
        return { bucketName: bucket.name, bucketArn: undefined };
    }
}
