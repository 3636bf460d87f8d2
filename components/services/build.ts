import * as pulumi from "@pulumi/pulumi";
import { AlertRouting } from "../alerts/alerts";
import { Cluster } from "../compute/cluster";
import { EcsService, ServiceVariable } from "./ecsService";
import { EdgeRecord, VERCEL_CNAME } from "../edge/edge";
import { EdgeOriginAccess } from "../edge/edgeOriginAccess";
import { HealthCheck } from "../alerts/healthCheck";
import { PublicLoadBalancer } from "../edge/loadBalancer";
import { QueueAlarms } from "../alerts/queueAlarms";
import { ScheduledJob } from "./scheduledJob";
import { ServiceAlarms } from "../alerts/serviceAlarms";
import { EnvTarget, EnvVariable, ServiceEnvironment } from "../secrets/envVars";
import { FeatureFlags } from "./featureFlags";
import { ServiceSecurityGroup } from "../compute/securityGroup";
import { VercelProject } from "./vercelProject";
import { VercelRollout } from "./vercelRollout";
import { consumedVersions, rolloutFingerprint } from "../../model/rollout";
import { serviceEnv } from "../../model/env";
import { variableOwners } from "../../model/variables";
import { flagConsumers } from "../../model/flags";
import { queueVariables } from "../../model/queues";
import { EnvEntry, ServiceModel, SystemModel } from "../../model/load";
import { vercelFirewallLimit } from "../../model/services";
import { EDGE_CONFIG_VARIABLE, ORIGIN_SECRET_NAME, SSM_PREFIX } from "../../model/rules";
import { SecretValues } from "../secrets/build";
import { AccessLogging, DataOutputs } from "../data/build";
import { ParameterKey } from "../secrets/parameterKey";

export function envTarget(service: ServiceModel, model: SystemModel): EnvTarget {
    if (service.platform === "vercel") {
        const project = new VercelProject(service.name, {
            service,
            projectName: service.projectName ?? `${service.name}-${pulumi.getStack()}`,
            // Without Cloudflare in front, the Vercel Firewall enforces the runbook's limit.
            firewallRateLimit: vercelFirewallLimit(service, model.edge),
        });
        return { platform: "vercel", projectId: project.projectId };
    }
    return { platform: "aws", parameterPath: `${SSM_PREFIX}/${pulumi.getStack()}/${service.name}` };
}

