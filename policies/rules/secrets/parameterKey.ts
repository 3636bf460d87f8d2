import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { SSM_ENCRYPTION_CONTEXT_KEY } from "../../../model/rules";
import { ofType, peek, UNKNOWN } from "../data/stack";
import { TYPES } from "../types";

const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];

const isParameterKey = (r: PolicyResource) =>
    r.type === TYPES.aws.kms.Key && r.parent?.type === TYPES.opsbook.ParameterKey;

/**
 * Every SecureString parameter is encrypted with the stack's one customer-managed parameter key (rotation
 * on), not `aws/ssm`, and every IAM statement that lets a role decrypt with that key is conditioned on
 * Parameter Store's encryption context (`kms:EncryptionContext:PARAMETER_ARN`), so a role decrypts only
 * the parameters it names. Which key a parameter uses is judged by where its `keyId` came from, so a
 * first preview (no key ARN yet) is judged too; policy documents are read where they are known.
 */
export const parameterKey: StackValidationPolicy = {
    name: "opsbook-secrets-parameter-key",
    description:
        "SecureString parameters use the stack's customer-managed parameter key (rotated); kms:Decrypt with it is conditioned on kms:EncryptionContext:PARAMETER_ARN.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const keys = args.resources.filter(isParameterKey);
        if (keys.length > 1)
            reportViolation(
                `the stack has ${keys.length} parameter keys (${keys.map((k) => k.name).join(", ")}); one per stack.`,
            );
        for (const key of keys) {
            if (peek(() => key.props.enableKeyRotation as unknown) !== true)
                reportViolation(
                    `${key.name}: key rotation is off; set enableKeyRotation: true.`,
                    key.urn,
                );
        }
        for (const parameter of ofType(args.resources, TYPES.aws.ssm.Parameter)) {
            if (peek(() => parameter.props.type as unknown) !== "SecureString") continue;
            const fromKey = (parameter.propertyDependencies?.keyId ?? []).some(isParameterKey);
            if (!fromKey) {
                const keyId = peek(() => parameter.props.keyId as unknown);
                reportViolation(
                    `${parameter.name}: SecureString encrypted with ${keyId === undefined ? "the AWS-managed aws/ssm key" : String(keyId === UNKNOWN ? "an unknown key" : keyId)}; use the stack's parameter key, whose policy and CloudTrail scope who decrypts it.`,
                    parameter.urn,
                );
            }
        }
        for (const policy of ofType(args.resources, TYPES.aws.iam.RolePolicy)) {
            if (!(policy.propertyDependencies?.policy ?? []).some(isParameterKey)) continue;
            const document = peek(() => JSON.parse(JSON.stringify(policy.props.policy)) as unknown);
            if (document === UNKNOWN) continue;
            const parsed = (typeof document === "string" ? JSON.parse(document) : document) as {
                Statement?: unknown;
            };
            for (const statement of list(parsed?.Statement)) {
                const s = statement as { Effect?: unknown; Action?: unknown; Condition?: unknown };
                const decrypts = list(s.Action).some((a) =>
                    /^kms:(Decrypt|\*)$|^\*$/.test(String(a)),
                );
                if (s.Effect !== "Allow" || !decrypts) continue;
                const conditionKeys = Object.values(
                    (s.Condition as Record<string, Record<string, unknown>> | undefined) ?? {},
                ).flatMap((operator) => Object.keys(operator ?? {}));
                if (!conditionKeys.includes(SSM_ENCRYPTION_CONTEXT_KEY))
                    reportViolation(
                        `${policy.name}: allows kms:Decrypt with the parameter key without a ${SSM_ENCRYPTION_CONTEXT_KEY} condition; the role could decrypt every parameter of the stack.`,
                        policy.urn,
                    );
            }
        }
    },
};
