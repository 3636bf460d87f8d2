import { StackValidationPolicy } from "@pulumi/policy";
import { SECRET_CLASSES } from "../../../model/rules";
import { descendantsOf, ofType } from "./stack";
import { TYPES } from "../types";

const MAX_DAYS = SECRET_CLASSES["database-credential"].maxPeriodDays;

/** Every database login has a password that rotates within 180 days, by an opsbook credential it owns. */
export const credentialRotation: StackValidationPolicy = {
    name: "opsbook-data-credential-rotation",
    description: `Database login users' passwords rotate at least every ${MAX_DAYS} days.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const managed = new Set<string>();
        for (const database of ofType(args.resources, TYPES.opsbook.Database)) {
            const below = descendantsOf(args.resources, database.urn);
            below.forEach((r) => managed.add(r.urn));
            const passwords = ofType(below, TYPES.random.RandomPassword).filter(
                (p) => p.props.keepers?.class === "database-credential",
            );
            const name = String(database.props.database);
            const schedules = ofType(below, TYPES.opsbook.RotatingSecret).filter(
                (s) => s.props.class === "database-credential",
            );
            if (passwords.length < 2 || schedules.length === 0) {
                reportViolation(
                    `database ${name}: its login users have no rotating credential (expected a database-credential with a password for each of the two login users).`,
                    database.urn,
                );
            }
            for (const schedule of schedules) {
                const days = Number(schedule.props.periodDays);
                if (!(days <= MAX_DAYS)) {
                    reportViolation(
                        `database ${name}: ${schedule.name} rotates every ${schedule.props.periodDays} days; expected at most ${MAX_DAYS}.`,
                        schedule.urn,
                    );
                }
            }
        }
        for (const role of ofType(args.resources, TYPES.postgresql.Role)) {
            if (role.props.login === true && !managed.has(role.urn)) {
                reportViolation(
                    `${role.name}: a login role outside an opsbook database; nothing rotates its password.`,
                    role.urn,
                );
            }
        }
    },
};
