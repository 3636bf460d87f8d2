/**
 * The runbook's pictures and alert routes, from the model: who receives what (secrets and data stores →
 * services, the edge in front of each public service, each severity's route to its destination), the
 * next twelve months as a Gantt (rotations, vendor due dates, drills, waivers), and how to fire a test
 * alarm through each route.
 */
import { HEALTH_CHECK_REGION } from "../components/alerts/healthCheck";
import { alertPlan, usesAws } from "../model/alerts";
import { SystemModel } from "../model/load";
import { AlertRoute, ROUTE_KINDS, routeDestination } from "../model/routes";
import { Severity } from "../model/rules";
import { timeline, TimelineExtra, timelineStart } from "../model/timeline";

const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];
const code = (text: string) => `\`${text}\``;

/** Mermaid node ids: letters, digits and underscores. */
const node = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
/** Mermaid labels are quoted: no quotes inside. */
const label = (text: string) => text.replace(/"/g, "'");

/** What stands in front of a public service, outermost first. */
export function edgeOf(model: SystemModel, service: SystemModel["services"][string]): string[] {
    if (!service.public) return [];
    const cloudflare = model.edge && service.proxied ? [`Cloudflare ${service.domain}`] : [];
    return service.platform === "aws"
        ? [...cloudflare, "load balancer"]
        : [...cloudflare, "Vercel edge"];
}

export function diagram(model: SystemModel): string[] {
    const lines = ["```mermaid", "flowchart LR"];
    for (const s of Object.values(model.services)) {
        lines.push(`    ${node("svc", s.name)}["${s.name} (${s.platform})"]`);
        // The edge: requests reach the service through these, outermost first.
        const hops = edgeOf(model, s);
        hops.forEach((hop, i) => lines.push(`    ${node(`edge${i}`, s.name)}{{"${label(hop)}"}}`));
        hops.forEach((_, i) =>
            lines.push(
                `    ${node(`edge${i}`, s.name)} --> ${i + 1 < hops.length ? node(`edge${i + 1}`, s.name) : node("svc", s.name)}`,
            ),
        );
    }
    for (const secret of Object.values(model.secrets).filter(
        (x) => x.delivery === "env" && x.consumers.length > 0,
    )) {
        lines.push(`    ${node("sec", secret.name)}(["${secret.name}"])`);
        for (const c of secret.consumers)
            lines.push(`    ${node("sec", secret.name)} --> ${node("svc", c)}`);
    }
    for (const db of Object.values(model.databases)) {
        lines.push(`    ${node("db", db.name)}[("${db.name}: ${db.kind}")]`);
        for (const c of db.consumers)
            lines.push(`    ${node("db", db.name)} -- ${db.urlVariable} --> ${node("svc", c)}`);
    }
    for (const redis of Object.values(model.redis)) {
        lines.push(`    ${node("redis", redis.name)}[("${redis.name}: redis")]`);
        for (const c of redis.consumers)
            lines.push(
                `    ${node("redis", redis.name)} -- ${redis.urlVariable} --> ${node("svc", c)}`,
            );
    }
    for (const bucket of Object.values(model.buckets)) {
        lines.push(`    ${node("bkt", bucket.name)}[/"${bucket.name}: ${bucket.provider}"/]`);
        for (const c of bucket.consumers)
            lines.push(`    ${node("bkt", bucket.name)} --> ${node("svc", c)}`);
    }
    // Each severity's topic and where it goes (names of secrets and chat ids only, never values).
    if (usesAws(model))
        for (const severity of SEVERITIES) {
            const routes = model.alertRoutes[severity] ?? [];
            if (routes.length === 0) continue;
            lines.push(`    ${node("sev", severity)}>"${severity} alerts"]`);
            routes.forEach((route, i) => {
                const dest = node(`dest_${severity}`, String(i));
                lines.push(`    ${dest}(["${label(routeDestination(route))}"])`);
                lines.push(`    ${node("sev", severity)} -- ${route.protocol} --> ${dest}`);
            });
        }
    lines.push("```");
    return lines;
}

/**
 * The next twelve months from the stack file's latest date (`timelineStart`): the dates are the plan's
 * rotation calendar's. `extra` is where waivers' `until` dates join (one milestone each).
 */
export function gantt(model: SystemModel, extra: readonly TimelineExtra[] = []): string[] {
    const from = timelineStart(model);
    const events = timeline(model, from, extra);
    const lines = [
        "```mermaid",
        "gantt",
        `    title Twelve months from ${from.toISOString().slice(0, 10)}`,
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
    ];
    let section = "";
    for (const event of events.slice().sort((a, b) => a.section.localeCompare(b.section))) {
        if (event.section !== section) {
            section = event.section;
            lines.push(`    section ${section}`);
        }
        // A task's name ends at its colon.
        lines.push(`    ${event.label.replace(/[:#;]/g, " ")} :milestone, ${event.date}, 0d`);
    }
    lines.push("```");
    return lines;
}

/** A route's one-time setup, where it has one. */
function setup(route: AlertRoute): string | undefined {
    switch (route.protocol) {
        case "slack":
            return `once per workspace: AWS console → Amazon Q Developer in chat applications (formerly AWS Chatbot) → Configure new client → Slack → authorise workspace ${route.workspaceId}; then invite ${code("@Amazon Q")} to channel ${route.channelId} (${code("/invite @Amazon Q")}) for a private channel`;
        case "teams":
            return `once per team: AWS console → Amazon Q Developer in chat applications → Configure new client → Microsoft Teams → paste a link to a channel of team ${route.teamId} and accept the permissions as a tenant ${route.tenantId} admin`;
        case "pagerduty":
            return `PagerDuty → Services → the on-call service → Integrations → Add "Amazon CloudWatch" → set the Integration URL: ${code(`pulumi config set --secret ${route.endpointSecret} <integration URL>`)}; PagerDuty confirms the SNS subscription itself`;
        case "email":
        case "email-json":
            return "the address receives an AWS Notification - Subscription Confirmation e-mail after the first `pulumi up`: click its link, or nothing is delivered";
        default:
            return undefined;
    }
}

/** Where each severity goes, the one-time steps, and a command that fires a test alarm through it. */
export function routesSection(model: SystemModel): string[] {
    if (!usesAws(model)) return [];
    const alerts = alertPlan(model);
    const out = [
        "",
        "## Alert routes",
        "",
        "Each severity is an SNS topic; a route is an SNS subscription that confirms (PagerDuty's CloudWatch integration URL, an e-mail address once its link is clicked) or a chat channel of AWS's chat integration subscribed to the topic. A Slack, Discord or Teams incoming-webhook URL is refused at load: it never confirms an SNS subscription, so nothing would arrive.",
        "",
    ];
    for (const severity of SEVERITIES) {
        const routes = model.alertRoutes[severity] ?? [];
        if (routes.length === 0) continue;
        out.push(`### ${severity}`, "");
        for (const route of routes) {
            out.push(`- **${routeDestination(route)}** (${ROUTE_KINDS[route.protocol]})`);
            const step = setup(route);
            if (step) out.push(`  - ${step}`);
        }
        // A metric alarm (its name carries Pulumi's suffix); never a composite, which SetAlarmState leaves
        // in ALARM until a child changes state (CloudWatch API reference, SetAlarmState).
        const metric = alerts.find((a) => a.severity === severity && a.name.startsWith("alarms-"));
        const health = alerts.find((a) => a.severity === severity && a.name.startsWith("health-"));
        const target = metric
            ? { prefix: metric.name, region: "" }
            : health
              ? { prefix: `${health.name}-alarm`, region: ` --region ${HEALTH_CHECK_REGION}` }
              : undefined;
        out.push(
            "",
            "Fire a test alarm through this route (it returns to its real state at the next evaluation, which sends the OK too):",
            "",
            "```sh",
        );
        if (target) {
            out.push(
                `ALARM=$(aws cloudwatch describe-alarms${target.region} --alarm-name-prefix ${target.prefix} --query 'MetricAlarms[0].AlarmName' --output text)`,
                `aws cloudwatch set-alarm-state${target.region} --alarm-name "$ALARM" --state-value ALARM --state-reason "opsbook route test"`,
            );
        } else {
            // No alarm on this severity: a custom notification, the format the chat integration renders.
            out.push(
                `TOPIC=$(aws sns list-topics --query "Topics[?contains(TopicArn, ':alerts-${severity}')].TopicArn | [0]" --output text)`,
                `aws sns publish --topic-arn "$TOPIC" --message '{"version":"1.0","source":"custom","content":{"description":"opsbook route test (${severity})"}}'`,
            );
        }
        out.push("```", "");
    }
    out.pop();
    return out;
}
