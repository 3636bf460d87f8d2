import * as pulumi from "@pulumi/pulumi";
import { AlertRouting } from "./alerts";
import { SystemModel } from "../../model/load";
import { Severity } from "../../model/rules";
import { SecretValues } from "../secrets/build";

/** The alert topics, with their subscriptions from secret config, in `region` (default the provider's). */
export function alertRouting(
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
