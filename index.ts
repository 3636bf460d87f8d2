/**
 * opsbook: the stack's `opsbook:system` turned into resources. Wiring only: load the model, then build
 * secrets, data (databases, their backups, buckets), then each service's environment, and export the
 * rotation calendar (never a value).
 */
import * as pulumi from "@pulumi/pulumi";
import { AlertTopics } from "./components/alertTopics";
import { Bucket } from "./components/bucket";
import { Cluster } from "./components/cluster";
import { Database } from "./components/database";
import { DumpBackup } from "./components/dumpBackup";
import { EnvTarget, EnvVariable, ServiceEnvironment } from "./components/envVars";
import { RdsBackup } from "./components/rdsBackup";
import { RotatingSecret } from "./components/secret";
import { ServiceSecurityGroup } from "./components/securityGroup";
import { loadStackModel, programClock } from "./components/stackModel";
import { VendorSecret } from "./components/vendorSecret";
import { VercelProject } from "./components/vercelProject";
import { rotationCalendar } from "./model/calendar";
import { DatabaseModel } from "./model/data";
import { serviceEnv } from "./model/env";
import { CONFIG_NAMESPACE, EnvEntry, SecretModel, ServiceModel, SystemModel } from "./model/load";
import { SSM_PREFIX } from "./model/rules";

interface SecretValues {
    readonly current: pulumi.Output<string>;
    readonly previous?: pulumi.Output<string>;
}

/** Former names of an entry, as aliases of the component that carries it (children follow by prefix). */
const renamed = (
    prefix: string,
    formerNames: readonly string[],
): pulumi.ComponentResourceOptions => ({
    aliases: formerNames.map((former) => ({ name: `${prefix}-${former}` })),
});

function rotatingSecret(secret: SecretModel, model: SystemModel, now: Date): RotatingSecret {
    return new RotatingSecret(secret.name, {
        secretName: secret.name,
        secretClass: secret.class,
        periodDays: secret.periodDays,
        earlyRotations: secret.earlyRotations,
        incident: model.incident,
        now,
    });
}

function buildSecrets(model: SystemModel, now: Date): Record<string, SecretValues> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const values: Record<string, SecretValues> = {};
    for (const secret of Object.values(model.secrets)) {
        if (secret.delivery !== "env" && secret.kind === "generated") continue; // built with its database
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

interface DataOutputs {
    readonly urls: Record<string, { url: pulumi.Output<string>; directUrl: pulumi.Output<string> }>;
    readonly bucketNames: Record<string, pulumi.Output<string>>;
}

/** Databases with their credentials and backups, and buckets: everything that holds data. */
function buildData(
    model: SystemModel,
    now: Date,
    secrets: Record<string, SecretValues>,
    securityGroups: Record<string, ServiceSecurityGroup>,
): DataOutputs {
    const urls: DataOutputs["urls"] = {};
    const databases = Object.values(model.databases);
    const stack = pulumi.getStack();
    const needsAws =
        databases.length > 0 || Object.values(model.buckets).some((b) => b.provider === "s3");
    const alerts = needsAws ? new AlertTopics("alerts") : undefined;
    const external = databases.filter((d) => d.kind === "external");
    const cluster = external.length > 0 ? new Cluster("cluster") : undefined;
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
                    earlyRotations: credential.earlyRotations,
                    incident: model.incident,
                    now,
                },
                adminUrl,
            },
            renamed("db", database.renamedFrom),
        );
        urls[database.name] = { url: db.url, directUrl: db.directUrl };
        buildBackup(database, db, {
            alerts: alerts!,
            cluster,
            backupTasks,
            adminUrl,
            model,
            stack,
        });
    }

    const bucketNames: Record<string, pulumi.Output<string>> = {};
    for (const bucket of Object.values(model.buckets)) {
        const created = new Bucket(
            `bucket-${bucket.name}`,
            {
                provider: bucket.provider,
                purpose: bucket.purpose,
                corsOrigins: bucket.corsOrigins,
                noncurrentVersionDays: bucket.noncurrentVersionDays,
                protect: model.protect,
                r2: model.cloudflare
                    ? {
                          accountId: model.cloudflare.accountId,
                          bucketName: `${pulumi.getProject()}-${stack}-${bucket.renamedFrom.at(-1) ?? bucket.name}`,
                      }
                    : undefined,
            },
            renamed("bucket", bucket.renamedFrom),
        );
        bucketNames[bucket.name] = created.bucketName;
    }
    return { urls, bucketNames };
}

function buildBackup(
    database: DatabaseModel,
    db: Database,
    context: {
        alerts: AlertTopics;
        cluster?: Cluster;
        backupTasks?: ServiceSecurityGroup;
        adminUrl?: pulumi.Output<string>;
        model: SystemModel;
        stack: string;
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
        new DumpBackup(
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
            },
            opts,
        );
    } else {
        throw new pulumi.RunError(
            `opsbook:system.network: is required: database ${database.name}'s dumps run as ECS tasks in its private subnets`,
        );
    }
}

function envTarget(service: ServiceModel): EnvTarget {
    if (service.platform === "vercel") {
        const project = new VercelProject(service.name, {
            projectName: `${service.name}-${pulumi.getStack()}`,
            framework: service.framework,
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
            // The loader refuses `previous` for single-slot secrets, so it exists whenever it is asked for.
            const value =
                entry.slot === "previous" ? (values.previous ?? values.current) : values.current;
            return { value, secret: true, source: `secrets.${entry.secret} (${entry.slot})` };
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
    }
}

export = async () => {
    const now = programClock();
    const model = loadStackModel(now);
    const secrets = buildSecrets(model, now);
    const network = model.network;
    const securityGroups: Record<string, ServiceSecurityGroup> = {};
    if (network) {
        for (const service of Object.values(model.services).filter((s) => s.platform === "aws")) {
            securityGroups[service.name] = new ServiceSecurityGroup(`${service.name}-sg`, {
                vpcId: network.vpcId,
                description: `Service ${service.name}`,
            });
        }
    }
    const data = buildData(model, now, secrets, securityGroups);
    for (const service of Object.values(model.services)) {
        const variables = Object.fromEntries(
            Object.entries(serviceEnv(model, service.name)).map(([variable, entry]) => [
                variable,
                envVariable(service.name, variable, entry, secrets, data),
            ]),
        );
        new ServiceEnvironment(`${service.name}-env`, { target: envTarget(service), variables });
    }
    return { rotationCalendar: rotationCalendar(model, now) };
};
