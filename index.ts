/**
 * opsbook: the stack's `opsbook:system` turned into resources. Wiring only: load the model, then build
 * secrets, data (databases, their backups, buckets), then each service's environment, and export the
 * rotation calendar (never a value) and the access-log bucket.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket, AccessLogSource } from "./components/data/accessLogBucket";
import { AlertRouting } from "./components/alerts/alerts";
import { ApplyHeartbeat } from "./components/alerts/applyHeartbeat";
import { Bucket } from "./components/data/bucket";
import { Cluster } from "./components/compute/cluster";
import { Database } from "./components/data/database";
import { DatabaseAccess } from "./components/data/databaseAccess";
import { DatabaseAlarms } from "./components/alerts/databaseAlarms";
import { EcsService, ServiceVariable } from "./components/services/ecsService";
import { Edge, EdgeRecord, VERCEL_CNAME } from "./components/edge/edge";
import { EdgeOriginAccess } from "./components/edge/edgeOriginAccess";
import { HEALTH_CHECK_REGION, HealthCheck } from "./components/alerts/healthCheck";
import { PublicLoadBalancer } from "./components/edge/loadBalancer";
import { QueueAlarms } from "./components/alerts/queueAlarms";
import { ScheduledJob } from "./components/services/scheduledJob";
import { ServiceAlarms } from "./components/alerts/serviceAlarms";
import { DumpBackup } from "./components/data/dumpBackup";
import { EnvTarget, EnvVariable, ServiceEnvironment } from "./components/secrets/envVars";
import { FeatureFlags } from "./components/services/featureFlags";
import { RdsBackup } from "./components/data/rdsBackup";
import { Redis } from "./components/data/redis";
import { RedisAlarms } from "./components/alerts/redisAlarms";
import { RotatingSecret } from "./components/secrets/secret";
import { ServiceSecurityGroup } from "./components/compute/securityGroup";
import { loadStackModel, programClock } from "./components/stackModel";
import { VendorSecret } from "./components/secrets/vendorSecret";
import { VercelProject } from "./components/services/vercelProject";
import { VercelRollout } from "./components/services/vercelRollout";
import { consumedVersions, rolloutLabel } from "./model/rollout";
import {
    ACCESS_LOG_BUCKET,
    ACCESS_LOG_BUCKET_OUTPUT,
    accessLogPlan,
    needsAccessLogBucket,
} from "./model/accessLogs";
import { dailyApplyWatched, usesAws } from "./model/alerts";
import { rotationCalendar } from "./model/calendar";
import { DatabaseModel } from "./model/data";
import { serviceEnv } from "./model/env";
import { flagConsumers } from "./model/flags";
import { queueVariables } from "./model/queues";
import { CONFIG_NAMESPACE, EnvEntry, SecretModel, ServiceModel, SystemModel } from "./model/load";
import {
    DEFAULT_RATE_LIMIT_PER_MINUTE,
    EDGE_CONFIG_VARIABLE,
    ORIGIN_SECRET_NAME,
    RATE_LIMIT_MITIGATION_SECONDS,
    RDS_CA_BUNDLE_PATH,
    Severity,
    SSM_PREFIX,
} from "./model/rules";

interface SecretValues {
    readonly current: pulumi.Output<string>;
    readonly next?: pulumi.Output<string>;
    readonly previous?: pulumi.Output<string>;
    /** Key rings: the current key's id (its generation) and every key that may still decrypt. */
    readonly keyId?: string;
    readonly keyRing?: pulumi.Output<string>;
}

/** Former names of an entry, as aliases of the component that carries it (children follow by prefix). */
const renamed = (
    prefix: string,
    formerNames: readonly string[],
): pulumi.ComponentResourceOptions => ({
    aliases: formerNames.map((former) => ({ name: `${prefix}-${former}` })),
});

