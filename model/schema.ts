/**
 * The shape of `opsbook:system`, the stack's whole description. Shape only: references between entries
 * and the runbook limits are checked in `load.ts`, so that every problem is reported at once.
 */
import { z } from "zod";
import {
    CLOUDFLARE_PLANS,
    CloudflarePlan,
    ENV_NAME,
    REDIS_MAX_REPLICAS,
    REDIS_MAXMEMORY_POLICIES,
    QUEUE_NAME,
    SECRET_CLASS_NAMES,
    SERVICE_NAME,
} from "./rules";
import { flagSchema } from "./flags";
import { ROUTE_PROTOCOLS } from "./routes";
import { commandSchema } from "./command";
import { promotionSchema } from "./promotion";
import { adoptSchema } from "./adopt";

/** A calendar date (`2026-03-01`) or an instant (`2026-03-01T12:00:00Z`), always UTC-anchored. */
export const ISO_DATE =
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** True for a date that exists: `2026-02-30` parses (as March 2) but is not one. */
export function isCalendarDate(value: string): boolean {
    const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    return (
        !Number.isNaN(parsed) &&
        new Date(Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10)))
            .toISOString()
            .startsWith(value.slice(0, 10))
    );
}

const isoDate = z
    .string()
    .regex(ISO_DATE, { message: "expected an ISO date such as 2026-03-01" })
    .refine(isCalendarDate, { message: "expected a real calendar date" });

/**
 * A recorded decision to loosen one runbook value (or run with an overdue vendor secret) until a date:
 * who decided, why, and until when. The pack reports it while `until` is ahead and refuses it after.
 */
export const waiverSchema = z.strictObject({
    /** Why the runbook's value does not fit, e.g. "5xx from a flaky partner API, fix in PROJ-123". */
    reason: z.string().trim().min(1).max(300),
    /** Who decided: a person or a team, e.g. "alice (on-call lead)". */
    by: z.string().trim().min(1).max(100),
    /** The first day (UTC) the waiver no longer holds: at most `WAIVER_MAX_DAYS` ahead. */
    until: isoDate,
});

/**
 * A runbook value that a stack may make stricter freely, or looser with a waiver naming it:
 * `errorRateWarningPercent: 0.5`, or `errorRateWarningPercent: { value: 2, waiver: { reason, by, until } }`.
 */
export function waivable<T extends z.ZodType<number>>(value: T) {
    return z.union([value, z.strictObject({ value, waiver: waiverSchema })]);
}

const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const queueName = z.string().regex(QUEUE_NAME);

/** A queue a service works, with stricter thresholds than the rules' where it needs them. */
export const queueSchema = z.strictObject({
    name: queueName,
    /** Failed jobs as a share of finished ones (%); default from the rules (`queue-failed`). */
    failedPercent: waivable(z.number().positive().max(100)).optional(),
    /** Waiting jobs that make a backlog; default from the rules (`queue-backlog`). */
    maxWaiting: waivable(z.number().int().positive()).optional(),
    /** Age of the oldest waiting job (s); default from the rules (`queue-oldest-waiting`). */
    oldestWaitingSeconds: waivable(z.number().int().positive()).optional(),
});

