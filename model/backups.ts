/**
 * What backs up each database, as data: the schedule its RPO calls for, the retention, the restore drill.
 * The backup components build from it and the plan prints it. Pure.
 */
import { DatabaseModel } from "./data";
import {
    EnvironmentRules,
    CONTINUOUS_BACKUP_RPO_MINUTES,
    DEFAULT_RPO_MINUTES,
    RESTORE_TEST_SCHEDULE,
} from "./rules";
import { rateExpression } from "./schedule";
import type { SystemModel } from "./types";

/** AWS Backup's daily and monthly rules (cron, UTC). */
export const DAILY_BACKUP_SCHEDULE = "cron(0 5 ? * * *)";
export const MONTHLY_BACKUP_SCHEDULE = "cron(0 6 1 * ? *)";

export interface BackupSummary {
    readonly database: string;
    /** `aws-backup` (RDS: vault, plan, restore testing) or `logical-dump` (external: pg_dump to S3). */
    readonly kind: "aws-backup" | "logical-dump";
    readonly schedule: string;
    readonly continuous: boolean;
    readonly rpoMinutes: number;
    /** The RPO the schedule achieves (continuous backup: 5 minutes). */
    readonly achievedRpoMinutes: number;
    readonly retentionDays: number;
    readonly longTermRetentionDays: number | null;
    readonly keepVersions: number | null;
    /** The drill's schedule, or `none` where the stack has no drills (rule restoreDrills). */
    readonly restoreTest: string;
}

/** RDS: continuous backup (point-in-time recovery) when the RPO is under a day, else the daily snapshot. */
export function rdsBackupSchedule(rpoMinutes: number): {
    continuous: boolean;
    achievedRpoMinutes: number;
} {
    const continuous = rpoMinutes < DEFAULT_RPO_MINUTES;
    return {
        continuous,
        achievedRpoMinutes: continuous ? CONTINUOUS_BACKUP_RPO_MINUTES : DEFAULT_RPO_MINUTES,
    };
}

export function backupSummary(
    database: DatabaseModel,
    rules: Pick<EnvironmentRules, "restoreDrills" | "monthlyBackupRetentionDays">,
): BackupSummary {
    const restoreTest = rules.restoreDrills ? RESTORE_TEST_SCHEDULE : "none";
    if (database.kind === "rds") {
        const schedule = rdsBackupSchedule(database.rpoMinutes);
        return {
            database: database.name,
            kind: "aws-backup",
            schedule: `${schedule.continuous ? "continuous (PITR) + " : ""}daily ${DAILY_BACKUP_SCHEDULE}${rules.monthlyBackupRetentionDays > 0 ? ` + monthly ${MONTHLY_BACKUP_SCHEDULE}` : ""}`,
            continuous: schedule.continuous,
            rpoMinutes: database.rpoMinutes,
            achievedRpoMinutes: schedule.achievedRpoMinutes,
            retentionDays: database.retentionDays,
            longTermRetentionDays: rules.monthlyBackupRetentionDays || null,
            keepVersions: null,
            restoreTest,
        };
    }
    return {
        database: database.name,
        kind: "logical-dump",
        schedule: rateExpression(database.rpoMinutes),
        continuous: false,
        rpoMinutes: database.rpoMinutes,
        achievedRpoMinutes: database.rpoMinutes,
        retentionDays: database.retentionDays,
        longTermRetentionDays: null,
        keepVersions: database.keepVersions,
        restoreTest,
    };
}

export function backupPlan(model: SystemModel): BackupSummary[] {
    return Object.values(model.databases).map((d) => backupSummary(d, model.rules));
}
