/**
 * Which input changes make the engine replace a resource rather than update it, for every provider type
 * the program registers, and in which order it replaces. The offline plan has no provider to ask
 * (`pulumi preview` asks the provider's Diff), so the diff (`tools/diff.ts`) reads this table; a test
 * fails when the program registers a type that has no entry here.
 *
 * Each entry cites the resource's page in the Pulumi registry (`docs`), the upstream provider's page
 * (`upstream`), and the provider source read (`source`): the schema lines that mark these arguments
 * `ForceNew` / `RequiresReplace`, which the bridged Pulumi providers replace on exactly. The sources are
 * read at the upstream release each pinned `@pulumi/*` package wraps (`UPSTREAM`), except AWS (see there).
 * Properties are the Pulumi (camelCase) input names; `a.b` is a nested property, `*` any list index.
 */

/**
 * The upstream provider source each pinned package wraps, and how that was established.
 * - vercel: @pulumiverse/vercel 5.4.1 wraps terraform-provider-vercel v5.4.1 (pulumiverse versions follow
 *   upstream's; its SDK has no `auditLogDrain`, which v5.5.0 added).
 * - cloudflare: @pulumi/cloudflare 6.22.1 (2026-10-13) wraps v5.22.0: its SDK has `moqRelay`, which v5.22.0
 *   added, and v5.22.0 is upstream's newest release.
 * - postgresql: @pulumi/postgresql 3.18.x pins upstream commit ff936b9 (pulumi-postgresql v3.18.0's
 *   `upstream` submodule; v1.26.0 and three commits); nothing upstream changed after it.
 * - random: @pulumi/random 4.21.2 wraps v3.9.0 (pulumi-random's provider/shim/go.mod:
 *   `terraform-provider-random v1.3.2-0.20260513075824-f8d869dc98d9`, the v3.9.0 commit).
 * - aws: @pulumi/aws 7.48.0 wraps terraform-provider-aws v6.63.0 or later (pulumi-aws v7.45.0's release
 *   notes: "Upgrade terraform-provider-aws to v6.63.0"). That repository is too large to fetch here, so
 *   each AWS entry cites the copy of its file that was read, by commit, and the attributes it marks.
 *   Whether pulumi-aws forces delete-first for a type (`DeleteBeforeReplace` in its ResourceInfo, as
 *   pulumi-postgresql does for grants): its `provider/resources.go` (00ba5ea, 2024, the copy stored, not
 *   v7.48.0) was read through its `Resources` map, bar the entries between MSK and Signer. Of the types
 *   here it sets it on `aws_iam_role_policy_attachment` only (that entry says so); also on API Gateway
 *   integrations, log subscription filters, security group rules (not the `vpc` rules used here),
 *   transit gateway attachments, ECR lifecycle policies, EFS mount targets and IAM group/user/policy
 *   attachments. The load balancer types are not in the map (their tokens are computed), so an override
 *   elsewhere was not read; those entries assume create-before-delete, the stricter reading for keys.
 */
export const UPSTREAM = {
    aws: { repo: "hashicorp/terraform-provider-aws", ref: null },
    cloudflare: { repo: "cloudflare/terraform-provider-cloudflare", ref: "v5.22.0" },
    postgresql: {
        repo: "cyrilgdn/terraform-provider-postgresql",
        ref: "ff936b9548c1076f498523a2bd116915ff977142",
    },
    random: { repo: "hashicorp/terraform-provider-random", ref: "v3.9.0" },
    vercel: { repo: "vercel/terraform-provider-vercel", ref: "v5.4.1" },
} as const;

/** A key unique in the cloud: only one resource may hold it at a time. */
export interface NaturalKey {
    /**
     * The inputs whose values name the object. When one is not set (an auto-named resource), each
     * replacement gets a new name and holds no key.
     */
    readonly inputs: readonly string[];
    /** Inputs that scope the key and may be left to the provider's default (the region). */
    readonly scope?: readonly string[];
    /** Only when this input has one of these values (a ruleset is a phase's entry point by its kind). */
    readonly when?: { readonly input: string; readonly values: readonly string[] };
    /** What the key names. */
    readonly what: string;
    /** What a create-before-delete replacement that keeps the key does. */
    readonly conflict: string;
    /** Where that is read: provider source or the vendor's documentation. */
    readonly source: string;
}

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
    /**
     * A key unique in the cloud that the resource holds. The engine replaces create-before-delete unless
     * the resource sets `deleteBeforeReplace`: a replacement that keeps the key is blocking in the diff.
     */
    readonly key?: NaturalKey;
    /** Where the bridged provider replaces this type delete-first whatever the options (cited). */
    readonly providerDeletesFirst?: string;
    /** The Pulumi registry page of the resource. */
    readonly docs: string;
    /** The upstream (Terraform) provider's page of the resource, where its schema is documented. */
    readonly upstream: string;
    /** The provider source read: file and lines (`#Lx-Ly`) of the schema that marks `replaceOn`. */
    readonly source: string;
}

/** A file of an upstream provider at the release the pinned package wraps, with its lines. */
const at = (provider: Exclude<keyof typeof UPSTREAM, "aws">, file: string, lines: string) =>
    `https://github.com/${UPSTREAM[provider].repo}/blob/${UPSTREAM[provider].ref}/${file}#${lines}`;
/** A terraform-provider-aws file as read (the commit of the copy read), and what it marks. */
const awsAt = (commit: string, file: string, marks: string) =>
    `https://github.com/${UPSTREAM.aws.repo}/blob/${commit}/internal/service/${file} (${marks})`;

