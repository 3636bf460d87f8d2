import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket, AccessLogSource } from "./accessLogBucket";
import { AlertRouting } from "../alerts/alerts";
import { Bucket } from "./bucket";
import { Cluster } from "../compute/cluster";
import { Database } from "./database";
import { DatabaseAccess } from "./databaseAccess";
import { DatabaseAlarms } from "../alerts/databaseAlarms";
import { DumpBackup } from "./dumpBackup";
import { RdsBackup } from "./rdsBackup";
import { Redis } from "./redis";
import { RedisAlarms } from "../alerts/redisAlarms";
import { ServiceSecurityGroup } from "../compute/securityGroup";
import {
    ACCESS_LOG_BUCKET,
    accessLogPlan,
    loadBalancerLogPlan,
    needsAccessLogBucket,
} from "../../model/accessLogs";
import { DatabaseModel } from "../../model/data";
import { SystemModel } from "../../model/load";
import { RDS_CA_BUNDLE_PATH } from "../../model/rules";
import { SecretValues, renamed } from "../secrets/build";
import { ParameterKey } from "../secrets/parameterKey";

/** The stack's access-log bucket and the buckets that log into it, each under its own prefix. */
export interface AccessLogging {
    readonly bucket: AccessLogBucket;
    /** The `accessLog` argument of the Bucket component named `component`; undefined if it does not log. */
    target(component: string): { targetBucket: pulumi.Output<string>; prefix: string } | undefined;
    /** Records a source bucket once it exists (its ARN scopes the delivery grant). */
    logged(component: string, bucketArn: pulumi.Output<string> | undefined): void;
    /** Grants log delivery to every recorded source: call once, after all buckets are built. */
    allowDelivery(): void;
    /** The `accessLogs` argument of service `service`'s load balancer: after `allowDelivery`. */
    loadBalancer(service: string): { bucket: pulumi.Output<string>; prefix: string };
}

export function accessLogging(model: SystemModel): AccessLogging | undefined {
    if (!needsAccessLogBucket(model)) return undefined;
    const bucket = new AccessLogBucket(ACCESS_LOG_BUCKET, { protect: model.protect });
    const prefixes = new Map(
        accessLogPlan(model).flatMap((s) => (s.prefix ? [[s.resource, s.prefix] as const] : [])),
    );
    const sources: AccessLogSource[] = [];
    const loadBalancers = loadBalancerLogPlan(model);
    let grant: aws.s3.BucketPolicy | undefined;
    return {
        bucket,
        target: (component) => {
            const prefix = prefixes.get(component);
            return prefix ? { targetBucket: bucket.bucketName, prefix } : undefined;
        },
        logged: (component, bucketArn) => {
            const prefix = prefixes.get(component);
            if (prefix && bucketArn) sources.push({ bucketArn, prefix });
        },
        allowDelivery: () => {
            grant = bucket.allowDeliveryFrom(
                sources,
                loadBalancers.map((lb) => lb.prefix),
            );
        },
        loadBalancer: (service) => {
            const prefix = loadBalancers.find((lb) => lb.service === service)?.prefix;
            if (!grant || !prefix)
                throw new pulumi.RunError(
                    `load balancer of ${service}: the access-log bucket does not grant it delivery`,
                );
            // The bucket's name as its policy outputs it: the load balancer comes after the grant.
            return { bucket: grant.bucket, prefix };
        },
    };
}

export interface DataOutputs {
    readonly urls: Record<string, { url: pulumi.Output<string>; directUrl: pulumi.Output<string> }>;
    /** Each server's own endpoint (what a tunnel forwards to). */
    readonly endpoints: Record<
        string,
        { host: pulumi.Output<string>; port: pulumi.Output<number> }
    >;
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    readonly bucketArns: Record<string, pulumi.Output<string> | undefined>;
    /** Each Redis's `REDIS_URL` (a Pulumi secret). */
    readonly redisUrls?: Record<string, pulumi.Output<string>>;
    /** Each Redis's `host:port` (no secret): what consumers' rollouts watch besides the token. */
    readonly redisEndpoints?: Record<string, pulumi.Output<string>>;
}

