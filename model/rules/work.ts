/** Queues and scheduled jobs: queue names, the workers' metric contract and job defaults. */

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
/** A scheduled job's success is watched over this many intervals: one missed run is tolerated, two page. */
export const JOB_MISSED_RUN_INTERVALS = 2;
/** A scheduled job's task size when it does not say (CPU units, MiB). */
export const DEFAULT_JOB_CPU = 256;
export const DEFAULT_JOB_MEMORY = 512;
/** EventBridge Scheduler retries a RunTask call that failed this many times (dumps, drills, jobs). */
export const SCHEDULED_TASK_START_RETRIES = 2;
