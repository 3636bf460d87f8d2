/**
 * opsbook: the stack's `opsbook:system` turned into resources. Wiring only: load the model, then build
 * secrets, then each service's environment, and export the rotation calendar (never a value).
 */
import * as pulumi from "@pulumi/pulumi";
import { EnvVariable, EnvTarget, ServiceEnvironment } from "./components/envVars";
import { RotatingSecret } from "./components/secret";
import { loadStackModel, programClock } from "./components/stackModel";
import { VendorSecret } from "./components/vendorSecret";
import { VercelProject } from "./components/vercelProject";
import { rotationCalendar } from "./model/calendar";
import { serviceEnv } from "./model/env";
import { CONFIG_NAMESPACE, EnvEntry, ServiceModel, SystemModel } from "./model/load";
import { SSM_PREFIX } from "./model/rules";

interface SecretValues {
    readonly current: pulumi.Output<string>;
    readonly previous?: pulumi.Output<string>;
}

function buildSecrets(model: SystemModel, now: Date): Record<string, SecretValues> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const values: Record<string, SecretValues> = {};
    for (const secret of Object.values(model.secrets)) {
        values[secret.name] =
            secret.kind === "generated"
                ? new RotatingSecret(secret.name, {
                      secretName: secret.name,
                      secretClass: secret.class,
                      periodDays: secret.periodDays,
                      earlyRotations: secret.earlyRotations,
                      incident: model.incident,
                      now,
                  })
                : new VendorSecret(secret.name, {
                      secretClass: secret.class,
                      rotatedAt: secret.rotatedAt ?? "",
                      periodDays: secret.periodDays,
                      value: config.requireSecret(secret.name),
                  });
    }
    return values;
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
): EnvVariable {
    if (entry.kind === "literal") {
        return { value: entry.value, secret: false, source: `env.${service}.${variable}` };
    }
    const values = secrets[entry.secret];
    // The loader refuses `previous` for single-slot secrets, so `previous` exists whenever it is asked for.
    const value = entry.slot === "previous" ? (values.previous ?? values.current) : values.current;
    return { value, secret: true, source: `secrets.${entry.secret} (${entry.slot})` };
}

export = async () => {
    const now = programClock();
    const model = loadStackModel(now);
    const secrets = buildSecrets(model, now);
    for (const service of Object.values(model.services)) {
        const variables = Object.fromEntries(
            Object.entries(serviceEnv(model, service.name)).map(([variable, entry]) => [
                variable,
                envVariable(service.name, variable, entry, secrets),
            ]),
        );
        new ServiceEnvironment(`${service.name}-env`, { target: envTarget(service), variables });
    }
    return { rotationCalendar: rotationCalendar(model, now) };
};
