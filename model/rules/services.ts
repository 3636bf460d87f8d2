/** Services and the edge: rate limits, the origin secret, ECS and Vercel defaults, the release watch. */

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
/** Tasks kept running by default, by role: an api survives one task's loss; a queue waits out a restart. */
export const DEFAULT_MIN_TASKS = { web: 1, api: 2, worker: 1 } as const;
/** The default ceiling for autoscaling, as a multiple of the service's `minTasks`. */
export const DEFAULT_MAX_TASKS_FACTOR = 3;
/** Autoscaling keeps CPU and memory under their alarm thresholds. */
export const AUTOSCALING_CPU_TARGET = 60;
export const AUTOSCALING_MEMORY_TARGET = 70;
/** Vercel deployments kept, so "Promote an older deployment to production" stays possible (Vercel's units). */
export const VERCEL_PRODUCTION_RETENTION = "1y";
export const VERCEL_PREVIEW_RETENTION = "1m";
/**
 * How long a release is watched before it goes further: the runbooks' release is "Staging → Production
 * (a low-traffic window) → Monitor: watch metrics for 30 minutes", and "Run in staging first" (Fork-Knife).
 * The generated runbook's release section says it for the source stack and again after the promotion.
 */
export const RELEASE_WATCH_MINUTES = 30;
