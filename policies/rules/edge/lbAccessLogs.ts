import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { childrenOf, isLogBucket, ofType, peek, UNKNOWN } from "../data/stack";
import { isElbDelivery } from "../data/accessLogBucket";
import { TYPES } from "../types";

const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The bucket an LB's `accessLogs.bucket` names: where its value came from (the bucket, or its bucket
 * policy's `bucket` output), else by its known name.
 */
function targetBucket(lb: PolicyResource, resources: readonly PolicyResource[]) {
    const sources = (lb.propertyDependencies?.accessLogs ?? []).flatMap((r) =>
        r.type === TYPES.aws.s3.BucketPolicy ? (r.propertyDependencies?.bucket ?? []) : [r],
    );
    const fromDependencies = [...new Set(sources.filter((r) => r.type === TYPES.aws.s3.Bucket))];
    if (fromDependencies.length === 1) return fromDependencies[0];
    const name = peek(() => (lb.props.accessLogs as { bucket?: unknown } | undefined)?.bucket);
    if (typeof name !== "string") return undefined;
    return ofType(resources, TYPES.aws.s3.Bucket).find(
        (b) => peek(() => b.props.bucket as unknown) === name,
    );
}

/**
 * Every application load balancer writes access logs into the stack's access-log bucket under a prefix of
 * its own, after the bucket policy that lets ELB write there (ELB test-writes when logging is enabled: the
 * bucket's name comes from that policy's output, or `dependsOn` names it), and that policy grants ELB delivery under `<prefix>/AWSLogs/`. Judged from parents and
 * dependencies, so a first preview, where no bucket name or ARN is known yet, is judged too; the grant's
 * document is read where it is known.
 */
export const lbAccessLogs: StackValidationPolicy = {
    name: "opsbook-edge-lb-access-logs",
    description:
        "Every load balancer logs into the stack's access-log bucket under its own prefix, after the bucket policy that grants ELB delivery under that prefix.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const prefixes = new Map<string, string>();
        for (const lb of ofType(args.resources, TYPES.aws.lb.LoadBalancer)) {
            const report = (message: string) => reportViolation(`${lb.name}: ${message}`, lb.urn);
            const read = (key: string) =>
                peek(() => (lb.props.accessLogs as Record<string, unknown> | undefined)?.[key]);
            if (read("enabled") !== true) {
                report(
                    "writes no access logs; after an incident nobody could say which client hit which path. Set accessLogs { bucket: the stack's access-log bucket, prefix, enabled: true }.",
                );
                continue;
            }
            const prefix = read("prefix");
            if (prefix !== UNKNOWN) {
                if (typeof prefix !== "string" || prefix === "" || /^\/|\/$|AWSLogs/.test(prefix)) {
                    report(
                        `logs under prefix ${JSON.stringify(prefix ?? null)}; give it a prefix of its own (no leading or trailing slash, no "AWSLogs"), so its logs and their grant are apart from every other source's.`,
                    );
                } else if (prefixes.has(prefix)) {
                    report(`shares its log prefix ${prefix} with ${prefixes.get(prefix)}.`);
                } else prefixes.set(prefix, lb.name);
            }
            const bucket = targetBucket(lb, args.resources);
            if (!bucket || !isLogBucket(bucket)) {
                report(
                    `logs into ${bucket?.name ?? "a bucket outside the stack"}, not the stack's access-log bucket (SSE-S3, private, kept a year).`,
                );
                continue;
            }
            const policies = bucket.parent
                ? childrenOf(args.resources, bucket.parent.urn).filter(
                      (r) => r.type === TYPES.aws.s3.BucketPolicy,
                  )
                : [];
            const after = [...lb.dependencies, ...(lb.propertyDependencies?.accessLogs ?? [])];
            if (!policies.some((p) => after.some((d) => d.urn === p.urn))) {
                report(
                    `is not created after ${bucket.name}'s bucket policy (take accessLogs.bucket from it); ELB test-writes when logging is enabled and fails before the grant exists.`,
                );
            }
            if (typeof prefix !== "string") continue;
            const documents = policies.map((p) =>
                peek(
                    () =>
                        JSON.parse(JSON.stringify(p.props.policy)) as {
                            Statement?: unknown;
                        },
                ),
            );
            if (documents.includes(UNKNOWN)) continue;
            const granted = documents
                .flatMap((d) => (d === UNKNOWN ? [] : list(d.Statement)))
                .some((s) => {
                    const statement = s as {
                        Effect?: unknown;
                        Principal?: unknown;
                        Resource?: unknown;
                    };
                    return (
                        statement.Effect === "Allow" &&
                        isElbDelivery(statement.Principal) &&
                        list(statement.Resource).some((r) =>
                            String(r).includes(`/${prefix}/AWSLogs/`),
                        )
                    );
                });
            if (!granted) {
                report(
                    `${bucket.name}'s bucket policy grants ELB no delivery under ${prefix}/AWSLogs/; no log would arrive.`,
                );
            }
        }
    },
};
