import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel } from "../../model/data";
import {
    ALERT_RULES,
    LOG_RETENTION_DAYS,
    RESTORE_TEST_SCHEDULE,
    SCHEDULED_TASK_START_RETRIES,
    WRITABLE_SCRATCH_PATHS,
} from "../../model/rules";
import { rateExpression } from "../../model/schedule";
import { Bucket, BucketArgs } from "./bucket";
import {
    awsLogs,
    readOnlyRoot,
    scratchVolumesOf,
    TaskEnvironment,
    taskExecutionRole,
} from "../compute/fargate";
import { serviceRole } from "../compute/iam";
import { parameterDecryption } from "../secrets/parameterKey";
import { missedDumpWindow } from "../../model/jobs";
import {
    fargateTaskDefinition,
    missedRunAlarm,
    scheduleTasks,
    successCounter,
    taskStateRule,
} from "../compute/scheduledTask";

/** The one variable the dump and drill containers read: the admin URL, from its SSM parameter. */
const ADMIN_URL = "ADMIN_URL";

/**
 * Official images, from Amazon ECR Public rather than Docker Hub: PostgreSQL's client tools (newer than any
 * server they dump) and the AWS CLI. Docker Hub allows 10 unauthenticated pulls per hour per IPv4 address
 * (docs.docker.com/docker-hub/usage/), and every task behind one NAT gateway shares its address, so the
 * hourly dumps, drills and jobs of a stack would be refused pulls. ECR Public serves the Docker Official
 * Images under `docker/library` (gallery.ecr.aws/docker/library/postgres) and AWS's own CLI image
 * (gallery.ecr.aws/aws-cli/aws-cli); pulls from ECS in a region are not held to Docker Hub's limit
 * (docs.aws.amazon.com/AmazonECR/latest/public/public-service-quotas.html).
 */
export const POSTGRES_CLIENT_IMAGE = "public.ecr.aws/docker/library/postgres:17-alpine";
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.17.0";

export interface DumpBackupArgs {
    readonly database: DatabaseModel;
    /** The admin URL (secret config); stored as an SSM SecureString the tasks read at start. */
    readonly adminUrl: pulumi.Output<string>;
    readonly clusterArn: pulumi.Input<string>;
    readonly privateSubnetIds: readonly string[];
    /** The tasks' security group (outbound to the database and S3). */
    readonly securityGroupId: pulumi.Input<string>;
    readonly criticalTopicArn: pulumi.Input<string>;
    readonly protect: boolean;
    /** Names task families, so events can be matched to them. */
    readonly stack: string;
    /** The stack's key for SecureString parameters (the admin URL's). */
    readonly parameterKeyArn: pulumi.Input<string>;
    /** Where the dump bucket's server access logs go (the stack's log bucket); default none. */
    readonly accessLog?: BucketArgs["accessLog"];
    /** The quarterly restore drill runs on schedule (rule restoreDrills); its task stays for a run by hand. Default true. */
    readonly restoreDrills?: boolean;
    /** Days its tasks' logs are kept: the stack's rule logRetentionDays (default `LOG_RETENTION_DAYS`). */
    readonly logRetentionDays?: number;
}

/** The restore drill: restore the latest dump into a scratch database, check it has tables, drop it. */
export function restoreDrillScript(): string {
    return [
        "set -eu",
        'DRILL="restore_drill_$(date +%Y%m%d%H%M)"',
        'DRILL_URL="$(printf %s "$ADMIN_URL" | sed -E "s#/[^/?]*(\\?|$)#/$DRILL\\1#")"',
        'psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DRILL"',
        'trap \'psql "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DRILL"\' EXIT',
        'pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DRILL_URL" /dump/db.dump',
        'TABLES="$(psql "$DRILL_URL" -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = \'public\'")"',
        'echo "restore drill: $TABLES tables restored"',
        'test "$TABLES" -gt 0',
    ].join("\n");
}

