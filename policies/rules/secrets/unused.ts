import { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../types";

/**
 * A secret nothing uses (no consumer, no alert route, no database) is still generated or demanded, and a
 * vendor one still goes overdue: reported with the stack-file entry to remove.
 */
export const secretsUnused: StackValidationPolicy = {
    name: "opsbook-secrets-unused",
    description: "Every declared secret is used by a service or by the infrastructure.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const r of args.resources) {
            if (r.type !== TYPES.opsbook.VendorSecret && r.type !== TYPES.opsbook.RotatingSecret)
                continue;
            if (r.props.unused !== true) continue;
            const name = r.type === TYPES.opsbook.VendorSecret ? r.name : String(r.props.secret);
            const vendor = r.type === TYPES.opsbook.VendorSecret;
            reportViolation(
                `${name}: no service consumes it and no alert route or database reads it; remove opsbook:system.secrets.${name} from the stack file${vendor ? ` and its value with \`pulumi config rm ${name}\`` : ""}, or list its consumers.`,
                r.urn,
            );
        }
    },
};
