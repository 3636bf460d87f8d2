/**
 * Which input changes make the engine replace a resource rather than update it, for every provider type
 * the program registers. The offline plan has no provider to ask (`pulumi preview` asks the provider's
 * Diff), so the diff (`tools/diff.ts`) reads this table; a test fails when the program registers a type
 * that has no entry here.
 *
 * Each entry cites the resource's page in the Pulumi registry (`docs`) and the upstream provider's page
 * (`upstream`), whose schema marks these arguments `ForceNew` / `RequiresReplace`: the bridged Pulumi
 * providers replace on exactly those. Where the schema source was read, `source` names the file.
 * Properties are the Pulumi (camelCase) input names; `a.b` is a nested property, `*` any list index.
 */

export interface ReplaceRule {
    /**
     * Inputs whose change replaces the resource; `"any"` when every input does (immutable resources such
     * as ECS task definitions, grants, deployments, random values), less those in `except`.
     */
    readonly replaceOn: readonly string[] | "any";
    /** With `replaceOn: "any"`: inputs that update in place. */
    readonly except?: readonly string[];
    /** What the resource holds, when losing it loses data (replacing or deleting it is blocking). */
    readonly stateful?: string;
    /** Inputs that update in place but whose change is blocking all the same, with the reason. */
    readonly blockingUpdates?: Readonly<Record<string, string>>;
    /** The Pulumi registry page of the resource. */
    readonly docs: string;
    /** The upstream (Terraform) provider's page of the resource, where its schema is documented. */
    readonly upstream: string;
    /** The provider source whose schema was read, when it was. */
    readonly source?: string;
}

const pulumi = (pkg: string, page: string) =>
    `https://www.pulumi.com/registry/packages/${pkg}/api-docs/${page}/`;
const tf = (provider: string, page: string) =>
    `https://registry.terraform.io/providers/${provider}/latest/docs/resources/${page}`;
const aws = (page: string, tfPage: string) => ({
    docs: pulumi("aws", page),
    upstream: tf("hashicorp/aws", tfPage),
});

/**
 * AWS provider 7 takes `region` on every resource; a resource lives in one region, so changing it replaces
 * (https://www.pulumi.com/registry/packages/aws/how-to-guides/enhanced-region-support/).
 */
const REGION = "region";
/** The S3 bucket configuration resources: one per bucket, replaced when pointed at another. */
const BUCKET_CONFIG = [REGION, "bucket", "expectedBucketOwner"];

