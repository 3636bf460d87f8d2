/**
 * The alert routes' cross-checks over the typed parts: per-protocol fields, one Teams channel per team,
 * and each endpoint's URL. Apart from model/routes.ts, which the schema imports, so that reading the
 * parts makes no import cycle (model/parts.ts imports the schema). Pure.
 */
import { ConfigError, describeValue, joinPath } from "./errors";
import type { Parts } from "./parts";
import { ALL_FIELDS, endpointProblem, EndpointLookup, ROUTE_FIELDS } from "./routes";

/**
 * Per-protocol fields of each route, and its endpoint when it can be read (`pulumi preview`/`up` decrypt
 * config; the offline plan has placeholders, which are not checked). Errors name the route's path. Reads
 * the routes that parsed (model/parts.ts); whether a field is written is read from the file, so a broken
 * field is not also reported missing.
 */
export function checkAlertRoutes(parts: Parts, endpoint: EndpointLookup): ConfigError[] {
    const errors: ConfigError[] = [];
    const routes = parts.alerts?.routes ?? {};
    // The provider finds a Teams configuration by its team alone (terraform-provider-aws
    // chatbot/teams_channel_configuration.go, findTeamsChannelConfigurationByTeamID, a single result):
    // one channel per team.
    const teamChannel = new Map<string, string>();
    for (const [severity, list] of Object.entries(routes)) {
        // A sparse list: a broken route is a hole, skipped, and the others keep their index.
        (list ?? []).forEach((route, index) => {
            const protocol = route.protocol;
            if (!protocol) return;
            const path = ["alerts", "routes", severity, index];
            // A missing or broken channel is reported by the schema or below; no second-channel check.
            if (
                protocol === "teams" &&
                route.teamId !== undefined &&
                route.channelId !== undefined
            ) {
                const channel = route.channelId;
                const first = teamChannel.get(route.teamId);
                if (first !== undefined && first !== channel)
                    errors.push({
                        path: joinPath([...path, "channelId"]),
                        message: `${describeValue(channel)} is a second channel of team ${route.teamId} (the first is ${describeValue(first)}); the chat integration's provider keeps one Teams channel configuration per team`,
                    });
                else teamChannel.set(route.teamId, channel);
            }
            const wanted = ROUTE_FIELDS[protocol];
            const written = (field: string) => parts.written([...path, field]);
            for (const field of wanted.filter((f) => !written(f)))
                errors.push({
                    path: joinPath([...path, field]),
                    message: `is required for protocol ${protocol} (it takes ${wanted.join(", ")})`,
                });
            for (const field of ALL_FIELDS.filter((f) => !wanted.includes(f) && written(f)))
                errors.push({
                    path: joinPath([...path, field]),
                    message: `is not used by protocol ${protocol}; it takes ${wanted.join(", ")}`,
                });
            const secret = route.endpointSecret;
            if (secret === undefined || !wanted.includes("endpointSecret")) return;
            const url = endpoint(secret);
            const problem = url === undefined ? undefined : endpointProblem(protocol, url);
            if (problem)
                errors.push({
                    path: joinPath([...path, "endpointSecret"]),
                    message: `${describeValue(secret)}: the value of opsbook:${secret} ${problem}`,
                });
        });
    }
    return errors;
}
