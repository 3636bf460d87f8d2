/** Alert routes: only destinations that can confirm, each protocol with its own fields. */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { loadStackModel } from "../../components/stackModel";
import { loadSystem, LoadResult, SYSTEM_KEY } from "../../model/load";
import { alertPlan } from "../../model/alerts";
import { endpointProblem, ROUTE_PROTOCOLS, routeDestination } from "../../model/routes";
import { configView, NOW, validSystem } from "./fixtures";

const SLACK_WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
const PAGERDUTY = "https://events.pagerduty.com/integration/0123456789abcdef/enqueue";

/** validSystem with PagerDuty on critical and `warning` as given; ALERT_URL is its alert endpoint. */
function withRoutes(warning: unknown[]): Record<string, any> {
    const system = validSystem();
    system.secrets.PAGERDUTY_ALERTS_URL = {
        kind: "vendor",
        class: "alert-endpoint",
        rotatedAt: "2026-09-01",
    };
    system.secrets.ALERT_URL = { kind: "vendor", class: "alert-endpoint", rotatedAt: "2026-09-01" };
    system.alerts = {
        routes: {
            critical: [{ protocol: "pagerduty", endpointSecret: "PAGERDUTY_ALERTS_URL" }],
            warning,
        },
    };
    return system;
}
const keys = ["opsbook:STRIPE_SECRET_KEY", "opsbook:PAGERDUTY_ALERTS_URL", "opsbook:ALERT_URL"];
const load = (system: unknown, values: Record<string, string> = {}) =>
    loadSystem(system, {
        now: NOW,
        config: configView(keys),
        alertEndpoint: (name) => values[name],
    });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("alert routes", () => {
    it("loads a Slack route and lists its destination in the alert plan", () => {
        const result = load(
            withRoutes([
                { protocol: "slack", workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" },
            ]),
            { PAGERDUTY_ALERTS_URL: PAGERDUTY },
        );
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const cpu = alertPlan(result.model).find((a) => a.name === "alarms-api-ecs-cpu")!;
        expect(cpu.route).toBe(
            "warning → Slack channel C07EZ1ABC23 (workspace T07EA123LEP) via AWS chat integration",
        );
        const critical = alertPlan(result.model).find(
            (a) => a.name === "alarms-api-error-rate-critical",
        )!;
        expect(critical.route).toBe(
            "critical → PagerDuty CloudWatch integration (PAGERDUTY_ALERTS_URL)",
        );
    });

    it("refuses a Slack incoming webhook as an https route, naming the path and the route to use", () => {
        const errors = errorsOf(
            load(withRoutes([{ protocol: "https", endpointSecret: "ALERT_URL" }]), {
                ALERT_URL: SLACK_WEBHOOK,
            }),
        );
        expect(errors).toEqual([
            {
                path: "opsbook:system.alerts.routes.warning.0.endpointSecret",
                message:
                    '"ALERT_URL": the value of opsbook:ALERT_URL points at hooks.slack.com, an incoming webhook that never confirms an SNS subscription, so every alert to it would be lost; use protocol: slack with workspaceId and channelId (AWS\'s chat integration)',
            },
        ]);
        // The secret's value (its path holds the webhook's token) is never printed.
        expect(JSON.stringify(errors)).not.toContain("XXXXXXXX");
    });

    it.each([
        [
            "https://discord.com/api/webhooks/1/abc",
            "https",
            /discord\.com.*protocol: slack or teams/,
        ],
        [
            "https://acme.webhook.office.com/webhookb2/x",
            "https",
            /acme\.webhook\.office\.com.*protocol: teams/,
        ],
        ["https://example.com/hook", "pagerduty", /CloudWatch integration URL/],
        ["http://events.pagerduty.com/x", "pagerduty", /is not an https URL/],
    ])("refuses %s as a %s route", (url, protocol, message) => {
        const [error] = errorsOf(
            load(withRoutes([{ protocol, endpointSecret: "ALERT_URL" }]), { ALERT_URL: url }),
        );
        expect(error.path).toBe("opsbook:system.alerts.routes.warning.0.endpointSecret");
        expect(error.message).toMatch(message);
    });

    it("accepts PagerDuty's integration URL and leaves values it cannot read (offline placeholders) alone", () => {
        expect(endpointProblem("pagerduty", PAGERDUTY)).toBeUndefined();
        expect(endpointProblem("https", "offline-placeholder-for-opsbook:X")).toBeUndefined();
        expect(load(withRoutes([]), { PAGERDUTY_ALERTS_URL: PAGERDUTY }).ok).toBe(true);
    });

    it("holds each protocol to its own fields", () => {
        const errors = errorsOf(
            load(
                withRoutes([
                    { protocol: "slack", workspaceId: "T07EA123LEP", endpointSecret: "ALERT_URL" },
                    { protocol: "teams", tenantId: "not-a-uuid", teamId: "x", channelId: "19:a" },
                    { protocol: "discord", endpointSecret: "ALERT_URL" },
                ]),
            ),
        );
        const at = (i: number, field: string) =>
            `opsbook:system.alerts.routes.warning.${i}.${field}`;
        expect(errors.map((e) => [e.path, e.message])).toEqual(
            expect.arrayContaining([
                [
                    at(0, "channelId"),
                    "is required for protocol slack (it takes workspaceId, channelId)",
                ],
                [
                    at(0, "endpointSecret"),
                    "is not used by protocol slack; it takes workspaceId, channelId",
                ],
                [at(1, "tenantId"), '"not-a-uuid" is not allowed; expected a uuid'],
                [
                    at(2, "protocol"),
                    expect.stringMatching(
                        /"discord" is not allowed; expected one of .*"slack", "teams"/,
                    ),
                ],
            ]),
        );
    });

    it("keeps one Teams channel per team (the provider reads a configuration by its team)", () => {
        const teams = (channelId: string) => ({
            protocol: "teams",
            tenantId: "4f8a1b6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            teamId: "9b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9",
            channelId,
        });
        const system = withRoutes([teams("19:a@thread.tacv2")]);
        system.alerts.routes.info = [teams("19:a@thread.tacv2")];
        expect(load(system, { PAGERDUTY_ALERTS_URL: PAGERDUTY }).ok).toBe(true);
        system.alerts.routes.info = [teams("19:b@thread.tacv2")];
        expect(errorsOf(load(system))).toEqual([
            {
                path: "opsbook:system.alerts.routes.info.0.channelId",
                message:
                    '"19:b@thread.tacv2" is a second channel of team 9b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9 (the first is "19:a@thread.tacv2"); the chat integration\'s provider keeps one Teams channel configuration per team',
            },
        ]);
    });

    it("names chat destinations without secrets", () => {
        expect(
            routeDestination({
                protocol: "teams",
                tenantId: "4f8a1b6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                teamId: "9b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9",
                channelId: "19:abc@thread.tacv2",
            }),
        ).toBe(
            "Teams channel 19:abc@thread.tacv2 (team 9b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9) via AWS chat integration",
        );
    });

    it("refuses at `pulumi preview` a webhook set with `pulumi config set --secret` (the engine decrypts it)", () => {
        const system = withRoutes([{ protocol: "https", endpointSecret: "ALERT_URL" }]);
        pulumi.runtime.setAllConfig(
            {
                [SYSTEM_KEY]: JSON.stringify(system),
                "opsbook:STRIPE_SECRET_KEY": "sk",
                "opsbook:PAGERDUTY_ALERTS_URL": PAGERDUTY,
                "opsbook:ALERT_URL": SLACK_WEBHOOK,
            },
            keys,
        );
        expect(() => loadStackModel(NOW)).toThrow(
            /opsbook:system\.alerts\.routes\.warning\.0\.endpointSecret: "ALERT_URL": the value of opsbook:ALERT_URL points at hooks\.slack\.com/,
        );
    });
});

describe("the route table of docs/alerts.md", () => {
    it("lists exactly the protocols the loader takes", () => {
        const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "alerts.md"), "utf8");
        const table = page.slice(
            page.indexOf("| protocol "),
            page.indexOf("`endpointSecret` names"),
        );
        expect(page).toContain("| protocol ");
        const listed = [...table.matchAll(/^\| ([^|]+)\|/gm)]
            .slice(2)
            .flatMap((row) => [...row[1].matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
        expect(listed.sort()).toEqual([...ROUTE_PROTOCOLS].sort());
    });
});
