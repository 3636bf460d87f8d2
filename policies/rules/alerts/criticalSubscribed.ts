import { StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../data/stack";

const CHATS = [
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
    "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration",
];

/**
 * The critical topic reaches someone: at least one subscription (the on-call pager) or a chat channel of
 * AWS's chat integration tagged with the severity (which environments may page only a channel is the
 * environment rules' decision).
 */
export const criticalSubscribed: StackValidationPolicy = {
    name: "opsbook-alerts-critical-subscribed",
    description: "Every critical alert topic has at least one subscription or chat channel.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const subscriptions = ofType(args.resources, "aws:sns/topicSubscription:TopicSubscription");
        for (const topic of ofType(args.resources, "aws:sns/topic:Topic").filter(
            (t) => t.props.tags?.["opsbook:severity"] === "critical",
        )) {
            // Subscriptions sit beside their topic, named after it.
            const subscribed =
                subscriptions.some(
                    (s) =>
                        s.parent?.urn === topic.parent?.urn && s.name.startsWith(`${topic.name}-`),
                ) ||
                // One chat configuration per channel takes the topics of both regions' routings.
                args.resources.some(
                    (r) =>
                        CHATS.includes(r.type) &&
                        String(r.props.tags?.["opsbook:severities"] ?? "")
                            .split(" ")
                            .includes("critical"),
                );
            if (!subscribed) {
                reportViolation(
                    `${topic.name}: the critical topic has no subscription, so nobody is paged; add opsbook:system.alerts.routes.critical.`,
                    topic.urn,
                );
            }
        }
    },
};
