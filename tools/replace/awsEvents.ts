/** AWS alarms, events and notices in the replace table: Chatbot, CloudWatch, Scheduler, SNS. */
import { aws, awsAt, REGION, ReplaceRule } from "./rule";

export const AWS_EVENTS: Readonly<Record<string, ReplaceRule>> = {
    // Framework resources: no attribute RequiresReplace; every argument updates in place.
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
        replaceOn: [REGION],
        ...aws("chatbot/slackchannelconfiguration", "chatbot_slack_channel_configuration"),
        source: awsAt(
            "02568cd96c755798f5e9f9adca199da877b7912e",
            "chatbot/slack_channel_configuration.go",
            "Schema: no RequiresReplace; Update: UpdateSlackChannelConfiguration",
        ),
    },
    "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration": {
        replaceOn: [REGION],
        ...aws("chatbot/teamschannelconfiguration", "chatbot_teams_channel_configuration"),
        source: awsAt(
            "13adc2a2af1d3ce27ac209d83dc92a7a3701a891",
            "chatbot/teams_channel_configuration.go",
            "Schema: no RequiresReplace; Update: UpdateMicrosoftTeamsChannelConfiguration",
        ),
    },
    // Create is PutRule, an upsert by name, and Delete deletes by name: two resources of one name are
    // one rule, which the old one's delete removes.
    "aws:cloudwatch/eventRule:EventRule": {
        replaceOn: [REGION, "name", "namePrefix", "eventBusName"],
        key: {
            inputs: ["name"],
            scope: [REGION, "eventBusName"],
            what: "a rule's name on its event bus",
            conflict:
                "the new rule's PutRule overwrites the rule of that name, then the old one's delete removes it",
            source: awsAt(
                "0cdab4ae09a963535e03dde0bff4784afe8e3517",
                "events/rule.go",
                "resourceRuleCreate: retryPutRule; resourceRuleDelete: DeleteRule by name",
            ),
        },
        ...aws("cloudwatch/eventrule", "cloudwatch_event_rule"),
        source: awsAt(
            "0cdab4ae09a963535e03dde0bff4784afe8e3517",
            "events/rule.go",
            "ForceNew: event_bus_name, name, name_prefix",
        ),
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        replaceOn: [REGION, "rule", "targetId", "eventBusName"],
        ...aws("cloudwatch/eventtarget", "cloudwatch_event_target"),
        source: awsAt(
            "0762c41e2027fcd3cb8340d3e6886c6975fc0a59",
            "events/target.go",
            "ForceNew: event_bus_name, rule, target_id; the rest updates (PutTargets)",
        ),
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        replaceOn: [REGION, "name", "namePrefix", "logGroupClass"],
        ...aws("cloudwatch/loggroup", "cloudwatch_log_group"),
        source: awsAt(
            "0073593e7d6993ba482409f4dc35438daaa79bb3",
            "logs/group.go",
            "ForceNew: log_group_class, name, name_prefix",
        ),
    },
    // PutCompositeAlarm is an upsert by name and DeleteAlarms deletes by name: a create-before-delete
    // replacement keeping the name would be removed by the old one's delete. The program's composites
    // (components/alerts/armed.ts) replace delete-first.
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
        replaceOn: [REGION, "alarmName", "actionsEnabled"],
        key: {
            inputs: ["alarmName"],
            scope: [REGION],
            what: "a composite alarm's name in its region",
            conflict:
                "the new alarm's PutCompositeAlarm overwrites the alarm of that name, then the old one's delete removes it",
            source: awsAt(
                "fa3f2df0f54f286293c23e283c66aef5ce326658",
                "cloudwatch/composite_alarm.go",
                "resourceCompositeAlarmCreate: PutCompositeAlarm; resourceCompositeAlarmDelete: DeleteAlarms by alarm_name",
            ),
        },
        ...aws("cloudwatch/compositealarm", "cloudwatch_composite_alarm"),
        source: awsAt(
            "fa3f2df0f54f286293c23e283c66aef5ce326658",
            "cloudwatch/composite_alarm.go",
            "ForceNew: actions_enabled, alarm_name (also at 050ac11163cab8cdae5936a7f40b0e528ff780df)",
        ),
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        replaceOn: [REGION, "name"],
        ...aws("cloudwatch/metricalarm", "cloudwatch_metric_alarm"),
        source: awsAt(
            "055611a654738da73e7b1e2b5d2b7672c6d4d531",
            "cloudwatch/metric_alarm.go",
            "ForceNew: alarm_name; the rest updates (PutMetricAlarm)",
        ),
    },
    "aws:scheduler/schedule:Schedule": {
        replaceOn: [REGION, "name", "namePrefix", "groupName"],
        ...aws("scheduler/schedule", "scheduler_schedule"),
        source: awsAt(
            "02f524b9e9cc109457eeba63867c83e70af99455",
            "scheduler/schedule.go",
            "ForceNew: group_name, name, name_prefix",
        ),
    },
    "aws:sns/topic:Topic": {
        replaceOn: [REGION, "name", "namePrefix", "fifoTopic"],
        ...aws("sns/topic", "sns_topic"),
        source: awsAt(
            "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
            "sns/topic.go",
            "ForceNew: fifo_topic, name, name_prefix",
        ),
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        replaceOn: [REGION, "arn"],
        ...aws("sns/topicpolicy", "sns_topic_policy"),
        source: awsAt(
            "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
            "sns/topic_policy.go",
            "ForceNew: arn; policy updates in place (Update is the upsert)",
        ),
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        replaceOn: [REGION, "topic", "protocol", "endpoint"],
        ...aws("sns/topicsubscription", "sns_topic_subscription"),
        source: awsAt(
            "04a2e6e5bc625ec85ea8c678219b483fc674877e",
            "sns/topic_subscription.go",
            "ForceNew: endpoint, protocol, topic_arn (Pulumi `topic`)",
        ),
    },
};
