/**
 * Where each bucket's access log goes, as data: the program builds the log bucket and each bucket's
 * logging from it, the plan prints it and the runbook turns it into the commands an incident needs. Pure.
 */
import type { SystemModel } from "./types";
import { ACCESS_LOG_PARTITION_DATE_SOURCE, lbAccessLogPrefix } from "./rules";

/** The log bucket's component name: one per stack, when the stack has any S3 bucket. */
export const ACCESS_LOG_BUCKET = "access-logs";

/** The stack output that names the log bucket (`pulumi stack output accessLogBucket`). */
export const ACCESS_LOG_BUCKET_OUTPUT = "accessLogBucket";

export interface AccessLogSummary {
    /** The entry the bucket comes from: `buckets.uploads`, `databases.legacy (dumps)`, or the log bucket. */
    readonly source: string;
    /** The Bucket component's name in the plan's resource tree. */
    readonly resource: string;
    readonly provider: "s3" | "r2";
    /** Where its server access logs go (the log bucket's component name), or null. */
    readonly logsTo: string | null;
    /** The key prefix of its logs in the log bucket (`<prefix><account>/<region>/<bucket>/YYYY/MM/DD/`). */
    readonly prefix: string | null;
    /** Why a bucket does not log, or what the log bucket keeps. */
    readonly note: string;
}

/**
 * The prefix a bucket's logs are written under: the Bucket component's name by the entry's oldest name, so
 * renaming the entry (`renamedFrom`) keeps its whole history under one prefix.
 */
export function accessLogPrefix(component: string): string {
    return `${component}/`;
}

const oldest = (name: string, renamedFrom: readonly string[]) => renamedFrom.at(-1) ?? name;

/** The stack's S3 buckets that hold data, each with its component name and log prefix; R2 ones apart. */
export function accessLogPlan(model: SystemModel): AccessLogSummary[] {
    const summaries: AccessLogSummary[] = [];
    const logged = (source: string, resource: string, stableName: string): AccessLogSummary => ({
        source,
        resource,
        provider: "s3",
        logsTo: ACCESS_LOG_BUCKET,
        prefix: accessLogPrefix(stableName),
        note: `partitioned by ${ACCESS_LOG_PARTITION_DATE_SOURCE}`,
    });
    for (const bucket of Object.values(model.buckets)) {
        const resource = `bucket-${bucket.name}`;
        summaries.push(
            bucket.provider === "s3"
                ? logged(
                      `buckets.${bucket.name}`,
                      resource,
                      `bucket-${oldest(bucket.name, bucket.renamedFrom)}`,
                  )
                : {
                      source: `buckets.${bucket.name}`,
                      resource,
                      provider: "r2",
                      logsTo: null,
                      prefix: null,
                      note: "not logged by opsbook: R2 has no S3 server access logs; its Data Access Logs are a dashboard switch (README)",
                  },
        );
    }
    for (const db of Object.values(model.databases).filter((d) => d.kind === "external")) {
        summaries.push(
            logged(
                `databases.${db.name} (dumps)`,
                `backup-${db.name}-dumps`,
                `backup-${oldest(db.name, db.renamedFrom)}-dumps`,
            ),
        );
    }
    if (summaries.some((s) => s.logsTo !== null)) {
        summaries.push({
            source: "(the stack's access logs)",
            resource: ACCESS_LOG_BUCKET,
            provider: "s3",
            logsTo: null,
            prefix: null,
            note: `the log bucket: keeps logs ${model.rules.accessLogRetentionDays} days (rule accessLogRetentionDays); never logs into itself`,
        });
    }
    return summaries;
}

/** Each load balancer the stack creates (a public aws service), with the prefix its access logs go under. */
export function loadBalancerLogPlan(
    model: SystemModel,
): { readonly service: string; readonly resource: string; readonly prefix: string }[] {
    if (!model.network?.publicSubnetIds) return [];
    return Object.values(model.services)
        .filter((s) => s.platform === "aws" && s.public)
        .map((s) => ({
            service: s.name,
            resource: `${s.name}-lb`,
            prefix: lbAccessLogPrefix(s.name),
        }));
}

/** True when the stack creates an S3 bucket or a load balancer, and so needs the log bucket. */
export function needsAccessLogBucket(model: SystemModel): boolean {
    return (
        accessLogPlan(model).some((s) => s.logsTo !== null) || loadBalancerLogPlan(model).length > 0
    );
}
