/**
 * Where a severity's alerts go, and only to places that can take them. An SNS subscription delivers
 * nothing until its endpoint confirms it: PagerDuty's CloudWatch integration URL confirms itself, an
 * e-mail address when someone clicks the link, but a Slack, Discord or Teams incoming webhook never does
 * (it expects its own JSON body, not SNS's `SubscriptionConfirmation`), so every alert to it is lost.
 * Chat goes through AWS's chat integration (Amazon Q Developer in chat applications, formerly AWS
 * Chatbot): a channel configuration subscribed to the severity topics. Pure.
 */

/** Routes that are SNS subscriptions to an endpoint held in a vendor secret (class alert-endpoint). */
export const SUBSCRIPTION_PROTOCOLS = [
    "pagerduty",
    "https",
    "email",
    "email-json",
    "sms",
    "lambda",
    "sqs",
] as const;
/** Routes that are a chat channel configuration of AWS's chat integration. */
export const CHAT_ROUTE_PROTOCOLS = ["slack", "teams"] as const;
export const ROUTE_PROTOCOLS = [...SUBSCRIPTION_PROTOCOLS, ...CHAT_ROUTE_PROTOCOLS] as const;
export type RouteProtocol = (typeof ROUTE_PROTOCOLS)[number];

/**
 * What a route reaches, for the environment rules (model/rules.ts `ENVIRONMENT_RULES`: whether a paging
 * route is required, whether critical may go to chat): `paging` wakes someone, `chat` posts to a channel,
 * `email` waits in an inbox, `webhook` and `aws` are the team's own code.
 */
export type RouteKind = "paging" | "chat" | "email" | "webhook" | "aws";
export const ROUTE_KINDS: Readonly<Record<RouteProtocol, RouteKind>> = {
    pagerduty: "paging",
    sms: "paging",
    slack: "chat",
    teams: "chat",
    email: "email",
    "email-json": "email",
    https: "webhook",
    lambda: "aws",
    sqs: "aws",
};

export type AlertRoute =
    | {
          readonly protocol: (typeof SUBSCRIPTION_PROTOCOLS)[number];
          /** The vendor secret (class alert-endpoint) holding the endpoint. */
          readonly endpointSecret: string;
      }
    | {
          readonly protocol: "slack";
          /** The Slack workspace (team) id authorised once in the AWS console, e.g. `T07EA123LEP`. */
          readonly workspaceId: string;
          readonly channelId: string;
      }
    | {
          readonly protocol: "teams";
          readonly tenantId: string;
          readonly teamId: string;
          readonly channelId: string;
      };

/** The SNS protocol a subscription route is created with. */
export function snsProtocol(protocol: (typeof SUBSCRIPTION_PROTOCOLS)[number]): string {
    return protocol === "pagerduty" ? "https" : protocol;
}

/** Fields each protocol takes; the others are refused so a half-edited route is seen. */
const SUBSCRIPTION_FIELDS = ["endpointSecret"] as const;
export const ROUTE_FIELDS: Readonly<Record<RouteProtocol, readonly string[]>> = {
    pagerduty: SUBSCRIPTION_FIELDS,
    https: SUBSCRIPTION_FIELDS,
    email: SUBSCRIPTION_FIELDS,
    "email-json": SUBSCRIPTION_FIELDS,
    sms: SUBSCRIPTION_FIELDS,
    lambda: SUBSCRIPTION_FIELDS,
    sqs: SUBSCRIPTION_FIELDS,
    slack: ["workspaceId", "channelId"],
    teams: ["tenantId", "teamId", "channelId"],
};
export const ALL_FIELDS = ["endpointSecret", "workspaceId", "channelId", "tenantId", "teamId"];

/**
 * Hosts whose endpoints never confirm an SNS subscription, and the route to use instead. Slack's incoming
 * webhooks answer SNS's confirmation POST with `400 invalid_payload` (no `text`); Discord's and Teams'
 * webhooks reject it likewise.
 */
export const NEVER_CONFIRMS: readonly { readonly host: RegExp; readonly instead: string }[] = [
    {
        host: /^hooks\.slack\.com$/,
        instead: "protocol: slack with workspaceId and channelId (AWS's chat integration)",
    },
    {
        host: /^(discord\.com|discordapp\.com|ptb\.discord\.com|canary\.discord\.com)$/,
        instead:
            "protocol: slack or teams (AWS's chat integration has no Discord client; bridge a Slack channel)",
    },
    {
        host: /(^|\.)webhook\.office\.com$|(^|\.)logic\.azure\.com$|(^|\.)outlook\.office\.com$/,
        instead: "protocol: teams with tenantId, teamId and channelId (AWS's chat integration)",
    },
];

/** PagerDuty's Events endpoints (US and EU service regions): the CloudWatch integration URL lives there. */
export const PAGERDUTY_HOSTS: readonly string[] = [
    "events.pagerduty.com",
    "events.eu.pagerduty.com",
];

function hostOf(url: string): string | undefined {
    try {
        return new URL(url).hostname.toLowerCase();
    } catch {
        return undefined;
    }
}

/**
 * Why an endpoint cannot serve a route, or undefined. Never returns the value: an integration URL holds
 * its key. `https` and `pagerduty` need an https URL; no route may point at a webhook that never confirms.
 */
export function endpointProblem(protocol: RouteProtocol, endpoint: string): string | undefined {
    if (protocol !== "https" && protocol !== "pagerduty") return undefined;
    const host = hostOf(endpoint);
    // Not a URL at all (the offline plan's placeholder): SNS refuses it at create; nothing to judge here.
    if (!host) return undefined;
    if (!endpoint.startsWith("https://"))
        return `is not an https URL (${endpoint.split(":")[0]}://${host}); the route takes https://HOST/PATH`;
    const never = NEVER_CONFIRMS.find((n) => n.host.test(host));
    if (never)
        return `points at ${host}, an incoming webhook that never confirms an SNS subscription, so every alert to it would be lost; use ${never.instead}`;
    if (protocol === "pagerduty" && !PAGERDUTY_HOSTS.includes(host))
        return `points at ${host}; a pagerduty route takes the service's CloudWatch integration URL (https://events.pagerduty.com/integration/KEY/enqueue)`;
    return undefined;
}

/** The stack's secret config as far as routes need it: the plain value of a key, when the engine has it. */
export type EndpointLookup = (secretName: string) => string | undefined;

/** A route's destination as the plan and runbook print it: never a secret's value, only its name. */
export function routeDestination(route: AlertRoute): string {
    switch (route.protocol) {
        case "slack":
            return `Slack channel ${route.channelId} (workspace ${route.workspaceId}) via AWS chat integration`;
        case "teams":
            return `Teams channel ${route.channelId} (team ${route.teamId}) via AWS chat integration`;
        case "pagerduty":
            return `PagerDuty CloudWatch integration (${route.endpointSecret})`;
        default:
            return `${route.protocol} (${route.endpointSecret})`;
    }
}
