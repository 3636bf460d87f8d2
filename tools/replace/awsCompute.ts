/** AWS compute, configuration and identity in the replace table: AppConfig, ECS, IAM, KMS, SSM. */
import { aws, awsAt, REGION, ReplaceRule } from "./rule";

export const AWS_COMPUTE: Readonly<Record<string, ReplaceRule>> = {
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
};
