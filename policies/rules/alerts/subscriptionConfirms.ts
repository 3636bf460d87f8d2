import { ResourceValidationPolicy } from "@pulumi/policy";
import { endpointProblem } from "../../../model/routes";
import { validateInputsOf } from "../inputs";
import { TYPES } from "../types";

/**
 * A route delivers only once its subscription is confirmed. An https subscription to an incoming webhook
 * (Slack, Discord, Teams) never is: SNS keeps it pending and drops every alert. The endpoint is a secret
 * the engine decrypts for the pack; only its host is reported (model/routes.ts `endpointProblem`).
 */
export const subscriptionConfirms: ResourceValidationPolicy = {
    name: "opsbook-alerts-subscription-confirms",
    description:
        "An alert subscription's endpoint can confirm it: no https subscription to a chat webhook.",
    enforcementLevel: "mandatory",
    validateResource: validateInputsOf(
        TYPES.aws.sns.TopicSubscription,
        (subscription, args, reportViolation) => {
            if (subscription.protocol === "http")
                reportViolation(
                    `${args.name}: subscribes over plain http; alert endpoints take https (PagerDuty's CloudWatch integration URL) or a chat route.`,
                );
            if (subscription.protocol !== "https" || typeof subscription.endpoint !== "string")
                return;
            const problem = endpointProblem("https", subscription.endpoint);
            if (problem) reportViolation(`${args.name}: its endpoint ${problem}.`);
        },
    ),
};
