import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel } from "../../model/data";
import {
    DAILY_BACKUP_SCHEDULE,
    MONTHLY_BACKUP_SCHEDULE,
    rdsBackupSchedule,
} from "../../model/backups";
import {
    BACKUP_MONTHLY_RETENTION_DAYS,
    RESTORE_TEST_SCHEDULE,
    RESTORE_TEST_VALIDATION_HOURS,
} from "../../model/rules";
import { serviceRole } from "../compute/iam";

export interface RdsBackupArgs {
    readonly database: DatabaseModel;
    /** The instance to back up, and where a restore test may bring it up. */
    readonly instanceArn: pulumi.Input<string>;
    readonly subnetGroupName: pulumi.Input<string>;
    readonly securityGroupId: pulumi.Input<string>;
    /** Failed backup and restore-test jobs are published here. */
    readonly criticalTopicArn: pulumi.Input<string>;
    /** Production: the vault is locked (governance mode) and protected. */
    readonly protect: boolean;
    /** Stack name, for the restore testing plan's name (AWS allows letters, digits and '_' only). */
    readonly stack: string;
    /** The quarterly restore test (rule restoreDrills). Default true. */
    readonly restoreDrills?: boolean;
    /** Days monthly recovery points are kept; 0 takes none (rule monthlyBackupRetentionDays). */
    readonly monthlyRetentionDays?: number;
}

/** AWS Backup's managed policies for its service role. */
const BACKUP_POLICIES = [
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
];

/**
 * AWS Backup for an RDS database: a KMS-encrypted vault (locked in production), a plan with a daily rule
 * (continuous backup when the RPO is under a day) and a monthly long-term rule, a selection by ARN, a
 * quarterly restore test of the latest recovery point (the runbooks' DR drill), and an EventBridge rule
 * that sends failed backup, copy and restore jobs to the critical topic.
 */
export class RdsBackup extends pulumi.ComponentResource {
    public readonly vaultName: pulumi.Output<string>;
    public readonly planId: pulumi.Output<string>;
    /** Absent without drills (rule restoreDrills). */
    public readonly restoreTestingPlanName: pulumi.Output<string | undefined>;

