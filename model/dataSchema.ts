/**
 * The schema of where data lives: the VPC, the Cloudflare account, databases, buckets and Redis. Shape
 * only; the runbook limits and references are checked by the loader (model/data.ts, model/redis.ts).
 */
import { z } from "zod";
import {
    BACKUP_DEFAULT_RETENTION_DAYS,
    BACKUP_MIN_RETENTION_DAYS,
    DEFAULT_REDIS_REPLICAS,
    DEFAULT_RPO_MINUTES,
    RDS_MAX_BACKUP_RETENTION_DAYS,
    REDIS_MAX_REPLICAS,
    REDIS_MAXMEMORY_POLICIES,
    REDIS_PORT,
    REDIS_SNAPSHOT_DEFAULT_RETENTION_DAYS,
    REDIS_SNAPSHOT_MAX_RETENTION_DAYS,
    REDIS_SNAPSHOT_MIN_RETENTION_DAYS,
} from "./rules";
import { entryName, envName, formerPeriodSchema, hostname } from "./schemaCommon";

const awsId = (prefix: string) =>
    z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), {
        message: `expected an id such as ${prefix}-0123456789abcdef0 ('${prefix}-' and 8 to 17 hex digits)`,
    });

export const networkSchema = z
    .strictObject({
        vpcId: awsId("vpc").describe("The existing VPC's id."),
        privateSubnetIds: z
            .array(awsId("subnet"))
            .min(2)
            .describe(
                "At least two, in different availability zones: databases and tasks run here.",
            ),
        publicSubnetIds: z
            .array(awsId("subnet"))
            .min(2)
            .describe("Load balancers run here; needed once a public AWS service exists.")
            .optional(),
    })
    .describe("The existing VPC that AWS resources live in, referenced by id.");

export const cloudflareSchema = z
    .strictObject({
        accountId: z
            .string()
            .regex(/^[0-9a-f]{32}$/, { message: "expected a 32-character hex account id" })
            .describe("The Cloudflare account that owns R2 buckets."),
    })
    .describe("The Cloudflare account (for R2 buckets).");

// PostgreSQL identifiers: NAMEDATALEN is 64, so 63 bytes; opsbook keeps to unquoted lower-case names.
const dbIdentifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
    message:
        "expected a PostgreSQL name: lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters, such as main_db",
});

const renamedFrom = z
    .array(entryName("a former entry name"))
    .describe(
        "Former keys of this entry, newest first: its resources are aliased, never replaced.",
    );

export const databaseSchema = z
    .strictObject({
        kind: z
            .enum(["rds", "external"])
            .describe(
                "`rds`: opsbook creates an AWS RDS PostgreSQL. `external`: an existing one (Supabase, Railway, Neon).",
            ),
        dbName: dbIdentifier
            .describe(
                "The database's name inside PostgreSQL; default the entry's key. Never changes on a rename.",
            )
            .optional(),
        consumers: z.array(z.string()).min(1).describe("Services that receive the connection URL."),
        directUrlConsumers: z
            .array(z.string())
            .describe("Consumers that also receive a direct (unpooled) URL, e.g. for migrations.")
            .optional(),
        urlVariable: envName("a variable name", "DATABASE_URL")
            .describe("The URL's variable name; default `DATABASE_URL`.")
            .optional(),
        directUrlVariable: envName("a variable name", "DIRECT_URL")
            .describe("The direct URL's variable name; default `DIRECT_URL`.")
            .optional(),
        rpoMinutes: z
            .number()
            .int()
            .positive()
            .describe(`Recovery point objective in minutes; default ${DEFAULT_RPO_MINUTES}.`)
            .optional(),
        retentionDays: z
            .number()
            .int()
            .positive()
            .describe(
                `Days backups are kept; default ${BACKUP_DEFAULT_RETENTION_DAYS}, at least ${BACKUP_MIN_RETENTION_DAYS}, at most ${RDS_MAX_BACKUP_RETENTION_DAYS} on rds.`,
            )
            .optional(),
        /** Rotation period of the two login users' passwords; default and ceiling 180 days. */
        credentialPeriodDays: z.number().int().positive().optional(),
        /** Earlier periods of the login passwords, oldest first (see secrets' `formerPeriods`). */
        credentialFormerPeriods: z.array(formerPeriodSchema).optional(),
        renamedFrom: renamedFrom.optional(),
        /** rds: PostgreSQL major version (default from the rules), instance class, storage and Multi-AZ. */
        engineVersion: z
            .string()
            .regex(/^\d+(\.\d+)?$/, { message: "expected a PostgreSQL version such as 16 or 16.4" })
            .optional(),
        instanceClass: z
            .string()
            .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, {
                message: "expected an RDS instance class such as db.t4g.medium",
            })
            .optional(),
        storageGb: z.number().int().min(20).max(65536).optional(),
        multiAz: z.boolean().optional(),
        /**
         * rds: the instance identifier; default `opsbook-<stack>-<entry>`. Set it to an existing instance's
         * identifier (one Pulumi generated before opsbook named it, say): changing it renames the instance
         * in place and moves its endpoint (the diff blocks it).
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
        adminUrlSecret: envName("a secret name", "MAIN_DB_ADMIN_URL")
            .describe(
                "external: the vendor secret (class database-admin-url) holding the admin URL.",
            )
            .optional(),
        /** external: how many dumps the backup bucket keeps (noncurrent versions); default and minimum 10. */
        keepVersions: z.number().int().positive().optional(),
        access: z
            .strictObject({
                via: z.enum(["tunnel", "runner", "direct"]),
                /** tunnel: the local port the session listens on; default from the rules, one per database. */
                localPort: z.number().int().optional(),
            })
            .describe(
                "How `pulumi up` reaches the server: rds `tunnel` or `runner`; external `direct` (default) or `runner`.",
            )
            .optional(),
    })
    .describe("A PostgreSQL database: created on RDS, or an existing one (external).");