export const serviceSchema = z.strictObject({
    /** Where it runs: `vercel` (a Vercel project) or `aws` (ECS Fargate). */
    platform: z.enum(["vercel", "aws"]),
    /** `web` serves browsers, `api` serves HTTP, `worker` consumes queues and schedules. */
    role: z.enum(["web", "api", "worker"]),
    /** Public hostname; a service with a domain is public and must have a `healthPath`. */
    domain: z.string().regex(hostname, { message: "expected a lower-case hostname" }).optional(),
    /**
     * vercel: put Cloudflare's proxy in front of the project (default false: a DNS-only record and the
     * Vercel Firewall, as Vercel recommends). aws services with a domain are always proxied.
     */
    proxied: z.boolean().optional(),
    /**
     * aws: the emergency pause (Alcom's `railway service pause`): no task runs, the load balancer answers
     * 503, and the service's alarms and health check are silenced (disabled, not deleted). Default false.
     */
    paused: z.boolean().optional(),
    /** Path of the health endpoint, e.g. `/api/health`. */
    healthPath: z
        .string()
        .regex(/^\/[A-Za-z0-9._~\-/?=&]*$/, { message: "expected a path starting with /" })
        .optional(),
    /** Vercel framework preset; default `nextjs`. Vercel services only. */
    framework: z
        .string()
        .regex(/^[a-z0-9-]+$/)
        .optional(),
    /** vercel: the GitHub repository (`org/repo`); aws: the container image repository (ECR or a registry). */
    repository: z
        .string()
        .regex(/^[A-Za-z0-9._\-/:]+$/, { message: "expected org/repo or an image repository" })
        .optional(),
    /**
     * vercel: the project's name; default `<service>-<stack>`. Set it to keep an existing project's name.
     * A change renames the project in place (terraform-provider-vercel v5.4.1 `vercel/resource_project.go`
     * L93-L103: `name` has no RequiresReplace modifier; L1117-L1122 and `client/project.go` L384-L396: the
     * update PATCHes the new name onto the same project id).
     */
    projectName: z
        .string()
        .regex(/^[a-z0-9-]{1,52}$/, {
            message: "expected up to 52 lower-case letters, digits and hyphens (Vercel's rule)",
        })
        .optional(),
    /** vercel: the branch that deploys to production; default `main`. */
    productionBranch: z.string().optional(),
    /** aws: the image tag to run. A rollback is a one-line change of it. */
    imageTag: z
        .string()
        .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: "expected an image tag" })
        .optional(),
    /** aws: the container port (HTTP roles); default from the rules. */
    port: z.number().int().min(1).max(65535).optional(),
    /**
     * aws: the container's command; default the image's CMD. The exec form `[gunicorn, app:app]` runs as
     * is; `{ shell: "…" }` runs through `/bin/sh -c` (`model/command.ts`).
     */
    command: commandSchema.optional(),
    /**
     * aws: a command run to completion before the service starts, e.g. `[alembic, upgrade, head]`, or
     * `{ shell: "alembic upgrade head && ./seed" }` where a shell is wanted.
     */
    release: commandSchema.optional(),
    /** aws: task size (CPU units, MiB) and task counts (autoscaling between min and max). */
    cpu: z.number().int().optional(),
    memory: z.number().int().optional(),
    minTasks: z.number().int().min(1).optional(),
    maxTasks: z.number().int().min(1).optional(),
    /** aws: days CloudWatch keeps the logs; default from the rules. */
    logRetentionDays: z.number().int().positive().optional(),
    /**
     * aws: the queues this service works (`[email, release-process]`, or `{ name, ...thresholds }`); each
     * gets alarms on the metrics its worker publishes (docs/queues-and-jobs.md, "The queue metric
     * contract").
     */
    queues: z.array(z.union([queueName, queueSchema])).optional(),
    /** Stricter alert thresholds for this service; a looser one only with a waiver (`waivable`). */
    alerts: z
        .strictObject({
            errorRateCriticalPercent: waivable(z.number().positive()).optional(),
            errorRateWarningPercent: waivable(z.number().positive()).optional(),
            latencyP95Seconds: waivable(z.number().positive()).optional(),
            latencyP99Seconds: waivable(z.number().positive()).optional(),
            cpuPercent: waivable(z.number().positive().max(100)).optional(),
            memoryPercent: waivable(z.number().positive().max(100)).optional(),
        })
        .optional(),
});

export const dnsSchema = z.strictObject({
    /** The existing Cloudflare zone that holds the services' domains. */
    zoneId: z.string().regex(/^[0-9a-f]{32}$/, { message: "expected a 32-character hex zone id" }),
    zone: z.string().regex(hostname, { message: "expected the zone's domain, e.g. example.com" }),
    /** The zone's Cloudflare plan: it decides what the rate limiting rule may do (see `CLOUDFLARE_RATE_LIMITS`). */
    plan: z.enum(CLOUDFLARE_PLANS as [CloudflarePlan, ...CloudflarePlan[]]),
    /** Requests per minute per client IP before Cloudflare blocks; default from the rules. */
    rateLimitPerMinute: z.number().int().positive().optional(),
    /** The rule's counting period (s); default 60, or 10 on Free. */
    rateLimitPeriodSeconds: z.number().int().positive().optional(),
    /** How long a client over the limit is blocked (s); default 600, or 10 on Free. */
    rateLimitMitigationSeconds: z.number().int().positive().optional(),
    /**
     * Who writes the zone's rulesets (one per phase per zone): `true` (default) this stack, or the name of
     * the stack that does and carries this one's hosts. Checked by `checkZoneOwnership`, whose messages
     * say what is allowed (a union here would word it as zod does).
     */
    owner: z.unknown().optional(),
    /** The owner's list of the other stacks on the zone, whose rules its rulesets carry. Default none. */
    tenants: z.unknown().optional(),
});

