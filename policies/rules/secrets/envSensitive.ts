import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { SECRET_LOOKING_NAME } from "../../../model/rules";

/** A variable whose name says it holds a credential is stored as a secret wherever it lives. */
export const envSensitive: ResourceValidationPolicy = {
    name: "opsbook-secrets-env-sensitive",
    description:
        "Secret-looking variables are Vercel `sensitive` variables or SSM `SecureString` parameters, never plain values.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateInputsOf(
            "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
            (variable, args, reportViolation) => {
                if (SECRET_LOOKING_NAME.test(variable.key) && variable.sensitive !== true) {
                    reportViolation(
                        `${args.name}: Vercel variable ${variable.key} looks like a credential but is not sensitive; set sensitive: true (in opsbook, make it a secret, not a literal in env).`,
                    );
                }
            },
        ),
        validateInputsOf("aws:ssm/parameter:Parameter", (parameter, args, reportViolation) => {
            const variable = (parameter.name ?? args.name).split("/").pop() ?? "";
            if (!SECRET_LOOKING_NAME.test(variable)) return;
            if (parameter.type !== "SecureString") {
                reportViolation(
                    `${args.name}: SSM parameter ${parameter.name ?? ""} looks like a credential but its type is ${JSON.stringify(parameter.type)}; expected "SecureString" (in opsbook, make it a secret, not a literal in env).`,
                );
            } else if (parameter.insecureValue !== undefined) {
                reportViolation(
                    `${args.name}: SSM parameter ${parameter.name ?? ""} sets insecureValue, which is stored in plain text; use value.`,
                );
            }
        }),
    ],
};
