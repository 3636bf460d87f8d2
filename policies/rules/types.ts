/**
 * Every resource type token the pack matches, in one table; the tools that match types (the mock
 * runtime, the diff, the import file, the ordering, the stacks comparison) use it too. A policy compares
 * `type` strings, so a misspelt token is not an error: the policy just never sees a resource and never
 * fires. Each provider
 * entry sits at the path of its class in the SDK (`TYPES.aws.rds.Instance` is `aws.rds.Instance`'s
 * token), and `test/policies/types.test.ts` checks it against that class's own `__pulumiType`; each
 * `opsbook` entry against the component that registers it. The same test refuses a type token written
 * as a literal anywhere else under `policies/rules/`.
 *
 * The pack names tokens instead of importing the provider SDKs: their declarations would be type-checked
 * by the engine's ts-node every time the pack boots (see `inputs.ts`).
 */
import { ENVIRONMENT_RESOURCE_TYPE } from "../../model/rules";

export const TYPES = {
    aws: {
        appconfig: {
            ConfigurationProfile: "aws:appconfig/configurationProfile:ConfigurationProfile",
            Deployment: "aws:appconfig/deployment:Deployment",
            Environment: "aws:appconfig/environment:Environment",
            HostedConfigurationVersion:
                "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion",
        },
        backup: {
            Plan: "aws:backup/plan:Plan",
            RestoreTestingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
            RestoreTestingSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
            Vault: "aws:backup/vault:Vault",
        },
        chatbot: {
            SlackChannelConfiguration:
                "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
            TeamsChannelConfiguration:
                "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration",
        },
        cloudwatch: {
            CompositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
            EventRule: "aws:cloudwatch/eventRule:EventRule",
            EventTarget: "aws:cloudwatch/eventTarget:EventTarget",
            LogGroup: "aws:cloudwatch/logGroup:LogGroup",
            MetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
        },
        ec2: {
            SecurityGroup: "aws:ec2/securityGroup:SecurityGroup",
            SecurityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
        },
        ecs: {
            Cluster: "aws:ecs/cluster:Cluster",
            TaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
        },
        elasticache: {
            ReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
        },
        iam: {
            Role: "aws:iam/role:Role",
            RolePolicy: "aws:iam/rolePolicy:RolePolicy",
            RolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        },
        kms: { Key: "aws:kms/key:Key" },
        lb: {
            Listener: "aws:lb/listener:Listener",
            ListenerRule: "aws:lb/listenerRule:ListenerRule",
            LoadBalancer: "aws:lb/loadBalancer:LoadBalancer",
            TargetGroup: "aws:lb/targetGroup:TargetGroup",
        },
        rds: { Instance: "aws:rds/instance:Instance" },
        route53: { HealthCheck: "aws:route53/healthCheck:HealthCheck" },
        s3: {
            Bucket: "aws:s3/bucket:Bucket",
            BucketLifecycleConfiguration:
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            BucketLogging: "aws:s3/bucketLogging:BucketLogging",
            BucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            BucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
            BucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            BucketServerSideEncryptionConfiguration:
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            BucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
            /** `@deprecated` in provider 7 in favour of `Bucket` (s3/bucketV2.d.ts), still a type. */
            BucketV2: "aws:s3/bucketV2:BucketV2",
        },
        scheduler: { Schedule: "aws:scheduler/schedule:Schedule" },
        sns: {
            Topic: "aws:sns/topic:Topic",
            TopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
        },
        ssm: { Parameter: "aws:ssm/parameter:Parameter" },
        vpc: {
            SecurityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            SecurityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        },
    },
    cloudflare: {
        DnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
        R2Bucket: "cloudflare:index/r2Bucket:R2Bucket",
        R2CustomDomain: "cloudflare:index/r2CustomDomain:R2CustomDomain",
        R2ManagedDomain: "cloudflare:index/r2ManagedDomain:R2ManagedDomain",
        Ruleset: "cloudflare:index/ruleset:Ruleset",
    },
    postgresql: {
        Database: "postgresql:index/database:Database",
        Role: "postgresql:index/role:Role",
    },
    random: { RandomPassword: "random:index/randomPassword:RandomPassword" },
    vercel: {
        Deployment: "vercel:index/deployment:Deployment",
        EdgeConfig: "vercel:index/edgeConfig:EdgeConfig",
        EdgeConfigItem: "vercel:index/edgeConfigItem:EdgeConfigItem",
        Project: "vercel:index/project:Project",
        ProjectDomain: "vercel:index/projectDomain:ProjectDomain",
        ProjectEnvironmentVariable:
            "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
    },
    /** The engine's own: the root stack (`rootPulumiStackTypeName`) and `pulumi.StackReference`. */
    pulumi: { Stack: "pulumi:pulumi:Stack", StackReference: "pulumi:pulumi:StackReference" },
    /** The program's own components: the token each passes to `super` in `components/`. */
    opsbook: {
        AccessLogBucket: "opsbook:index:AccessLogBucket",
        Bucket: "opsbook:index:Bucket",
        Database: "opsbook:index:Database",
        DumpBackup: "opsbook:index:DumpBackup",
        EcsService: "opsbook:index:EcsService",
        Edge: "opsbook:index:Edge",
        /** Owned by the model: the program registers the stack's environment under it. */
        Environment: ENVIRONMENT_RESOURCE_TYPE,
        FeatureFlags: "opsbook:index:FeatureFlags",
        ParameterKey: "opsbook:index:ParameterKey",
        PublicLoadBalancer: "opsbook:index:PublicLoadBalancer",
        RdsBackup: "opsbook:index:RdsBackup",
        Redis: "opsbook:index:Redis",
        RedisAlarms: "opsbook:index:RedisAlarms",
        RotatingSecret: "opsbook:index:RotatingSecret",
        ScheduledJob: "opsbook:index:ScheduledJob",
        VendorSecret: "opsbook:index:VendorSecret",
    },
} as const;