/** A route: an SNS subscription (`endpointSecret`) or a chat channel (model/routes.ts checks which fields). */
const alertRoute = z.strictObject({
    /** `pagerduty`, `https`, `email`, `email-json`, `sms`, `lambda`, `sqs` (SNS) or `slack`, `teams` (chat). */
    protocol: z.enum(ROUTE_PROTOCOLS),
    /** A vendor secret (class alert-endpoint) holding the endpoint of an SNS route. */
    endpointSecret: z.string().regex(ENV_NAME).optional(),
    /** slack: the workspace (team) id authorised with AWS's chat integration. */
    workspaceId: z
        .string()
        .regex(/^[TE][A-Z0-9]{2,}$/, { message: "expected a Slack workspace id, e.g. T07EA123LEP" })
        .optional(),
    /** slack, teams: the channel id. */
    channelId: z
        .string()
        .regex(/^[A-Za-z0-9:@._-]+$/, { message: "expected a channel id" })
        .optional(),
    /** teams: the Microsoft Entra tenant id. */
    tenantId: z.uuid().optional(),
    /** teams: the team id (the groupId of the team's link). */
    teamId: z.uuid().optional(),
});

export const alertsSchema = z.strictObject({
    /** Subscriptions per severity: critical pages on-call, warning the team channel, info the daily digest. */
    routes: z.strictObject({
        /** Required in production (rule pagingRoute); elsewhere absent means the warning routes (criticalToChat). */
        critical: z.array(alertRoute).min(1).optional(),
        warning: z.array(alertRoute).optional(),
        info: z.array(alertRoute).optional(),
    }),
});

/** A period a secret had before, in force until `until`: editing a period keeps the old one here. */
export const formerPeriodSchema = z.strictObject({
    periodDays: z.number().int().positive(),
    until: isoDate,
});

export const secretSchema = z.strictObject({
    /** `generated` (opsbook generates and rotates it) or `vendor` (issued by a vendor's console). */
    kind: z.enum(["generated", "vendor"]),
    /** What the secret is for; sets its maximum period, slots and strength (`model/rules.ts`). */
    class: z.enum(SECRET_CLASS_NAMES as [string, ...string[]]),
    /** Rotation period (generated) or maximum age (vendor), in days; default and ceiling from the class. */
    periodDays: z.number().int().positive().optional(),
    /** Vendor secrets only: when the value in secret config was last issued. */
    rotatedAt: isoDate.optional(),
    /**
     * Generated secrets only: dates of planned early rotations. Each advances one generation on its date
     * and restarts the schedule there; keep past dates (they are the schedule's history).
     */
    rotateNow: z.union([isoDate, z.array(isoDate)]).optional(),
    /**
     * Published keys only (`published-key`): the dates NAME_NEXT became current, oldest first, each at least
     * `PUBLISHED_KEY_MIN_NOTICE_DAYS` after the one before. Keep past dates (they are the key's history).
     */
    promotions: z.array(isoDate).optional(),
    /**
     * Generated secrets only: the periods this secret had before `periodDays`, oldest first. Changing the
     * period never rotates: record the old one here with the date of the change, and keep it.
     */
    formerPeriods: z.array(formerPeriodSchema).optional(),
    /**
     * Encryption keys only: every key of this generation or older is retired, because the data it
     * encrypted has been re-encrypted with a newer key. Until then no key is ever deleted.
     */
    retiredThrough: z.number().int().min(0).optional(),
    /**
     * Services that receive the secret: `NAME`, `NAME_NEXT` and `NAME_PREVIOUS` for key sets, `NAME`,
     * `NAME_KEY_ID` and `NAME_KEYRING` for key rings, `NAME` for vendor secrets. Empty for a secret only the
     * infrastructure reads (a database's admin URL).
     */
    consumers: z.array(z.string()).optional(),
    /** Free text for the runbook. */
    description: z.string().optional(),
    /**
     * Vendor secrets only: an acknowledged grace. While `until` is ahead an overdue value is reported
     * (advisory) instead of refusing every `pulumi up` (an emergency rollback included).
     */
    waiver: waiverSchema.optional(),
});

