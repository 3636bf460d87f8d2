/** Data: databases, backups and buckets, and Redis on ElastiCache. */

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
