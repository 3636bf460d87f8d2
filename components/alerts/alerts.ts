import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Severity } from "../../model/rules";

export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export interface AlertSubscription {
    readonly kind: "subscription";
    /** SNS protocol: `https` (PagerDuty's CloudWatch integration), `email`, `sms`, ... */
    readonly protocol: string;
    /** The endpoint, from secret config. */
    readonly endpoint: pulumi.Input<string>;
    /** The secret it comes from, for names and reviewers. */
    readonly source: string;
}

/** A channel of AWS's chat integration; it subscribes itself to the topics it is given. */
export type ChatChannel =
    | { readonly kind: "slack"; readonly workspaceId: string; readonly channelId: string }
    | {
          readonly kind: "teams";
          readonly tenantId: string;
          readonly teamId: string;
          readonly channelId: string;
      };

export type AlertDestination = AlertSubscription | ChatChannel;

/**
 * What the chat integration may do in a channel: read CloudWatch to render the alarm. Set as its role's
 * policy and as the channel guardrail, whose default is `AdministratorAccess` (aws chatbot
 * slackChannelConfiguration.d.ts, `guardrailPolicyArns`).
 */
export const CHAT_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";

/** A channel's stable key: the same channel on several severities is one configuration. */
export function chatKey(channel: ChatChannel): string {
    return `${channel.kind}-${channel.channelId.replace(/[^A-Za-z0-9-]/g, "").slice(0, 40)}`;
}

export interface AlertRoutingArgs {
    /** Routes per severity; default none (the pack refuses a critical topic without one). */
    readonly routes: Readonly<Partial<Record<Severity, readonly AlertDestination[]>>>;
    /** Region of the topics; default the provider's. Alarms only notify topics in their own region. */
    readonly region?: string;
    /** Build the chat channels here; default true. False where another routing builds them (`chatTopicsFrom`). */
    readonly chat?: boolean;
    /** Another region's topics whose chat routes this routing's channels also take (one configuration per channel). */
    readonly chatTopicsFrom?: Readonly<Record<Severity, pulumi.Input<string>>>;
}

/**
 * One SNS topic per severity, with its subscriptions: `critical` pages on-call, `warning` reaches the team
 * channel, `info` the daily digest. EventBridge, CloudWatch alarms and AWS Backup may publish to them.
 */
export class AlertRouting extends pulumi.ComponentResource {
    public readonly topicArns: Readonly<Record<Severity, pulumi.Output<string>>>;

    constructor(name: string, args: AlertRoutingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:AlertRouting", name, { region: args.region ?? "" }, opts);
        const region = args.region ? { region: args.region } : {};
        const arns = {} as Record<Severity, pulumi.Output<string>>;
        for (const severity of SEVERITIES) {
            const topic = new aws.sns.Topic(
                `${name}-${severity}`,
                { ...region, tags: { "opsbook:severity": severity } },
                { parent: this },
            );
            new aws.sns.TopicPolicy(
                `${name}-${severity}-policy`,
                {
                    ...region,
                    arn: topic.arn,
                    policy: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "AwsServicesPublish",
                                Effect: "Allow",
                                Principal: {
                                    Service: [
                                        "events.amazonaws.com",
                                        "cloudwatch.amazonaws.com",
                                        "backup.amazonaws.com",
                                    ],
                                },
                                Action: "sns:Publish",
                                Resource: topic.arn,
                            },
                        ],
                    },
                },
                { parent: this },
            );
            // Named by position among the severity's subscriptions only: a chat channel added to the list
            // must not rename (delete and re-create) a subscription, which an e-mail endpoint would then
            // have to confirm again before it receives anything.
            (args.routes[severity] ?? [])
                .filter((route) => route.kind === "subscription")
                .forEach((route, index) => {
                    new aws.sns.TopicSubscription(
                        `${name}-${severity}-${index}`,
                        {
                            ...region,
                            topic: topic.arn,
                            protocol: route.protocol,
                            endpoint: route.endpoint,
                            // PagerDuty's integration URL confirms the subscription itself (the loader
                            // refuses https webhooks that never do, model/routes.ts).
                            endpointAutoConfirms: route.protocol === "https",
                        },
                        { parent: this },
                    );
                });
            arns[severity] = topic.arn;
        }
        // One chat configuration per channel, subscribed to every severity topic routed to it. The chat API
        // lives in four regions only; the provider sends its calls to the stack's region when it is one of
        // them, else to us-west-2 (terraform-provider-aws internal/service/chatbot/service_package.go,
        // NewClient). Topics are given by ARN, region included (Chatbot API reference,
        // SlackChannelConfiguration.SnsTopicArns); cross-region delivery is not measured here.
        const chats = new Map<string, { channel: ChatChannel; severities: Severity[] }>();
        for (const severity of SEVERITIES) {
            for (const route of args.routes[severity] ?? []) {
                if (route.kind === "subscription") continue;
                const key = chatKey(route);
                const entry = chats.get(key) ?? { channel: route, severities: [] };
                if (!entry.severities.includes(severity)) entry.severities.push(severity);
                chats.set(key, entry);
            }
        }
        if (chats.size > 0 && args.chat !== false) {
            const role = new aws.iam.Role(
                `${name}-chat`,
                {
                    assumeRolePolicy: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "chatbot.amazonaws.com" },
                                Action: "sts:AssumeRole",
                            },
                        ],
                    },
                },
                { parent: this },
            );
            new aws.iam.RolePolicyAttachment(
                `${name}-chat-policy`,
                { role: role.name, policyArn: CHAT_POLICY_ARN },
                { parent: this },
            );
            for (const [key, { channel, severities }] of chats) {
                const child = `${name}-chat-${key}`;
                const common = {
                    ...region,
                    // Unique in the account; AWS allows [A-Za-z0-9-_], 1-128 characters.
                    configurationName: `${pulumi.getStack()}-${child}`
                        .replace(/[^A-Za-z0-9_-]/g, "-")
                        .slice(0, 128),
                    iamRoleArn: role.arn,
                    guardrailPolicyArns: [CHAT_POLICY_ARN],
                    snsTopicArns: severities.flatMap((s) => [
                        arns[s],
                        ...(args.chatTopicsFrom ? [args.chatTopicsFrom[s]] : []),
                    ]),
                    loggingLevel: "ERROR",
                    tags: { "opsbook:severities": severities.join(" ") },
                };
                if (channel.kind === "slack")
                    new aws.chatbot.SlackChannelConfiguration(
                        child,
                        {
                            ...common,
                            slackTeamId: channel.workspaceId,
                            slackChannelId: channel.channelId,
                        },
                        { parent: this },
                    );
                else
                    new aws.chatbot.TeamsChannelConfiguration(
                        child,
                        {
                            ...common,
                            tenantId: channel.tenantId,
                            teamId: channel.teamId,
                            channelId: channel.channelId,
                        },
                        { parent: this },
                    );
            }
        }
        this.topicArns = arns;
        this.registerOutputs({ topicArns: this.topicArns });
    }
}