export const secretReferenceSchema = z.strictObject({
    /** The name of an entry of `secrets`. */
    secret: z.string(),
    /** Which value of a key set: `current` (default), `next` or `previous`. */
    slot: z.enum(["current", "next", "previous"]).optional(),
});

/**
 * A plain value that looks like a credential (by its name or by value) but is public by design, such as a
 * Sentry DSN: declared so, with the reason, it is neither refused nor redacted, and the plan lists it.
 */
export const publicValueSchema = z.strictObject({
    value: z.string(),
    /** Why the value is public, e.g. "Sentry DSNs ship in the browser bundle and only accept events". */
    public: z.string().trim().min(1),
});

export const envValueSchema = z.union([
    z.string(),
    z.number(),
    z.boolean(),
    secretReferenceSchema,
    publicValueSchema,
]);

const awsId = (prefix: string) =>
    z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), {
        message: `expected an id such as ${prefix}-0123456789abcdef0`,
    });

/** The VPC that AWS resources live in: an existing one, referenced by id. */
export const networkSchema = z.strictObject({
    vpcId: awsId("vpc"),
    /** At least two, in different availability zones: databases and tasks run here. */
    privateSubnetIds: z.array(awsId("subnet")).min(2),
    /** Load balancers run here (services issue); optional until a public AWS service needs them. */
    publicSubnetIds: z.array(awsId("subnet")).min(2).optional(),
});

export const cloudflareSchema = z.strictObject({
    /** The Cloudflare account that owns R2 buckets. */
    accountId: z
        .string()
        .regex(/^[0-9a-f]{32}$/, { message: "expected a 32-character hex account id" }),
});

const dbIdentifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: "expected a PostgreSQL name of lower-case letters, digits and '_'",
});

export const databaseSchema = z.strictObject({
    /** `rds`: opsbook creates an AWS RDS PostgreSQL. `external`: an existing one (Supabase, Railway, Neon). */
    kind: z.enum(["rds", "external"]),
    /** The database's name inside PostgreSQL; default the entry's key. Never changes on a rename. */
    dbName: dbIdentifier.optional(),
    /** Services that receive the connection URL. */
    consumers: z.array(z.string()).min(1),
    /** Consumers that also receive a direct (unpooled) URL, e.g. for migrations with Prisma. */
    directUrlConsumers: z.array(z.string()).optional(),
    /** Variable names; default `DATABASE_URL` and `DIRECT_URL`. */
    urlVariable: z.string().regex(ENV_NAME).optional(),
    directUrlVariable: z.string().regex(ENV_NAME).optional(),
    /** Recovery point objective in minutes; default a day. At most 60 for the runbooks' main database. */
    rpoMinutes: z.number().int().positive().optional(),
    /** Days backups are kept; default and minimum from the rules. */
    retentionDays: z.number().int().positive().optional(),
    /** Rotation period of the two login users' passwords; default and ceiling 180 days. */
    credentialPeriodDays: z.number().int().positive().optional(),
    /** Earlier periods of the login passwords, oldest first (see secrets' `formerPeriods`). */
    credentialFormerPeriods: z.array(formerPeriodSchema).optional(),
    /** Former keys of this entry, newest first: its resources are aliased, never replaced. */
    renamedFrom: z.array(z.string().regex(SERVICE_NAME)).optional(),
    /** rds: PostgreSQL major version (default from the rules), instance class, storage and Multi-AZ. */
    engineVersion: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .optional(),
    instanceClass: z
        .string()
        .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/)
        .optional(),
    storageGb: z.number().int().min(20).max(65536).optional(),
    multiAz: z.boolean().optional(),
    /**
     * rds: the instance identifier; default `opsbook-<stack>-<entry>`. Set it to an existing instance's
     * identifier (one Pulumi generated before opsbook named it, say): changing it renames the instance in
     * place and moves its endpoint (the diff blocks it).
     */
    identifier: z
        .string()
        .max(63)
        .regex(/^[a-z](?:-?[a-z0-9])*$/, {
            message:
                "expected an RDS instance identifier: lower-case letters, digits and single hyphens, starting with a letter, not ending with a hyphen, at most 63 characters",
        })
        .optional(),
    /** The server's max_connections; needed when the instance class is not in the rules' table. */
    maxConnections: z.number().int().min(10).optional(),
    /** external: the vendor secret (class database-admin-url) holding the admin URL. */
    adminUrlSecret: z.string().regex(ENV_NAME).optional(),
    /** external: how many dumps the backup bucket keeps (noncurrent versions); default and minimum 10. */
    keepVersions: z.number().int().positive().optional(),
    /**
     * How `pulumi up` reaches the server: rds `tunnel` (SSM port forwarding through the access task) or
     * `runner` (a self-hosted runner in the VPC); external `direct` (default) or `runner`.
     */
    access: z
        .strictObject({
            via: z.enum(["tunnel", "runner", "direct"]),
            /** tunnel: the local port the session listens on; default from the rules, one per database. */
            localPort: z.number().int().optional(),
        })
        .optional(),
});

