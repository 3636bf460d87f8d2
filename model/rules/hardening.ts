/** Logs and hardening: log retention, access logs, Enhanced Monitoring, scoped decryption, read-only roots. */

/** Days CloudWatch keeps a workload's logs (Fork-Knife: "Deleted after 30 days"). */
export const LOG_RETENTION_DAYS = 30;

// ---- Access logs: who read, wrote or deleted which object ----

/**
 * Days the stack's access-log bucket keeps each S3 server access log. The runbooks' incident sections ask
 * "what was accessed"; a leak is often found months after the fact, so production keeps at least a year
 * (the pack's floor) and the program keeps a year and a month, so the whole past year is still there
 * while an incident found at the one-year mark is investigated.
 */
export const ACCESS_LOG_RETENTION_DAYS = 395;
/** The pack's floor for access-log retention in production (days). */
export const ACCESS_LOG_MIN_RETENTION_DAYS = 365;
/** A deleted or expired log stays recoverable (as a noncurrent version) this many days more. */
export const ACCESS_LOG_NONCURRENT_DAYS = 30;
/** The service principal S3 server access logging delivers as (granted by bucket policy, not ACLs). */
export const ACCESS_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";
/**
 * The only default encryption S3 log delivery writes into: SSE-S3. A target bucket whose default is
 * SSE-KMS receives no logs.
 */
export const ACCESS_LOG_ENCRYPTION = "AES256";
/** Partitioned log keys by the time of the request: `<prefix><account>/<region>/<bucket>/YYYY/MM/DD/...`. */
export const ACCESS_LOG_PARTITION_DATE_SOURCE = "EventTime";

// ---- Hardening defaults (issue 22) ----

/**
 * The key prefix a load balancer's access logs go under in the stack's access-log bucket: its own, apart
 * from every S3 bucket's (`bucket-*`, `backup-*`). ELB appends `/AWSLogs/<account>/elasticloadbalancing/`.
 */
export const lbAccessLogPrefix = (service: string): string => `elb/${service}`;

/**
 * Who delivers ALB access logs, per region (ELB user guide, "Enable access logs for your Application Load
 * Balancer", step 2, https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
 * regions available before August 2022 deliver as a regional Elastic Load Balancing account; regions
 * opened since deliver as the `logdelivery.elasticloadbalancing.amazonaws.com` service principal. The
 * account ids are the guide's table, as terraform-provider-aws carries it
 * (internal/service/elb/service_account_data_source.go, `accountIDPerRegionMap`).
 */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";
export const ELB_LEGACY_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
};
/** The bucket-policy principal that delivers ALB access logs in `region`. */
export function elbLogDeliveryPrincipal(region: string): { AWS: string } | { Service: string } {
    const account = ELB_LEGACY_LOG_ACCOUNTS[region];
    return account
        ? { AWS: `arn:aws:iam::${account}:root` }
        : { Service: ELB_LOG_DELIVERY_SERVICE };
}

/**
 * RDS Enhanced Monitoring granularity in production (s): OS metrics (free memory, swap, per-process CPU)
 * every minute, the coarsest that still shows a spike between two 1-minute CloudWatch alarms' datapoints.
 * Its cost is CloudWatch Logs ingestion of `RDSOSMetrics` (docs/hardening.md, "RDS").
 */
export const RDS_MONITORING_INTERVAL_SECONDS = 60;
/** The service Enhanced Monitoring's role trusts, and the AWS managed policy it needs. */
export const RDS_MONITORING_PRINCIPAL = "monitoring.rds.amazonaws.com";
export const RDS_MONITORING_POLICY_ARN =
    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
/** The PostgreSQL logs each RDS instance exports to CloudWatch Logs, into `/aws/rds/instance/<id>/<log>`. */
export const RDS_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
export const rdsLogGroupName = (identifier: string, log: string): string =>
    `/aws/rds/instance/${identifier}/${log}`;

/**
 * The encryption-context key Parameter Store puts on every SecureString's KMS calls: the parameter's ARN
 * (Systems Manager user guide, "How AWS Systems Manager Parameter Store uses AWS KMS", encryption context:
 * https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html). A role's
 * `kms:Decrypt` conditioned on it decrypts only the parameters it names.
 */
export const SSM_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:PARAMETER_ARN";

/**
 * Scratch paths a container may write while its root filesystem is read-only: each an ephemeral (task
 * storage) volume, gone with the task. `/tmp` for everything; the AWS CLI's cache for the dump and drill.
 */
export const WRITABLE_SCRATCH_PATHS = ["/tmp"] as const;
/**
 * Containers that keep a writable root filesystem, by task definition resource name and container name,
 * each with its reason. The pack exempts exactly these.
 */
export const WRITABLE_ROOT_EXEMPT: Readonly<Record<string, { container: string; why: string }>> = {
    "db-access-task": {
        container: "access",
        // ECS Exec requires writable container storage (aws-containers/amazon-ecs-exec-checker#21); the
        // agent crashes soon after launch otherwise (aws/containers-roadmap#1359, open).
        why: "the SSM agent ECS Exec bind-mounts into it writes its state and logs under /var/lib/amazon/ssm and /var/log/amazon/ssm and crashes on a read-only root (ECS Exec requires writable container storage)",
    },
};
