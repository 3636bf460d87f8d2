/** The alert topics' routes as registered: SNS subscriptions, and chat channels of AWS's chat integration. */
import { AlertRouting, CHAT_POLICY_ARN } from "../../components/alerts/alerts";
import { MOCK_NAMED } from "../../tools/capture";
import { registered } from "./registered";

const SLACK = { kind: "slack", workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" } as const;

describe("AlertRouting", () => {
    it("subscribes a Slack channel configuration to the topic of each severity routed to it", async () => {
        const resources = await registered(() => {
            new AlertRouting("alerts", {
                routes: {
                    critical: [
                        {
                            kind: "subscription",
                            protocol: "https",
                            endpoint: "https://events.pagerduty.com/integration/k/enqueue",
                            source: "PAGERDUTY_ALERTS_URL",
                        },
                    ],
                    warning: [SLACK],
                    info: [SLACK],
                },
            });
        });
        const chats = resources.filter(
            (r) => r.type === "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
        );
        expect(chats).toHaveLength(1);
        const [chat] = chats;
        expect(chat.name).toBe("alerts-chat-slack-C07EZ1ABC23");
        expect(chat.inputs).toMatchObject({
            slackTeamId: "T07EA123LEP",
            slackChannelId: "C07EZ1ABC23",
            configurationName: "test-alerts-chat-slack-C07EZ1ABC23",
            guardrailPolicyArns: [CHAT_POLICY_ARN],
            snsTopicArns: [MOCK_NAMED.arn("alerts-warning"), MOCK_NAMED.arn("alerts-info")],
            tags: { "opsbook:severities": "warning info" },
        });
        // Its role is one chat integration may assume, reading CloudWatch only.
        const role = resources.find((r) => r.name === "alerts-chat")!;
        expect(JSON.stringify(role.inputs.assumeRolePolicy)).toContain("chatbot.amazonaws.com");
        expect(resources.find((r) => r.name === "alerts-chat-policy")!.inputs.policyArn).toBe(
            CHAT_POLICY_ARN,
        );
        // The chat channel is no SNS subscription: only PagerDuty's is.
        expect(
            resources
                .filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")
                .map((r) => [r.name, r.inputs.protocol, r.inputs.endpointAutoConfirms]),
        ).toEqual([["alerts-critical-0", "https", true]]);
    });

    it("names a subscription by its place among the subscriptions: a chat channel before it renames nothing", async () => {
        const email = {
            kind: "subscription",
            protocol: "email",
            endpoint: "team@example.com",
            source: "TEAM_ALERTS_EMAIL",
        } as const;
        const names = async (warning: readonly (typeof SLACK | typeof email)[]) =>
            (
                await registered(() => {
                    new AlertRouting("alerts", { routes: { warning: [...warning] } });
                })
            )
                .filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")
                .map((r) => [r.name, r.inputs.protocol]);
        // Adding Slack in front of the e-mail route keeps the e-mail subscription (re-created, it would
        // wait for someone to confirm it again, and deliver nothing meanwhile).
        expect(await names([SLACK, email])).toEqual(await names([email]));
        expect(await names([email])).toEqual([["alerts-warning-0", "email"]]);
    });

    it("builds a Teams channel configuration with its tenant, team and channel", async () => {
        const resources = await registered(() => {
            new AlertRouting("alerts", {
                routes: {
                    critical: [
                        {
                            kind: "teams",
                            tenantId: "4f8a1b6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                            teamId: "9b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9",
                            channelId: "19:abc123@thread.tacv2",
                        },
                    ],
                },
            });
        });
        const chat = resources.find(
            (r) => r.type === "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration",
        )!;
        expect(chat.inputs).toMatchObject({
            tenantId: "4f8a1b6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            teamId: "9b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9",
            channelId: "19:abc123@thread.tacv2",
            tags: { "opsbook:severities": "critical" },
        });
        expect(chat.inputs.snsTopicArns).toHaveLength(1);
    });

    it("builds a channel once: the health-check region's routing lends its topics to the main one", async () => {
        const routes = { warning: [SLACK] };
        const resources = await registered(() => {
            const east = new AlertRouting("alerts-us-east-1", {
                routes,
                region: "us-east-1",
                chat: false,
            });
            new AlertRouting("alerts", { routes, chatTopicsFrom: east.topicArns });
        });
        const chats = resources.filter(
            (r) => r.type === "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
        );
        expect(chats.map((c) => [c.name, c.inputs.snsTopicArns])).toEqual([
            [
                "alerts-chat-slack-C07EZ1ABC23",
                [MOCK_NAMED.arn("alerts-warning"), MOCK_NAMED.arn("alerts-us-east-1-warning")],
            ],
        ]);
    });
});