export const bucketSchema = z.strictObject({
    /** `s3` (AWS) or `r2` (Cloudflare). */
    provider: z.enum(["s3", "r2"]),
    /** `uploads` (user files), `assets` (public build assets) or `backups`. Default `uploads`. */
    purpose: z.enum(["uploads", "assets", "backups"]).optional(),
    /** Services whose domains may upload from the browser (CORS). */
    corsFrom: z.array(z.string()).optional(),
    /** Services that receive the bucket's name, in `variable`. */
    consumers: z.array(z.string()).optional(),
    /**
     * The variable consumers read the bucket's name from; default `<NAME>_BUCKET` of the entry's oldest
     * name (`renamedFrom`), so renaming the entry never renames the application's variable.
     */
    variable: z.string().regex(ENV_NAME).optional(),
    /** Days noncurrent versions are kept (s3); default from the rules. */
    noncurrentVersionDays: z.number().int().positive().optional(),
    renamedFrom: z.array(z.string().regex(SERVICE_NAME)).optional(),
    /**
     * Served to anyone at `domain` (marketing images, build assets). Only an `assets` bucket on R2 may be
     * public, and only with `publicReason`; every other bucket is private and the pack refuses public
     * access to it (opsbook-data-bucket-private). Default false.
     */
    public: z.boolean().optional(),
    /** Why anyone may read it, for the plan and the review, e.g. "logos and images on the marketing site". */
    publicReason: z.string().trim().min(1).max(500).optional(),
    /** public: the hostname it is served at, in the stack's Cloudflare zone (an R2 custom domain). */
    domain: z.string().regex(hostname, { message: "expected a lower-case hostname" }).optional(),
});

/** A Redis (Valkey) that opsbook provisions on ElastiCache; a vendor's Redis stays a vendor secret. */
export const redisSchema = z.strictObject({
    /** aws services that receive the URL (`rediss://:<token>@<primary endpoint>:6379`). */
    consumers: z.array(z.string()).min(1),
    /** The variable name; default `REDIS_URL`. */
    urlVariable: z.string().regex(ENV_NAME).optional(),
    /** Valkey version (default from the rules) and node type (default cache.t4g.small). */
    engineVersion: z
        .string()
        .regex(/^\d+\.\d+$/)
        .optional(),
    nodeType: z
        .string()
        .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/)
        .optional(),
    /** Replicas besides the primary (default 1: Multi-AZ with automatic failover; 0 for none). */
    replicas: z.number().int().min(0).max(REDIS_MAX_REPLICAS).optional(),
    /** Days daily snapshots are kept; default and minimum from the rules, at most 35. */
    snapshotRetentionDays: z.number().int().positive().optional(),
    /** What Redis does when memory is full; default `noeviction` (queues must not lose jobs). */
    maxmemoryPolicy: z.enum(REDIS_MAXMEMORY_POLICIES).optional(),
    /** Rotation period of the AUTH token; default and ceiling 180 days. */
    tokenPeriodDays: z.number().int().positive().optional(),
    /** Earlier periods of the token, oldest first (see secrets' `formerPeriods`). */
    tokenFormerPeriods: z.array(formerPeriodSchema).optional(),
});

