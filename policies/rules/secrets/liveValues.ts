import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { KeyScheme } from "../../../model/rules";
import { TYPES } from "../types";

/**
 * Every value a generated secret declares live exists, and in production a key ring's keys are protected.
 * A missing key-set value breaks a rollout; a missing key-ring key is data nobody can decrypt again. Only
 * `retiredThrough` may drop a key, and `protect` makes the engine refuse any other deletion.
 */
export const liveValues: StackValidationPolicy = {
    name: "opsbook-secrets-live-values",
    description:
        "Every live value of a generated secret exists; in production no unretired encryption key can be deleted or replaced.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const secret of args.resources.filter(
            (r) => r.type === TYPES.opsbook.RotatingSecret,
        )) {
            const name = String(secret.props.secret);
            const scheme = secret.props.scheme as KeyScheme;
            const children = args.resources.filter(
                (r) => r.type === TYPES.random.RandomPassword && r.parent?.urn === secret.urn,
            );
            // Keepers are set by the program, so they are known in a first preview too.
            const byGeneration = new Map<string, PolicyResource>(
                children.map((child) => [String(child.props.keepers?.generation), child]),
            );
            const live = Array.isArray(secret.props.live)
                ? (secret.props.live as { generation: number; role: string }[])
                : [];
            for (const value of live) {
                const child = byGeneration.get(String(value.generation));
                if (!child) {
                    reportViolation(
                        scheme === "key-ring"
                            ? `${name}: key g${value.generation} (${value.role}) is not retired but is missing: data encrypted with it could never be read again. ${RETIRE_STEPS(name)}`
                            : `${name}: its ${value.role} value (g${value.generation}) is missing; consumers must hold every live value (${live.map((v) => v.role).join(", ")}), or old and new instances reject each other's during a rollout.`,
                        secret.urn,
                    );
                } else if (
                    scheme === "key-ring" &&
                    secret.props.production === true &&
                    !child.opts.protect
                ) {
                    reportViolation(
                        `${name}: key g${value.generation} is not protected; in production only a recorded retirement may delete an encryption key. ${RETIRE_STEPS(name)}`,
                        child.urn,
                    );
                }
            }
        }
    },
};

/** How an operator retires old keys, the one way a key ring shrinks. */
function RETIRE_STEPS(name: string): string {
    return `To retire keys: re-encrypt the data with the current key, set opsbook:system.secrets.${name}.retiredThrough to the newest retired generation, run \`pulumi state unprotect <urn>\` for each retired key (npm run plan lists them), then \`pulumi up\`.`;
}
