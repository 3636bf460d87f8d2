import { StackValidationPolicy } from "@pulumi/policy";
import { CONTINUOUS_BACKUP_RPO_MINUTES } from "../../../model/rules";
import { scheduleIntervalMinutes } from "../../../model/schedule";
import { backupsByDatabase, descendantsOf, ofType } from "./stack";
import { TYPES } from "../types";

/** The interval a backup component's schedule achieves, from its real provider resources. */
function achievedIntervalMinutes(
    backup: { urn: string; type: string },
    resources: Parameters<typeof descendantsOf>[0],
): number | undefined {
    const below = descendantsOf(resources, backup.urn);
    if (backup.type === TYPES.opsbook.RdsBackup) {
        const rules = ofType(below, TYPES.aws.backup.Plan).flatMap(
            (plan) =>
                (plan.props.rules ?? []) as {
                    schedule?: string;
                    enableContinuousBackup?: boolean;
                }[],
        );
        if (rules.length === 0) return undefined;
        if (rules.some((rule) => rule.enableContinuousBackup === true))
            return CONTINUOUS_BACKUP_RPO_MINUTES;
        const intervals = rules.map((rule) =>
            rule.schedule ? scheduleIntervalMinutes(rule.schedule) : undefined,
        );
        return intervals.every((i) => i === undefined)
            ? undefined
            : Math.min(...intervals.filter((i): i is number => i !== undefined));
    }
    const dumps = ofType(below, TYPES.aws.scheduler.Schedule).filter((s) =>
        s.name.endsWith("-dump-schedule"),
    );
    const intervals = dumps.map((s) => scheduleIntervalMinutes(String(s.props.scheduleExpression)));
    return intervals.length === 0 || intervals.some((i) => i === undefined)
        ? undefined
        : Math.min(...(intervals as number[]));
}

/** Every database has a backup schedule, and it runs at least as often as the database's RPO. */
export const backupSchedule: StackValidationPolicy = {
    name: "opsbook-data-backup-schedule",
    description:
        "Every database has a backup schedule whose interval meets its recovery point objective.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const backups = backupsByDatabase(args.resources);
        for (const database of ofType(args.resources, TYPES.opsbook.Database)) {
            const name = String(database.props.database);
            const rpo = Number(database.props.rpoMinutes);
            const backup = backups.get(name);
            if (!backup) {
                reportViolation(
                    `database ${name}: no backup schedule backs it up; every database needs one.`,
                    database.urn,
                );
                continue;
            }
            const interval = achievedIntervalMinutes(backup, args.resources);
            if (interval === undefined) {
                reportViolation(
                    `database ${name}: its backup has no schedule this policy can read; expected a backup plan rule or a dump schedule.`,
                    backup.urn,
                );
            } else if (interval > rpo) {
                reportViolation(
                    `database ${name}: backed up every ${interval} minutes, but its RPO is ${rpo} minutes.`,
                    backup.urn,
                );
            }
        }
        // An RDS instance outside an opsbook Database has no schedule this pack can see.
        const databaseUrns = new Set(
            ofType(args.resources, TYPES.opsbook.Database).map((d) => d.urn),
        );
        for (const instance of ofType(args.resources, TYPES.aws.rds.Instance)) {
            if (!instance.parent || !databaseUrns.has(instance.parent.urn)) {
                reportViolation(
                    `${instance.name}: an RDS instance outside an opsbook database, so no backup schedule covers it; declare it under opsbook:system.databases.`,
                    instance.urn,
                );
            }
        }
    },
};
