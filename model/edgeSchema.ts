/**
 * The schema of the edge and the alert routes: the Cloudflare zone in front of the public services, and
 * where each severity of alert goes. Shape only; `checkZoneOwnership` and model/routes.ts check the rest.
 */
import { z } from "zod";
import { CLOUDFLARE_PLANS, CloudflarePlan } from "./rules";
import { ROUTE_PROTOCOLS } from "./routes";
import { envName, hostname } from "./schemaCommon";

export const dnsSchema = z
    .strictObject({
        zoneId: z
            .string()
            .regex(/^[0-9a-f]{32}$/, { message: "expected a 32-character hex zone id" })
            .describe("The existing Cloudflare zone that holds the services' domains."),
        zone: hostname("example.com").describe("The zone's domain, e.g. example.com."),
        plan: z
            .enum(CLOUDFLARE_PLANS as [CloudflarePlan, ...CloudflarePlan[]])
            .describe("The zone's Cloudflare plan: it decides what the rate limiting rule may do."),
        /** Requests per minute per client IP before Cloudflare blocks; default from the rules. */
        rateLimitPerMinute: z.number().int().positive().optional(),
        /** The rule's counting period (s); default 60, or 10 on Free. */
        rateLimitPeriodSeconds: z.number().int().positive().optional(),
        /** How long a client over the limit is blocked (s); default 600, or 10 on Free. */
        rateLimitMitigationSeconds: z.number().int().positive().optional(),
        /**
         * Who writes the zone's rulesets (one per phase per zone): `true` (default) this stack, or the name
         * of the stack that does and carries this one's hosts. Checked by `checkZoneOwnership`, whose
         * messages say what is allowed (a union here would word it as zod does).
         */
        owner: z.unknown().optional(),
        /** The owner's list of the other stacks on the zone, whose rules its rulesets carry. Default none. */
        tenants: z.unknown().optional(),
    })
    .describe("The Cloudflare zone in front of the public services: its id, domain and plan.");

/** A route: an SNS subscription (`endpointSecret`) or a chat channel (model/routes.ts checks which fields). */
const alertRoute = z.strictObject({
    protocol: z
        .enum(ROUTE_PROTOCOLS)
        .describe(
            "`pagerduty`, `https`, `email`, `email-json`, `sms`, `lambda`, `sqs` (SNS) or `slack`, `teams` (chat).",
        ),
    endpointSecret: envName("a secret name", "PAGERDUTY_ALERTS_URL")
        .describe("A vendor secret (class alert-endpoint) holding the endpoint of an SNS route.")
        .optional(),
    /** slack: the workspace (team) id authorised with AWS's chat integration. */
    workspaceId: z
        .string()
        .regex(/^[TE][A-Z0-9]{2,}$/, { message: "expected a Slack workspace id, e.g. T07EA123LEP" })
        .optional(),
    /** slack, teams: the channel id. */
    channelId: z
        .string()
        .regex(/^[A-Za-z0-9:@._-]+$/, {
            message: "expected a channel id of letters, digits and : @ . _ -, such as C07EA123LEP",
        })
        .optional(),
    /** teams: the Microsoft Entra tenant id. */
    tenantId: z.uuid().optional(),
    /** teams: the team id (the groupId of the team's link). */
    teamId: z.uuid().optional(),
});

export const alertsSchema = z
    .strictObject({
        /** Subscriptions per severity: critical pages on-call, warning the team channel, info the digest. */
        routes: z.strictObject({
            /** Required in production (rule pagingRoute); elsewhere absent means the warning routes. */
            critical: z.array(alertRoute).min(1).optional(),
            warning: z.array(alertRoute).optional(),
            info: z.array(alertRoute).optional(),
        }),
    })
    .describe(
        "Where alerts go: critical pages on-call, warning the team channel, info the daily digest.",
    );
