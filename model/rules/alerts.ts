/** Alerts: every threshold the runbooks name, health checks, the daily apply's metrics and CloudWatch's limits. */

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

/**
 * CloudWatch's limits on an alarm's evaluation range (PutMetricAlarm): period × evaluation periods at
 * most 7 days, and at most 1 day when the period is shorter than an hour.
 */
export const ALARM_MAX_RANGE_SECONDS = 7 * 24 * 60 * 60;
export const ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS = 24 * 60 * 60;
