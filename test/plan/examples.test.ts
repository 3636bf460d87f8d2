/**
 * The five reference systems (shared/seeds) as stacks: each plans clean, and carries what its runbook
 * requires.
 */
import { planExample as plan } from "./helpers";

const secret = (result: Awaited<ReturnType<typeof plan>>, name: string) =>
    result.secrets.find((s) => s.name === name);
const resource = (result: Awaited<ReturnType<typeof plan>>, type: string) =>
    result.resources.filter((r) => r.type === type);

describe.each(["kolamba", "alcom", "fork-knife", "legacyvideo", "vercel-supabase"])(
    "example %s",
    (name) => {
        it("plans with exit 0 and no mandatory violation", async () => {
            const result = await plan(name);
            expect(result.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
            expect(result.exitCode).toBe(0);
        });
    },
);

describe.each(["kolamba", "alcom", "fork-knife", "legacyvideo", "vercel-supabase"])(
    "example %s's audit trail",
    (name) => {
        it("logs every S3 bucket but the log bucket into the log bucket; R2 shows as not logged", async () => {
            const result = await plan(name);
            const buckets = resource(result, "aws:s3/bucket:Bucket");
            const logBucket = buckets.find((b) => b.name === "access-logs");
            const sources = buckets.filter((b) => b !== logBucket);
            const loggings = resource(result, "aws:s3/bucketLogging:BucketLogging");
            expect(loggings.map((l) => l.propertyDependencies.bucket).sort()).toEqual(
                sources.map((s) => [s.urn]).sort(),
            );
            for (const logging of loggings)
                expect(logging.propertyDependencies.targetBucket).toEqual([logBucket!.urn]);
            // Every example has a load balancer, which logs there too (test/plan/hardening.test.ts).
            expect(logBucket?.protect).toBe(true);
            for (const r2 of result.accessLogs.filter((a) => a.provider === "r2"))
                expect(r2).toMatchObject({ logsTo: null, prefix: null });
        });
    },
);

describe.each([
    ["alcom", ["api"]],
    ["fork-knife", ["api", "worker"]],
    ["legacyvideo", ["api", "worker"]],
])("example %s's Redis", (name, consumers) => {
    it("is an encrypted, authenticated ElastiCache with daily snapshots, protected, in the private subnets", async () => {
        const result = await plan(name);
        const [group] = resource(result, "aws:elasticache/replicationGroup:ReplicationGroup");
        expect(group.inputs).toMatchObject({
            engine: "valkey",
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            atRestEncryptionEnabled: true,
            authTokenUpdateStrategy: "ROTATE",
            snapshotWindow: "02:00-03:00",
            numCacheClusters: 2,
            multiAzEnabled: true,
        });
        expect((group.inputs as any).snapshotRetentionLimit).toBeGreaterThanOrEqual(7);
        expect(group.protect).toBe(true);
        // The token comes from the rotating redis-auth-token, and never shows.
        expect((group.inputs as any).authToken).toMatch(/^\[(secret|unknown)\]$/);
        expect(group.propertyDependencies.authToken).toEqual([
            expect.stringMatching(/randomPassword:RandomPassword::redis-main-token-g\d+$/),
        ]);
        expect(secret(result, "MAIN_REDIS_TOKEN")).toMatchObject({
            class: "redis-auth-token",
            scheme: "alternating-users",
        });
        expect(result.redis).toEqual([
            expect.objectContaining({
                name: "main",
                nodes: 2,
                snapshotRetentionDays: 7,
                consumers,
            }),
        ]);
        // Only the consumers' security groups reach it, on the Redis port.
        const ingress = resource(
            result,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        ).filter((r) => r.name.startsWith("redis-main-client-"));
        expect(ingress).toHaveLength(consumers.length);
        for (const rule of ingress)
            expect(rule.inputs).toMatchObject({ fromPort: 6379, toPort: 6379 });
    });

    it("fans REDIS_URL to its consumers as a secret, no longer a vendor value", async () => {
        const result = await plan(name);
        expect(result.missingVendorValues).not.toContain("REDIS_URL");
        const parameters = resource(result, "aws:ssm/parameter:Parameter").filter((r) =>
            (r.inputs as any).name?.endsWith("/REDIS_URL"),
        );
        expect(
            parameters.map((p) => [(p.inputs as any).type, (p.inputs as any).description]),
        ).toEqual(
            consumers.map(() => ["SecureString", "opsbook: redis.main (current AUTH token)"]),
        );
    });

    it("routes its alarms by severity: memory over 90% pages, the rest warn, on both nodes", async () => {
        const result = await plan(name);
        const alarms = resource(result, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((r) =>
            r.name.startsWith("alarms-redis-main-"),
        );
        expect(alarms).toHaveLength(12);
        for (const alarm of alarms) {
            const severity = (alarm.inputs as any).tags["opsbook:severity"];
            expect(severity).toBe(alarm.name.endsWith("memory-critical") ? "critical" : "warning");
            expect(alarm.propertyDependencies.alarmActions).toEqual([
                expect.stringMatching(new RegExp(`Topic::alerts-${severity}$`)),
            ]);
        }
        expect(
            alarms.map((a) => (a.inputs as any).metricName ?? "CurrConnections (math)").sort(),
        ).toEqual(
            [
                "DatabaseMemoryUsagePercentage",
                "DatabaseMemoryUsagePercentage",
                "Evictions",
                "CurrConnections (math)",
                "EngineCPUUtilization",
                "ReplicationLag",
            ]
                .flatMap((m) => [m, m])
                .sort(),
        );
    });
});

describe("what each runbook requires", () => {
    it("Kolamba: SECRET_KEY as a key set, Google, Cloudinary, Resend, alembic on start, the last 10 backups", async () => {
        const result = await plan("kolamba");
        expect(secret(result, "SECRET_KEY")).toMatchObject({
            class: "signing-key",
            scheme: "key-set",
        });
        for (const name of ["GOOGLE_CLIENT_SECRET", "CLOUDINARY_API_SECRET", "RESEND_API_KEY"])
            expect(secret(result, name)?.kind).toBe("vendor");
        expect(result.services.find((s) => s.name === "api")).toMatchObject({
            release: { form: "exec", argv: ["alembic", "upgrade", "head"] },
            healthPath: "/api/health",
        });
        expect(result.backups).toEqual([
            expect.objectContaining({ kind: "logical-dump", keepVersions: 10 }),
        ]);
        expect(result.alerts.map((a) => a.name)).toContain("health-api");
    });

    it("Alcom: R2 uploads with CORS, the 200/minute edge limit, the readiness health check", async () => {
        const result = await plan("alcom");
        expect(resource(result, "cloudflare:index/r2Bucket:R2Bucket")).toHaveLength(1);
        expect(resource(result, "cloudflare:index/r2BucketCors:R2BucketCors")).toHaveLength(1);
        const ruleset = resource(result, "cloudflare:index/ruleset:Ruleset")[0].inputs as any;
        expect(ruleset.rules[0].ratelimit.requestsPerPeriod).toBe(200);
        expect(
            resource(result, "aws:route53/healthCheck:HealthCheck").map(
                (r) => (r.inputs as any).resourcePath,
            ),
        ).toContain("/health/ready");
        // Redis is provisioned now (below): REDIS_URL is composed, no longer a vendor value.
        expect(secret(result, "REDIS_URL")).toBeUndefined();
    });

    it("Fork-Knife: JWT secrets every 90 days, the database every 180, Stripe and Twilio yearly, its thresholds", async () => {
        const result = await plan("fork-knife");
        for (const name of ["JWT_SECRET", "JWT_REFRESH_SECRET"])
            expect(secret(result, name)).toMatchObject({ periodDays: 90 });
        expect(secret(result, "POSTGRES_DB_CREDENTIAL")).toMatchObject({
            class: "database-credential",
            periodDays: 180,
        });
        for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "TWILIO_AUTH_TOKEN"])
            expect(secret(result, name)?.maxAgeDays).toBe(365);
        expect(result.backups[0]).toMatchObject({ kind: "logical-dump", rpoMinutes: 60 });
        const thresholds = Object.fromEntries(result.alerts.map((a) => [a.name, a.threshold]));
        expect(thresholds).toMatchObject({
            "alarms-api-error-rate-critical": "> 5%",
            "alarms-api-latency-p95": "> 1 s",
            "alarms-api-ecs-cpu": "> 70%",
            "alarms-api-ecs-memory": "> 80%",
        });
        expect(
            (
                resource(result, "aws:cloudwatch/logGroup:LogGroup").find(
                    (r) => r.name === "api-logs",
                )!.inputs as any
            ).retentionInDays,
        ).toBe(30);
    });

    it("LegacyVideo: one API_SECRET for api and worker, the encryption key as a protected key ring, a protected versioned S3 bucket", async () => {
        const result = await plan("legacyvideo");
        const apiSecret = resource(result, "aws:ssm/parameter:Parameter").filter((r) =>
            (r.inputs as any).name?.endsWith("/API_SECRET"),
        );
        expect(apiSecret.map((r) => (r.inputs as any).description)).toEqual([
            "opsbook: secrets.API_SECRET (current)",
            "opsbook: secrets.API_SECRET (current)",
        ]);
        const ring = secret(result, "MASTER_ENCRYPTION_KEY")!;
        expect(ring).toMatchObject({ scheme: "key-ring" });
        const keys = resource(result, "random:index/randomPassword:RandomPassword").filter((r) =>
            r.name.startsWith("MASTER_ENCRYPTION_KEY-g"),
        );
        expect(keys.map((r) => r.name)).toEqual(ring.slots.map((s) => s.resource));
        expect(keys.every((r) => r.protect)).toBe(true);
        expect(
            resource(result, "aws:s3/bucket:Bucket").find((r) => r.name === "bucket-s3")?.protect,
        ).toBe(true);
        expect(
            resource(result, "aws:s3/bucketVersioning:BucketVersioning").map((r) => r.name),
        ).toContain("bucket-s3-versioning");
        expect(result.backups[0]).toMatchObject({ kind: "aws-backup", continuous: true });
        expect(result.alerts.map((a) => a.name)).toEqual(
            expect.arrayContaining([
                "alarms-api-latency-p99",
                "alarms-db-main-rds-free-storage-critical",
            ]),
        );
    });

    it("Vercel + Supabase: SECRET_KEY, CRON_SECRET, the service role key, the 60/minute limit on the free plan", async () => {
        const result = await plan("vercel-supabase");
        expect(secret(result, "CRON_SECRET")).toMatchObject({
            class: "cron-token",
            scheme: "key-set",
        });
        expect(secret(result, "SUPABASE_SERVICE_ROLE_KEY")?.consumers).toEqual(["web", "backend"]);
        const vercelVars = resource(
            result,
            "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
        ).map((r) => [(r.inputs as any).key, (r.inputs as any).sensitive]);
        expect(vercelVars).toEqual(
            expect.arrayContaining([
                ["CRON_SECRET", true],
                ["DATABASE_URL", true],
                ["SECRET_KEY_PREVIOUS", true],
            ]),
        );
        // A free zone: the runbook's 60 a minute as 10 per 10 s, the only period Free allows.
        expect(
            (resource(result, "cloudflare:index/ruleset:Ruleset")[0].inputs as any).rules[0]
                .ratelimit,
        ).toMatchObject({ period: 10, requestsPerPeriod: 10, mitigationTimeout: 10 });
    });
});
