import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "./iam";

/**
 * The role ECS assumes to start a Fargate task: pull the image, write logs, and read the task's SSM
 * parameters (`secrets` with `valueFrom`), and nothing else.
 */
export function taskExecutionRole(
    name: string,
    parameters: pulumi.Input<string> | pulumi.Input<string>[],
    parent: pulumi.Resource,
): aws.iam.Role {
    const role = serviceRole(
        name,
        "ecs-tasks.amazonaws.com",
        ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
        parent,
    );
    new aws.iam.RolePolicy(
        `${name}-parameters`,
        {
            role: role.name,
            policy: {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["ssm:GetParameters"], Resource: parameters },
                ],
            },
        },
        { parent },
    );
    return role;
}

/**
 * The variable names a task definition's containers receive, declared on the component that builds it
 * (its `taskEnvironments` input, keyed by the task definition's resource name). The container JSON is
 * unknown until create whenever it embeds an ARN or a generated name; these names are known, so the pack
 * judges plain environment from them in a first preview. Built from the same lists as the JSON.
 */
export interface TaskEnvironment {
    /** Names in the containers' plain `environment`. */
    readonly plain: readonly string[];
    /** Names the containers read from an SSM parameter (`secrets` with `valueFrom`). */
    readonly fromParameters: readonly string[];
    /** Plain names whose values the stack model declares public by design; absent when none. */
    readonly publicValues?: readonly string[];
}

/** A container's log configuration: the awslogs driver into `group`, streams named by `prefix`. */
export function awsLogs(group: pulumi.Input<string>, prefix: string, parent: pulumi.Resource) {
    return {
        logDriver: "awslogs",
        options: {
            "awslogs-group": group,
            "awslogs-region": aws.getRegionOutput({}, { parent }).region,
            "awslogs-stream-prefix": prefix,
        },
    };
}
