/**
 * The runbooks' numbers, in one place. Components take their defaults from here, the loader validates
 * against it and the policy pack enforces it: a number restated elsewhere is a bug.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Who issues a secret: opsbook generates it with @pulumi/random, or a vendor's console does. */
export type SecretKind = "generated" | "vendor";

export interface SecretClassRule {
    /** What the class is for, shown in errors and the plan. */
    readonly description: string;
    readonly kind: SecretKind;
    /** The longest a value may stay current: the rotation period's ceiling (generated) or maximum age (vendor). */
    readonly maxPeriodDays: number;
    /** The period used when a secret does not set `periodDays`. */
    readonly defaultPeriodDays: number;
    /**
     * Earlier defaults, oldest first, each in force until its date. Changing `defaultPeriodDays` means
     * recording the old one here: secrets on the default then keep their current values (edits never rotate).
     */
    readonly formerDefaultPeriods?: readonly {
        readonly periodDays: number;
        readonly until: string;
    }[];
    /** How many values live at once and how consumers read them (`KEY_SCHEMES`). */
    readonly scheme: KeyScheme;
    /** Minimum strength of a generated value, in bits of entropy (length × log2(alphabet)). */
    readonly minEntropyBits: number;
    /**
     * `recorded`: the generation advances only on the dates the stack file records (`promotions`) and on
     * incidents, never on the period; `periodDays` is then the age at which the pack warns (advisory).
     */
    readonly promotion?: "recorded";
}

