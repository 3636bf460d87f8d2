import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Severity } from "../../model/rules";

export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export interface AlertSubscription {
    /** SNS protocol: `https` (PagerDuty, Slack), `email`, `sms`, ... */
    readonly protocol: string;
    /** The endpoint, from secret config. */
    readonly endpoint: pulumi.Input<string>;
    /** The secret it comes from, for names and reviewers. */
    readonly source: string;
}

export interface AlertRoutingArgs {
    /** Subscriptions per severity; default none (the pack refuses a critical topic without one). */
    readonly routes: Readonly<Partial<Record<Severity, readonly AlertSubscription[]>>>;
    /** Region of the topics; default the provider's. Alarms only notify topics in their own region. */
    readonly region?: string;
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
            (args.routes[severity] ?? []).forEach((subscription, index) => {
                new aws.sns.TopicSubscription(
                    `${name}-${severity}-${index}`,
                    {
                        ...region,
                        topic: topic.arn,
                        protocol: subscription.protocol,
                        endpoint: subscription.endpoint,
                        // PagerDuty and Slack confirm https subscriptions themselves.
                        endpointAutoConfirms: subscription.protocol === "https",
                    },
                    { parent: this },
                );
            });
            arns[severity] = topic.arn;
        }
        this.topicArns = arns;
        this.registerOutputs({ topicArns: this.topicArns });
    }
}
