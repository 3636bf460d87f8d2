import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { BACKUP_MIN_RETENTION_DAYS } from "../../../model/rules";
import { TYPES } from "../types";

/** Backups are kept at least the runbook minimum: RDS automated backups and every AWS Backup rule. */
export const backupRetention: ResourceValidationPolicy = {
    name: "opsbook-data-backup-retention",
    description: `Backups are kept at least ${BACKUP_MIN_RETENTION_DAYS} days (model/rules.ts).`,
    enforcementLevel: "mandatory",
    validateResource: [
        validateInputsOf(TYPES.aws.rds.Instance, (instance, args, reportViolation) => {
            const days = instance.backupRetentionPeriod ?? 0;
            if (days < BACKUP_MIN_RETENTION_DAYS) {
                reportViolation(
                    `${args.name}: automated backups are kept ${days} days; expected at least ${BACKUP_MIN_RETENTION_DAYS} (set the database's retentionDays).`,
                );
            }
        }),
        validateInputsOf(TYPES.aws.backup.Plan, (plan, args, reportViolation) => {
            for (const rule of plan.rules ?? []) {
                const days = rule.lifecycle?.deleteAfter;
                if (days === undefined || days < BACKUP_MIN_RETENTION_DAYS) {
                    reportViolation(
                        `${args.name}: rule ${rule.ruleName} keeps recovery points ${days ?? "for an unset number of"} days; expected at least ${BACKUP_MIN_RETENTION_DAYS}.`,
                    );
                }
            }
        }),
    ],
};
