/**
 * The shape of `opsbook:system`, the stack's whole description. Shape only: references between entries
 * and the runbook limits are checked in `load.ts`, so that every problem is reported at once. The parts
 * live beside it (schemaCommon, serviceSchema, edgeSchema, secretSchema, dataSchema); this module puts
 * them together and re-exports them, so importers keep one path.
 */
import { z } from "zod";
import { flagSchema } from "./flags";
import { promotionSchema } from "./promotion";
import { adoptSchema } from "./adopt";
import { entryName, envName, isoDate } from "./schemaCommon";
import { jobSchema, queueSchema, serviceSchema } from "./serviceSchema";
import { alertsSchema, dnsSchema } from "./edgeSchema";
import { envValueSchema, secretReferenceSchema, secretSchema } from "./secretSchema";
import {
    bucketSchema,
    cloudflareSchema,
    databaseSchema,
    networkSchema,
    redisSchema,
} from "./dataSchema";
import { waiverSchema } from "./schemaCommon";

export {
    ISO_DATE,
    isCalendarDate,
    waiverSchema,
    waivable,
    formerPeriodSchema,
} from "./schemaCommon";
export { queueSchema, serviceSchema, jobSchema } from "./serviceSchema";
export { dnsSchema, alertsSchema } from "./edgeSchema";
export {
    secretSchema,
    secretReferenceSchema,
    publicValueSchema,
    envValueSchema,
} from "./secretSchema";
export {
    networkSchema,
    cloudflareSchema,
    databaseSchema,
    bucketSchema,
    redisSchema,
} from "./dataSchema";

const serviceKey = entryName("a service name", "api");

export const systemSchema = z
    .strictObject({
        environment: z
            .enum(["production", "staging", "development"])
            .describe(
                "`production` (default: stateful resources protected, deletion protection on), `staging` or `development`.",
            )
            .optional(),
        environmentRules: z
            .record(z.string(), z.union([z.boolean(), z.number()]))
            .describe("The stack's choices within its environment's rules (ENVIRONMENT_RULES).")
            .optional(),
        network: networkSchema.optional(),
        cloudflare: cloudflareSchema.optional(),
        services: z
            .record(serviceKey, serviceSchema)
            .describe("The services, by name: Vercel projects and ECS Fargate services."),
        databases: z
            .record(entryName("a database name", "main"), databaseSchema)
            .describe("PostgreSQL databases, by name: their URLs go to the consumers.")
            .optional(),
        redis: z
            .record(entryName("a Redis name", "cache"), redisSchema)
            .describe("Redis (Valkey) on ElastiCache, by name.")
            .optional(),
        dns: dnsSchema.optional(),
        alerts: alertsSchema.optional(),
        buckets: z
            .record(entryName("a bucket name", "uploads"), bucketSchema)
            .describe("S3 and R2 buckets, by name.")
            .optional(),
        secrets: z
            .record(envName("a secret name", "API_SECRET"), secretSchema)
            .describe("Secrets, by the variable name services read them from.")
            .optional(),
        rotation: z
            .strictObject({
                /** Replaced by `incidents`; the loader says how to move it. */
                incident: z.string().optional(),
                incidents: z
                    .array(
                        z.strictObject({
                            id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {
                                message:
                                    "expected an incident id of 1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit, such as INC-2026-001",
                            }),
                            at: isoDate,
                        }),
                    )
                    .describe(
                        "Incidents, each with an id and the date declared: on that date every key-set value and login password is replaced. Keep past entries.",
                    )
                    .optional(),
            })
            .describe("Unplanned rotations: the incidents that replaced every secret.")
            .optional(),
        env: z
            .record(z.string(), z.record(envName("a variable name", "LOG_LEVEL"), envValueSchema))
            .describe(
                "Plain variables by service: a value, `{ secret: NAME }` or `{ value, public: WHY }`.",
            )
            .optional(),
        jobs: z
            .record(entryName("a job name", "cleanup"), jobSchema)
            .describe("Scheduled jobs, by name.")
            .optional(),
        flags: z
            .record(z.string(), flagSchema)
            .describe("Feature flags by name, served by each consumer's platform store.")
            .optional(),
        promotion: promotionSchema
            .describe("The stack this one promotes from, and recorded hotfixes.")
            .optional(),
        adopt: adoptSchema
            .describe("What already exists and is imported before the first `up`.")
            .optional(),
    })
    .describe("The stack's whole description: services, data, secrets, edge and alerts.");

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
