import { TaskDefinition } from "@pulumi/aws/ecs/taskDefinition";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { SECRET_LOOKING_NAME } from "../../../model/rules";

/** A task definition's plain `environment` holds no credential: those come from SSM as `secrets`. */
export const noPlainSecrets: ResourceValidationPolicy = {
    name: "opsbook-services-no-plain-secrets",
    description: "ECS task definitions carry no secret-looking variable in plain environment.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(
        TaskDefinition,
        (definition, args, reportViolation) => {
            let containers: { name?: string; environment?: { name?: string }[] }[];
            try {
                containers = JSON.parse(definition.containerDefinitions);
            } catch {
                reportViolation(`${args.name}: containerDefinitions is not valid JSON.`);
                return;
            }
            for (const container of containers) {
                for (const variable of container.environment ?? []) {
                    if (variable.name && SECRET_LOOKING_NAME.test(variable.name)) {
                        reportViolation(
                            `${args.name}: container ${container.name} has ${variable.name} in plain environment; pass it as a secret from SSM (valueFrom).`,
                        );
                    }
                }
            }
        },
    ),
};