export function envVariable(
    service: string,
    variable: string,
    entry: EnvEntry,
    secrets: Record<string, SecretValues>,
    data: DataOutputs,
): EnvVariable {
    switch (entry.kind) {
        case "literal":
            return {
                value: entry.value,
                secret: false,
                source: `env.${service}.${variable}`,
                ...(entry.public !== undefined ? { public: true } : {}),
            };
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

/**
 * What a service reads that no generation versions, by variable: the value of every plain variable
 * (literals, bucket names, queue names), and the endpoint inside each database or Redis URL (the
 * credential inside is versioned by its generation). Outputs where the value is computed: a bucket name or
 * an endpoint unknown at preview is digested at `pulumi up`, when it is known, so the fingerprint changes
 * exactly when the value does, on the first up that sees it.
 */
export function watchedValues(
    model: SystemModel,
    variables: Readonly<Record<string, EnvVariable>>,
    entries: Readonly<Record<string, EnvEntry>>,
    data: DataOutputs,
): Record<string, pulumi.Input<string>> {
    const watched: Record<string, pulumi.Input<string>> = {};
    for (const [name, variable] of Object.entries(variables)) {
        if (!variable.secret) watched[name] = variable.value;
        const entry = entries[name];
        if (entry?.kind === "database") {
            const endpoint = data.endpoints[entry.database];
            const dbName = model.databases[entry.database].dbName;
            watched[`${name}@endpoint`] =
                pulumi.interpolate`${endpoint.host}:${endpoint.port}/${dbName}`;
        }
        if (entry?.kind === "redis")
            watched[`${name}@endpoint`] = data.redisEndpoints![entry.redis];
    }
    return watched;
}

/**
 * The rollout fingerprint of one consumer (`model/rollout.ts`): secret versions, and one digest of the
 * watched values. Never a value: where a watched value is secret (a vendor database's host travels in
 * its admin URL), only its digest leaves the apply, so the label itself is not secret.
 */
export function consumerFingerprint(
    versions: Readonly<Record<string, string>>,
    watched: Readonly<Record<string, pulumi.Input<string>>>,
): pulumi.Output<string> {
    return pulumi.unsecret(
        pulumi.all(watched).apply((values) => rolloutFingerprint(versions, values)),
    );
}

/** What the services are built from: the model, and what secrets, data, alerts and compute provide. */
export interface ServiceContext {
    readonly model: SystemModel;
    readonly now: Date;
    readonly secrets: Record<string, SecretValues>;
    readonly data: DataOutputs;
    readonly cluster?: Cluster;
    readonly securityGroups: Record<string, ServiceSecurityGroup>;
    readonly alerts?: AlertRouting;
    /** The routing of health-check alarms (us-east-1, where Route53 health-check metrics live). */
    readonly healthAlerts?: AlertRouting;
    readonly flags?: FeatureFlags;
    /** The stack's access-log bucket, which every load balancer logs into. */
    readonly accessLogs?: AccessLogging;
    /** The stack's key for SecureString parameters. */
    readonly parameterKey?: ParameterKey;
}

/** What a scheduled job running as an aws service takes from it: its variables and parameters. */
export type JobContexts = Record<
    string,
    { variables: Record<string, ServiceVariable>; path: string }
>;

/**
 * Each service: its environment, its rollout, and on AWS its load balancer, ECS service and alarms; the
 * public ones' health checks. Returns the DNS records the edge serves and what scheduled jobs reuse.
 */
export function buildServices(context: ServiceContext): {
    records: EdgeRecord[];
    originSecret?: pulumi.Output<string>;
    jobContexts: JobContexts;
} {
    const {
        model,
        now,
        secrets,
        data,
        cluster,
        securityGroups,
        alerts,
        healthAlerts,
        flags,
        accessLogs,
        parameterKey,
    } = context;
    const network = model.network;
    const services = Object.values(model.services);
    const readsFlags = flagConsumers(model.flags);
    const records: EdgeRecord[] = [];
    const origin = secrets[ORIGIN_SECRET_NAME];
    const originAccess =
        origin && network?.publicSubnetIds ? new EdgeOriginAccess("edge-origin") : undefined;
    const jobContexts: JobContexts = {};
    const owners = variableOwners(model);
    for (const service of services) {
        const entries = serviceEnv(model, service.name);
        const edgeConfig = readsFlags.has(service.name) ? flags?.edgeConfigConnection : undefined;
        // The environment is the service's entries in the one list of owners (model/variables.ts).
        const queueValues = queueVariables(service, pulumi.getStack());
        const variables: Record<string, EnvVariable> = {};
        for (const [variable, { entry, source }] of Object.entries(owners[service.name] ?? {})) {
            if (entry.kind === "queue") {
                // A worker names its queue metrics from these (docs/queues-and-jobs.md, "The queue
                // metric contract").
                variables[variable] = { value: queueValues[variable], secret: false, source };
            } else if (entry.kind === "flags") {
                // aws: the task sets the agent's URL itself (EcsService), beside its sidecar.
                if (service.platform === "vercel" && edgeConfig)
                    variables[variable] = {
                        value: edgeConfig,
                        secret: true,
                        source: "flags (Edge Config read token)",
                    };
            } else if (entry.kind !== "rollout") {
                // rollout: EcsService sets the versions with the fingerprint computed below.
                variables[variable] = envVariable(service.name, variable, entry, secrets, data);
            }
        }
        const target = envTarget(service, model);
        const environment = new ServiceEnvironment(`${service.name}-env`, {
            target,
            variables,
            parameterKeyArn: parameterKey?.keyArn,
        });
        // A deployment keeps the variables of its build: the project redeploys once to read EDGE_CONFIG.
        const versions = {
            ...consumedVersions(model, service.name, now),
            ...(service.platform === "vercel" && edgeConfig ? { [EDGE_CONFIG_VARIABLE]: "1" } : {}),
        };
        const watched = watchedValues(model, variables, entries, data);
        const fingerprint =
            Object.keys(versions).length + Object.keys(watched).length > 0
                ? consumerFingerprint(versions, watched)
                : undefined;
        if (target.platform === "vercel" && fingerprint) {
            new VercelRollout(`${service.name}-rollout`, {
                projectId: target.projectId,
                productionBranch: service.productionBranch,
                fingerprint,
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
                          targetSecurityGroupId: securityGroups[service.name].securityGroupId,
                          accessLogs: accessLogs!.loadBalancer(service.name),
                          protect: model.protect,
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
                        ...(v.public ? { public: true } : {}),
                    },
                ]),
            );
            const parameterPath = target.platform === "aws" ? target.parameterPath : "";
            jobContexts[service.name] = { variables: ecsVariables, path: parameterPath };
            const ecs = new EcsService(service.name, {
                service,
                stack: pulumi.getStack(),
                clusterArn: cluster.clusterArn,
                clusterName: cluster.clusterName,
                privateSubnetIds: network.privateSubnetIds,
                securityGroupId: securityGroups[service.name].securityGroupId,
                variables: ecsVariables,
                parameterPath,
                fingerprint,
                parameterKeyArn: parameterKey?.keyArn,
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
        if (service.public && healthAlerts && model.rules.healthChecks) {
            new HealthCheck(`health-${service.name}`, {
                domain: service.domain!,
                healthPath: service.healthPath!,
                criticalTopicArn: healthAlerts.topicArns.critical,
                paused: service.paused || undefined,
            });
        }
    }
    return { records, originSecret: origin?.current, jobContexts };
}

/** Each scheduled job, on the stack's cluster, with the variables of the service it runs as. */
export function buildJobs(context: ServiceContext, jobContexts: JobContexts): ScheduledJob[] {
    const { model, cluster, securityGroups, alerts, parameterKey } = context;
    const network = model.network;
    // The loader requires a network for jobs; the cluster and alert topics exist wherever jobs do.
    return Object.values(model.jobs).map((job) => {
        const context = job.service ? jobContexts[job.service] : undefined;
        return new ScheduledJob(`job-${job.name}`, {
            job,
            stack: pulumi.getStack(),
            logRetentionDays: model.rules.logRetentionDays,
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
            parameterKeyArn: parameterKey?.keyArn,
            topicArns: alerts!.topicArns,
        });
    });
}
