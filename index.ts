/**
 * opsbook: the stack's `opsbook:system` turned into resources. A composition that reads as the stack file
 * does: load the model, then each concern's `build.ts` in dependency order (secrets, alert routing,
 * compute, data, feature flags, services, the edge, scheduled jobs), and export the rotation calendar
 * (never a value), the access-log bucket, the database paths and the jobs' run-task inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplyHeartbeat } from "./components/alerts/applyHeartbeat";
import { Cluster } from "./components/compute/cluster";
import { DatabaseAccess } from "./components/data/databaseAccess";
import { Edge } from "./components/edge/edge";
import { zoneTenants } from "./components/edge/zoneTenants";
import { ZONE_ORIGIN_SECRET_OUTPUT, ZONE_SHARE_OUTPUT, zoneShareOf } from "./model/zoneShare";
import { HEALTH_CHECK_REGION } from "./components/alerts/healthCheck";
import { FeatureFlags } from "./components/services/featureFlags";
import { ServiceSecurityGroup } from "./components/compute/securityGroup";
import { loadStackModel, programClock, StackEnvironment } from "./components/stackModel";
import { ACCESS_LOG_BUCKET_OUTPUT } from "./model/accessLogs";
import { dailyApplyWatched, usesAws } from "./model/alerts";
import { rotationCalendar } from "./model/calendar";
import { buildSecrets } from "./components/secrets/build";
import { ParameterKey } from "./components/secrets/parameterKey";
import {
    DataOutputs,
    accessLogging,
    buildData,
    buildRedis,
    databaseAccessOutput,
} from "./components/data/build";
import { alertRouting } from "./components/alerts/build";
import { buildJobs, buildServices } from "./components/services/build";

export = async () => {
    const now = programClock();
    const model = loadStackModel(now);
    // First, so the pack judges every resource by the environment the stack file declares.
    new StackEnvironment("environment", { environment: model.environment, rules: model.rules });
    const secrets = buildSecrets(model, now);
    const network = model.network;
    const services = Object.values(model.services);
    const awsServices = services.filter((s) => s.platform === "aws");
    const databases = Object.values(model.databases);
    // Route53 health-check metrics exist only in us-east-1, and alarms notify topics of their own region.
    const region = new pulumi.Config("aws").get("region") ?? HEALTH_CHECK_REGION;
    // Its chat channels are the main routing's: one configuration per channel takes both regions' topics.
    const healthOnly =
        services.some((s) => s.public) && region !== HEALTH_CHECK_REGION
            ? alertRouting(`alerts-${HEALTH_CHECK_REGION}`, model, secrets, {
                  region: HEALTH_CHECK_REGION,
                  chat: false,
              })
            : undefined;
    const alerts = usesAws(model)
        ? alertRouting("alerts", model, secrets, { chatTopicsFrom: healthOnly?.topicArns })
        : undefined;
    const healthAlerts = healthOnly ?? alerts;
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
                  logRetentionDays: model.rules.logRetentionDays,
              })
            : undefined;
    const accessLogs = accessLogging(model);
    // SecureStrings live where ECS reads them: the aws services' variables and the dumps' admin URLs.
    const parameterKey =
        awsServices.length > 0 || databases.some((d) => d.kind === "external")
            ? new ParameterKey("parameters", { stack: pulumi.getStack(), protect: model.protect })
            : undefined;
    const data: DataOutputs = {
        ...buildData(
            model,
            now,
            secrets,
            securityGroups,
            alerts,
            cluster,
            accessLogs,
            access,
            parameterKey,
        ),
        ...buildRedis(model, now, securityGroups, alerts),
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
    const context = {
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
    };
    const { records, originSecret, jobContexts } = buildServices(context);
    const stack = pulumi.getStack();
    if (model.edge) {
        const tenants = await zoneTenants(model.edge, records);
        new Edge("edge", { edge: model.edge, records, originSecret, stack, tenants });
    }
    // A tenant of another stack's zone hands it what the zone's rulesets must carry (model/zoneShare.ts).
    const zoneShare =
        model.edge?.ownership.role === "tenant"
            ? {
                  [ZONE_SHARE_OUTPUT]: zoneShareOf(model.edge, records),
                  ...(originSecret
                      ? { [ZONE_ORIGIN_SECRET_OUTPUT]: pulumi.secret(originSecret) }
                      : {}),
              }
            : {};
    const jobs = buildJobs(context, jobContexts);
    return {
        ...zoneShare,
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
