import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { SECRET_CLASSES } from "../../../model/rules";
import { secretClassOf } from "./keepers";
import { TYPES } from "../types";

/** The random provider's default special characters (its `overrideSpecial` replaces them). */
const PROVIDER_DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?";

/** Bits of entropy of a random password from its arguments, with the provider's defaults for unset ones. */
export function passwordEntropyBits(args: {
    length: number;
    upper?: boolean;
    lower?: boolean;
    numeric?: boolean;
    special?: boolean;
    overrideSpecial?: string;
}): number {
    const alphabet =
        (args.upper !== false ? 26 : 0) +
        (args.lower !== false ? 26 : 0) +
        (args.numeric !== false ? 10 : 0) +
        (args.special !== false
            ? new Set(args.overrideSpecial ?? PROVIDER_DEFAULT_SPECIAL).size
            : 0);
    return alphabet > 1 ? args.length * Math.log2(alphabet) : 0;
}

/** A generated secret is at least as strong as its class requires. */
export const minimumStrength: ResourceValidationPolicy = {
    name: "opsbook-secrets-minimum-strength",
    description:
        "A generated secret has at least its class's minimum entropy (length × log2 of its alphabet).",
    enforcementLevel: "mandatory",
    validateResource: validateInputsOf(
        TYPES.random.RandomPassword,
        (password, args, reportViolation) => {
            const secretClass = secretClassOf(password.keepers);
            if (!secretClass || typeof password.length !== "number") return;
            const required = SECRET_CLASSES[secretClass].minEntropyBits;
            const bits = passwordEntropyBits({ ...password, length: password.length });
            if (bits < required) {
                reportViolation(
                    `${args.name}: ${password.length} characters give ${Math.floor(bits)} bits of entropy; a ${secretClass} needs at least ${required}.`,
                );
            }
        },
    ),
};
