import { StackValidationPolicy } from "@pulumi/policy";
import { RESTORE_TEST_MAX_INTERVAL_DAYS } from "../../../model/rules";
import { scheduleIntervalMinutes } from "../../../model/schedule";
import { backupsByDatabase, descendantsOf, ofType, stackEnvironment } from "./stack";
import { TYPES } from "../types";

/**
 * Where the stack's rules hold drills (restoreDrills: always in production), every database has a restore
 * test at least quarterly: the runbooks' DR drill.
 */
export const restoreTest: StackValidationPolicy = {
    name: "opsbook-data-restore-test",
    description: `Where the environment's rules hold drills (production), every database is restored in a scheduled test at least every ${RESTORE_TEST_MAX_INTERVAL_DAYS} days.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        if (!stackEnvironment(args.resources).rules.restoreDrills) return;
        const backups = backupsByDatabase(args.resources);
        for (const database of ofType(args.resources, TYPES.opsbook.Database)) {
            const name = String(database.props.database);
            const backup = backups.get(name);
            const below = backup ? descendantsOf(args.resources, backup.urn) : [];
            const plans = ofType(below, TYPES.aws.backup.RestoreTestingPlan);
            const selections = ofType(below, TYPES.aws.backup.RestoreTestingSelection);
            const drills = ofType(below, TYPES.aws.scheduler.Schedule).filter((s) =>
                s.name.endsWith("-restore-drill-schedule"),
            );
            const expressions = [
                ...(selections.length > 0
                    ? plans.map((p) => String(p.props.scheduleExpression))
                    : []),
                ...drills.map((d) => String(d.props.scheduleExpression)),
            ];
            if (expressions.length === 0) {
                reportViolation(
                    `database ${name}: no restore test is scheduled; where the rules hold drills (rule restoreDrills) a database is restored at least every ${RESTORE_TEST_MAX_INTERVAL_DAYS} days.`,
                    (backup ?? database).urn,
                );
                continue;
            }
            const longest =
                Math.min(...expressions.map((e) => scheduleIntervalMinutes(e) ?? Infinity)) / 1440;
            if (longest > RESTORE_TEST_MAX_INTERVAL_DAYS) {
                reportViolation(
                    `database ${name}: its restore test runs up to ${Number.isFinite(longest) ? Math.round(longest) : "an unknown number of"} days apart; expected at most ${RESTORE_TEST_MAX_INTERVAL_DAYS}.`,
                    (backup ?? database).urn,
                );
            }
        }
    },
};
