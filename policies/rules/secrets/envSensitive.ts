import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { PUBLIC_VALUE_MARK, PUBLIC_VALUE_TAG, SECRET_LOOKING_NAME } from "../../../model/rules";
import { credentialMatches, describeMatches } from "../../../model/credentials";
import { peek } from "../data/stack";
import { TYPES } from "../types";

const MAKE_IT_A_SECRET = "(in opsbook, make it a secret, not a literal in env)";

/**
 * What a plain value looks like, judged only when known: a first preview may not know a value (a bucket's
 * generated name), and reading an unknown would skip the whole policy.
 */
function plainCredential(read: () => string | undefined, name: string): string | undefined {
    const value = peek(read);
    if (typeof value !== "string") return undefined;
    const matches = credentialMatches(value, name);
    return matches.length > 0 ? describeMatches(matches) : undefined;
}

/**
 * A variable that holds a credential, by its name or by its value (the loader's rules, model/credentials.ts),
 * is stored as a secret wherever it lives. A value the stack model declares public by design carries the
 * mark the program writes (`PUBLIC_VALUE_TAG`, `PUBLIC_VALUE_MARK`) and is accepted. Messages name the
 * variable and the rule, never the value.
 */
export const envSensitive: ResourceValidationPolicy = {
    name: "opsbook-secrets-env-sensitive",
    description:
        "Variables that look like credentials, by name or by value, are Vercel `sensitive` variables or SSM `SecureString` parameters, never plain values.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateInputsOf(
            TYPES.vercel.ProjectEnvironmentVariable,
            (variable, args, reportViolation) => {
                if (variable.sensitive === true) return;
                if (
                    peek(() => variable.comment)
                        ?.toString()
                        .endsWith(` (${PUBLIC_VALUE_MARK})`)
                )
                    return;
                if (SECRET_LOOKING_NAME.test(variable.key)) {
                    reportViolation(
                        `${args.name}: Vercel variable ${variable.key} looks like a credential but is not sensitive; set sensitive: true ${MAKE_IT_A_SECRET}.`,
                    );
                    return;
                }
                const rule = plainCredential(() => variable.value, variable.key);
                if (rule) {
                    reportViolation(
                        `${args.name}: Vercel variable ${variable.key} holds a value that looks like a credential (${rule}) but is not sensitive; set sensitive: true ${MAKE_IT_A_SECRET}.`,
                    );
                }
            },
        ),
        validateInputsOf(TYPES.aws.ssm.Parameter, (parameter, args, reportViolation) => {
            const variable = (parameter.name ?? args.name).split("/").pop() ?? "";
            if (peek(() => parameter.tags?.[PUBLIC_VALUE_TAG]) === PUBLIC_VALUE_MARK) return;
            const byName = SECRET_LOOKING_NAME.test(variable);
            const secure = parameter.type === "SecureString";
            const byValue = secure ? undefined : plainCredential(() => parameter.value, variable);
            const insecure = plainCredential(() => parameter.insecureValue, variable);
            if ((byName || byValue) && !secure) {
                reportViolation(
                    `${args.name}: SSM parameter ${parameter.name ?? ""} ${byName ? "looks like a credential" : `holds a value that looks like a credential (${byValue})`} but its type is ${JSON.stringify(parameter.type)}; expected "SecureString" ${MAKE_IT_A_SECRET}.`,
                );
            } else if ((byName || insecure) && parameter.insecureValue !== undefined) {
                reportViolation(
                    `${args.name}: SSM parameter ${parameter.name ?? ""} sets insecureValue, which is stored in plain text; use value.`,
                );
            }
        }),
    ],
};