export const REPLACE_ON_CHANGES: Readonly<Record<string, ReplaceRule>> = {
    "aws:acm/certificate:Certificate": {
        replaceOn: [
            REGION,
            "domainName",
            "subjectAlternativeNames",
            "validationMethod",
            "keyAlgorithm",
            "certificateAuthorityArn",
        ],
        ...aws("acm/certificate", "acm_certificate"),
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        replaceOn: "any",
        ...aws("acm/certificatevalidation", "acm_certificate_validation"),
    },
    "aws:appautoscaling/policy:Policy": {
        replaceOn: [REGION, "name", "resourceId", "scalableDimension", "serviceNamespace"],
        ...aws("appautoscaling/policy", "appautoscaling_policy"),
    },
    "aws:appautoscaling/target:Target": {
        replaceOn: [REGION, "resourceId", "scalableDimension", "serviceNamespace"],
        ...aws("appautoscaling/target", "appautoscaling_target"),
    },
    "aws:appconfig/application:Application": {
        replaceOn: [REGION],
        ...aws("appconfig/application", "appconfig_application"),
    },
    "aws:appconfig/configurationProfile:ConfigurationProfile": {
        replaceOn: [REGION, "applicationId", "locationUri", "type"],
        ...aws("appconfig/configurationprofile", "appconfig_configuration_profile"),
    },
    // A deployment is a record of one rollout: any change starts a new one.
    "aws:appconfig/deployment:Deployment": {
        replaceOn: "any",
        except: ["tags", "tagsAll"],
        ...aws("appconfig/deployment", "appconfig_deployment"),
    },
    "aws:appconfig/deploymentStrategy:DeploymentStrategy": {
        replaceOn: [REGION, "name", "replicateTo"],
        ...aws("appconfig/deploymentstrategy", "appconfig_deployment_strategy"),
        source: "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/appconfig/deployment_strategy.go",
    },
    "aws:appconfig/environment:Environment": {
        replaceOn: [REGION, "applicationId"],
        ...aws("appconfig/environment", "appconfig_environment"),
    },
    // A hosted version is immutable: new content is the next version.
    "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion": {
        replaceOn: "any",
        ...aws("appconfig/hostedconfigurationversion", "appconfig_hosted_configuration_version"),
    },
    "aws:backup/plan:Plan": {
        replaceOn: [REGION, "name"],
        ...aws("backup/plan", "backup_plan"),
    },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
        replaceOn: [REGION, "name"],
        ...aws("backup/restoretestingplan", "backup_restore_testing_plan"),
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
        replaceOn: [REGION, "name", "restoreTestingPlanName", "protectedResourceType"],
        ...aws("backup/restoretestingselection", "backup_restore_testing_selection"),
    },
    "aws:backup/selection:Selection": {
        replaceOn: "any",
        ...aws("backup/selection", "backup_selection"),
    },
    "aws:backup/vault:Vault": {
        replaceOn: [REGION, "name", "kmsKeyArn"],
        stateful: "backup vault (every recovery point in it)",
        ...aws("backup/vault", "backup_vault"),
    },
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
        replaceOn: "any",
        ...aws("backup/vaultlockconfiguration", "backup_vault_lock_configuration"),
    },
    "aws:cloudwatch/eventRule:EventRule": {
        replaceOn: [REGION, "name", "namePrefix", "eventBusName"],
        ...aws("cloudwatch/eventrule", "cloudwatch_event_rule"),
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        replaceOn: [REGION, "rule", "targetId", "eventBusName"],
        ...aws("cloudwatch/eventtarget", "cloudwatch_event_target"),
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        replaceOn: [REGION, "name", "namePrefix", "logGroupClass"],
        ...aws("cloudwatch/loggroup", "cloudwatch_log_group"),
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        replaceOn: [REGION, "name"],
        ...aws("cloudwatch/metricalarm", "cloudwatch_metric_alarm"),
    },
    "aws:ec2/managedPrefixList:ManagedPrefixList": {
        replaceOn: [REGION, "addressFamily"],
        ...aws("ec2/managedprefixlist", "ec2_managed_prefix_list"),
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaceOn: [REGION, "name", "namePrefix", "description", "vpcId"],
        ...aws("ec2/securitygroup", "security_group"),
    },
    "aws:ecs/cluster:Cluster": {
        replaceOn: [REGION, "name"],
        ...aws("ecs/cluster", "ecs_cluster"),
    },
    "aws:ecs/service:Service": {
        replaceOn: [REGION, "name", "cluster", "launchType", "iamRole", "schedulingStrategy"],
        ...aws("ecs/service", "ecs_service"),
    },
    // A task definition revision is immutable: every argument but these forces a new revision.
    "aws:ecs/taskDefinition:TaskDefinition": {
        replaceOn: "any",
        except: ["tags", "tagsAll", "skipDestroy", "trackLatest"],
        ...aws("ecs/taskdefinition", "ecs_task_definition"),
        source: "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ecs/task_definition.go",
    },
    "aws:elasticache/parameterGroup:ParameterGroup": {
        replaceOn: [REGION, "name", "namePrefix", "family", "description"],
        ...aws("elasticache/parametergroup", "elasticache_parameter_group"),
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        replaceOn: [
            REGION,
            "replicationGroupId",
            "atRestEncryptionEnabled",
            "kmsKeyId",
            "subnetGroupName",
            "port",
            "preferredCacheClusterAzs",
            "snapshotArns",
            "snapshotName",
            "dataTieringEnabled",
            "globalReplicationGroupId",
        ],
        stateful: "Redis data (queued jobs and anything not rebuilt from elsewhere)",
        ...aws("elasticache/replicationgroup", "elasticache_replication_group"),
    },
    "aws:elasticache/subnetGroup:SubnetGroup": {
        replaceOn: [REGION, "name"],
        ...aws("elasticache/subnetgroup", "elasticache_subnet_group"),
    },
    "aws:iam/policy:Policy": {
        replaceOn: [REGION, "name", "namePrefix", "path", "description"],
        ...aws("iam/policy", "iam_policy"),
    },
    "aws:iam/role:Role": {
        replaceOn: ["name", "namePrefix", "path"],
        ...aws("iam/role", "iam_role"),
    },
    "aws:iam/rolePolicy:RolePolicy": {
        replaceOn: ["name", "namePrefix", "role"],
        ...aws("iam/rolepolicy", "iam_role_policy"),
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOn: "any",
        ...aws("iam/rolepolicyattachment", "iam_role_policy_attachment"),
    },
    "aws:kms/key:Key": {
        replaceOn: [
            REGION,
            "customerMasterKeySpec",
            "keySpec",
            "keyUsage",
            "customKeyStoreId",
            "multiRegion",
            "xksKeyId",
        ],
        stateful: "KMS key (what it encrypted cannot be read without it)",
        ...aws("kms/key", "kms_key"),
    },
    "aws:lb/listener:Listener": {
        replaceOn: [REGION, "loadBalancerArn"],
        ...aws("lb/listener", "lb_listener"),
    },
    "aws:lb/listenerRule:ListenerRule": {
        replaceOn: [REGION, "listenerArn"],
        ...aws("lb/listenerrule", "lb_listener_rule"),
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        replaceOn: [REGION, "name", "namePrefix", "internal", "loadBalancerType"],
        ...aws("lb/loadbalancer", "lb"),
    },
    "aws:lb/targetGroup:TargetGroup": {
        replaceOn: [
            REGION,
            "name",
            "namePrefix",
            "port",
            "protocol",
            "protocolVersion",
            "targetType",
            "vpcId",
            "ipAddressType",
        ],
        ...aws("lb/targetgroup", "lb_target_group"),
    },
    "aws:rds/instance:Instance": {
        replaceOn: [
            REGION,
            "availabilityZone",
            "characterSetName",
            "customIamInstanceProfile",
            "dbName",
            "engine",
            "identifier",
            "identifierPrefix",
            "kmsKeyId",
            "ncharCharacterSetName",
            "restoreToPointInTime",
            "s3Import",
            "snapshotIdentifier",
            "storageEncrypted",
            "timezone",
            "username",
        ],
        stateful: "database server (every database on it)",
        ...aws("rds/instance", "db_instance"),
        source: "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/instance.go",
    },
    "aws:rds/parameterGroup:ParameterGroup": {
        replaceOn: [REGION, "name", "namePrefix", "family", "description"],
        ...aws("rds/parametergroup", "db_parameter_group"),
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        replaceOn: [REGION, "name", "namePrefix"],
        ...aws("rds/subnetgroup", "db_subnet_group"),
    },
    "aws:route53/healthCheck:HealthCheck": {
        replaceOn: [
            "type",
            "requestInterval",
            "measureLatency",
            "referenceName",
            "routingControlArn",
        ],
        ...aws("route53/healthcheck", "route53_health_check"),
    },
    "aws:s3/bucket:Bucket": {
        replaceOn: [REGION, "bucket", "bucketPrefix", "objectLockEnabled"],
        stateful: "bucket (every object in it)",
        ...aws("s3/bucket", "s3_bucket"),
    },
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": {
        replaceOn: BUCKET_CONFIG,
        ...aws("s3/bucketcorsconfiguration", "s3_bucket_cors_configuration"),
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        replaceOn: BUCKET_CONFIG,
        ...aws("s3/bucketlifecycleconfiguration", "s3_bucket_lifecycle_configuration"),
    },
    "aws:s3/bucketLogging:BucketLogging": {
        replaceOn: BUCKET_CONFIG,
        ...aws("s3/bucketlogging", "s3_bucket_logging"),
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        replaceOn: [REGION, "bucket"],
        ...aws("s3/bucketownershipcontrols", "s3_bucket_ownership_controls"),
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        replaceOn: [REGION, "bucket"],
        ...aws("s3/bucketpolicy", "s3_bucket_policy"),
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        replaceOn: [REGION, "bucket"],
        ...aws("s3/bucketpublicaccessblock", "s3_bucket_public_access_block"),
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        replaceOn: BUCKET_CONFIG,
        ...aws(
            "s3/bucketserversideencryptionconfiguration",
            "s3_bucket_server_side_encryption_configuration",
        ),
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        replaceOn: BUCKET_CONFIG,
        ...aws("s3/bucketversioning", "s3_bucket_versioning"),
    },
    "aws:scheduler/schedule:Schedule": {
        replaceOn: [REGION, "name", "namePrefix", "groupName"],
        ...aws("scheduler/schedule", "scheduler_schedule"),
    },
    "aws:sns/topic:Topic": {
        replaceOn: [REGION, "name", "namePrefix", "fifoTopic"],
        ...aws("sns/topic", "sns_topic"),
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        replaceOn: [REGION, "arn"],
        ...aws("sns/topicpolicy", "sns_topic_policy"),
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        replaceOn: [REGION, "topic", "protocol", "endpoint"],
        ...aws("sns/topicsubscription", "sns_topic_subscription"),
    },
    "aws:ssm/parameter:Parameter": {
        replaceOn: [REGION, "name", "dataType"],
        ...aws("ssm/parameter", "ssm_parameter"),
        source: "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ssm/parameter.go",
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        replaceOn: [REGION, "securityGroupId"],
        ...aws("vpc/securitygroupegressrule", "vpc_security_group_egress_rule"),
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        replaceOn: [REGION, "securityGroupId"],
        ...aws("vpc/securitygroupingressrule", "vpc_security_group_ingress_rule"),
    },
    "cloudflare:index/dnsRecord:DnsRecord": {
        replaceOn: ["zoneId"],
        docs: pulumi("cloudflare", "dnsrecord"),
        upstream: tf("cloudflare/cloudflare", "dns_record"),
    },
    "cloudflare:index/r2Bucket:R2Bucket": {
        replaceOn: ["accountId", "name", "location", "jurisdiction"],
        stateful: "bucket (every object in it)",
        docs: pulumi("cloudflare", "r2bucket"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket"),
    },
    "cloudflare:index/r2BucketCors:R2BucketCors": {
        replaceOn: ["accountId", "bucketName", "jurisdiction"],
        docs: pulumi("cloudflare", "r2bucketcors"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket_cors"),
    },
    "cloudflare:index/r2BucketLifecycle:R2BucketLifecycle": {
        replaceOn: ["accountId", "bucketName", "jurisdiction"],
        docs: pulumi("cloudflare", "r2bucketlifecycle"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket_lifecycle"),
    },
    "cloudflare:index/ruleset:Ruleset": {
        replaceOn: ["accountId", "zoneId", "kind", "phase"],
        docs: pulumi("cloudflare", "ruleset"),
        upstream: tf("cloudflare/cloudflare", "ruleset"),
    },
    // `name` renames in place (ALTER DATABASE … RENAME TO); template, encoding and locale force a new one.
    "postgresql:index/database:Database": {
        replaceOn: ["template", "encoding", "lcCollate", "lcCtype"],
        stateful: "database (every table in it)",
        // The provider renames in place (ALTER DATABASE … RENAME TO), which PostgreSQL refuses while
        // anyone is connected; if it succeeds, every task still on the old DATABASE_URL loses its database
        // until it is replaced. A rename is a migration, not an edit.
        blockingUpdates: {
            name: "renames a live database: PostgreSQL refuses while clients are connected, and tasks still on the old DATABASE_URL lose it mid-rollout",
        },
        docs: pulumi("postgresql", "database"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_database"),
        source: "https://github.com/cyrilgdn/terraform-provider-postgresql/blob/main/postgresql/resource_postgresql_database.go",
    },
    "postgresql:index/defaultPrivileges:DefaultPrivileges": {
        replaceOn: "any",
        docs: pulumi("postgresql", "defaultprivileges"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_default_privileges"),
    },
    "postgresql:index/grant:Grant": {
        replaceOn: "any",
        docs: pulumi("postgresql", "grant"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_grant"),
    },
    // A role renames in place (ALTER ROLE … RENAME TO); nothing forces a new one.
    "postgresql:index/role:Role": {
        replaceOn: [],
        docs: pulumi("postgresql", "role"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_role"),
    },
    // A provider's own configuration updates in place; its resources are not replaced by it.
    "pulumi:providers:postgresql": {
        replaceOn: [],
        docs: "https://www.pulumi.com/registry/packages/postgresql/installation-configuration/",
        upstream: "https://registry.terraform.io/providers/cyrilgdn/postgresql/latest/docs",
    },
    // Every argument of a random value forces a new value (the keepers are how one asks for it).
    "random:index/randomPassword:RandomPassword": {
        replaceOn: "any",
        docs: pulumi("random", "randompassword"),
        upstream: tf("hashicorp/random", "password"),
    },
    // A deployment is immutable: every argument builds a new one.
    "vercel:index/deployment:Deployment": {
        replaceOn: "any",
        except: ["deleteOnDestroy"],
        docs: pulumi("vercel", "deployment"),
        upstream: tf("vercel/vercel", "deployment"),
    },
    "vercel:index/edgeConfig:EdgeConfig": {
        replaceOn: ["teamId"],
        docs: pulumi("vercel", "edgeconfig"),
        upstream: tf("vercel/vercel", "edge_config"),
    },
    "vercel:index/edgeConfigItem:EdgeConfigItem": {
        replaceOn: ["edgeConfigId", "teamId", "key"],
        docs: pulumi("vercel", "edgeconfigitem"),
        upstream: tf("vercel/vercel", "edge_config_item"),
    },
    // A token is issued once: a new label or store is a new token.
    "vercel:index/edgeConfigToken:EdgeConfigToken": {
        replaceOn: "any",
        docs: pulumi("vercel", "edgeconfigtoken"),
        upstream: tf("vercel/vercel", "edge_config_token"),
    },
    "vercel:index/firewallConfig:FirewallConfig": {
        replaceOn: ["projectId", "teamId"],
        docs: pulumi("vercel", "firewallconfig"),
        upstream: tf("vercel/vercel", "firewall_config"),
    },
    "vercel:index/project:Project": {
        replaceOn: ["teamId"],
        docs: pulumi("vercel", "project"),
        upstream: tf("vercel/vercel", "project"),
    },
    "vercel:index/projectDeploymentRetention:ProjectDeploymentRetention": {
        replaceOn: ["projectId", "teamId"],
        docs: pulumi("vercel", "projectdeploymentretention"),
        upstream: tf("vercel/vercel", "project_deployment_retention"),
    },
    "vercel:index/projectDomain:ProjectDomain": {
        replaceOn: ["projectId", "teamId", "domain"],
        docs: pulumi("vercel", "projectdomain"),
        upstream: tf("vercel/vercel", "project_domain"),
    },
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": {
        replaceOn: ["projectId", "teamId", "sensitive"],
        docs: pulumi("vercel", "projectenvironmentvariable"),
        upstream: tf("vercel/vercel", "project_environment_variable"),
    },
};

/**
 * Component resources (this program's `opsbook:` types) and the stack have no provider: the engine never
 * replaces them, it only records their inputs; a new URN is a delete and a create.
 */
export const COMPONENT_RULE: ReplaceRule = {
    replaceOn: [],
    docs: "https://www.pulumi.com/docs/iac/concepts/resources/components/",
    upstream: "https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/",
};

/** The rule for a type, or undefined when the table has none (a test requires one for every type). */
export function replaceRule(type: string): ReplaceRule | undefined {
    if (type.startsWith("opsbook:") || type === "pulumi:pulumi:Stack") return COMPONENT_RULE;
    return REPLACE_ON_CHANGES[type];
}
