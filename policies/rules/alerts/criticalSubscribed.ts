import { StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../data/stack";

/** The critical topic reaches someone: at least one subscription (the on-call pager). */
export const criticalSubscribed: StackValidationPolicy = {
    name: "opsbook-alerts-critical-subscribed",
    description: "Every critical alert topic has at least one subscription.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const subscriptions = ofType(args.resources, "aws:sns/topicSubscription:TopicSubscription");
        for (const topic of ofType(args.resources, "aws:sns/topic:Topic").filter(
            (t) => t.props.tags?.["opsbook:severity"] === "critical",
        )) {
            // Subscriptions sit beside their topic, named after it.
            const subscribed = subscriptions.some(
                (s) => s.parent?.urn === topic.parent?.urn && s.name.startsWith(`${topic.name}-`),
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
