/** AWS data stores and their backups in the replace table: Backup, ElastiCache, RDS and S3. */
import { aws, awsAt, REGION, ReplaceRule } from "./rule";

/** Why an RDS identifier change blocks although the provider renames the instance in place. */
const RDS_RENAME =
    "renames the RDS instance in place (ModifyDBInstance NewDBInstanceIdentifier, with a reboot): its endpoint moves, so every DATABASE_URL, grant and tunnel on the old host breaks until the consumers roll";
/** The S3 bucket configuration resources: one per bucket, replaced when pointed at another. */
const BUCKET_CONFIG = [REGION, "bucket", "expectedBucketOwner"];

export const AWS_DATA: Readonly<Record<string, ReplaceRule>> = {
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
};
