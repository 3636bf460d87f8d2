import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { SECRET_LOOKING_NAME } from "../../../model/rules";
import { credentialMatches, describeMatches } from "../../../model/credentials";
import { ofType, peek, UNKNOWN } from "../data/stack";
import { TYPES } from "../types";

interface Container {
    name?: string;
    environment?: { name?: string; value?: string }[];
    secrets?: { name?: string }[];
}

/** What the component that builds a task definition declares its containers receive (components/compute/fargate). */
interface TaskEnvironment {
    plain: string[];
    fromParameters: string[];
    /** Plain names whose values the stack model declares public by design: accepted as plain. */
    publicValues: string[];
}

function declaredEnvironment(definition: PolicyResource): TaskEnvironment | undefined {
    const declared = peek(
        () =>
            (definition.parent?.props.taskEnvironments as Record<string, unknown> | undefined)?.[
                definition.name
            ],
    );
    if (declared === UNKNOWN || typeof declared !== "object" || declared === null) return undefined;
    const { plain, fromParameters, publicValues } = declared as Record<string, unknown>;
    const names = (value: unknown) =>
        Array.isArray(value) && value.every((n) => typeof n === "string") ? value : undefined;
    const p = names(plain);
    const f = names(fromParameters);
    return p && f
        ? { plain: p, fromParameters: f, publicValues: names(publicValues) ?? [] }
        : undefined;
}

/**
 * A task definition's plain `environment` holds no credential, by name or by value (the loader's rules,
 * model/credentials.ts): those come from SSM as `secrets`. Names the component declares public by design
 * (`publicValues`, from the stack model's `{ value, public: WHY }`) are accepted. Messages never carry a value.
 *
 * The container JSON is judged when it is known. In a first preview it is unknown (it embeds parameter
 * ARNs and the log group's generated name); the policy then judges what is known: the variable names the
 * parent component declares for this task definition (`taskEnvironments`, built from the same lists as
 * the JSON), and, for each name read from a parameter, that a SecureString SSM parameter of that name
 * flows into `containerDefinitions` (its property dependencies). A task definition with unknown JSON and
 * no declaration is not judged: the server reports it as "can't run during preview". Where the JSON is
 * known, a declaration that does not match it is a violation, so every known plan checks what a first
 * preview relies on.
 */
export const noPlainSecrets: StackValidationPolicy = {
    name: "opsbook-services-no-plain-secrets",
    description:
        "ECS task definitions carry no variable in plain environment that looks like a credential, by name or by value.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const definition of ofType(args.resources, TYPES.aws.ecs.TaskDefinition)) {
            const json = peek(() => definition.props.containerDefinitions as unknown);
            if (json !== UNKNOWN) {
                let containers: Container[];
                try {
                    containers = JSON.parse(String(json)) as Container[];
                } catch {
                    reportViolation(
                        `${definition.name}: containerDefinitions is not valid JSON.`,
                        definition.urn,
                    );
                    continue;
                }
                const declared = declaredEnvironment(definition);
                if (declared) checkDeclaration(definition, declared, containers, reportViolation);
                const declaredPublic = new Set(declared?.publicValues ?? []);
                for (const container of containers) {
                    for (const variable of container.environment ?? []) {
                        if (!variable.name || declaredPublic.has(variable.name)) continue;
                        if (SECRET_LOOKING_NAME.test(variable.name)) {
                            reportViolation(
                                `${definition.name}: container ${container.name} has ${variable.name} in plain environment; pass it as a secret from SSM (valueFrom).`,
                                definition.urn,
                            );
                            continue;
                        }
                        const matches =
                            typeof variable.value === "string"
                                ? credentialMatches(variable.value, variable.name)
                                : [];
                        if (matches.length > 0) {
                            reportViolation(
                                `${definition.name}: container ${container.name} has ${variable.name} in plain environment with a value that looks like a credential (${describeMatches(matches)}); pass it as a secret from SSM (valueFrom).`,
                                definition.urn,
                            );
                        }
                    }
                }
                continue;
            }
            const declared = declaredEnvironment(definition);
            // Nothing known to judge from: read the value as the server does, so it reports this policy
            // as not run during preview rather than passing it.
            if (!declared) void definition.props.containerDefinitions;
            else judgeDeclared(definition, declared, reportViolation);
        }
    },
};

/**
 * Where the JSON is known, the component's declaration must match it (every container's names, as a set):
 * a first preview judges from the declaration, so a known plan holds the declaration to the JSON.
 */
function checkDeclaration(
    definition: PolicyResource,
    declared: TaskEnvironment,
    containers: Container[],
    reportViolation: (message: string, urn?: string) => void,
): void {
    const namesOf = (key: "environment" | "secrets") =>
        [...new Set(containers.flatMap((c) => (c[key] ?? []).map((v) => v.name ?? "")))].sort();
    const same = (a: readonly string[], b: readonly string[]) =>
        JSON.stringify([...new Set(a)].sort()) === JSON.stringify(b);
    if (
        !same(declared.plain, namesOf("environment")) ||
        !same(declared.fromParameters, namesOf("secrets"))
    ) {
        reportViolation(
            `${definition.name}: its component declares plain [${declared.plain.join(", ")}] and from parameters [${declared.fromParameters.join(", ")}], but its containers receive plain [${namesOf("environment").join(", ")}] and from parameters [${namesOf("secrets").join(", ")}]; a first preview judges from the declaration, so it must match.`,
            definition.urn,
        );
    }
}

function judgeDeclared(
    definition: PolicyResource,
    declared: TaskEnvironment,
    reportViolation: (message: string, urn?: string) => void,
): void {
    for (const name of declared.plain) {
        if (SECRET_LOOKING_NAME.test(name) && !declared.publicValues.includes(name)) {
            reportViolation(
                `${definition.name}: ${name} is declared in plain environment; pass it as a secret from SSM (valueFrom).`,
                definition.urn,
            );
        }
    }
    const parameters = (definition.propertyDependencies?.containerDefinitions ?? []).filter(
        (r) => r.type === TYPES.aws.ssm.Parameter,
    );
    for (const name of declared.fromParameters) {
        const found = parameters.some((parameter) => {
            const parameterName = peek(() => parameter.props.name as unknown);
            const type = peek(() => parameter.props.type as unknown);
            return (
                typeof parameterName === "string" &&
                parameterName.endsWith(`/${name}`) &&
                type === "SecureString"
            );
        });
        if (!found) {
            reportViolation(
                `${definition.name}: ${name} is read from a parameter, but no SecureString SSM parameter named …/${name} flows into containerDefinitions.`,
                definition.urn,
            );
        }
    }
}