function rotatingSecret(secret: SecretModel, model: SystemModel, now: Date): SecretValues {
    const rotating = new RotatingSecret(secret.owner, {
        secretName: secret.name,
        secretClass: secret.class,
        periodDays: secret.periodDays,
        formerPeriods: secret.formerPeriods,
        earlyRotations: secret.earlyRotations,
        incidents: model.incidents,
        retiredThrough: secret.retiredThrough,
        protect: model.protect,
        now,
    });
    const keyRing = secret.scheme === "key-ring";
    return {
        current: rotating.current,
        next: rotating.valueOf("next"),
        previous: rotating.valueOf("previous"),
        keyId: keyRing ? String(rotating.generation) : undefined,
        keyRing: keyRing ? rotating.keyRing() : undefined,
    };
}

function buildSecrets(model: SystemModel, now: Date): Record<string, SecretValues> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const values: Record<string, SecretValues> = {};
    for (const secret of Object.values(model.secrets)) {
        if (secret.delivery === "database" || secret.delivery === "redis") continue; // built with its store
        values[secret.name] =
            secret.kind === "generated"
                ? rotatingSecret(secret, model, now)
                : new VendorSecret(secret.name, {
                      secretClass: secret.class,
                      rotatedAt: secret.rotatedAt ?? "",
                      periodDays: secret.periodDays,
                      value: config.requireSecret(secret.name),
                  });
    }
    return values;
}

/** The stack's access-log bucket and the buckets that log into it, each under its own prefix. */
interface AccessLogging {
    readonly bucket: AccessLogBucket;
    /** The `accessLog` argument of the Bucket component named `component`; undefined if it does not log. */
    target(component: string): { targetBucket: pulumi.Output<string>; prefix: string } | undefined;
    /** Records a source bucket once it exists (its ARN scopes the delivery grant). */
    logged(component: string, bucketArn: pulumi.Output<string> | undefined): void;
    /** Grants log delivery to every recorded source: call once, after all buckets are built. */
    allowDelivery(): void;
}

function accessLogging(model: SystemModel): AccessLogging | undefined {
    if (!needsAccessLogBucket(model)) return undefined;
    const bucket = new AccessLogBucket(ACCESS_LOG_BUCKET, { protect: model.protect });
    const prefixes = new Map(
        accessLogPlan(model).flatMap((s) => (s.prefix ? [[s.resource, s.prefix] as const] : [])),
    );
    const sources: AccessLogSource[] = [];
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
        allowDelivery: () => bucket.allowDeliveryFrom(sources),
    };
}

interface DataOutputs {
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
}

/** ElastiCache for each `redis` entry: reachable from its consumers only, its AUTH token rotating, watched. */
function buildRedis(
    model: SystemModel,
    now: Date,
    securityGroups: Record<string, ServiceSecurityGroup>,
    alerts: AlertRouting | undefined,
): Record<string, pulumi.Output<string>> {
    const urls: Record<string, pulumi.Output<string>> = {};
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
        if (alerts) {
            new RedisAlarms(`alarms-redis-${redis.name}`, {
                redis,
                replicationGroupId: created.replicationGroupId,
                topicArns: alerts.topicArns,
            });
        }
    }
    return urls;
}