/** A container run on a schedule (EventBridge Scheduler → ECS RunTask), watched for failed and missed runs. */
export const jobSchema = z.strictObject({
    /** An aws service whose image, environment and network access the job uses. Or `image`. */
    service: z.string().optional(),
    /** An image to run instead of a service's (`repository:tag`); the job then has no environment. */
    image: z
        .string()
        .regex(/^[A-Za-z0-9._\-/:@]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
            message: "expected repository:tag",
        })
        .optional(),
    /**
     * The command to run, exec form `[python, -m, app.jobs.cleanup]` or `{ shell: "…" }`; required with
     * `service` (its default command is the service itself).
     */
    command: commandSchema.optional(),
    /** An EventBridge Scheduler expression in UTC: `rate(1 day)` or `cron(0 3 * * ? *)`. */
    schedule: z.string(),
    /** Task size (CPU units, MiB); default from the rules. */
    cpu: z.number().int().optional(),
    memory: z.number().int().optional(),
    /** Free text for the runbook. */
    description: z.string().optional(),
});

export const systemSchema = z.strictObject({
    /** `production` (default: stateful resources protected, deletion protection on) or `staging`/`development`. */
    environment: z.enum(["production", "staging", "development"]).optional(),
    /** The stack's choices within its environment's rules (`ENVIRONMENT_RULES`; bounds checked by the loader). */
    environmentRules: z.record(z.string(), z.union([z.boolean(), z.number()])).optional(),
    network: networkSchema.optional(),
    cloudflare: cloudflareSchema.optional(),
    services: z.record(z.string().regex(SERVICE_NAME), serviceSchema),
    databases: z.record(z.string().regex(SERVICE_NAME), databaseSchema).optional(),
    redis: z.record(z.string().regex(SERVICE_NAME), redisSchema).optional(),
    dns: dnsSchema.optional(),
    alerts: alertsSchema.optional(),
    buckets: z.record(z.string().regex(SERVICE_NAME), bucketSchema).optional(),
    secrets: z.record(z.string().regex(ENV_NAME), secretSchema).optional(),
    rotation: z
        .strictObject({
            /** Replaced by `incidents`; the loader says how to move it. */
            incident: z.string().optional(),
            /**
             * Incidents, each with an id and the date it was declared. On that date every key-set value and
             * login password is replaced and every key ring gets a new current key. Keep past entries: they
             * are the schedule's history, and removing one would rotate again.
             */
            incidents: z
                .array(
                    z.strictObject({
                        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/),
                        at: isoDate,
                    }),
                )
                .optional(),
        })
        .optional(),
    env: z.record(z.string(), z.record(z.string().regex(ENV_NAME), envValueSchema)).optional(),
    /** Scheduled jobs, by name. */
    jobs: z.record(z.string().regex(SERVICE_NAME), jobSchema).optional(),
    /** Feature flags by name, served by each consumer's platform store (`model/flags.ts`). */
    flags: z.record(z.string(), flagSchema).optional(),
    /** The stack this one promotes from, and recorded hotfixes (`model/promotion.ts`). */
    promotion: promotionSchema.optional(),
    /** What already exists and is imported before the first `up` (`model/adopt.ts`). */
    adopt: adoptSchema.optional(),
});

export type SystemInput = z.infer<typeof systemSchema>;
export type ServiceInput = z.infer<typeof serviceSchema>;
export type SecretInput = z.infer<typeof secretSchema>;
export type EnvValueInput = z.infer<typeof envValueSchema>;
export type SecretReference = z.infer<typeof secretReferenceSchema>;
export type DatabaseInput = z.infer<typeof databaseSchema>;
export type BucketInput = z.infer<typeof bucketSchema>;
export type RedisInput = z.infer<typeof redisSchema>;
export type NetworkInput = z.infer<typeof networkSchema>;
export type QueueInput = z.infer<typeof queueSchema>;
export type JobInput = z.infer<typeof jobSchema>;
export type WaiverInput = z.infer<typeof waiverSchema>;
