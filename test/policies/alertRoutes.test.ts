/** opsbook-alerts-subscription-confirms and the chat routes of opsbook-alerts-critical-subscribed. */
import { alarmActions } from "../../policies/rules/alerts/alarmActions";
import { criticalSubscribed } from "../../policies/rules/alerts/criticalSubscribed";
import { subscriptionConfirms } from "../../policies/rules/alerts/subscriptionConfirms";
import { captureFixture, mutate } from "./fixture";
import { FixtureResource, resourceViolations, stackViolations, inEnvironment } from "./harness";

const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const SLACK = "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration";
let compliant: FixtureResource[];
const pagerDuty = () => compliant.find((r) => r.name === "alerts-critical-0")!;
const withProps = (r: FixtureResource, props: Record<string, unknown>) => ({
    ...r,
    props: { ...r.props, ...props },
});

beforeAll(async () => {
    compliant = await captureFixture();
});

describe("opsbook-alerts-subscription-confirms", () => {
    it("passes every subscription of prod (PagerDuty, e-mail)", () => {
        const subscriptions = compliant.filter((r) => r.type === SUBSCRIPTION);
        expect(subscriptions.length).toBeGreaterThanOrEqual(3);
        for (const s of subscriptions)
            expect(resourceViolations(subscriptionConfirms, s)).toEqual([]);
        expect(
            resourceViolations(
                subscriptionConfirms,
                withProps(pagerDuty(), {
                    endpoint: "https://events.pagerduty.com/integration/abc/enqueue",
                }),
            ),
        ).toEqual([]);
    });

    it("refuses an https subscription to a Slack incoming webhook", () => {
        const [violation] = resourceViolations(
            subscriptionConfirms,
            withProps(pagerDuty(), { endpoint: "https://hooks.slack.com/services/T0/B0/secret" }),
        );
        expect(violation).toMatch(
            /^alerts-critical-0: its endpoint points at hooks\.slack\.com, an incoming webhook that never confirms/,
        );
        expect(violation).not.toContain("secret");
    });

    it("refuses a plain http subscription", () => {
        const [violation] = resourceViolations(
            subscriptionConfirms,
            withProps(pagerDuty(), { protocol: "http", endpoint: "http://example.com/x" }),
        );
        expect(violation).toMatch(/subscribes over plain http/);
    });
});

describe("opsbook-alerts-critical-subscribed with chat routes", () => {
    it("prod routes warning to Slack through the chat integration", () => {
        const slack = compliant.find((r) => r.type === SLACK)!;
        expect(slack.props.tags).toEqual({ "opsbook:severities": "warning" });
    });

    it("accepts a Slack channel on the critical topic in place of a subscription", () => {
        const chatOnly = mutate(compliant, (r) =>
            r.name.startsWith("alerts-critical-") && r.type === SUBSCRIPTION
                ? null
                : r.type === SLACK
                  ? withProps(r, { tags: { "opsbook:severities": "critical warning" } })
                  : r,
        );
        // Where rule pagingRoute holds (production) a channel does not page; staging may page it only.
        expect(stackViolations(criticalSubscribed, chatOnly)[0].message).toMatch(
            /^alerts-critical: only chat reaches the critical topic in production \(rule pagingRoute\)/,
        );
        expect(stackViolations(criticalSubscribed, inEnvironment(chatOnly, "staging"))).toEqual([]);
        // ... and without either, the critical topic is refused.
        const none = mutate(compliant, (r) =>
            r.name.startsWith("alerts-critical-") && r.type === SUBSCRIPTION ? null : r,
        );
        expect(stackViolations(criticalSubscribed, none)[0].message).toMatch(
            /^alerts-critical: the critical topic has no subscription/,
        );
    });
});

describe("opsbook-alerts-actions on silence alarms armed by their first datapoint", () => {
    const composite = () =>
        compliant.find((r) => r.type === "aws:cloudwatch/compositeAlarm:CompositeAlarm")!;
    const silent = () =>
        compliant.find(
            (r) =>
                r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" &&
                (r.props.tags as Record<string, string> | undefined)?.["opsbook:pages-through"] ===
                    composite().name,
        )!;

    it("passes the daily-apply composite and its silent alarm without actions of its own", () => {
        expect(composite().name).toBe("daily-apply-armed");
        expect(resourceViolations(alarmActions, composite())).toEqual([]);
        expect(silent().props.alarmActions).toBeUndefined();
        expect(resourceViolations(alarmActions, silent())).toEqual([]);
    });

    it("refuses a composite without OK actions", () => {
        expect(resourceViolations(alarmActions, withProps(composite(), { okActions: [] }))).toEqual(
            ["daily-apply-armed: has no OK action; on-call must hear when it recovers."],
        );
    });

    it("refuses a silent alarm that pages by itself (it would page before anything was seen)", () => {
        expect(
            resourceViolations(alarmActions, withProps(silent(), { alarmActions: ["arn:topic"] })),
        ).toEqual([
            `${silent().name}: pages through daily-apply-armed but has alarm actions of its own; it would page before its metric was ever seen.`,
        ]);
    });
});