/**
 * Logical backups of an external PostgreSQL (Supabase, Railway, Neon): EventBridge Scheduler runs an ECS
 * Fargate task every RPO that dumps the database with the official `postgres` image and uploads it to a
 * versioned bucket keeping the last N dumps; a quarterly drill restores the latest dump into a scratch
 * database. A failed dump or drill goes to the critical topic, and so does no successful dump within two
 * intervals (`successCounter`, `missedRunAlarm`). A drill runs quarterly, beyond the 7 days a CloudWatch
 * alarm evaluates: only its failure pages.
 */
export class DumpBackup extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly dumpKey: string;

    constructor(name: string, args: DumpBackupArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const db = args.database;
        const adminUrlOnly: TaskEnvironment = { plain: [], fromParameters: [ADMIN_URL] };
        super(
            "opsbook:index:DumpBackup",
            name,
            {
                database: db.name,
                kind: "external",
                rpoMinutes: db.rpoMinutes,
                achievedRpoMinutes: db.rpoMinutes,
                retentionDays: db.retentionDays,
                keepVersions: db.keepVersions,
                restoreTestSchedule: args.restoreDrills === false ? null : RESTORE_TEST_SCHEDULE,
                taskEnvironments: {
                    [`${name}-dump`]: adminUrlOnly,
                    [`${name}-restore-drill`]: adminUrlOnly,
                },
                taskFilesystems: {
                    [`${name}-dump`]: { readOnly: ["dump", "upload"], writable: [] },
                    [`${name}-restore-drill`]: { readOnly: ["download", "restore"], writable: [] },
                },
            },
            opts,
        );
        const parent = { parent: this };
        const bucket = new Bucket(
            `${name}-dumps`,
            {
                provider: "s3",
                purpose: "backups",
                noncurrentVersionDays: db.retentionDays,
                keepVersions: db.keepVersions,
                protect: args.protect,
                accessLog: args.accessLog,
            },
            parent,
        );
        this.dumpKey = `${db.dbName}/latest.dump`;
        const dumpUri = pulumi.interpolate`s3://${bucket.bucketName}/${this.dumpKey}`;

        const adminUrl = new aws.ssm.Parameter(
            `${name}-admin-url`,
            {
                name: `/opsbook/${args.stack}/backup/${db.dbName}/${ADMIN_URL}`,
                type: "SecureString",
                keyId: args.parameterKeyArn,
                value: args.adminUrl,
            },
            parent,
        );
        const logs = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: args.logRetentionDays ?? LOG_RETENTION_DAYS },
            parent,
        );
        const execution = taskExecutionRole(
            `${name}-execution`,
            adminUrl.arn,
            this,
            parameterDecryption(args.parameterKeyArn),
        );
        const task = serviceRole(`${name}-task`, "ecs-tasks.amazonaws.com", [], this);
        new aws.iam.RolePolicy(
            `${name}-task-bucket`,
            {
                role: task.name,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["s3:PutObject", "s3:GetObject"],
                            Resource: pulumi.interpolate`${bucket.bucketArn}/*`,
                        },
                        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucket.bucketArn! },
                    ],
                },
            },
            parent,
        );

        const log = (prefix: string) => awsLogs(logs.name, prefix, this);
        const adminSecret = [{ name: ADMIN_URL, valueFrom: adminUrl.arn }];
        const volume = [{ sourceVolume: "dump", containerPath: "/dump" }];
        const family = (job: string) =>
            `opsbook-${args.stack}-${db.dbName}-${job}`.replace(/[^A-Za-z0-9_-]/g, "-");
        // Read-only roots: the dump goes to the `dump` volume, scratch to /tmp, and the AWS CLI's cache
        // (it runs as root) to its own, in the containers that run the CLI.
        const awsCli = { containers: ["upload", "download"], cache: "/root/.aws/cli/cache" };
        const taskDefinition = (
            job: string,
            containers: { name: string; [key: string]: unknown }[],
        ) => {
            const readOnly = containers.map((c) =>
                readOnlyRoot(c, [
                    ...WRITABLE_SCRATCH_PATHS,
                    ...(awsCli.containers.includes(c.name) ? [awsCli.cache] : []),
                ]),
            );
            return fargateTaskDefinition(
                `${name}-${job}`,
                {
                    family: family(job),
                    cpu: 512,
                    memory: 1024,
                    ephemeralStorageGib: 50,
                    executionRoleArn: execution.arn,
                    taskRoleArn: task.arn,
                    volumes: ["dump", ...scratchVolumesOf(readOnly)],
                    containers: readOnly,
                },
                this,
            );
        };
        const dump = taskDefinition("dump", [
            {
                name: "dump",
                image: POSTGRES_CLIENT_IMAGE,
                essential: false,
                command: [
                    "sh",
                    "-c",
                    'pg_dump --format=custom --no-owner --no-privileges --file=/dump/db.dump "$ADMIN_URL"',
                ],
                secrets: adminSecret,
                mountPoints: volume,
                logConfiguration: log("dump"),
            },
            {
                name: "upload",
                image: AWS_CLI_IMAGE,
                essential: true,
                dependsOn: [{ containerName: "dump", condition: "SUCCESS" }],
                command: pulumi.all([dumpUri]).apply(([uri]) => ["s3", "cp", "/dump/db.dump", uri]),
                mountPoints: volume,
                logConfiguration: log("upload"),
            },
        ]);
        const drill = taskDefinition("restore-drill", [
            {
                name: "download",
                image: AWS_CLI_IMAGE,
                essential: false,
                command: pulumi.all([dumpUri]).apply(([uri]) => ["s3", "cp", uri, "/dump/db.dump"]),
                mountPoints: volume,
                logConfiguration: log("download"),
            },
            {
                name: "restore",
                image: POSTGRES_CLIENT_IMAGE,
                essential: true,
                dependsOn: [{ containerName: "download", condition: "SUCCESS" }],
                command: ["sh", "-c", restoreDrillScript()],
                secrets: adminSecret,
                mountPoints: volume,
                logConfiguration: log("restore"),
            },
        ]);

        scheduleTasks(
            name,
            {
                network: {
                    clusterArn: args.clusterArn,
                    privateSubnetIds: args.privateSubnetIds,
                    securityGroupId: args.securityGroupId,
                },
                passRoleArns: [execution.arn, task.arn],
                retries: SCHEDULED_TASK_START_RETRIES,
                runs: [
                    {
                        name: `${name}-dump-schedule`,
                        expression: rateExpression(db.rpoMinutes),
                        definition: dump,
                    },
                    ...(args.restoreDrills === false
                        ? []
                        : [
                              {
                                  name: `${name}-restore-drill-schedule`,
                                  expression: RESTORE_TEST_SCHEDULE,
                                  definition: drill,
                              },
                          ]),
                ],
            },
            this,
        );
        taskStateRule(
            `${name}-failed`,
            {
                description: `Failed dump or restore drill of database ${db.dbName}: page on-call`,
                families: [family("dump"), family("restore-drill")],
                outcome: "failed",
                topic: { severity: "critical", arn: args.criticalTopicArn },
            },
            this,
        );
        // A dump that never runs reports nothing (a deleted schedule, a RunTask the role may not make, a
        // task that never stops): no successful dump within two intervals pages like a failed one.
        const missed = ALERT_RULES["backup-missed-dump"];
        const window = missedDumpWindow(db.rpoMinutes)!;
        missedRunAlarm(
            `${name}-missed-dump`,
            {
                rule: successCounter(
                    `${name}-dump-succeeded`,
                    {
                        description: `Successful dumps of database ${db.dbName} (counted; watched by ${name}-missed-dump)`,
                        families: [family("dump")],
                    },
                    this,
                ),
                window,
                description: `No successful dump of database ${db.dbName} in ${(window.periodSeconds * window.periods) / 3600} h (every ${db.rpoMinutes} min expected): page on-call`,
                topicArn: args.criticalTopicArn,
                threshold: missed.threshold,
                tags: { "opsbook:rule": "backup-missed-dump", "opsbook:severity": missed.severity },
            },
            this,
        );

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn!;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            dumpKey: this.dumpKey,
        });
    }
}