/** ElastiCache for each `redis` entry: reachable from its consumers only, its AUTH token rotating, watched. */
export function buildRedis(
    model: SystemModel,
    now: Date,
    securityGroups: Record<string, ServiceSecurityGroup>,
    alerts: AlertRouting | undefined,
): Pick<Required<DataOutputs>, "redisUrls" | "redisEndpoints"> {
    const urls: Record<string, pulumi.Output<string>> = {};
    const endpoints: Record<string, pulumi.Output<string>> = {};
    for (const redis of Object.values(model.redis)) {
        const token = model.secrets[redis.tokenSecret];
        const created = new Redis(`redis-${redis.name}`, {
            redis,
            protect: model.protect,
            network: model.network!,
            clientSecurityGroupIds: redis.consumers.flatMap((c) =>
                securityGroups[c] ? [securityGroups[c].securityGroupId] : [],
            ),
            token: {
                secretName: token.name,
                secretClass: token.class,
                periodDays: token.periodDays,
                formerPeriods: token.formerPeriods,
                earlyRotations: token.earlyRotations,
                incidents: model.incidents,
                now,
            },
        });
        urls[redis.name] = created.url;
        endpoints[redis.name] = pulumi.interpolate`${created.primaryEndpoint}:${created.port}`;
        if (alerts) {
            new RedisAlarms(`alarms-redis-${redis.name}`, {
                redis,
                replicationGroupId: created.replicationGroupId,
                topicArns: alerts.topicArns,
            });
        }
    }
    return { redisUrls: urls, redisEndpoints: endpoints };
}

/** Databases with their credentials and backups, and buckets: everything that holds data. */
export function buildData(
    model: SystemModel,
    now: Date,
    secrets: Record<string, SecretValues>,
    securityGroups: Record<string, ServiceSecurityGroup>,
    alerts: AlertRouting | undefined,
    cluster: Cluster | undefined,
    accessLogs?: AccessLogging,
    access?: DatabaseAccess,
    parameterKey?: ParameterKey,
): DataOutputs {
    const urls: DataOutputs["urls"] = {};
    const endpoints: DataOutputs["endpoints"] = {};
    const databases = Object.values(model.databases);
    const stack = pulumi.getStack();
    const external = databases.filter((d) => d.kind === "external");
    const backupTasks =
        external.length > 0 && model.network
            ? new ServiceSecurityGroup("backup-tasks", {
                  vpcId: model.network.vpcId,
                  description: "Database dump and restore drill tasks",
              })
            : undefined;

    for (const database of databases) {
        const credential = model.secrets[database.credentialSecret];
        const clients = database.consumers
            .map((consumer) => securityGroups[consumer]?.securityGroupId)
            .filter((id): id is pulumi.Output<string> => id !== undefined);
        const adminUrl = database.adminUrlSecret
            ? secrets[database.adminUrlSecret]?.current
            : undefined;
        const db = new Database(
            `db-${database.name}`,
            {
                database,
                protect: model.protect,
                network: model.network,
                clientSecurityGroupIds: clients,
                credential: {
                    secretName: credential.name,
                    secretClass: credential.class,
                    periodDays: credential.periodDays,
                    formerPeriods: credential.formerPeriods,
                    earlyRotations: credential.earlyRotations,
                    incidents: model.incidents,
                    now,
                },
                adminUrl,
                access: database.access && {
                    via: database.access.via,
                    localPort: database.access.localPort,
                    securityGroupId: access?.securityGroupId,
                    // Relative to the project, never absolute: the provider's config is stored in the
                    // state, so a checkout path (another runner's workspace) would diff the provider on
                    // every up. The engine starts provider plugins in the project directory
                    // (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go, execPlugin: `cmd.Dir = pwd`,
                    // the plugin context's Pwd), where the program runs too; terraform-provider-postgresql
                    // passes `sslrootcert` unchanged into its lib/pq connection string
                    // (postgresql/config.go, connParams), and lib/pq reads the file from that directory.
                    caBundlePath: RDS_CA_BUNDLE_PATH,
                },
            },
            renamed("db", database.renamedFrom),
        );
        urls[database.name] = { url: db.url, directUrl: db.directUrl };
        endpoints[database.name] = { host: db.host, port: db.port };
        if (!database.access) {
            pulumi.log.warn(
                `database ${database.name}: no access path for pulumi up (opsbook:system.databases.${database.name}.access); its roles need a network that reaches ${database.kind === "rds" ? "the private RDS endpoint" : "the server"}`,
                db,
            );
        }
        if (db.instanceIdentifier && alerts) {
            new DatabaseAlarms(
                `alarms-db-${database.name}`,
                {
                    database,
                    instanceIdentifier: db.instanceIdentifier,
                    topicArns: alerts.topicArns,
                },
                renamed("alarms-db", database.renamedFrom),
            );
        }
        buildBackup(database, db, {
            alerts: alerts!,
            cluster,
            backupTasks,
            adminUrl,
            model,
            stack,
            accessLogs,
            parameterKey,
        });
    }

    const bucketNames: Record<string, pulumi.Output<string>> = {};
    const bucketArns: Record<string, pulumi.Output<string> | undefined> = {};
    for (const bucket of Object.values(model.buckets)) {
        const created = new Bucket(
            `bucket-${bucket.name}`,
            {
                provider: bucket.provider,
                purpose: bucket.purpose,
                corsOrigins: bucket.corsOrigins,
                noncurrentVersionDays: bucket.noncurrentVersionDays,
                protect: model.protect,
                accessLog: accessLogs?.target(`bucket-${bucket.name}`),
                ...(bucket.public && model.edge
                    ? { public: { ...bucket.public, zoneId: model.edge.zoneId } }
                    : {}),
                r2: model.cloudflare
                    ? {
                          accountId: model.cloudflare.accountId,
                          bucketName: `${pulumi.getProject()}-${stack}-${bucket.renamedFrom.at(-1) ?? bucket.name}`,
                      }
                    : undefined,
            },
            renamed("bucket", bucket.renamedFrom),
        );
        accessLogs?.logged(`bucket-${bucket.name}`, created.bucketArn);
        bucketNames[bucket.name] = created.bucketName;
        bucketArns[bucket.name] = created.bucketArn;
    }
    return { urls, endpoints, bucketNames, bucketArns };
}

