import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * One SNS topic per severity: `critical` pages on-call, `warning` reaches the team channel, `info` the
 * daily digest. EventBridge, CloudWatch alarms and AWS Backup may publish to them.
 */
export class AlertTopics extends pulumi.ComponentResource {
    public readonly topicArns: Readonly<Record<Severity, pulumi.Output<string>>>;

    constructor(
        name: string,
        args: Record<string, never> = {},
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:AlertTopics", name, args, opts);
        const arns = {} as Record<Severity, pulumi.Output<string>>;
        for (const severity of SEVERITIES) {
            const topic = new aws.sns.Topic(
                `${name}-${severity}`,
                { tags: { "opsbook:severity": severity } },
                { parent: this },
            );
            new aws.sns.TopicPolicy(
                `${name}-${severity}-policy`,
                {
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
            arns[severity] = topic.arn;
        }
        this.topicArns = arns;
        this.registerOutputs({ topicArns: this.topicArns });
    }
}
