import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    ACCESS_LOG_DELIVERY_PRINCIPAL,
    ACCESS_LOG_ENCRYPTION,
    ACCESS_LOG_MIN_RETENTION_DAYS,
    ELB_LEGACY_LOG_ACCOUNTS,
    ELB_LOG_DELIVERY_SERVICE,
} from "../../../model/rules";
import {
    bucketNamedBy,
    childrenOf,
    isLogBucket,
    ofType,
    peek,
    stackEnvironment,
    UNKNOWN,
} from "./stack";
import { environmentChoice } from "../../../model/environment";
import { TYPES } from "../types";

interface Statement {
    Effect?: string;
    Principal?: unknown;
    Action?: unknown;
    Resource?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

const PUBLIC_ACCESS_FLAGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
];

const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The statements of a bucket policy document (a JSON string or an object), or UNKNOWN in a preview. */
function statements(policy: PolicyResource): Statement[] | typeof UNKNOWN {
    return peek(() => {
        const document = policy.props.policy as unknown;
        const parsed: unknown = typeof document === "string" ? JSON.parse(document) : document;
        // Copy out of the server's proxy, so an unknown value anywhere inside throws here, not later.
        return JSON.parse(JSON.stringify(list((parsed as { Statement?: unknown })?.Statement)));
    });
}

const isEveryone = (principal: unknown) =>
    principal === "*" || list((principal as { AWS?: unknown } | undefined)?.AWS).includes("*");

/** ELB's access-log delivery: the service principal, or a region's legacy ELB account. */
export const isElbDelivery = (principal: unknown): boolean => {
    const p = principal as { Service?: unknown; AWS?: unknown } | undefined;
    const accounts = Object.values(ELB_LEGACY_LOG_ACCOUNTS).map((a) => `arn:aws:iam::${a}:root`);
    return (
        list(p?.Service).includes(ELB_LOG_DELIVERY_SERVICE) ||
        list(p?.AWS).some((a) => accounts.includes(String(a)))
    );
};

const conditionKeys = (s: Statement) =>
    Object.values(s.Condition ?? {}).flatMap((operator) => Object.keys(operator ?? {}));

/**
 * The access-log bucket is locked down as S3 log delivery requires and an audit trail deserves: no public
 * access, ACLs off (owner-enforced objects), SSE-S3 (log delivery cannot write into an SSE-KMS default),
 * delivery granted to `logging.s3.amazonaws.com` only for this account's source buckets, logs kept at
 * least a year in production, and no logging into itself. Versioning and `protect` are
 * `opsbook-data-s3-secure`'s, as for every bucket.
 */