/**
 * The `databaseAccess` stack output: what the tunnel script (`tools/db-path.sh`) needs to open each
 * database's path before `pulumi up`. Endpoints only; never a credential.
 */
export function databaseAccessOutput(
    model: SystemModel,
    data: DataOutputs,
    cluster: Cluster | undefined,
    access: DatabaseAccess | undefined,
) {
    return Object.fromEntries(
        Object.values(model.databases).map((d) => [
            d.name,
            {
                via: d.access?.via ?? "none",
                endpoint: pulumi.unsecret(data.endpoints[d.name].host),
                port: pulumi.unsecret(data.endpoints[d.name].port),
                ...(d.access?.via === "tunnel" && cluster && access && model.network
                    ? {
                          localPort: d.access.localPort,
                          cluster: cluster.clusterName,
                          taskDefinition: access.taskFamily,
                          subnets: model.network.privateSubnetIds,
                          securityGroup: access.securityGroupId,
                      }
                    : {}),
            },
        ]),
    );
}

function buildBackup(
    database: DatabaseModel,
    db: Database,
    context: {
        alerts: AlertRouting;
        cluster?: Cluster;
        backupTasks?: ServiceSecurityGroup;
        adminUrl?: pulumi.Output<string>;
        model: SystemModel;
        stack: string;
        accessLogs?: AccessLogging;
        parameterKey?: ParameterKey;
    },
): void {
    const { alerts, model, stack } = context;
    const opts = renamed("backup", database.renamedFrom);
    if (database.kind === "rds") {
        new RdsBackup(
            `backup-${database.name}`,
            {
                database,
                instanceArn: db.instanceArn!,
                subnetGroupName: db.subnetGroupName!,
                securityGroupId: db.securityGroupId!,
                criticalTopicArn: alerts.topicArns.critical,
                protect: model.protect,
                stack,
            },
            opts,
        );
    } else if (
        context.cluster &&
        context.backupTasks &&
        context.adminUrl &&
        context.parameterKey &&
        model.network
    ) {
        const dumps = `backup-${database.name}-dumps`;
        const backup = new DumpBackup(
            `backup-${database.name}`,
            {
                database,
                adminUrl: context.adminUrl,
                clusterArn: context.cluster.clusterArn,
                privateSubnetIds: model.network.privateSubnetIds,
                securityGroupId: context.backupTasks.securityGroupId,
                criticalTopicArn: alerts.topicArns.critical,
                protect: model.protect,
                stack,
                accessLog: context.accessLogs?.target(dumps),
                parameterKeyArn: context.parameterKey.keyArn,
            },
            opts,
        );
        context.accessLogs?.logged(dumps, backup.bucketArn);
    } else {
        throw new pulumi.RunError(
            `opsbook:system.network: is required: database ${database.name}'s dumps run as ECS tasks in its private subnets`,
        );
    }
}