export const SECRET_CLASSES = {
    // Kolamba/Fork-Knife: JWT secrets every 90 days; users must not be logged out. Signed by one instance and
    // checked by another, so a key set: old and new instances accept each other's values during a rollout.
    "signing-key": {
        description: "signs sessions or tokens (SECRET_KEY, JWT secrets)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 256,
    },
    // LegacyVideo rotates MASTER_ENCRYPTION_KEY "with data migration": every older key must still decrypt
    // until re-encryption is recorded as finished, so a key ring that never loses an unretired key.
    "encryption-key": {
        description: "encrypts data at rest (MASTER_ENCRYPTION_KEY)",
        kind: "generated",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "key-ring",
        minEntropyBits: 256,
    },
    // LegacyVideo: API_SECRET must match between api and worker, which restart at different times.
    "api-token": {
        description: "authenticates one service to another (API_SECRET)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 256,
    },
    // The Vercel + Supabase app: `openssl rand -hex 16` for CRON_SECRET, i.e. 128 bits.
    "cron-token": {
        description: "authenticates a scheduler's calls (CRON_SECRET)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 128,
    },
    // Fork-Knife: database password every 180 days; two login users alternate, so no connection fails.
    "database-credential": {
        description: "a database user's password",
        kind: "generated",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        scheme: "alternating-users",
        minEntropyBits: 192,
    },
    // A Redis AUTH token: a data store's password like the database's (180 days). ElastiCache accepts two
    // tokens at once (ROTATE), so consumers holding the old one keep connecting while they roll.
    "redis-auth-token": {
        description: "a Redis AUTH token (ElastiCache)",
        kind: "generated",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        scheme: "alternating-users",
        minEntropyBits: 192,
    },
    // Fork-Knife: Stripe and Twilio keys annually.
    "vendor-api-key": {
        description: "an API key issued by a vendor (Stripe, Twilio, Cloudinary, Resend)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    "oauth-client-secret": {
        description: "an OAuth client secret issued by an identity provider (Google)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    // Fork-Knife: "Database Password ... Every 180 days" for Supabase: the admin URL is reset in its console.
    "database-admin-url": {
        description: "an existing PostgreSQL's admin connection URL (Supabase, Railway, Neon)",
        kind: "vendor",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    // Where alerts go: a PagerDuty or Slack URL is a credential, kept and reviewed like one.
    "alert-endpoint": {
        description:
            "an alert subscription endpoint (PagerDuty, Slack or chat webhook URL, e-mail)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    // The edge: Cloudflare adds it to every request it forwards, the load balancer forwards only requests
    // that carry an accepted value. Sent by one side, checked by the other, so a key set.
    "origin-secret": {
        description: "proves a request came through the edge (Cloudflare to the load balancer)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 256,
    },
    // A key third parties verify (webhook signatures customers check, a published JWKS): customers fetch
    // NAME_NEXT well before it signs anything, so the switch is a recorded step the team announces
    // (`promotions`), not a date the calendar picks. No forced expiry: an old key is a warning.
    "published-key": {
        description: "signs what third parties verify (webhook signatures, a published key set)",
        kind: "generated",
        maxPeriodDays: 730,
        defaultPeriodDays: 365,
        scheme: "key-set",
        minEntropyBits: 256,
        promotion: "recorded",
    },
    "webhook-secret": {
        description: "a webhook signing secret issued by a vendor (Stripe)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
} as const satisfies Record<string, SecretClassRule>;

export type SecretClass = keyof typeof SECRET_CLASSES;

/** Which values of a generated secret are live at once, relative to the current generation g. */
export type KeyScheme = "key-set" | "key-ring" | "alternating-users" | "vendor";

export interface KeySchemeRule {
    readonly description: string;
    /** Generations older than g that stay live: a number, or `until-retired` (the key ring). */
    readonly previous: number | "until-retired";
    /** Generations newer than g published ahead of becoming current. */
    readonly next: number;
    /**
     * Generations an incident advances: far enough that no value consumers held before it is current,
     * and, for key sets and users, none is accepted either (a compromised value must not survive).
     */
    readonly incidentJump: number;
}

/**
 * Generations count from the rotation epoch (2024-01-01); a key ring without `retiredThrough` starts at
 * the first one. Keys of generations before the secret existed never encrypted anything: retire them.
 */
export const KEY_RING_FIRST_GENERATION = 0;

export const KEY_SCHEMES: Readonly<Record<KeyScheme, KeySchemeRule>> = {
    // A value signed or sent by one instance and checked by another: during a rollout old instances
    // sign with g-1 and new ones with g, so each must accept the other's: {g-1, g, g+1} at every moment.
    "key-set": {
        description: "NAME signs or sends; NAME_NEXT and NAME_PREVIOUS are also accepted",
        previous: 1,
        next: 1,
        incidentJump: 3,
    },
    // Data encrypted with any key stays readable until the operator records re-encryption
    // (`retiredThrough`); the next key is published early so old instances read what new ones write.
    "key-ring": {
        description: "NAME encrypts; NAME_KEYRING holds every key still needed to decrypt",
        previous: "until-retired",
        next: 1,
        incidentJump: 2,
    },
    // Two login users: the one not in use gets the new password, so no running consumer's login changes.
    // A Redis AUTH token the same way: the server accepts the current and the previous token.
    "alternating-users": {
        description: "two login users (or two accepted tokens); the URL names the current one",
        previous: 1,
        next: 0,
        incidentJump: 2,
    },
    vendor: {
        description: "one value, issued in the vendor's console",
        previous: 0,
        next: 0,
        incidentJump: 0,
    },
};
export const SECRET_CLASS_NAMES = Object.keys(SECRET_CLASSES) as SecretClass[];

export function secretClassesOfKind(kind: SecretKind): SecretClass[] {
    return SECRET_CLASS_NAMES.filter((name) => SECRET_CLASSES[name].kind === kind);
}

/**
 * A waiver (`waiver: { reason, by, until }`) lets a stack loosen one runbook value, or run with an overdue
 * vendor secret, until a date: the pack reports it (advisory) until then and refuses it (mandatory) after.
 * Its `until` may be at most this many days after the day it is judged: a quarter, so every waiver is
 * decided again at least once a quarter instead of becoming the new default by neglect.
 */
export const WAIVER_MAX_DAYS = 92;

/**
 * A published key's next value is published (as NAME_NEXT) when the previous promotion happens, so each
 * promotion comes at least this many days after the one before: customers that refresh the key set
 * monthly hold the new current key before it signs.
 */
export const PUBLISHED_KEY_MIN_NOTICE_DAYS = 30;

/** A vendor secret due within this many days is reported (advisory) before it becomes overdue. */
export const VENDOR_DUE_WARNING_DAYS = 14;

/**
 * Generated values use letters and digits only: every consumer (URLs, headers, shell, .env files) takes
 * them unquoted. 62 symbols give log2(62) ≈ 5.95 bits a character.
 */
export const GENERATED_ALPHABET_SIZE = 62;

/** The length that gives a class its minimum entropy over the generated alphabet, rounded up to 8. */
export function generatedLength(secretClass: SecretClass): number {
    const bitsPerChar = Math.log2(GENERATED_ALPHABET_SIZE);
    const chars = Math.ceil(SECRET_CLASSES[secretClass].minEntropyBits / bitsPerChar);
    return Math.max(32, Math.ceil(chars / 8) * 8);
}

/** Environment variable names that hold credentials; such a value must never be stored in plain text. */
export const SECRET_LOOKING_NAME =
    /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH|SIGNING|ENCRYPTION_?KEY|DSN|DATABASE_URL|DIRECT_URL|REDIS_URL)/i;

/**
 * How a plain variable declared public by design in the stack model (`{ value, public: WHY }`) is marked on
 * what the program writes, so the pack's plain-secret policies accept it: an SSM parameter's tag
 * `PUBLIC_VALUE_TAG` = `PUBLIC_VALUE_MARK`, a Vercel variable's comment ending in ` (PUBLIC_VALUE_MARK)`, a
 * task definition's declared `publicValues` names.
 */
export const PUBLIC_VALUE_TAG = "opsbook:public";
export const PUBLIC_VALUE_MARK = "declared public";

/** Env var and secret names: what every platform accepts (POSIX shell names, upper case). */
export const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
/** ENV_NAME in words, for the schema's hints. */
export const ENV_NAME_RULE = "upper-case letters, digits and '_', starting with a letter";

/** Service names become resource names, SSM paths and DNS labels. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** SERVICE_NAME in words, for the schema's hints. */
export const SERVICE_NAME_RULE =
    "2 to 32 lower-case letters, digits and '-', starting with a letter and not ending with '-'";

/** Where SSM parameters live: /opsbook/<stack>/<service>/<VARIABLE>. */
export const SSM_PREFIX = "/opsbook";

// ---- Data: databases, backups, buckets ----

/** Days an automated backup is kept, at least (AWS allows 1–35 for RDS; the runbooks keep 10+ days). */
export const BACKUP_MIN_RETENTION_DAYS = 7;
export const BACKUP_DEFAULT_RETENTION_DAYS = 14;
/** RDS automated backups (point-in-time recovery) cannot be kept longer. */
export const RDS_MAX_BACKUP_RETENTION_DAYS = 35;
/** Monthly long-term recovery points are kept a year. */
export const BACKUP_MONTHLY_RETENTION_DAYS = 365;
/** Recovery point objective when a database does not set one: a daily backup. */
export const DEFAULT_RPO_MINUTES = 24 * 60;
/** What continuous backup (point-in-time recovery) achieves: AWS Backup restores to within 5 minutes. */
export const CONTINUOUS_BACKUP_RPO_MINUTES = 5;
/** The DR drill: a restore test at least every quarter. */
export const RESTORE_TEST_MAX_INTERVAL_DAYS = 92;
/** Quarterly, first day of Jan/Apr/Jul/Oct at 06:00 UTC (AWS cron syntax). */
export const RESTORE_TEST_SCHEDULE = "cron(0 6 1 1,4,7,10 ? *)";
/** Hours a restored test instance is kept for validation before AWS Backup deletes it. */
export const RESTORE_TEST_VALIDATION_HOURS = 24;
/** Kolamba: "only the last 10 are kept". Logical dumps keep this many noncurrent versions at least. */
export const BACKUP_BUCKET_KEEP_VERSIONS = 10;
/** Slow-query log threshold: statements slower than this are logged (ms). */
export const SLOW_QUERY_LOG_MS = 1000;
/** Share of the server's connections the application users may take together; the rest is headroom. */
export const APP_CONNECTION_SHARE = 0.6;
/** Default PostgreSQL major version for new RDS instances. */
export const DEFAULT_POSTGRES_VERSION = "16";
export const DEFAULT_RDS_INSTANCE_CLASS = "db.t4g.medium";
export const DEFAULT_RDS_STORAGE_GB = 20;
/** Storage autoscaling ceiling as a multiple of the allocated storage. */
export const RDS_STORAGE_AUTOSCALING_FACTOR = 5;
/** Memory of common RDS classes (GiB): RDS sets max_connections to LEAST(memory bytes / 9531392, 5000). */
export const RDS_INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = {
    "db.t4g.micro": 1,
    "db.t4g.small": 2,
    "db.t4g.medium": 4,
    "db.t4g.large": 8,
    "db.t4g.xlarge": 16,
    "db.m6g.large": 8,
    "db.m6g.xlarge": 16,
    "db.m6g.2xlarge": 32,
    "db.m7g.large": 8,
    "db.m7g.xlarge": 16,
    "db.r6g.large": 16,
    "db.r6g.xlarge": 32,
    "db.r7g.large": 16,
    "db.r7g.xlarge": 32,
};

/** RDS's default max_connections for an instance class, or undefined for a class not in the table. */
export function rdsMaxConnections(instanceClass: string): number | undefined {
    const gib = RDS_INSTANCE_MEMORY_GIB[instanceClass];
    return gib === undefined ? undefined : Math.min(Math.floor((gib * 1024 ** 3) / 9531392), 5000);
}

/** Noncurrent versions of an uploads bucket are kept this long (days), so a deleted upload can be restored. */
export const UPLOADS_NONCURRENT_DAYS = 30;
/** Incomplete multipart uploads are aborted after this many days. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
/** max_connections of an external database when the model does not say (Supabase's smallest tier). */
export const EXTERNAL_DEFAULT_MAX_CONNECTIONS = 60;
/** Logical dumps of an external database run at most hourly: a dump is a full copy. */
export const EXTERNAL_MIN_RPO_MINUTES = 60;

// ---- Redis: ElastiCache replication groups ----

/**
 * Valkey, the open-source Redis that ElastiCache prices below Redis OSS; clients speak the same protocol.
 * A node-based replication group with cluster mode off: one primary endpoint, AUTH tokens with ROTATE
 * (serverless caches accept RBAC users only) and a `maxmemory-policy` of our choosing (serverless fixes it).
 */
export const REDIS_ENGINE = "valkey";
export const DEFAULT_REDIS_ENGINE_VERSION = "8.0";
export const DEFAULT_REDIS_NODE_TYPE = "cache.t4g.small";
export const REDIS_PORT = 6379;
/** Replicas besides the primary: one, in another zone, with automatic failover (like RDS Multi-AZ). */
export const DEFAULT_REDIS_REPLICAS = 1;
export const REDIS_MAX_REPLICAS = 5;
/** ElastiCache's `maxclients` on every node type (not changeable): the connections alarm's 100%. */
export const REDIS_MAX_CLIENTS = 65000;
/** Daily snapshots are kept at least a week (ElastiCache keeps them at most 35 days). */
export const REDIS_SNAPSHOT_MIN_RETENTION_DAYS = 7;
export const REDIS_SNAPSHOT_DEFAULT_RETENTION_DAYS = 7;
export const REDIS_SNAPSHOT_MAX_RETENTION_DAYS = 35;
/** UTC; before the RDS backup window, and clear of the weekly maintenance window. */
export const REDIS_SNAPSHOT_WINDOW = "02:00-03:00";
/**
 * After an incident the fresh AUTH token is ROTATEd in (ElastiCache allows SET "only after ROTATE", with the
 * token rotated in), and from this many days after the incident's date on it is SET, which drops the token
 * held before the incident: the daily up the day after the incident's own up.
 */
export const REDIS_INCIDENT_SET_AFTER_DAYS = 1;
export const REDIS_MAINTENANCE_WINDOW = "sun:05:30-sun:06:30";
/**
 * What Redis does when memory is full. `noeviction` by default: queues (BullMQ) lose jobs if keys are
 * evicted, so a write fails instead and the memory alarms page before it does. A pure cache may choose LRU.
 */
export const REDIS_MAXMEMORY_POLICIES = [
    "noeviction",
    "volatile-lru",
    "allkeys-lru",
    "volatile-lfu",
    "allkeys-lfu",
    "volatile-ttl",
] as const;
export type RedisMaxmemoryPolicy = (typeof REDIS_MAXMEMORY_POLICIES)[number];
export const DEFAULT_REDIS_MAXMEMORY_POLICY: RedisMaxmemoryPolicy = "noeviction";

// ---- How `pulumi up` reaches a database ----

/**
 * The postgresql provider connects to the server while `pulumi up` runs. How it gets there, per kind:
 * `tunnel`: an SSM Session Manager port-forwarding session (AWS-StartPortForwardingSessionToRemoteHost)
 * through the program's access task, to the loopback address; `runner`: a self-hosted runner inside the
 * VPC connects to the endpoint; `direct`: the server is reachable from anywhere (a vendor's PostgreSQL).
 */
export const DATABASE_ACCESS_PATHS = {
    rds: ["tunnel", "runner"],
    external: ["direct", "runner"],
} as const;
export type DatabaseAccessPath = "tunnel" | "runner" | "direct";
/** What a database reaches `pulumi up` by when its entry does not say (rds: none, so the plan advises). */
export const DEFAULT_DATABASE_ACCESS: Readonly<
    Record<"rds" | "external", DatabaseAccessPath | undefined>
> = {
    rds: undefined,
    external: "direct",
};
/** The tunnel's local end: the loopback address, and the first local port (one port per database). */
export const TUNNEL_LOCAL_HOST = "127.0.0.1";
/** The only Session Manager document a tunnel may use: port forwarding to one remote host. */
export const SSM_PORT_FORWARDING_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
export const TUNNEL_DEFAULT_LOCAL_PORT = 15432;
/** Local ports a tunnel may take: unprivileged, below the kernel's ephemeral range. */
export const TUNNEL_MIN_LOCAL_PORT = 1024;
export const TUNNEL_MAX_LOCAL_PORT = 32767;
/**
 * RDS certificates name the endpoint, not the tunnel's loopback address: through a tunnel the provider
 * checks the chain against the RDS CA bundle (`verify-ca`); a runner inside the VPC also checks the name.
 */
export const TUNNEL_SSLMODE = "verify-ca";
export const RUNNER_SSLMODE = "verify-full";
/** Where the RDS global CA bundle is kept during `pulumi up` (relative to the project), and its source. */
export const RDS_CA_BUNDLE_PATH = ".opsbook/rds-global-bundle.pem";
export const RDS_CA_BUNDLE_URL =
    "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/**
 * The access task: the smallest Fargate size, an image with a shell and nothing listening, and a lifetime
 * after which it stops by itself, even if the workflow that started it never comes back to stop it.
 */
export const DB_ACCESS_TASK_CPU = 256;
export const DB_ACCESS_TASK_MEMORY = 512;
export const DB_ACCESS_IMAGE = "public.ecr.aws/amazonlinux/amazonlinux:2023-minimal";
export const DB_ACCESS_TASK_MAX_MINUTES = 120;
/** Seconds the tunnel script waits for the task's ECS Exec agent, then for the local port to answer. */
export const DB_ACCESS_START_TIMEOUT_SECONDS = 300;
export const TUNNEL_OPEN_TIMEOUT_SECONDS = 60;
/**
 * The daily workflow reports each run as a metric (dimension `Stack`): success, whose absence for a day
 * pages (a due rotation did not happen), and failure, which pages at once.
 */
export const DAILY_APPLY_METRICS = {
    namespace: "opsbook",
    succeeded: "DailyApplySucceeded",
    failed: "DailyApplyFailed",
} as const;
/** Evaluated in 6-hour periods: four missing in a row (a day without a successful daily run) alarm. */
export const DAILY_APPLY_PERIOD_SECONDS = 6 * 60 * 60;

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
 * Its cost is CloudWatch Logs ingestion of `RDSOSMetrics` (README, hardening defaults).
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

// ---- Services, edge and alerts ----

export type Severity = "critical" | "warning" | "info";

/** Route53 probes the health path every 30 s and fails after 3 misses: "fails 3 times in 5 minutes → page". */
export const HEALTH_CHECK_INTERVAL_SECONDS = 30;
export const HEALTH_CHECK_FAILURE_THRESHOLD = 3;

export interface AlertRule {
    readonly description: string;
    readonly severity: Severity;
    /** `above`: alarm when the value exceeds the threshold; `below`: when it falls under it. */
    readonly direction: "above" | "below";
    readonly threshold: number;
    readonly unit: "percent" | "seconds" | "status" | "jobs";
    /** Consecutive one-minute periods the condition must hold. */
    readonly minutes: number;
    /** The model key a service may set to override it, only toward stricter. */
    readonly override?: string;
}

/** Every threshold the runbooks name, once. Alarms take them from here; the pack refuses looser ones. */
export const ALERT_RULES = {
    "health-check": {
        description: "health check failing",
        severity: "critical",
        direction: "below",
        threshold: 1,
        unit: "status",
        minutes: 1,
    },
    // Fork-Knife and LegacyVideo: error rate > 5% for 5 minutes → page; > 1% → warning.
    "error-rate-critical": {
        description: "5xx rate",
        severity: "critical",
        direction: "above",
        threshold: 5,
        unit: "percent",
        minutes: 5,
        override: "errorRateCriticalPercent",
    },
    "error-rate-warning": {
        description: "5xx rate",
        severity: "warning",
        direction: "above",
        threshold: 1,
        unit: "percent",
        minutes: 5,
        override: "errorRateWarningPercent",
    },
    // Fork-Knife: P95 > 1 s; LegacyVideo: p99 > 2 s.
    "latency-p95": {
        description: "p95 response time",
        severity: "warning",
        direction: "above",
        threshold: 1,
        unit: "seconds",
        minutes: 5,
        override: "latencyP95Seconds",
    },
    "latency-p99": {
        description: "p99 response time",
        severity: "warning",
        direction: "above",
        threshold: 2,
        unit: "seconds",
        minutes: 5,
        override: "latencyP99Seconds",
    },
    // Fork-Knife: CPU consistently > 70%, memory > 80%.
    "ecs-cpu": {
        description: "CPU",
        severity: "warning",
        direction: "above",
        threshold: 70,
        unit: "percent",
        minutes: 10,
        override: "cpuPercent",
    },
    "ecs-memory": {
        description: "memory",
        severity: "warning",
        direction: "above",
        threshold: 80,
        unit: "percent",
        minutes: 10,
        override: "memoryPercent",
    },
    // Disk usage > 85% → alert, > 90% → page: free storage under 15% / 10%.
    "rds-free-storage-warning": {
        description: "free storage",
        severity: "warning",
        direction: "below",
        threshold: 15,
        unit: "percent",
        minutes: 5,
    },
    "rds-free-storage-critical": {
        description: "free storage",
        severity: "critical",
        direction: "below",
        threshold: 10,
        unit: "percent",
        minutes: 5,
    },
    // Database connections > 80% → warning.
    "rds-connections": {
        description: "connections",
        severity: "warning",
        direction: "above",
        threshold: 80,
        unit: "percent",
        minutes: 5,
    },
    "rds-cpu": {
        description: "CPU",
        severity: "warning",
        direction: "above",
        threshold: 80,
        unit: "percent",
        minutes: 10,
    },
    // Redis (Fork-Knife: "Redis: memory usage"; memory > 80% warns like the services'); AWS's "Which metrics
    // should I monitor": DatabaseMemoryUsagePercentage, Evictions, CurrConnections, EngineCPUUtilization
    // ("90% of available CPU"), ReplicationLag. Full memory fails writes (noeviction): page at 90%.
    "redis-memory-warning": {
        description: "Redis memory used",
        severity: "warning",
        direction: "above",
        threshold: 80,
        unit: "percent",
        minutes: 5,
    },
    "redis-memory-critical": {
        description: "Redis memory used",
        severity: "critical",
        direction: "above",
        threshold: 90,
        unit: "percent",
        minutes: 5,
    },
    // Any eviction means data (a queued job, a session) was dropped to make room.
    "redis-evictions": {
        description: "Redis evictions",
        severity: "warning",
        direction: "above",
        threshold: 0,
        unit: "status",
        minutes: 5,
    },
    "redis-connections": {
        description: "Redis connections",
        severity: "warning",
        direction: "above",
        threshold: 80,
        unit: "percent",
        minutes: 5,
    },
    "redis-engine-cpu": {
        description: "Redis engine CPU",
        severity: "warning",
        direction: "above",
        threshold: 90,
        unit: "percent",
        minutes: 10,
    },
    // A replica this far behind would lose that much on failover.
    "redis-replication-lag": {
        description: "Redis replication lag",
        severity: "warning",
        direction: "above",
        threshold: 30,
        unit: "seconds",
        minutes: 5,
    },
    // The daily `pulumi up` rotates what fell due: a day without a successful run leaves a credential overdue.
    "daily-apply": {
        description: "successful daily pulumi up",
        severity: "critical",
        direction: "below",
        threshold: 1,
        unit: "status",
        minutes: 24 * 60,
    },
    // A daily run that failed (no path to a database, a refused update) pages at once.
    "daily-apply-failed": {
        description: "failed daily pulumi up",
        severity: "critical",
        direction: "above",
        threshold: 0,
        unit: "status",
        minutes: 5,
    },
    // Queues (LegacyVideo's BullMQ `email` and `release-process`): its runbook warns on "failed email
    // delivery > 10%" and checks `LLEN bull:email:failed` by hand. Each queue's worker publishes the
    // metrics of `QUEUE_METRICS`; a queue may set stricter values of these (the `override` key).
    "queue-failed": {
        description: "failed jobs (share of finished)",
        severity: "warning",
        direction: "above",
        threshold: 10,
        unit: "percent",
        minutes: 5,
        override: "failedPercent",
    },
    // A backlog that does not drain: more waiting jobs than this for 15 minutes in a row.
    "queue-backlog": {
        description: "waiting jobs",
        severity: "warning",
        direction: "above",
        threshold: 1000,
        unit: "jobs",
        minutes: 15,
        override: "maxWaiting",
    },
    // Stuck jobs: the oldest waiting job is older than this (nothing takes it).
    "queue-oldest-waiting": {
        description: "age of the oldest waiting job",
        severity: "warning",
        direction: "above",
        threshold: 900,
        unit: "seconds",
        minutes: 5,
        override: "oldestWaitingSeconds",
    },
    // A worker that stops publishing is down or wedged: silence pages (treatMissingData breaching).
    "queue-metrics-missing": {
        description: "queue metrics published",
        severity: "critical",
        direction: "below",
        threshold: 1,
        unit: "status",
        minutes: 5,
    },
    // Scheduled jobs (the Vercel + Supabase runbook: "alert if retention cleanup fails"): a run whose
    // container exits non-zero or whose task fails to start is reported at once (an event, no window).
    "job-failed": {
        description: "scheduled job failed",
        severity: "warning",
        direction: "above",
        threshold: 0,
        unit: "status",
        minutes: 1,
    },
    // No successful run within twice the job's interval. The window is the job's; this is the longest
    // CloudWatch evaluates (period × evaluation periods ≤ 7 days), so the pack holds alarms to it.
    "job-missed-run": {
        description: "successful scheduled run",
        severity: "warning",
        direction: "below",
        threshold: 1,
        unit: "status",
        minutes: 7 * 24 * 60,
    },
    // An external database's dump: a missed one loses the recovery point, so it pages like a failed one.
    "backup-missed-dump": {
        description: "successful database dump",
        severity: "critical",
        direction: "below",
        threshold: 1,
        unit: "status",
        minutes: 7 * 24 * 60,
    },
} as const satisfies Record<string, AlertRule>;

export type AlertRuleId = keyof typeof ALERT_RULES;

/** The rules every Redis node is watched by; `redis-replication-lag` too where there are replicas. */
export const REDIS_NODE_RULES = [
    "redis-memory-warning",
    "redis-memory-critical",
    "redis-evictions",
    "redis-connections",
    "redis-engine-cpu",
] as const satisfies readonly AlertRuleId[];

/** True when `value` is at least as strict as the rule: lower for `above` rules, higher for `below` ones. */
export function isStricter(rule: AlertRule, value: number): boolean {
    return rule.direction === "above" ? value <= rule.threshold : value >= rule.threshold;
}

/** Requests per minute per client IP at the edge before Cloudflare blocks (Alcom: RATE_LIMIT_MAX_REQUESTS=200). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 200;
/** The runbooks count per minute. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;
/** How long a client that hit the limit stays blocked (s). */
export const RATE_LIMIT_MITIGATION_SECONDS = 600;

export type CloudflarePlan = "free" | "pro" | "business" | "enterprise";
export const CLOUDFLARE_PLANS: readonly CloudflarePlan[] = [
    "free",
    "pro",
    "business",
    "enterprise",
];

/**
 * The counting periods and mitigation timeouts Cloudflare accepts for a rate limiting rule (s), before the
 * plan's maximum: "Supported period values" of the availability table (cloudflare/cloudflare-docs,
 * src/content/partials/waf/rate-limiting-availability-by-plan.mdx, footnote 3; one list for both).
 */
const RATE_LIMIT_SUPPORTED_SECONDS = [
    10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600,
    65535, 86400,
] as const;
export const RATE_LIMIT_PERIODS_SECONDS = RATE_LIMIT_SUPPORTED_SECONDS;
export const RATE_LIMIT_TIMEOUTS_SECONDS = RATE_LIMIT_SUPPORTED_SECONDS;

export interface RateLimitPlanRule {
    /** Whether the rule's expression may match the host (Free: the URI path only). */
    readonly hostField: boolean;
    readonly maxPeriodSeconds: number;
    readonly maxMitigationSeconds: number;
    /** Rate limiting rules a zone may have. */
    readonly rules: number;
}

/**
 * What a zone's plan allows in rate limiting rules. Source: developers.cloudflare.com, WAF → Rate limiting
 * rules → Availability (the partial named above, rows "Counting periods" and "Mitigation timeout periods"):
 * Free matches the path only, counts over 10 s and blocks for 10 s; Pro adds host and URI fields, periods up
 * to 1 minute and timeouts up to 1 hour (so the runbooks' 600 s block fits); Business periods up to 10
 * minutes and timeouts up to 1 day; Enterprise periods up to 65,535 s and timeouts up to 1 day.
 */
export const CLOUDFLARE_RATE_LIMITS: Readonly<Record<CloudflarePlan, RateLimitPlanRule>> = {
    free: { hostField: false, maxPeriodSeconds: 10, maxMitigationSeconds: 10, rules: 1 },
    pro: { hostField: true, maxPeriodSeconds: 60, maxMitigationSeconds: 3600, rules: 2 },
    business: { hostField: true, maxPeriodSeconds: 600, maxMitigationSeconds: 86400, rules: 5 },
    enterprise: {
        hostField: true,
        maxPeriodSeconds: 65535,
        maxMitigationSeconds: 86400,
        rules: 100,
    },
};

/** The header Cloudflare adds with the origin secret; the load balancer forwards only requests with it. */
export const ORIGIN_SECRET_HEADER = "X-Opsbook-Origin";
/** What the load balancer answers a request without an accepted origin secret. */
export const ORIGIN_DENIED_STATUS = 403;
/** The generated secret behind it, one per stack. */
export const ORIGIN_SECRET_NAME = "EDGE_ORIGIN_SECRET";
/**
 * Room in the AWS managed prefix lists of Cloudflare's ranges (15 IPv4 and 7 IPv6 published today). A
 * rule that references a prefix list counts as its `maxEntries` rules against the security group's quota
 * (60 inbound rules per address family by default): two ports × 20 IPv4 and two × 10 IPv6 leave room.
 */
export const CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES = { ipv4: 20, ipv6: 10 } as const;

/** What a paused service's load balancer answers. */
export const PAUSED_STATUS = 503;

/** ECS defaults: the container port, size, and how many tasks run. */
export const DEFAULT_CONTAINER_PORT = 8000;
export const DEFAULT_TASK_CPU = 512;
export const DEFAULT_TASK_MEMORY = 1024;
/** Autoscaling keeps CPU and memory under their alarm thresholds. */
export const AUTOSCALING_CPU_TARGET = 60;
export const AUTOSCALING_MEMORY_TARGET = 70;
/** Vercel deployments kept, so "Promote an older deployment to production" stays possible (Vercel's units). */
export const VERCEL_PRODUCTION_RETENTION = "1y";
export const VERCEL_PREVIEW_RETENTION = "1m";

// ---- Queues and scheduled jobs ----

/** Queue names as BullMQ, Celery or RQ spell them; they become a metric dimension and alarm names. */
export const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** QUEUE_NAME in words, for the schema's hints. */
export const QUEUE_NAME_RULE =
    "1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit";

/**
 * The metric contract of a queue's worker: every `intervalSeconds` it prints one CloudWatch embedded
 * metric format line per queue to stdout, which the awslogs driver ships and CloudWatch Logs extracts
 * (no API call, no IAM). Gauges (`waiting`, `active`, `oldestWaitingAge`) are the queue's state, read
 * from the broker, so replicas agree and alarms take their Maximum; counters (`failed`, `completed`) are
 * the jobs this process finished since its last line, so replicas add up and alarms take their Sum.
 * The worker reads its dimension values from `variables` (set by the program on the service).
 */
export const QUEUE_METRICS = {
    namespace: "opsbook/queues",
    dimensions: ["Stack", "Service", "Queue"],
    intervalSeconds: 60,
    waiting: "Waiting",
    active: "Active",
    failed: "Failed",
    completed: "Completed",
    oldestWaitingAge: "OldestWaitingAgeSeconds",
    variables: { stack: "OPSBOOK_STACK", service: "OPSBOOK_SERVICE", queues: "OPSBOOK_QUEUES" },
} as const;

/**
 * CloudWatch's limits on an alarm's evaluation range (PutMetricAlarm): period × evaluation periods at
 * most 7 days, and at most 1 day when the period is shorter than an hour.
 */
export const ALARM_MAX_RANGE_SECONDS = 7 * 24 * 60 * 60;
export const ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS = 24 * 60 * 60;
/** A scheduled job's success is watched over this many intervals: one missed run is tolerated, two page. */
export const JOB_MISSED_RUN_INTERVALS = 2;
/** A scheduled job's task size when it does not say (CPU units, MiB). */
export const DEFAULT_JOB_CPU = 256;
export const DEFAULT_JOB_MEMORY = 512;
/** EventBridge Scheduler retries a RunTask call that failed this many times (dumps, drills, jobs). */
export const SCHEDULED_TASK_START_RETRIES = 2;

/**
 * Feature flags. A flag's name is the application's own key (snake_case, camelCase, kebab-case or
 * SCREAMING_SNAKE), so it must be a key in every store that serves it:
 * - AppConfig: the `AWS.AppConfig.FeatureFlags` schema's `flagDefinitions` and `flagValues` take keys
 *   matching `^[a-z][a-zA-Z\d_-]{0,63}$` (AppConfig user guide, "Understanding the type reference for
 *   AWS.AppConfig.FeatureFlags"): a lower-case letter first, so SCREAMING_SNAKE is not one.
 * - Edge Config: item keys of letters, digits, `_` and `-` (`^[\w-]+$`, Vercel REST API, Edge Config items);
 *   opsbook holds them to AppConfig's 64 characters too, so a flag can move between platforms by length.
 */
export const FLAG_KEYS = {
    appconfig: {
        pattern: /^[a-z][a-zA-Z0-9_-]{0,63}$/,
        allowed:
            "a lower-case letter, then letters, digits, '_' or '-', at most 64 characters (AppConfig's flag key rule), such as newCheckout, new-checkout or new_checkout",
    },
    "edge-config": {
        pattern: /^[A-Za-z0-9_-]{1,64}$/,
        allowed:
            "letters, digits, '_' or '-', at most 64 characters (Edge Config's item key rule), such as NEW_CHECKOUT, newCheckout or new-checkout",
    },
} as const;
/**
 * Percentage rollouts: the share of users a served flag is on for, a whole percent. The context key
 * AppConfig's `split` hashes (the app passes it to the agent) and the bucketing rule Edge Config readers
 * apply (`bucketOf` in model/flags.ts) both take the user's id.
 */
export const FLAG_ROLLOUT = { minPercent: 1, maxPercent: 100, contextKey: "userId" } as const;
/** The variable holding a Vercel project's Edge Config connection string (read by `@vercel/edge-config`). */
export const EDGE_CONFIG_VARIABLE = "EDGE_CONFIG";
/** The variable telling an ECS container where the AppConfig agent serves its flags. */
export const FLAGS_URL_VARIABLE = "OPSBOOK_FLAGS_URL";
/** The AppConfig agent sidecar (AWS's image, major version 2) and the port it serves on localhost. */
export const APPCONFIG_AGENT_IMAGE = "public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x";
export const APPCONFIG_AGENT_PORT = 2772;
/**
 * How often the agent asks AppConfig for a new version (s): the shortest poll interval AppConfig's data API
 * accepts (`RequiredMinimumPollIntervalInSeconds` ≥ 15), so a flag change or a kill reaches every task
 * within this after its deployment (the agent's default is 45).
 */
export const FLAG_POLL_SECONDS = 15;
/**
 * The flags' deployment: all at once, no bake. AppConfig allows one deployment at a time per environment,
 * and the predefined `AppConfig.AllAtOnce` bakes 10 minutes watching alarms (none are attached here), so a
 * kill right after another flag change would be refused until the bake ends.
 */
export const FLAG_DEPLOYMENT = { durationMinutes: 0, bakeMinutes: 0, growthPercent: 100 } as const;
/**
 * How long a release is watched before it goes further: the runbooks' release is "Staging → Production
 * (a low-traffic window) → Monitor: watch metrics for 30 minutes", and "Run in staging first" (Fork-Knife).
 * The generated runbook's release section says it for the source stack and again after the promotion.
 */
export const RELEASE_WATCH_MINUTES = 30;

// ---- Environments: what production holds and staging or development may relax ----

export const ENVIRONMENTS = ["production", "staging", "development"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A rule's value in one environment: its default, and what a stack file may choose instead. */
export type EnvironmentChoice =
    | { readonly default: boolean; readonly allowed: readonly boolean[] }
    | { readonly default: number; readonly min: number; readonly max: number };

export interface EnvironmentRule {
    /** What the rule decides, for the docs/environments.md table and the load errors. */
    readonly description: string;
    readonly production: EnvironmentChoice;
    /** Staging and development alike: the rest are "not production". */
    readonly other: EnvironmentChoice;
}

const fixed = (value: boolean) => ({ default: value, allowed: [value] }) as const;
const optional = (value: boolean) => ({ default: value, allowed: [true, false] }) as const;

/**
 * What differs between production and the rest. Components take their defaults from it, the loader holds a
 * stack file's choices (`opsbook:system.environmentRules.<rule>`, and the per-entry fields named in each
 * description) within it, and the pack enforces it from the stack's `opsbook:index:Environment` resource.
 * The environments table of docs/environments.md is rendered from this object
 * (test/model/environment.test.ts).
 */
export const ENVIRONMENT_RULES = {
    restoreDrills: {
        description: "every database is restored in a scheduled drill (quarterly)",
        production: fixed(true),
        other: optional(false),
    },
    backupRetentionDays: {
        description:
            "days automated backups are kept (default of `databases.<name>.retentionDays`)",
        production: {
            default: BACKUP_DEFAULT_RETENTION_DAYS,
            min: BACKUP_MIN_RETENTION_DAYS,
            max: RDS_MAX_BACKUP_RETENTION_DAYS,
        },
        other: {
            default: BACKUP_MIN_RETENTION_DAYS,
            min: BACKUP_MIN_RETENTION_DAYS,
            max: RDS_MAX_BACKUP_RETENTION_DAYS,
        },
    },
    monthlyBackupRetentionDays: {
        description: "days the monthly recovery points of an RDS database are kept (0: none taken)",
        production: {
            default: BACKUP_MONTHLY_RETENTION_DAYS,
            min: BACKUP_MONTHLY_RETENTION_DAYS,
            max: 3650,
        },
        other: { default: 0, min: 0, max: 3650 },
    },
    logRetentionDays: {
        description: "days CloudWatch keeps logs (default of `services.<name>.logRetentionDays`)",
        production: { default: LOG_RETENTION_DAYS, min: LOG_RETENTION_DAYS, max: 3653 },
        other: { default: 7, min: 1, max: 3653 },
    },
    accessLogRetentionDays: {
        description: "days the access-log bucket keeps S3 and load-balancer access logs",
        production: {
            default: ACCESS_LOG_RETENTION_DAYS,
            min: ACCESS_LOG_MIN_RETENTION_DAYS,
            max: 3650,
        },
        other: { default: 30, min: 1, max: 3650 },
    },
    multiAz: {
        description: "RDS runs a standby in a second zone (default of `databases.<name>.multiAz`)",
        production: fixed(true),
        other: optional(false),
    },
    deletionProtection: {
        description:
            "stateful resources carry Pulumi's `protect` and the provider's deletion protection",
        production: fixed(true),
        other: optional(false),
    },
    pagingRoute: {
        description:
            "`alerts.routes.critical` must hold a paging route (a protocol other than chat or e-mail)",
        production: fixed(true),
        other: optional(false),
    },
    criticalToChat: {
        description:
            "critical alarms may go to a chat channel (`slack`, `teams`, or its e-mail: `email`, `email-json`), or to the warning routes when `critical` is absent",
        production: fixed(false),
        other: optional(true),
    },
    healthChecks: {
        description: "every public service has a Route 53 health check whose alarm is critical",
        production: fixed(true),
        other: optional(false),
    },
    dailyApplyHeartbeat: {
        description:
            "the `daily-apply` alarms page when the daily `pulumi up` misses a day or fails",
        production: fixed(true),
        other: optional(false),
    },
} as const satisfies Record<string, EnvironmentRule>;

export type EnvironmentRuleName = keyof typeof ENVIRONMENT_RULES;
export const ENVIRONMENT_RULE_NAMES = Object.keys(ENVIRONMENT_RULES) as EnvironmentRuleName[];
/** The resolved rules of one stack: each rule's value. */
export type EnvironmentRules = {
    readonly [K in EnvironmentRuleName]: (typeof ENVIRONMENT_RULES)[K]["production"]["default"] extends boolean
        ? boolean
        : number;
};
/** Route protocols that reach a chat channel (its e-mail integration), not a pager. */
export const CHAT_PROTOCOLS: readonly string[] = ["email", "email-json", "slack", "teams"];
/** The stack-level resource that carries the environment and its rules to the pack. */
export const ENVIRONMENT_RESOURCE_TYPE = "opsbook:index:Environment";
