import { StackValidationPolicy } from "@pulumi/policy";
import { SECRET_CLASSES } from "../../../model/rules";
import { DATABASE, descendantsOf, ofType } from "./stack";

const MAX_DAYS = SECRET_CLASSES["database-credential"].maxPeriodDays;

/** Every database login has a password that rotates within 180 days, by an opsbook credential it owns. */
export const credentialRotation: StackValidationPolicy = {
    name: "opsbook-data-credential-rotation",
    description: `Database login users' passwords rotate at least every ${MAX_DAYS} days.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const managed = new Set<string>();
        for (const database of ofType(args.resources, DATABASE)) {
            const below = descendantsOf(args.resources, database.urn);
            below.forEach((r) => managed.add(r.urn));
            const passwords = ofType(below, "random:index/randomPassword:RandomPassword").filter(
                (p) => p.props.keepers?.class === "database-credential",
            );
            const name = String(database.props.database);
            if (passwords.length < 2) {
                reportViolation(
                    `database ${name}: its login users have no rotating credential (expected two database-credential slots).`,
                    database.urn,
                );
            }
            for (const password of passwords) {
                const days = Number(password.props.keepers?.periodDays);
                if (!(days <= MAX_DAYS)) {
                    reportViolation(
                        `database ${name}: ${password.name} rotates every ${password.props.keepers?.periodDays} days; expected at most ${MAX_DAYS}.`,
                        password.urn,
                    );
                }
            }
        }
        for (const role of ofType(args.resources, "postgresql:index/role:Role")) {
            if (role.props.login === true && !managed.has(role.urn)) {
                reportViolation(
                    `${role.name}: a login role outside an opsbook database; nothing rotates its password.`,
                    role.urn,
                );
            }
        }
    },
};