export const accessLogBucket: StackValidationPolicy = {
    name: "opsbook-data-access-log-bucket",
    description: `The access-log bucket blocks all public access, enforces bucket-owner objects, uses SSE-S3, grants log delivery to ${ACCESS_LOG_DELIVERY_PRINCIPAL} scoped by aws:SourceArn and aws:SourceAccount, grants ELB delivery only s3:PutObject under a load balancer's prefix/AWSLogs/, keeps logs at least ${ACCESS_LOG_MIN_RETENTION_DAYS} days in production and does not log into itself.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const { environment } = stackEnvironment(args.resources);
        // The floor of rule accessLogRetentionDays in this environment (a year in production).
        const minDays = (
            environmentChoice("accessLogRetentionDays", environment) as { min: number }
        ).min;
        for (const bucket of ofType(args.resources, TYPES.aws.s3.Bucket).filter(isLogBucket)) {
            const report = (message: string) =>
                reportViolation(`${bucket.name}: ${message}`, bucket.urn);
            const siblings = bucket.parent ? childrenOf(args.resources, bucket.parent.urn) : [];
            const find = (type: string) => siblings.filter((r) => r.type === type);

            const block = find(TYPES.aws.s3.BucketPublicAccessBlock)[0];
            const open = PUBLIC_ACCESS_FLAGS.filter(
                (flag) => !block || peek(() => block.props[flag] as unknown) !== true,
            );
            if (open.length > 0) {
                report(
                    `public access is not fully blocked (${open.join(", ")}); access logs name every key, requester and IP address and must never be public.`,
                );
            }
            const ownership = find(TYPES.aws.s3.BucketOwnershipControls)[0];
            const owner = ownership
                ? peek(
                      () =>
                          (ownership.props.rule as { objectOwnership?: unknown })?.objectOwnership,
                  )
                : undefined;
            if (owner !== "BucketOwnerEnforced" && owner !== UNKNOWN) {
                report(
                    `objects are not owner-enforced (${String(owner ?? "no ownership controls")}); expected BucketOwnerEnforced: ACLs off, delivery granted by bucket policy.`,
                );
            }
            const encryption = find(TYPES.aws.s3.BucketServerSideEncryptionConfiguration)[0];
            const algorithms = encryption
                ? peek(() =>
                      list(encryption.props.rules).map(
                          (rule) =>
                              (
                                  rule as {
                                      applyServerSideEncryptionByDefault?: {
                                          sseAlgorithm?: unknown;
                                      };
                                  }
                              ).applyServerSideEncryptionByDefault?.sseAlgorithm,
                      ),
                  )
                : [];
            if (
                algorithms !== UNKNOWN &&
                (algorithms.length === 0 || algorithms.some((a) => a !== ACCESS_LOG_ENCRYPTION))
            ) {
                report(
                    `is encrypted with ${algorithms.map(String).join(", ") || "no default encryption"}; S3 log delivery writes only into SSE-S3 (${ACCESS_LOG_ENCRYPTION}) buckets, so no log would arrive.`,
                );
            }

            const policies = find(TYPES.aws.s3.BucketPolicy);
            const documents = policies.map(statements);
            // S3's own delivery is needed where a bucket logs here (a stack with only load balancers has none).
            const s3Sources = ofType(args.resources, TYPES.aws.s3.BucketLogging).filter(
                (logging) =>
                    bucketNamedBy(logging, "targetBucket", args.resources)?.urn === bucket.urn,
            );
            if (policies.length === 0) {
                report(
                    `has no bucket policy granting log delivery to ${ACCESS_LOG_DELIVERY_PRINCIPAL}; no log would arrive.`,
                );
            } else if (!documents.includes(UNKNOWN)) {
                const all = documents.flatMap((d) => (d === UNKNOWN ? [] : d));
                const allows = all.filter((s) => s.Effect === "Allow");
                if (allows.some((s) => isEveryone(s.Principal))) {
                    report(
                        'its bucket policy allows everyone (Principal "*"); access logs must never be public.',
                    );
                }
                const delivery = allows.filter((s) =>
                    list((s.Principal as { Service?: unknown } | undefined)?.Service).includes(
                        ACCESS_LOG_DELIVERY_PRINCIPAL,
                    ),
                );
                for (const statement of allows.filter((s) => isElbDelivery(s.Principal))) {
                    const actions = list(statement.Action).map(String);
                    const resources = list(statement.Resource).map(String);
                    if (actions.length !== 1 || actions[0] !== "s3:PutObject") {
                        report(
                            `grants ELB log delivery ${actions.join(", ") || "no action"}; it needs s3:PutObject only.`,
                        );
                    }
                    if (
                        resources.length === 0 ||
                        resources.some((r) => !/\/[^*]+\/AWSLogs\/\d{12}\/\*$/.test(r))
                    ) {
                        report(
                            `grants ELB log delivery on ${resources.join(", ") || "no resource"}; scope it to one load balancer's <prefix>/AWSLogs/<account>/*, so ELB writes nowhere else in the audit trail.`,
                        );
                    }
                }
                if (delivery.length === 0 && s3Sources.length > 0) {
                    report(
                        `its bucket policy does not grant log delivery to ${ACCESS_LOG_DELIVERY_PRINCIPAL}; no log would arrive.`,
                    );
                }
                for (const statement of delivery) {
                    const keys = conditionKeys(statement);
                    const missing = ["aws:SourceArn", "aws:SourceAccount"].filter(
                        (k) => !keys.includes(k),
                    );
                    if (missing.length > 0) {
                        report(
                            `grants log delivery without ${missing.join(" and ")}; any bucket of any account could write into the audit trail.`,
                        );
                    }
                }
            }

            // Logs are kept at least the floor of rule accessLogRetentionDays in this environment.
            for (const lifecycle of find(TYPES.aws.s3.BucketLifecycleConfiguration)) {
                const days = peek(() =>
                    list(lifecycle.props.rules)
                        .filter((r) => (r as { status?: unknown }).status === "Enabled")
                        .map((r) => (r as { expiration?: { days?: unknown } }).expiration?.days)
                        .filter((d): d is number => typeof d === "number"),
                );
                if (days !== UNKNOWN && days.some((d) => d < minDays)) {
                    report(
                        `expires logs after ${Math.min(...days)} days; ${environment} keeps them at least ${minDays} (rule accessLogRetentionDays: the incident window).`,
                    );
                }
            }

            // The source buckets the delivery grant names, by where its document's values came from (known
            // at preview, when the ARNs are not); a grant naming no bucket of the stack is not judged here.
            const granted = policies
                .flatMap((p) => p.propertyDependencies?.policy ?? [])
                .filter((r) => r.type === TYPES.aws.s3.Bucket && r.urn !== bucket.urn);
            for (const logging of ofType(args.resources, TYPES.aws.s3.BucketLogging)) {
                const source = bucketNamedBy(logging, "bucket", args.resources, true);
                const target = bucketNamedBy(logging, "targetBucket", args.resources);
                if (source?.urn === bucket.urn && target?.urn === bucket.urn) {
                    report(
                        "logs into itself; every log delivery would be logged again, without end.",
                    );
                } else if (
                    source &&
                    target?.urn === bucket.urn &&
                    granted.length > 0 &&
                    !granted.some((r) => r.urn === source.urn)
                ) {
                    report(
                        `its bucket policy does not grant delivery from ${source.name} (aws:SourceArn), so that bucket's logs would be refused.`,
                    );
                }
            }
        }
    },
};