/** Databases with their credentials and backups, and buckets: everything that holds data. */
function buildData(
    model: SystemModel,
    now: Date,
    secrets: Record<string, SecretValues>,
    securityGroups: Record<string, ServiceSecurityGroup>,
    alerts: AlertRouting | undefined,
    cluster: Cluster | undefined,
    accessLogs?: AccessLogging,
    access?: DatabaseAccess,
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
                    caBundlePath: path.resolve(RDS_CA_BUNDLE_PATH),
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
function databaseAccessOutput(
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
    } else if (context.cluster && context.backupTasks && context.adminUrl && model.network) {
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

function envTarget(service: ServiceModel, model: SystemModel): EnvTarget {
    if (service.platform === "vercel") {
        const project = new VercelProject(service.name, {
            service,
            projectName: `${service.name}-${pulumi.getStack()}`,
            // Without Cloudflare in front, the Vercel Firewall enforces the runbook's limit.
            firewallRateLimit:
                service.public && !(service.proxied && model.edge)
                    ? {
                          perMinute:
                              model.edge?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
                          mitigationSeconds: RATE_LIMIT_MITIGATION_SECONDS,
                      }
                    : undefined,
        });
        return { platform: "vercel", projectId: project.projectId };
    }
    return { platform: "aws", parameterPath: `${SSM_PREFIX}/${pulumi.getStack()}/${service.name}` };
}

function envVariable(
    service: string,
    variable: string,
    entry: EnvEntry,
    secrets: Record<string, SecretValues>,
    data: DataOutputs,
): EnvVariable {
    switch (entry.kind) {
        case "literal":
            return { value: entry.value, secret: false, source: `env.${service}.${variable}` };
        case "secret": {
            const values = secrets[entry.secret];
            const source = `secrets.${entry.secret} (${entry.slot})`;
            // A key id names a key and is not one, but its name looks like a credential: it travels as
            // a secret like its neighbours, so no policy has to learn exceptions.
            if (entry.slot === "key-id")
                return { value: pulumi.secret(values.keyId!), secret: true, source };
            // The loader allows `next`/`previous` for key sets and the ring for key rings only.
            const value = {
                current: values.current,
                next: values.next,
                previous: values.previous,
                keyring: values.keyRing,
            }[entry.slot];
            return { value: value!, secret: true, source };
        }
        case "database": {
            const urls = data.urls[entry.database];
            return {
                value: entry.url === "direct" ? urls.directUrl : urls.url,
                secret: true,
                source: `databases.${entry.database} (${entry.url === "direct" ? "direct" : "current login user"})`,
            };
        }
        case "bucket":
            return {
                value: data.bucketNames[entry.bucket],
                secret: false,
                source: `buckets.${entry.bucket}`,
            };
        case "redis":
            return {
                value: data.redisUrls![entry.redis],
                secret: true,
                source: `redis.${entry.redis} (current AUTH token)`,
            };
    }
}

/** The alert topics, with their subscriptions from secret config, in `region` (default the provider's). */
function alertRouting(
    name: string,
    model: SystemModel,
    secrets: Record<string, SecretValues>,
    region?: string,
): AlertRouting {
    const routes = Object.fromEntries(
        Object.entries(model.alertRoutes).map(([severity, list]) => [
            severity,
            (list ?? []).map((route) => ({
                protocol: route.protocol,
                endpoint: secrets[route.endpointSecret].current,
                source: route.endpointSecret,
            })),
        ]),
    ) as Partial<
        Record<Severity, { protocol: string; endpoint: pulumi.Output<string>; source: string }[]>
    >;
    return new AlertRouting(name, { routes, region });
}

export = async () => {
    const now = programClock();
    const model = loadStackModel(now);
    const secrets = buildSecrets(model, now);
    const network = model.network;
    const services = Object.values(model.services);
    const awsServices = services.filter((s) => s.platform === "aws");
    const databases = Object.values(model.databases);
    const alerts = usesAws(model) ? alertRouting("alerts", model, secrets) : undefined;
    // Route53 health-check metrics exist only in us-east-1, and alarms notify topics of their own region.
    const region = new pulumi.Config("aws").get("region") ?? HEALTH_CHECK_REGION;
    const healthAlerts =
        services.some((s) => s.public) && region !== HEALTH_CHECK_REGION
            ? alertRouting(`alerts-${HEALTH_CHECK_REGION}`, model, secrets, HEALTH_CHECK_REGION)
            : alerts;
    const tunnels = databases.filter((d) => d.access?.via === "tunnel");
    const cluster =
        awsServices.length > 0 ||
        databases.some((d) => d.kind === "external") ||
        tunnels.length > 0 ||
        Object.keys(model.jobs).length > 0
            ? new Cluster("cluster")
            : undefined;
    const securityGroups: Record<string, ServiceSecurityGroup> = {};
    if (network) {
        for (const service of awsServices) {
            securityGroups[service.name] = new ServiceSecurityGroup(`${service.name}-sg`, {
                vpcId: network.vpcId,
                description: `Service ${service.name}`,
            });
        }
    }
    const access =
        tunnels.length > 0 && network && cluster
            ? new DatabaseAccess("db-access", {
                  vpcId: network.vpcId,
                  privateSubnetIds: network.privateSubnetIds,
                  clusterArn: cluster.clusterArn,
                  stack: pulumi.getStack(),
              })
            : undefined;
    const accessLogs = accessLogging(model);
    const data: DataOutputs = {
        ...buildData(model, now, secrets, securityGroups, alerts, cluster, accessLogs, access),
        redisUrls: buildRedis(model, now, securityGroups, alerts),
    };
    accessLogs?.allowDelivery();
    if (alerts && dailyApplyWatched(model)) {
        new ApplyHeartbeat("daily-apply", {
            stack: pulumi.getStack(),
            criticalTopicArn: alerts.topicArns.critical,
        });
    }

    // Feature flags live in the platforms' config stores: a change is an up, never a deploy.
    const flags =
        Object.keys(model.flags).length > 0
            ? new FeatureFlags("flags", {
                  flags: Object.values(model.flags),
                  prefix: `${pulumi.getProject()}-${pulumi.getStack()}`,
                  environment: pulumi.getStack(),
              })
            : undefined;
    const readsFlags = flagConsumers(model.flags);
    const records: EdgeRecord[] = [];
    const origin = secrets[ORIGIN_SECRET_NAME];
    const originAccess =
        origin && network?.publicSubnetIds ? new EdgeOriginAccess("edge-origin") : undefined;
    /** What a scheduled job running as an aws service takes from it: its variables and parameters. */
    const jobContexts: Record<
        string,
        { variables: Record<string, ServiceVariable>; path: string }
    > = {};
    for (const service of services) {
        const variables: Record<string, EnvVariable> = Object.fromEntries([
            ...Object.entries(serviceEnv(model, service.name)).map(([variable, entry]) => [
                variable,
                envVariable(service.name, variable, entry, secrets, data),
            ]),
            // A worker names its queue metrics from these (README: the queue metric contract).
            ...Object.entries(queueVariables(service, pulumi.getStack())).map(([name, value]) => [
                name,
                { value, secret: false, source: `services.${service.name}.queues` },
            ]),
        ]);
        const edgeConfig = readsFlags.has(service.name) ? flags?.edgeConfigConnection : undefined;
        if (service.platform === "vercel" && edgeConfig) {
            variables[EDGE_CONFIG_VARIABLE] = {
                value: edgeConfig,
                secret: true,
                source: "flags (Edge Config read token)",
            };
        }
        const target = envTarget(service, model);
        const environment = new ServiceEnvironment(`${service.name}-env`, { target, variables });
        // A deployment keeps the variables of its build: the project redeploys once to read EDGE_CONFIG.
        const secretVersions = rolloutLabel({
            ...consumedVersions(model, service.name, now),
            ...(service.platform === "vercel" && edgeConfig ? { [EDGE_CONFIG_VARIABLE]: "1" } : {}),
        });
        if (target.platform === "vercel" && secretVersions) {
            new VercelRollout(`${service.name}-rollout`, {
                projectId: target.projectId,
                productionBranch: service.productionBranch,
                secretVersions,
                environment,
            });
        }
        if (service.platform === "aws" && network && cluster && alerts) {
            const loadBalancer =
                service.public && network.publicSubnetIds
                    ? new PublicLoadBalancer(`${service.name}-lb`, {
                          domain: service.domain!,
                          healthPath: service.healthPath!,
                          port: service.port,
                          vpcId: network.vpcId,
                          publicSubnetIds: network.publicSubnetIds,
                          cloudflareZoneId: model.edge?.zoneId,
                          paused: service.paused || undefined,
                          edgeOnly:
                              originAccess && origin
                                  ? {
                                        prefixListIds: originAccess.prefixListIds,
                                        acceptedOriginSecrets: [
                                            origin.next!,
                                            origin.current,
                                            origin.previous!,
                                        ],
                                    }
                                  : undefined,
                      })
                    : undefined;
            const ecsVariables = Object.fromEntries(
                Object.entries(variables).map(([name, v]) => [
                    name,
                    {
                        secret: v.secret,
                        value: v.value,
                        parameterArn: environment.parameterArns[name],
                    },
                ]),
            );
            const parameterPath = target.platform === "aws" ? target.parameterPath : "";
            jobContexts[service.name] = { variables: ecsVariables, path: parameterPath };
            const ecs = new EcsService(service.name, {
                service,
                clusterArn: cluster.clusterArn,
                clusterName: cluster.clusterName,
                privateSubnetIds: network.privateSubnetIds,
                securityGroupId: securityGroups[service.name].securityGroupId,
                variables: ecsVariables,
                parameterPath,
                secretVersions,
                loadBalancer,
                flags: readsFlags.has(service.name) ? flags?.appConfig : undefined,
                bucketArns: Object.values(model.buckets)
                    .filter((b) => b.consumers.includes(service.name))
                    .flatMap((b) => (data.bucketArns[b.name] ? [data.bucketArns[b.name]!] : [])),
            });
            new ServiceAlarms(`alarms-${service.name}`, {
                service,
                clusterName: cluster.clusterName,
                serviceName: ecs.serviceName,
                loadBalancer,
                topicArns: alerts.topicArns,
            });
            if (service.queues.length > 0) {
                new QueueAlarms(`queues-${service.name}`, {
                    service: service.name,
                    queues: service.queues,
                    stack: pulumi.getStack(),
                    topicArns: alerts.topicArns,
                    silenced: service.paused || undefined,
                });
            }
            if (loadBalancer)
                records.push({
                    service: service.name,
                    domain: service.domain!,
                    target: loadBalancer.dnsName,
                    proxied: true,
                    platform: "aws",
                });
        } else if (service.platform === "vercel" && service.public) {
            records.push({
                service: service.name,
                domain: service.domain!,
                target: VERCEL_CNAME,
                proxied: service.proxied,
                platform: "vercel",
            });
        }
        if (service.public && healthAlerts) {
            new HealthCheck(`health-${service.name}`, {
                domain: service.domain!,
                healthPath: service.healthPath!,
                criticalTopicArn: healthAlerts.topicArns.critical,
                paused: service.paused || undefined,
            });
        }
    }
    if (model.edge) new Edge("edge", { edge: model.edge, records, originSecret: origin?.current });
    // The loader requires a network for jobs; the cluster and alert topics exist wherever jobs do.
    const jobs = Object.values(model.jobs).map((job) => {
        const context = job.service ? jobContexts[job.service] : undefined;
        return new ScheduledJob(`job-${job.name}`, {
            job,
            stack: pulumi.getStack(),
            clusterName: cluster!.clusterName,
            network: {
                clusterArn: cluster!.clusterArn,
                privateSubnetIds: network!.privateSubnetIds,
                securityGroupId: job.service
                    ? securityGroups[job.service].securityGroupId
                    : new ServiceSecurityGroup(`job-${job.name}-sg`, {
                          vpcId: network!.vpcId,
                          description: `Scheduled job ${job.name}`,
                      }).securityGroupId,
            },
            variables: context?.variables,
            parameterPath: context?.path,
            topicArns: alerts!.topicArns,
        });
    });
    return {
        rotationCalendar: rotationCalendar(model, now),
        ...(accessLogs ? { [ACCESS_LOG_BUCKET_OUTPUT]: accessLogs.bucket.bucketName } : {}),
        databaseAccess: databaseAccessOutput(model, data, cluster, access),
        // Attach to whoever opens tunnels (the CI role, an operator): run the access task, start sessions.
        ...(access ? { databaseAccessPolicyArn: access.operatorPolicyArn } : {}),
        // `aws ecs run-task --cli-input-json` for each scheduled job: run it by hand (the runbook says how).
        ...(jobs.length > 0
            ? { jobs: Object.fromEntries(jobs.map((j) => [j.jobName, j.runTask])) }
            : {}),
    };
};
