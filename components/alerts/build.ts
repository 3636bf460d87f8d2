import { AlertDestination, AlertRouting, AlertRoutingArgs } from "./alerts";
import { snsProtocol } from "../../model/routes";
import { SystemModel } from "../../model/load";
import { Severity } from "../../model/rules";
import { SecretValues } from "../secrets/build";

/** The alert topics, with their subscriptions from secret config, in `options.region` (default the provider's). */
export function alertRouting(
    name: string,
    model: SystemModel,
    secrets: Record<string, SecretValues>,
    options: Pick<AlertRoutingArgs, "region" | "chat" | "chatTopicsFrom"> = {},
): AlertRouting {
    const routes = Object.fromEntries(
        Object.entries(model.alertRoutes).map(([severity, list]) => [
            severity,
            (list ?? []).map((route): AlertDestination => {
                switch (route.protocol) {
                    case "slack":
                        return { kind: "slack", ...route };
                    case "teams":
                        return { kind: "teams", ...route };
                    default:
                        return {
                            kind: "subscription",
                            protocol: snsProtocol(route.protocol),
                            endpoint: secrets[route.endpointSecret].current,
                            source: route.endpointSecret,
                        };
                }
            }),
        ]),
    ) as Partial<Record<Severity, AlertDestination[]>>;
    return new AlertRouting(name, { routes, ...options });
}
