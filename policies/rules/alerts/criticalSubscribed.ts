import { StackValidationPolicy } from "@pulumi/policy";
import { CHAT_PROTOCOLS } from "../../../model/rules";
import { ofType, stackEnvironment } from "../data/stack";
import { TYPES } from "../types";

const CHATS: readonly string[] = [
    TYPES.aws.chatbot.SlackChannelConfiguration,
    TYPES.aws.chatbot.TeamsChannelConfiguration,
];

/**
 * The critical topic reaches someone: at least one subscription (the on-call pager) or a chat channel of
 * AWS's chat integration tagged with the severity; where the stack's rules require a paging route
 * (pagingRoute: always in production), a subscription that is not a chat channel's e-mail.
 */
export const criticalSubscribed: StackValidationPolicy = {
    name: "opsbook-alerts-critical-subscribed",
    description:
        "Every critical alert topic has at least one subscription or chat channel; where the environment's rules say (production), one that pages.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const { environment, rules } = stackEnvironment(args.resources);
        const subscriptions = ofType(args.resources, TYPES.aws.sns.TopicSubscription);
        for (const topic of ofType(args.resources, TYPES.aws.sns.Topic).filter(
            (t) => t.props.tags?.["opsbook:severity"] === "critical",
        )) {
            // Subscriptions sit beside their topic, named after it.
            const subscribed = subscriptions.filter(
                (s) => s.parent?.urn === topic.parent?.urn && s.name.startsWith(`${topic.name}-`),
            );
            // One chat configuration per channel takes the topics of both regions' routings.
            const chats = args.resources.some(
                (r) =>
                    CHATS.includes(r.type) &&
                    String(r.props.tags?.["opsbook:severities"] ?? "")
                        .split(" ")
                        .includes("critical"),
            );
            if (subscribed.length === 0 && !chats) {
                reportViolation(
                    `${topic.name}: the critical topic has no subscription, so nobody is paged; add opsbook:system.alerts.routes.critical.`,
                    topic.urn,
                );
            } else if (
                rules.pagingRoute &&
                subscribed.every((s) => CHAT_PROTOCOLS.includes(String(s.props.protocol)))
            ) {
                reportViolation(
                    `${topic.name}: only chat reaches the critical topic in ${environment} (rule pagingRoute); add a paging route to opsbook:system.alerts.routes.critical.`,
                    topic.urn,
                );
            }
        }
    },
};
