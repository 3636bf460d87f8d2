/**
 * The schema of what runs: services (Vercel projects and ECS services), the queues they work, and
 * scheduled jobs. Shape only; references between entries are checked by the loader.
 */
import { z } from "zod";
import { PAUSED_STATUS, QUEUE_NAME, QUEUE_NAME_RULE } from "./rules";
import { commandSchema } from "./command";
import { hostname, waivable } from "./schemaCommon";

const queueName = z
    .string()
    .regex(QUEUE_NAME, { message: `expected a queue name of ${QUEUE_NAME_RULE}, such as email` });

const IMAGE_TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
const IMAGE_TAG_RULE =
    "up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-' (Docker's rule)";

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

export const serviceSchema = z
    .strictObject({
        platform: z
            .enum(["vercel", "aws"])
            .describe("Where it runs: `vercel` (a Vercel project) or `aws` (ECS Fargate)."),
        role: z
            .enum(["web", "api", "worker"])
            .describe(
                "`web` serves browsers, `api` serves HTTP, `worker` consumes queues and schedules.",
            ),
        domain: hostname()
            .describe("Public hostname; a service with a domain is public and needs `healthPath`.")
            .optional(),
        /**
         * vercel: put Cloudflare's proxy in front of the project (default false: a DNS-only record and the
         * Vercel Firewall, as Vercel recommends). aws services with a domain are always proxied.
         */
        proxied: z.boolean().optional(),
        /**
         * aws: the emergency pause (Alcom's `railway service pause`): no task runs, the load balancer
         * answers PAUSED_STATUS, and the service's alarms and health check are silenced (disabled, not deleted).
         */
        paused: z
            .boolean()
            .describe(
                `aws: the emergency pause: no task runs, the load balancer answers ${PAUSED_STATUS}.`,
            )
            .optional(),
        healthPath: z
            .string()
            .regex(/^\/[A-Za-z0-9._~\-/?=&]*$/, {
                message:
                    "expected a path starting with / of letters, digits and . _ ~ - / ? = &, such as /api/health",
            })
            .describe("Path of the health endpoint, e.g. `/api/health`.")
            .optional(),
        /** Vercel framework preset; default `nextjs`. Vercel services only. */
        framework: z
            .string()
            .regex(/^[a-z0-9-]+$/, {
                message:
                    "expected a Vercel framework preset of lower-case letters, digits and '-', such as nextjs",
            })
            .optional(),
        repository: z
            .string()
            .regex(/^[A-Za-z0-9._\-/:]+$/, {
                message:
                    "expected org/repo (vercel) or an image repository such as ghcr.io/acme/api (aws)",
            })
            .describe(
                "vercel: the GitHub repository (`org/repo`); aws: the container image repository.",
            )
            .optional(),
        /**
         * vercel: the project's name; default `<service>-<stack>`. Set it to keep an existing project's
         * name. A change renames the project in place (terraform-provider-vercel v5.4.1
         * `vercel/resource_project.go` L93-L103: `name` has no RequiresReplace modifier; L1117-L1122 and
         * `client/project.go` L384-L396: the update PATCHes the new name onto the same project id).
         */
        projectName: z
            .string()
            .regex(/^[a-z0-9-]{1,52}$/, {
                message: "expected up to 52 lower-case letters, digits and hyphens (Vercel's rule)",
            })
            .optional(),
        /** vercel: the branch that deploys to production; default `main`. */
        productionBranch: z.string().optional(),
        imageTag: z
            .string()
            .regex(new RegExp(`^${IMAGE_TAG}$`), {
                message: `expected an image tag of ${IMAGE_TAG_RULE}, such as 2026.11.20-3f9c2ab`,
            })
            .describe("aws: the image tag to run. A rollback is a one-line change of it.")
            .optional(),
        /** aws: the container port (HTTP roles); default from the rules. */
        port: z.number().int().min(1).max(65535).optional(),
        command: commandSchema
            .describe(
                "aws: the container's command; default the image's CMD. `[gunicorn, app:app]` runs as is, `{ shell: \"…\" }` through /bin/sh -c.",
            )
            .optional(),
        release: commandSchema
            .describe(
                "aws: a command run to completion before the service starts, e.g. `[alembic, upgrade, head]`.",
            )
            .optional(),
        /** aws: task size (CPU units, MiB) and task counts (autoscaling between min and max). */
        cpu: z.number().int().optional(),
        memory: z.number().int().optional(),
        minTasks: z.number().int().min(1).optional(),
        maxTasks: z.number().int().min(1).optional(),
        /** aws: days CloudWatch keeps the logs; default from the rules. */
        logRetentionDays: z.number().int().positive().optional(),
        queues: z
            .array(z.union([queueName, queueSchema]))
            .describe(
                "aws: the queues this service works (`[email]` or `{ name, ...thresholds }`); each gets alarms on its worker's metrics.",
            )
            .optional(),
        alerts: z
            .strictObject({
                errorRateCriticalPercent: waivable(z.number().positive()).optional(),
                errorRateWarningPercent: waivable(z.number().positive()).optional(),
                latencyP95Seconds: waivable(z.number().positive()).optional(),
                latencyP99Seconds: waivable(z.number().positive()).optional(),
                cpuPercent: waivable(z.number().positive().max(100)).optional(),
                memoryPercent: waivable(z.number().positive().max(100)).optional(),
            })
            .describe(
                "Stricter alert thresholds for this service; a looser one only with a waiver.",
            )
            .optional(),
    })
    .describe("A service: a Vercel project or an ECS Fargate service.");

/** A container run on a schedule (EventBridge Scheduler → ECS RunTask), watched for failed and missed runs. */
export const jobSchema = z
    .strictObject({
        service: z
            .string()
            .describe("An aws service whose image, environment and network access the job uses.")
            .optional(),
        image: z
            .string()
            .regex(new RegExp(`^[A-Za-z0-9._\\-/:@]+:${IMAGE_TAG}$`), {
                message: "expected an image such as ghcr.io/acme/app:1.2.3 (repository:tag)",
            })
            .describe("An image to run instead of a service's (`repository:tag`); no environment.")
            .optional(),
        command: commandSchema
            .describe(
                'The command, `[python, -m, app.jobs.cleanup]` or `{ shell: "…" }`; required with `service`.',
            )
            .optional(),
        schedule: z
            .string()
            .describe(
                "An EventBridge Scheduler expression in UTC: `rate(1 day)` or `cron(0 3 * * ? *)`.",
            ),
        /** Task size (CPU units, MiB); default from the rules. */
        cpu: z.number().int().optional(),
        memory: z.number().int().optional(),
        /** Free text for the runbook. */
        description: z.string().optional(),
    })
    .describe("A container run on a schedule, watched for failed and missed runs.");