export const bucketSchema = z
    .strictObject({
        provider: z.enum(["s3", "r2"]).describe("`s3` (AWS) or `r2` (Cloudflare)."),
        purpose: z
            .enum(["uploads", "assets", "backups"])
            .describe("`uploads` (user files), `assets` (public build assets) or `backups`.")
            .optional(),
        /** Services whose domains may upload from the browser (CORS). */
        corsFrom: z.array(z.string()).optional(),
        consumers: z
            .array(z.string())
            .describe("Services that receive the bucket's name, in `variable`.")
            .optional(),
        /**
         * The variable consumers read the bucket's name from; default `<NAME>_BUCKET` of the entry's oldest
         * name (`renamedFrom`), so renaming the entry never renames the application's variable.
         */
        variable: envName("a variable name", "UPLOADS_BUCKET").optional(),
        /** Days noncurrent versions are kept (s3); default from the rules. */
        noncurrentVersionDays: z.number().int().positive().optional(),
        renamedFrom: renamedFrom.optional(),
        /**
         * Served to anyone at `domain` (marketing images, build assets). Only an `assets` bucket on R2 may
         * be public, and only with `publicReason`; every other bucket is private and the pack refuses
         * public access to it (opsbook-data-bucket-private). Default false.
         */
        public: z.boolean().optional(),
        /** Why anyone may read it, for the plan and the review, e.g. "logos and images on the marketing site". */
        publicReason: z.string().trim().min(1).max(500).optional(),
        /** public: the hostname it is served at, in the stack's Cloudflare zone (an R2 custom domain). */
        domain: hostname("assets.example.com").optional(),
    })
    .describe("An S3 or R2 bucket, private unless an R2 assets bucket says why not.");

/** A Redis (Valkey) that opsbook provisions on ElastiCache; a vendor's Redis stays a vendor secret. */
export const redisSchema = z
    .strictObject({
        consumers: z
            .array(z.string())
            .min(1)
            .describe(
                `aws services that receive the URL (\`rediss://:<token>@<primary>:${REDIS_PORT}\`).`,
            ),
        urlVariable: envName("a variable name", "REDIS_URL")
            .describe("The variable name; default `REDIS_URL`.")
            .optional(),
        /** Valkey version (default from the rules) and node type (default cache.t4g.small). */
        engineVersion: z
            .string()
            .regex(/^\d+\.\d+$/, { message: "expected a Valkey version such as 8.0" })
            .optional(),
        nodeType: z
            .string()
            .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, {
                message: "expected an ElastiCache node type such as cache.t4g.small",
            })
            .optional(),
        replicas: z
            .number()
            .int()
            .min(0)
            .max(REDIS_MAX_REPLICAS)
            .describe(
                `Replicas besides the primary; default ${DEFAULT_REDIS_REPLICAS} (Multi-AZ with automatic failover), 0 for none.`,
            )
            .optional(),
        snapshotRetentionDays: z
            .number()
            .int()
            .positive()
            .describe(
                `Days daily snapshots are kept; default ${REDIS_SNAPSHOT_DEFAULT_RETENTION_DAYS}, at least ${REDIS_SNAPSHOT_MIN_RETENTION_DAYS}, at most ${REDIS_SNAPSHOT_MAX_RETENTION_DAYS}.`,
            )
            .optional(),
        /** What Redis does when memory is full; default `noeviction` (queues must not lose jobs). */
        maxmemoryPolicy: z.enum(REDIS_MAXMEMORY_POLICIES).optional(),
        /** Rotation period of the AUTH token; default and ceiling 180 days. */
        tokenPeriodDays: z.number().int().positive().optional(),
        /** Earlier periods of the token, oldest first (see secrets' `formerPeriods`). */
        tokenFormerPeriods: z.array(formerPeriodSchema).optional(),
    })
    .describe("A Redis (Valkey) on ElastiCache, its URL given to aws services.");