    constructor(name: string, args: RdsBackupArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const db = args.database;
        const schedule = rdsBackupSchedule(db.rpoMinutes);
        const drills = args.restoreDrills ?? true;
        const monthlyDays = args.monthlyRetentionDays ?? BACKUP_MONTHLY_RETENTION_DAYS;
        super(
            "opsbook:index:RdsBackup",
            name,
            {
                database: db.name,
                kind: "rds",
                rpoMinutes: db.rpoMinutes,
                achievedRpoMinutes: schedule.achievedRpoMinutes,
                retentionDays: db.retentionDays,
                restoreTestSchedule: drills ? RESTORE_TEST_SCHEDULE : null,
            },
            opts,
        );
        const parent = { parent: this };
        const keep = { parent: this, protect: args.protect };

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Backups of database ${db.dbName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            keep,
        );
        const vault = new aws.backup.Vault(
            `${name}-vault`,
            { kmsKeyArn: key.arn, forceDestroy: false },
            keep,
        );
        if (args.protect) {
            // Governance mode: recovery points cannot be deleted early or kept past a year, except by an
            // administrator with the explicit permission. Compliance mode would make this irreversible.
            // Every argument is ForceNew, so a retention edit replaces the lock: delete-first, because the
            // old lock's delete removes the vault's lock whichever resource made it. Not protected: it
            // holds no data (the vault and key are protected), and protecting it would refuse every up
            // after a retention edit.
            new aws.backup.VaultLockConfiguration(
                `${name}-vault-lock`,
                {
                    backupVaultName: vault.name,
                    minRetentionDays: db.retentionDays,
                    maxRetentionDays: Math.max(monthlyDays, db.retentionDays),
                },
                { parent: this, deleteBeforeReplace: true },
            );
        }
        const role = serviceRole(`${name}-role`, "backup.amazonaws.com", BACKUP_POLICIES, this);
        const plan = new aws.backup.Plan(
            `${name}-plan`,
            {
                rules: [
                    {
                        ruleName: "daily",
                        targetVaultName: vault.name,
                        schedule: DAILY_BACKUP_SCHEDULE,
                        startWindow: 60,
                        completionWindow: 240,
                        enableContinuousBackup: schedule.continuous,
                        lifecycle: { deleteAfter: db.retentionDays },
                        recoveryPointTags: {
                            "opsbook:database": db.dbName,
                            "opsbook:rule": "daily",
                        },
                    },
                    ...(monthlyDays > 0
                        ? [
                              {
                                  ruleName: "monthly",
                                  targetVaultName: vault.name,
                                  schedule: MONTHLY_BACKUP_SCHEDULE,
                                  startWindow: 60,
                                  completionWindow: 480,
                                  lifecycle: { deleteAfter: monthlyDays },
                                  recoveryPointTags: {
                                      "opsbook:database": db.dbName,
                                      "opsbook:rule": "monthly",
                                  },
                              },
                          ]
                        : []),
                ],
            },
            parent,
        );
        new aws.backup.Selection(
            `${name}-selection`,
            { iamRoleArn: role.arn, planId: plan.id, resources: [args.instanceArn] },
            parent,
        );

        const testName = `opsbook_${args.stack}_${db.dbName}_drill`
            .replace(/[^A-Za-z0-9_]/g, "_")
            .slice(0, 50);
        let testPlan: aws.backup.RestoreTestingPlan | undefined;
        if (drills) {
            testPlan = new aws.backup.RestoreTestingPlan(
                `${name}-restore-test`,
                {
                    name: testName,
                    scheduleExpression: RESTORE_TEST_SCHEDULE,
                    startWindowHours: 24,
                    recoveryPointSelection: {
                        algorithm: "LATEST_WITHIN_WINDOW",
                        includeVaults: [vault.arn],
                        recoveryPointTypes: ["SNAPSHOT"],
                        selectionWindowDays: 35,
                    },
                },
                parent,
            );
            new aws.backup.RestoreTestingSelection(
                `${name}-restore-test-selection`,
                {
                    name: `${testName.slice(0, 44)}_rds`,
                    restoreTestingPlanName: testPlan.name,
                    protectedResourceType: "RDS",
                    protectedResourceArns: [args.instanceArn],
                    iamRoleArn: role.arn,
                    validationWindowHours: RESTORE_TEST_VALIDATION_HOURS,
                    // Restore beside the original, in its private subnets, not into a default VPC.
                    restoreMetadataOverrides: {
                        dbsubnetgroupname: args.subnetGroupName,
                        vpcsecuritygroupids: pulumi
                            .output(args.securityGroupId)
                            .apply((id) => JSON.stringify([id])),
                    },
                },
                parent,
            );
        }

        // Backup and copy jobs name their vault; restore jobs (the drill's included) carry no vault name, and
        // report `status` where the others report `state`.
        const FAILED = ["FAILED", "ABORTED", "EXPIRED"];
        const patterns: Record<string, pulumi.Input<string>> = {
            backups: vault.name.apply((backupVaultName) =>
                JSON.stringify({
                    source: ["aws.backup"],
                    "detail-type": ["Backup Job State Change", "Copy Job State Change"],
                    detail: { state: FAILED, backupVaultName: [backupVaultName] },
                }),
            ),
            restores: JSON.stringify({
                source: ["aws.backup"],
                "detail-type": ["Restore Job State Change"],
                detail: { $or: [{ status: FAILED }, { state: FAILED }], resourceType: ["RDS"] },
            }),
        };
        for (const [kind, eventPattern] of Object.entries(patterns)) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-failed-${kind}`,
                {
                    description: `Failed ${kind} of database ${db.dbName}: page on-call`,
                    eventPattern,
                    state: "ENABLED",
                },
                parent,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-failed-${kind}-critical`,
                { rule: rule.name, arn: args.criticalTopicArn },
                parent,
            );
        }

        this.vaultName = vault.name;
        this.planId = plan.id;
        this.restoreTestingPlanName = testPlan ? testPlan.name : pulumi.output(undefined);
        this.registerOutputs({
            vaultName: this.vaultName,
            planId: this.planId,
            restoreTestingPlanName: this.restoreTestingPlanName,
        });
    }
}