/** Why an RDS identifier change blocks although the provider renames the instance in place. */
const RDS_RENAME =
    "renames the RDS instance in place (ModifyDBInstance NewDBInstanceIdentifier, with a reboot): its endpoint moves, so every DATABASE_URL, grant and tunnel on the old host breaks until the consumers roll";

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
            "validationOptions",
        ],
        ...aws("acm/certificate", "acm_certificate"),
        // The nearest copy stored is a v6 one (@ArnIdentity); it predates private_key_wo(_version), which
        // only an imported certificate sets and the program never does.
        source: awsAt(
            "01661ea3cbe6b07ed725b03c587d24ceb464484a",
            "acm/certificate.go",
            "ForceNew: certificate_authority_arn, domain_name, key_algorithm, subject_alternative_names, validation_method, validation_option",
        ),
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        replaceOn: "any",
        ...aws("acm/certificatevalidation", "acm_certificate_validation"),
        source: awsAt(
            "004eea7f9b6658d88d652e89e10c7520a10ad6b8",
            "acm/certificate_validation.go",
            "ForceNew: certificate_arn, validation_record_fqdns; no UpdateWithoutTimeout",
        ),
    },
    "aws:appautoscaling/policy:Policy": {
        replaceOn: [REGION, "name", "resourceId", "scalableDimension", "serviceNamespace"],
        ...aws("appautoscaling/policy", "appautoscaling_policy"),
        source: awsAt(
            "048320e88399c508ae6481be5d8ef6fd6f71a9f6",
            "appautoscaling/policy.go",
            "ForceNew: name, resource_id, scalable_dimension, service_namespace; the same in a 2026 copy that has predictive_scaling_policy_configuration (not ForceNew)",
        ),
    },
    "aws:appautoscaling/target:Target": {
        replaceOn: [REGION, "resourceId", "scalableDimension", "serviceNamespace"],
        ...aws("appautoscaling/target", "appautoscaling_target"),
        source: awsAt(
            "0105d2191ae7e43ba37ba011b916843eddf361ed",
            "appautoscaling/target.go",
            "ForceNew: resource_id, scalable_dimension, service_namespace; capacities and role_arn update (RegisterScalableTarget)",
        ),
    },
    "aws:appconfig/application:Application": {
        replaceOn: [REGION],
        ...aws("appconfig/application", "appconfig_application"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "appconfig/application.go",
            "no ForceNew argument; UpdateApplication changes name and description",
        ),
    },
    "aws:appconfig/configurationProfile:ConfigurationProfile": {
        replaceOn: [REGION, "applicationId", "locationUri", "type"],
        ...aws("appconfig/configurationprofile", "appconfig_configuration_profile"),
        source: awsAt(
            "11fde6fbe1c489a2d60799c282bc00c37776fb1e",
            "appconfig/configuration_profile.go",
            "ForceNew: application_id, location_uri, type",
        ),
    },
    // A deployment is a record of one rollout: any change starts a new one.
    "aws:appconfig/deployment:Deployment": {
        replaceOn: "any",
        except: ["tags", "tagsAll"],
        ...aws("appconfig/deployment", "appconfig_deployment"),
        source: awsAt(
            "09537f6131639c1d49ebcc38fc11972d6a4b60b5",
            "appconfig/deployment.go",
            "every argument but tags ForceNew; resourceDeploymentUpdate is tags only",
        ),
    },
    "aws:appconfig/deploymentStrategy:DeploymentStrategy": {
        replaceOn: [REGION, "name", "replicateTo"],
        ...aws("appconfig/deploymentstrategy", "appconfig_deployment_strategy"),
        source: awsAt(
            "0413c661ec1b94f3033c98f3fbd1e8c1b2725589",
            "appconfig/deployment_strategy.go",
            "ForceNew: name, replicate_to",
        ),
    },
    "aws:appconfig/environment:Environment": {
        replaceOn: [REGION, "applicationId"],
        ...aws("appconfig/environment", "appconfig_environment"),
        source: awsAt(
            "108f85fd2bfcd9e85ed93fddb752c5cc10dba1ff",
            "appconfig/environment.go",
            "RequiresReplace: application_id",
        ),
    },
    // A hosted version is immutable: new content is the next version.
    "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion": {
        replaceOn: "any",
        ...aws("appconfig/hostedconfigurationversion", "appconfig_hosted_configuration_version"),
        source: awsAt(
            "6446594c4210aa19abed73744d005d053968c88e",
            "appconfig/hosted_configuration_version.go",
            "every argument ForceNew; no UpdateWithoutTimeout (version_label postdates this copy)",
        ),
    },
    "aws:backup/plan:Plan": {
        replaceOn: [REGION, "name"],
        ...aws("backup/plan", "backup_plan"),
        source: awsAt(
            "01f431114674c27cf790fafb67ac274bf8f765e1",
            "backup/plan.go",
            "ForceNew: name; rule and advanced_backup_setting update (UpdateBackupPlan)",
        ),
    },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
        replaceOn: [REGION, "name"],
        ...aws("backup/restoretestingplan", "backup_restore_testing_plan"),
        source: awsAt(
            "108f85fd2bfcd9e85ed93fddb752c5cc10dba1ff",
            "backup/restore_testing_plan.go",
            "RequiresReplace: name",
        ),
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
        replaceOn: [REGION, "name", "restoreTestingPlanName", "protectedResourceType"],
        ...aws("backup/restoretestingselection", "backup_restore_testing_selection"),
        source: awsAt(
            "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
            "backup/restore_testing_selection.go",
            "RequiresReplace: name, protected_resource_type, restore_testing_plan_name",
        ),
    },
    "aws:backup/selection:Selection": {
        replaceOn: "any",
        ...aws("backup/selection", "backup_selection"),
        source: awsAt(
            "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
            "backup/selection.go",
            "every argument ForceNew; no UpdateWithoutTimeout",
        ),
    },
    "aws:backup/vault:Vault": {
        replaceOn: [REGION, "name", "kmsKeyArn"],
        stateful: "backup vault (every recovery point in it)",
        ...aws("backup/vault", "backup_vault"),
        source: awsAt(
            "050ac11163cab8cdae5936a7f40b0e528ff780df",
            "backup/vault.go",
            "ForceNew: kms_key_arn, name; Update is tags only",
        ),
    },
    // Every argument is ForceNew and there is no Update: a retention edit is a new lock. Create puts the
    // vault's lock (PutBackupVaultLockConfiguration, by vault name) and Delete removes the vault's lock
    // (DeleteBackupVaultLockConfiguration), so create-before-delete leaves the vault unlocked.
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
        replaceOn: "any",
        key: {
            inputs: ["backupVaultName"],
            what: "a backup vault's lock (one per vault)",
            conflict:
                "the new lock overwrites the vault's lock, then the old one's delete removes it: the vault is left unlocked",
            source: awsAt(
                "01606926a0c0ab9174aec440f976a48b0baee722",
                "backup/vault_lock_configuration.go",
                "resourceVaultLockConfigurationCreate: PutBackupVaultLockConfiguration; Delete: DeleteBackupVaultLockConfiguration, both by backup_vault_name",
            ),
        },
        ...aws("backup/vaultlockconfiguration", "backup_vault_lock_configuration"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "backup/vault_lock_configuration.go",
            "ForceNew: backup_vault_name, changeable_for_days, max_retention_days, min_retention_days; no UpdateWithoutTimeout",
        ),
    },
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
    "aws:ec2/managedPrefixList:ManagedPrefixList": {
        replaceOn: [REGION, "addressFamily"],
        ...aws("ec2/managedprefixlist", "ec2_managed_prefix_list"),
        // The newest copy stored predates v6 (aws-sdk-go v1); two copies read agree.
        source: awsAt(
            "007fe432912e7ece32bf9ff5a3faa1c52ffdcc87",
            "ec2/vpc_managed_prefix_list.go",
            "ForceNew: address_family; name, entry and max_entries update in place",
        ),
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaceOn: [REGION, "name", "namePrefix", "description", "vpcId"],
        ...aws("ec2/securitygroup", "security_group"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "ec2/vpc_security_group.go",
            "ForceNew: description, name, name_prefix, vpc_id; ingress and egress update in place",
        ),
    },
    "aws:ecs/cluster:Cluster": {
        replaceOn: [REGION, "name"],
        ...aws("ecs/cluster", "ecs_cluster"),
        source: awsAt(
            "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
            "ecs/cluster.go",
            "ForceNew: name; configuration, settings and service_connect_defaults update in place",
        ),
    },
    // capacityProviderStrategyCustomizeDiff forces a new service on a capacity_provider_strategy change
    // unless force_new_deployment is set and neither strategy is empty; the program sets neither.
    "aws:ecs/service:Service": {
        replaceOn: [
            REGION,
            "name",
            "cluster",
            "launchType",
            "iamRole",
            "schedulingStrategy",
            "deploymentController.type",
            "capacityProviderStrategies",
        ],
        ...aws("ecs/service", "ecs_service"),
        source: awsAt(
            "00a919d1548eb437816d4838f320502ad34183ff",
            "ecs/service.go",
            "ForceNew: cluster, deployment_controller.type, iam_role, launch_type, name, scheduling_strategy; CustomizeDiff: capacity_provider_strategy",
        ),
    },
    // A task definition revision is immutable: every argument but these forces a new revision.
    "aws:ecs/taskDefinition:TaskDefinition": {
        replaceOn: "any",
        except: ["tags", "tagsAll", "skipDestroy", "trackLatest"],
        ...aws("ecs/taskdefinition", "ecs_task_definition"),
        source: awsAt(
            "04fc21d56d73cb67a9bbef2aedcffe8fbfd07286",
            "ecs/task_definition.go",
            "every argument ForceNew but skip_destroy, tags and tags_all; track_latest (not ForceNew) postdates this copy",
        ),
    },
    // Create is CreateCacheParameterGroup by name, as for RDS.
    "aws:elasticache/parameterGroup:ParameterGroup": {
        replaceOn: [REGION, "name", "family", "description"],
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a cache parameter group's name in its region",
            conflict:
                "AWS refuses the new group while the old one holds the name (CacheParameterGroupAlreadyExists), so the up fails",
            source: awsAt(
                "0593466d96e383de3f75587805537f6e590ebf4e",
                "elasticache/parameter_group.go",
                "resourceParameterGroupCreate: CreateCacheParameterGroup with CacheParameterGroupName",
            ),
        },
        ...aws("elasticache/parametergroup", "elasticache_parameter_group"),
        source: awsAt(
            "0593466d96e383de3f75587805537f6e590ebf4e",
            "elasticache/parameter_group.go",
            "ForceNew: description, family, name; parameters update in place",
        ),
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        replaceOn: [
            REGION,
            "replicationGroupId",
            "atRestEncryptionEnabled",
            "kmsKeyId",
            "subnetGroupName",
            "port",
            "snapshotArns",
            "snapshotName",
            "dataTieringEnabled",
            "globalReplicationGroupId",
            "networkType",
            "securityGroupNames",
            // CustomizeDiff: a node_group_configuration change, and an engine or version downgrade.
            "nodeGroupConfigurations",
        ],
        stateful: "Redis data (queued jobs and anything not rebuilt from elsewhere)",
        ...aws("elasticache/replicationgroup", "elasticache_replication_group"),
        // preferred_cache_cluster_azs is not ForceNew (it only conflicts with node_group_configuration).
        source: awsAt(
            "001b6364c1a3b3045e152f655440a6d47eb44a70",
            "elasticache/replication_group.go",
            "ForceNew: at_rest_encryption_enabled, data_tiering_enabled, global_replication_group_id, kms_key_id, network_type, port, replication_group_id, security_group_names, snapshot_arns, snapshot_name, subnet_group_name; CustomizeDiff ForceNewIf node_group_configuration, engine/version downgrade",
        ),
    },
    "aws:elasticache/subnetGroup:SubnetGroup": {
        replaceOn: [REGION, "name"],
        ...aws("elasticache/subnetgroup", "elasticache_subnet_group"),
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "elasticache/subnet_group.go",
            "ForceNew: name; description and subnet_ids update in place",
        ),
    },
    // IAM is global: no `region` argument.
    "aws:iam/policy:Policy": {
        replaceOn: ["name", "namePrefix", "path", "description"],
        ...aws("iam/policy", "iam_policy"),
        source: awsAt(
            "01ccd9a2d118a3e81a9649759bf14303526dc9e6",
            "iam/policy.go",
            "ForceNew: description, name, name_prefix, path; policy updates in place (a new version)",
        ),
    },
    "aws:iam/role:Role": {
        replaceOn: ["name", "namePrefix", "path"],
        ...aws("iam/role", "iam_role"),
        source: awsAt(
            "0040ea6911af00bea2cca6dbb14e86829826ad8e",
            "iam/role.go",
            "ForceNew: name, name_prefix, path",
        ),
    },
    "aws:iam/rolePolicy:RolePolicy": {
        replaceOn: ["name", "namePrefix", "role"],
        ...aws("iam/rolepolicy", "iam_role_policy"),
        source: awsAt(
            "02f97af85f89a04e8ed89f5e8b64a9a67f3cfe07",
            "iam/role_policy.go",
            "ForceNew: name, name_prefix, role; policy updates in place",
        ),
    },
    // pulumi-aws replaces an attachment delete-first: a new attachment of the same role and policy is
    // the same attachment, which the old one's delete would detach.
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOn: "any",
        providerDeletesFirst:
            "https://github.com/pulumi/pulumi-aws/blob/00ba5ea53c2548fd367776345b7c52f191ce1372/provider/resources.go (aws_iam_role_policy_attachment: DeleteBeforeReplace: true)",
        ...aws("iam/rolepolicyattachment", "iam_role_policy_attachment"),
        source: awsAt(
            "04c79849dbe7fbe76c3054b364357bcdaade9ac5",
            "iam/role_policy_attachment.go",
            "ForceNew: role, policy_arn; no Update",
        ),
    },
    "aws:kms/key:Key": {
        replaceOn: [
            REGION,
            "customerMasterKeySpec",
            "keyUsage",
            "customKeyStoreId",
            "multiRegion",
            "xksKeyId",
        ],
        stateful: "KMS key (what it encrypted cannot be read without it)",
        ...aws("kms/key", "kms_key"),
        source: awsAt(
            "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
            "kms/key.go",
            "ForceNew: custom_key_store_id, customer_master_key_spec, key_usage, multi_region, xks_key_id",
        ),
    },
    "aws:lb/listener:Listener": {
        replaceOn: [REGION, "loadBalancerArn"],
        ...aws("lb/listener", "lb_listener"),
        // A later v6 copy stored without its commit (aws-sdk-go-v2; mutual_authentication, the
        // routing_http_* attributes, tcp_idle_timeout_seconds) marks load_balancer_arn alone too.
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "elbv2/listener.go",
            "ForceNew: load_balancer_arn; default_action, port, protocol, certificate and policies update (ModifyListener)",
        ),
    },
    "aws:lb/listenerRule:ListenerRule": {
        replaceOn: [REGION, "listenerArn"],
        ...aws("lb/listenerrule", "lb_listener_rule"),
        source: awsAt(
            "032c4f076a6cb8e54a85cb60f237cb80ab18b36b",
            "elbv2/listener_rule.go",
            "ForceNew: listener_arn; priority (ForceNew: false), action, condition and transform update in place",
        ),
    },
    // CustomizeDiff also replaces an application load balancer when a `subnetMappings` entry changes, and
    // a network one when subnets are removed or its security groups go from none to some or back; the
    // program's load balancer is an application one with `subnets`, which update in place.
    "aws:lb/loadBalancer:LoadBalancer": {
        replaceOn: [
            REGION,
            "name",
            "namePrefix",
            "internal",
            "loadBalancerType",
            "customerOwnedIpv4Pool",
        ],
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a load balancer's name in its region",
            conflict:
                "the provider refuses to create the new load balancer while the old one of that type holds the name (ELBv2 Load Balancer already exists), so the up fails",
            source: awsAt(
                "00edc94be7a89c4c485415cdec27094875f61bfc",
                "elbv2/load_balancer.go",
                "resourceLoadBalancerCreate: findLoadBalancer by name, then an error if one of the same type exists",
            ),
        },
        ...aws("lb/loadbalancer", "lb"),
        source: awsAt(
            "00edc94be7a89c4c485415cdec27094875f61bfc",
            "elbv2/load_balancer.go",
            "ForceNew: customer_owned_ipv4_pool, internal, load_balancer_type, name, name_prefix; customizeDiffLoadBalancerALB/NLB ForceNew on subnet_mapping, subnets, security_groups changes",
        ),
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
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a target group's name in its region",
            conflict:
                "the provider refuses to create the new group while the old one holds the name (ELBv2 Target Group already exists), so the up fails",
            source: awsAt(
                "013cfb4cddc9c44a28f34abad0c11768bcdb9b85",
                "elbv2/target_group.go",
                "resourceTargetGroupCreate: findTargetGroupByName, then an error if it exists",
            ),
        },
        ...aws("lb/targetgroup", "lb_target_group"),
        source: awsAt(
            "013cfb4cddc9c44a28f34abad0c11768bcdb9b85",
            "elbv2/target_group.go",
            "ForceNew: ip_address_type, name, name_prefix, port, protocol, protocol_version, target_type, vpc_id; CustomizeDiff only validates",
        ),
    },
    "aws:rds/instance:Instance": {
        replaceOn: [
            REGION,
            "availabilityZone",
            "characterSetName",
            "customIamInstanceProfile",
            "dbName",
            "backupTarget",
            "engine",
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
        // Since provider v5 the identifier renames in place (resourceInstanceUpdate: ModifyDBInstance with
        // NewDBInstanceIdentifier): the instance and its data stay, but its endpoint moves with the name,
        // and every DATABASE_URL, grant connection and tunnel still points at the old host.
        blockingUpdates: {
            identifier: RDS_RENAME,
            identifierPrefix: RDS_RENAME,
        },
        ...aws("rds/instance", "db_instance"),
        // Read in a v5 copy the index stores without its commit (schema version 2, "identifier … can be
        // updated"); cited at the commit hashicorp/terraform-provider-aws#32687 points to for those lines.
        source: awsAt(
            "10937b0e5d83aac494baa44f9b35e14564573be6",
            "rds/instance.go",
            "ForceNew: availability_zone, backup_target, character_set_name, custom_iam_instance_profile, db_name, engine, kms_key_id, nchar_character_set_name, restore_to_point_in_time, s3_import, snapshot_identifier, storage_encrypted, timezone, username; not identifier or identifier_prefix (#L280-L293)",
        ),
    },
    // Create is CreateDBParameterGroup by name: a replacement that keeps the name (a new `family` for a
    // major version, or a new description) is refused create-before-delete.
    "aws:rds/parameterGroup:ParameterGroup": {
        replaceOn: [REGION, "name", "namePrefix", "family", "description"],
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a DB parameter group's name in its region",
            conflict:
                "AWS refuses the new group while the old one holds the name (DBParameterGroupAlreadyExists), so the up fails",
            source: awsAt(
                "01606926a0c0ab9174aec440f976a48b0baee722",
                "rds/parameter_group.go",
                "resourceParameterGroupCreate: CreateDBParameterGroup with DBParameterGroupName",
            ),
        },
        ...aws("rds/parametergroup", "db_parameter_group"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "rds/parameter_group.go",
            "ForceNew: description, family, name, name_prefix; parameters update in place",
        ),
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        replaceOn: [REGION, "name", "namePrefix"],
        ...aws("rds/subnetgroup", "db_subnet_group"),
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "rds/subnet_group.go",
            "ForceNew: name, name_prefix; description and subnet_ids update in place",
        ),
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
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "route53/health_check.go",
            "ForceNew: measure_latency, reference_name, request_interval, routing_control_arn, type",
        ),
    },
    "aws:s3/bucket:Bucket": {
        replaceOn: [REGION, "bucket", "bucketPrefix", "objectLockEnabled"],
        stateful: "bucket (every object in it)",
        ...aws("s3/bucket", "s3_bucket"),
        // object_lock_enabled is ForceNew in the v5 copies stored without their commit (top level, and the
        // deprecated object_lock_configuration.object_lock_enabled); bucket_namespace, which the pinned
        // SDK has and the program never sets, postdates every copy stored.
        source: awsAt(
            "0070bcd12c952f14c5434a6f351ef7b6fa791226",
            "s3/bucket.go",
            "ForceNew: bucket, bucket_prefix; the configuration blocks are read-only or update in place",
        ),
    },
    // One CORS configuration per bucket; Delete removes the bucket's.
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": {
        replaceOn: BUCKET_CONFIG,
        key: {
            inputs: ["bucket"],
            scope: [REGION],
            what: "a bucket's CORS configuration (one per bucket)",
            conflict:
                "the new resource puts the bucket's CORS rules, then the old one's delete removes them",
            source: awsAt(
                "01c08000ddb14181b5bd19201d8fca311dc570e4",
                "s3/bucket_cors_configuration.go",
                "Delete: DeleteBucketCors by bucket",
            ),
        },
        ...aws("s3/bucketcorsconfiguration", "s3_bucket_cors_configuration"),
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "s3/bucket_cors_configuration.go",
            "ForceNew: bucket, expected_bucket_owner; cors_rule updates in place",
        ),
    },
    // One lifecycle configuration per bucket; Delete removes the bucket's.
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        replaceOn: BUCKET_CONFIG,
        key: {
            inputs: ["bucket"],
            scope: [REGION],
            what: "a bucket's lifecycle configuration (one per bucket)",
            conflict:
                "the new resource puts the bucket's lifecycle rules, then the old one's delete removes them",
            source: awsAt(
                "01606926a0c0ab9174aec440f976a48b0baee722",
                "s3/bucket_lifecycle_configuration.go",
                "Create: PutBucketLifecycleConfiguration; Delete: DeleteBucketLifecycle by bucket",
            ),
        },
        ...aws("s3/bucketlifecycleconfiguration", "s3_bucket_lifecycle_configuration"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "s3/bucket_lifecycle_configuration.go",
            "RequiresReplace: bucket, expected_bucket_owner; rule and transition_default_minimum_object_size update in place",
        ),
    },
    // One logging configuration per bucket; Delete puts an empty one (logging off).
    "aws:s3/bucketLogging:BucketLogging": {
        replaceOn: BUCKET_CONFIG,
        key: {
            inputs: ["bucket"],
            scope: [REGION],
            what: "a bucket's access logging (one per bucket)",
            conflict:
                "the new resource puts the bucket's logging, then the old one's delete turns it off",
            source: awsAt(
                "01f431114674c27cf790fafb67ac274bf8f765e1",
                "s3/bucket_logging.go",
                "resourceBucketLoggingDelete: PutBucketLogging with an empty BucketLoggingStatus",
            ),
        },
        ...aws("s3/bucketlogging", "s3_bucket_logging"),
        source: awsAt(
            "01f431114674c27cf790fafb67ac274bf8f765e1",
            "s3/bucket_logging.go",
            "ForceNew: bucket, expected_bucket_owner; targets update in place",
        ),
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        replaceOn: [REGION, "bucket"],
        ...aws("s3/bucketownershipcontrols", "s3_bucket_ownership_controls"),
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "s3/bucket_ownership_controls.go",
            "ForceNew: bucket; rule updates in place",
        ),
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        replaceOn: [REGION, "bucket"],
        ...aws("s3/bucketpolicy", "s3_bucket_policy"),
        source: awsAt(
            "0073593e7d6993ba482409f4dc35438daaa79bb3",
            "s3/bucket_policy.go",
            "ForceNew: bucket; policy updates in place (Update is the put)",
        ),
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        replaceOn: [REGION, "bucket"],
        ...aws("s3/bucketpublicaccessblock", "s3_bucket_public_access_block"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "s3/bucket_public_access_block.go",
            "ForceNew: bucket; the four settings update in place",
        ),
    },
    // One encryption configuration per bucket; Delete resets it to the bucket default (SSE-S3), so a
    // replacement that keeps the bucket would drop a KMS key create-before-delete.
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        replaceOn: BUCKET_CONFIG,
        key: {
            inputs: ["bucket"],
            scope: [REGION],
            what: "a bucket's default encryption (one per bucket)",
            conflict:
                "the new resource puts the bucket's encryption, then the old one's delete resets it to the default",
            source: awsAt(
                "01606926a0c0ab9174aec440f976a48b0baee722",
                "s3/bucket_server_side_encryption_configuration.go",
                "Delete: DeleteBucketEncryption by bucket",
            ),
        },
        ...aws(
            "s3/bucketserversideencryptionconfiguration",
            "s3_bucket_server_side_encryption_configuration",
        ),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "s3/bucket_server_side_encryption_configuration.go",
            "ForceNew: bucket, expected_bucket_owner; rule updates in place",
        ),
    },
    // One versioning configuration per bucket; Delete suspends the bucket's versioning. A replacement
    // that keeps the bucket (an `expectedBucketOwner` change) would suspend it create-before-delete.
    "aws:s3/bucketVersioning:BucketVersioning": {
        replaceOn: BUCKET_CONFIG,
        key: {
            inputs: ["bucket"],
            scope: [REGION],
            what: "a bucket's versioning (one per bucket)",
            conflict:
                "the new resource puts the bucket's versioning, then the old one's delete suspends it",
            source: awsAt(
                "01c08000ddb14181b5bd19201d8fca311dc570e4",
                "s3/bucket_versioning.go",
                "resourceBucketVersioningDelete: PutBucketVersioning Status Suspended",
            ),
        },
        ...aws("s3/bucketversioning", "s3_bucket_versioning"),
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "s3/bucket_versioning.go",
            "ForceNew: bucket, expected_bucket_owner; versioning_configuration and mfa update in place",
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
    // Create puts the parameter without Overwrite (unless `overwrite` is set), so a replacement that keeps
    // the name is refused (ParameterAlreadyExists) create-before-delete. An Advanced → Standard tier
    // change also replaces (CustomizeDiff); the program never sets a tier.
    "aws:ssm/parameter:Parameter": {
        replaceOn: [REGION, "name", "dataType"],
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a parameter's name in its region",
            conflict:
                "AWS refuses the new parameter while the old one holds the name (ParameterAlreadyExists), so the up fails",
            source: awsAt(
                "0073593e7d6993ba482409f4dc35438daaa79bb3",
                "ssm/parameter.go",
                "resourceParameterCreate: PutParameter with Overwrite: shouldUpdateParameter(d)",
            ),
        },
        ...aws("ssm/parameter", "ssm_parameter"),
        source: awsAt(
            "0073593e7d6993ba482409f4dc35438daaa79bb3",
            "ssm/parameter.go",
            "ForceNew: data_type, name; CustomizeDiff ForceNewIfChange tier Advanced → Standard",
        ),
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        replaceOn: [REGION, "securityGroupId"],
        ...aws("vpc/securitygroupegressrule", "vpc_security_group_egress_rule"),
        // The egress rule embeds the shared rule resource (vpc_security_group_egress_rule.go at 050ac11),
        // whose schema is in the ingress file. Its ModifyPlan also replaces when the
        // source kind changes (cidrIpv4 / cidrIpv6 / prefixListId / referencedSecurityGroupId), which this
        // table cannot tell from a value change of one kind (that updates in place).
        source: awsAt(
            "d2b7f56a7c451244abd1e467109ba703bd9eedd3",
            "ec2/vpc_security_group_ingress_rule.go",
            "RequiresReplace: security_group_id; ModifyPlan RequiresReplace when the rule's source attribute changes",
        ),
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        replaceOn: [REGION, "securityGroupId"],
        ...aws("vpc/securitygroupingressrule", "vpc_security_group_ingress_rule"),
        // The schema is the shared securityGroupRuleResource's; its ModifyPlan also replaces when the
        // source kind changes (cidrIpv4 / cidrIpv6 / prefixListId / referencedSecurityGroupId), which this
        // table cannot tell from a value change of one kind (that updates in place).
        source: awsAt(
            "d2b7f56a7c451244abd1e467109ba703bd9eedd3",
            "ec2/vpc_security_group_ingress_rule.go",
            "RequiresReplace: security_group_id; ModifyPlan RequiresReplace when the rule's source attribute changes",
        ),
    },
    // A CNAME is the only record at its name: Cloudflare refuses a second one (error 81054), so a
    // replacement that keeps the name fails create-before-delete. The program's records are CNAMEs of a
    // fixed type, so nothing replaces one in place of itself.
    "cloudflare:index/dnsRecord:DnsRecord": {
        replaceOn: ["zoneId", "type"],
        key: {
            inputs: ["zoneId", "name"],
            when: { input: "type", values: ["CNAME"] },
            what: "a CNAME's name in its zone (a CNAME is the only record at its name)",
            conflict:
                "Cloudflare refuses the new record while the old one holds the name (error 81054), so the up fails",
            source: "https://developers.cloudflare.com/dns/manage-dns-records/troubleshooting/records-with-same-name/",
        },
        docs: pulumi("cloudflare", "dnsrecord"),
        upstream: tf("cloudflare/cloudflare", "dns_record"),
        // zone_id L47, type L98.
        source: at("cloudflare", "internal/services/dns_record/schema.go", "L44-L98"),
    },
    // `jurisdiction` has no RequiresReplace here (L91-L103): the provider updates it in place.
    "cloudflare:index/r2Bucket:R2Bucket": {
        replaceOn: ["accountId", "name", "location"],
        stateful: "bucket (every object in it)",
        docs: pulumi("cloudflare", "r2bucket"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket"),
        // id L62, name L67, account_id L72, location L89 (RequiresReplaceIfConfigured).
        source: at("cloudflare", "internal/services/r2_bucket/schema.go", "L59-L103"),
    },
    "cloudflare:index/r2BucketCors:R2BucketCors": {
        replaceOn: ["accountId", "bucketName"],
        docs: pulumi("cloudflare", "r2bucketcors"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket_cors"),
        // account_id L28, bucket_name L33; jurisdiction (L35) updates in place.
        source: at("cloudflare", "internal/services/r2_bucket_cors/schema.go", "L25-L45"),
    },
    "cloudflare:index/r2BucketLifecycle:R2BucketLifecycle": {
        replaceOn: ["accountId", "bucketName"],
        docs: pulumi("cloudflare", "r2bucketlifecycle"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket_lifecycle"),
        // account_id L27, bucket_name L32; jurisdiction (L34) updates in place.
        source: at("cloudflare", "internal/services/r2_bucket_lifecycle/schema.go", "L24-L44"),
    },
    // A zone has at most one entry-point ruleset per phase. Create POSTs a new ruleset (resource.go
    // L61-L106) with no fallback: the 20217 fallback to the phase's entry point (b92500b) was reverted
    // (42c0c12) before v5.19.0. So a create-before-delete replacement, or a zone whose entry point was
    // made in the dashboard, fails with error 20217; such an entry point is imported instead
    // (docs/services.md, "The edge", "One entry point per phase").
    "cloudflare:index/ruleset:Ruleset": {
        replaceOn: ["accountId", "zoneId", "kind", "phase", "name"],
        key: {
            inputs: ["phase"],
            scope: ["zoneId", "accountId"],
            when: { input: "kind", values: ["zone", "root"] },
            what: "the entry-point ruleset of a phase (one per zone or account and phase)",
            conflict:
                "Cloudflare refuses a second entry point for the phase (error 20217) and the provider has no fallback, so the up fails",
            source: "https://developers.cloudflare.com/ruleset-engine/about/rulesets/#entry-point-ruleset",
        },
        docs: pulumi("cloudflare", "ruleset"),
        upstream: tf("cloudflare/cloudflare", "ruleset"),
        // account_id L58, zone_id L69, kind L82, name L90, phase L123.
        source: at("cloudflare", "internal/services/ruleset/schema.go", "L48-L123"),
    },
    // `name` renames in place (ALTER DATABASE … RENAME TO; Update L34); template, encoding and locale
    // force a new one.
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
        // template L56, encoding L64, lc_collate L71, lc_ctype L78 (ForceNew).
        source: at("postgresql", "postgresql/resource_postgresql_database.go", "L42-L80"),
    },
    // `privileges` updates in place (Update is Create: it re-applies them, L19).
    "postgresql:index/defaultPrivileges:DefaultPrivileges": {
        replaceOn: ["role", "database", "owner", "schema", "objectType", "withGrantOption"],
        docs: pulumi("postgresql", "defaultprivileges"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_default_privileges"),
        // role L27, database L33, owner L39, schema L45, object_type L51, with_grant_option L72.
        source: at("postgresql", "postgresql/resource_postgresql_default_privileges.go", "L22-L76"),
    },
    // `privileges` updates in place (Update L43); pulumi-postgresql replaces a grant delete-first.
    "postgresql:index/grant:Grant": {
        replaceOn: [
            "role",
            "database",
            "schema",
            "objectType",
            "objects",
            "columns",
            "withGrantOption",
        ],
        providerDeletesFirst:
            "https://github.com/pulumi/pulumi-postgresql/blob/v3.18.0/provider/resources.go#L96-L98",
        docs: pulumi("postgresql", "grant"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_grant"),
        // role L51, database L57, schema L63, object_type L69, objects L76, columns L84,
        // with_grant_option L99.
        source: at("postgresql", "postgresql/resource_postgresql_grant.go", "L46-L103"),
    },
    // A role renames in place (ALTER ROLE … RENAME TO; Update L50); no argument is ForceNew.
    "postgresql:index/role:Role": {
        replaceOn: [],
        docs: pulumi("postgresql", "role"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_role"),
        source: at("postgresql", "postgresql/resource_postgresql_role.go", "L46-L52"),
    },
    // A provider's own configuration updates in place: the bridge's DiffConfig replaces a provider only
    // on a ForceNew configuration argument, and this provider's schema has none.
    "pulumi:providers:postgresql": {
        replaceOn: [],
        docs: "https://www.pulumi.com/registry/packages/postgresql/installation-configuration/",
        upstream: "https://registry.terraform.io/providers/cyrilgdn/postgresql/latest/docs",
        source: at("postgresql", "postgresql/provider.go", "L31-L203"),
    },
    // Every argument of a random value forces a new value (the keepers are how one asks for it).
    "random:index/randomPassword:RandomPassword": {
        replaceOn: "any",
        docs: pulumi("random", "randompassword"),
        upstream: tf("hashicorp/random", "password"),
        // keepers L576 (RequiresReplaceIfValuesNotNull), length L585, special … override_special L715.
        source: at("random", "internal/provider/resource_password.go", "L570-L716"),
    },
    // A deployment is immutable: every argument builds a new one (domains L84 … custom_environment_id
    // L191); `delete_on_destroy` (L184) only changes what destroy does.
    "vercel:index/deployment:Deployment": {
        replaceOn: "any",
        except: ["deleteOnDestroy"],
        docs: pulumi("vercel", "deployment"),
        upstream: tf("vercel/vercel", "deployment"),
        source: at("vercel", "vercel/resource_deployment.go", "L84-L192"),
    },
    // `name` updates in place (Update L179).
    "vercel:index/edgeConfig:EdgeConfig": {
        replaceOn: ["teamId"],
        docs: pulumi("vercel", "edgeconfig"),
        upstream: tf("vercel/vercel", "edge_config"),
        source: at("vercel", "vercel/resource_edge_config.go", "L64-L79"),
    },
    // Every argument but team_id is RequiresReplaceIfConfigured, value and value_json included, and
    // Update is an error (L467-L473): a flag's new value is a new item. Create upserts the key and Delete
    // deletes it (client/edge_config_item.go L47, L91), so create-before-delete leaves the key absent.
    "vercel:index/edgeConfigItem:EdgeConfigItem": {
        replaceOn: ["edgeConfigId", "key", "value", "valueJson"],
        key: {
            inputs: ["edgeConfigId", "key"],
            what: "a key of an Edge Config store",
            conflict:
                "the new item upserts the key, then the old item's delete removes it: the key is absent until the next up",
            source: at("vercel", "client/edge_config_item.go", "L34-L100"),
        },
        docs: pulumi("vercel", "edgeconfigitem"),
        upstream: tf("vercel/vercel", "edge_config_item"),
        // edge_config_id L90, key L100, value L112, value_json L118; team_id (L92-L96) is not.
        source: at("vercel", "vercel/resource_edge_config_item.go", "L87-L118"),
    },
    // A token is issued once: its label, store and team all force a new one.
    "vercel:index/edgeConfigToken:EdgeConfigToken": {
        replaceOn: "any",
        docs: pulumi("vercel", "edgeconfigtoken"),
        upstream: tf("vercel/vercel", "edge_config_token"),
        // label L69, edge_config_id L77, team_id L83.
        source: at("vercel", "vercel/resource_edge_config_token.go", "L66-L83"),
    },
    "vercel:index/firewallConfig:FirewallConfig": {
        replaceOn: ["projectId", "teamId"],
        docs: pulumi("vercel", "firewallconfig"),
        upstream: tf("vercel/vercel", "firewall_config"),
        source: at("vercel", "vercel/resource_firewall_config.go", "L455-L464"),
    },
    "vercel:index/project:Project": {
        replaceOn: ["teamId"],
        docs: pulumi("vercel", "project"),
        upstream: tf("vercel/vercel", "project"),
        source: at("vercel", "vercel/resource_project.go", "L87-L90"),
    },
    "vercel:index/projectDeploymentRetention:ProjectDeploymentRetention": {
        replaceOn: ["projectId", "teamId"],
        docs: pulumi("vercel", "projectdeploymentretention"),
        upstream: tf("vercel/vercel", "project_deployment_retention"),
        source: at("vercel", "vercel/resource_project_deployment_retention.go", "L108-L117"),
    },
    "vercel:index/projectDomain:ProjectDomain": {
        replaceOn: ["projectId", "teamId", "domain"],
        docs: pulumi("vercel", "projectdomain"),
        upstream: tf("vercel/vercel", "project_domain"),
        // project_id L75, team_id L80, domain L90.
        source: at("vercel", "vercel/resource_project_domain.go", "L72-L90"),
    },
    // `targets` updates in place. Vercel refuses a second variable with the same key for a target
    // (ENV_CONFLICT; client/environment_variable.go L50-L62): a replacement that keeps the key (a change
    // of `sensitive`) must delete first.
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": {
        replaceOn: ["projectId", "teamId", "key", "customEnvironmentIds", "sensitive"],
        key: {
            inputs: ["projectId", "key"],
            what: "a variable's key for its targets in a project",
            conflict:
                "Vercel refuses the new variable while the old one holds the key for the target (ENV_CONFLICT), so the up fails",
            source: at("vercel", "client/environment_variable.go", "L50-L62"),
        },
        docs: pulumi("vercel", "projectenvironmentvariable"),
        upstream: tf("vercel/vercel", "project_environment_variable"),
        // custom_environment_ids L100, key L111, project_id L144, team_id L150, sensitive L161.
        source: at("vercel", "vercel/resource_project_environment_variable.go", "L95-L161"),
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
    source: "https://www.pulumi.com/docs/iac/concepts/resources/components/",
};

/** The rule for a type, or undefined when the table has none (a test requires one for every type). */
export function replaceRule(type: string): ReplaceRule | undefined {
    // A StackReference (a zone owner reading its tenants) is read every run and holds nothing to replace.
    if (
        type.startsWith("opsbook:") ||
        type === "pulumi:pulumi:Stack" ||
        type === "pulumi:pulumi:StackReference"
    )
        return COMPONENT_RULE;
    return REPLACE_ON_CHANGES[type];
}
