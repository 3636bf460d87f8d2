import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceRole } from "./iam";

/** The key a task's SecureStrings are encrypted with, and the encryption-context key that names one. */
export interface ParameterDecryption {
    readonly keyArn: pulumi.Input<string>;
    /** `kms:EncryptionContext:PARAMETER_ARN` (model/rules.ts `SSM_ENCRYPTION_CONTEXT_KEY`). */
    readonly contextKey: string;
}

/**
 * The role ECS assumes to start a Fargate task: pull the image, write logs, and read the task's SSM
 * parameters (`secrets` with `valueFrom`), and nothing else. Their SecureStrings are encrypted with the
 * stack's key (`decrypt`): the role may decrypt with it only under the encryption context Parameter Store
 * sends, the ARN of one of these parameters (`kms:EncryptionContext:PARAMETER_ARN`; AWS KMS developer guide,
 * "How AWS Systems Manager Parameter Store uses AWS KMS", encryption context:
 * https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html). ECS reads the
 * parameters with this role's credentials, so it is this role that needs `kms:Decrypt` (ECS developer
 * guide, "Amazon ECS task execution IAM role", Systems Manager secrets).
 */
export function taskExecutionRole(
    name: string,
    parameters: pulumi.Input<string> | pulumi.Input<string>[],
    parent: pulumi.Resource,
    decrypt?: ParameterDecryption,
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
                    ...(decrypt === undefined
                        ? []
                        : [
                              {
                                  Effect: "Allow" as const,
                                  Action: ["kms:Decrypt"],
                                  Resource: decrypt.keyArn,
                                  Condition: {
                                      StringLike: { [decrypt.contextKey]: parameters },
                                  },
                              },
                          ]),
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

/** A writable path's ephemeral volume: Fargate task storage, gone with the task (`/tmp` → `scratch-tmp`). */
export const scratchVolume = (path: string): string =>
    `scratch${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "")}`;

/**
 * A container with a read-only root filesystem (Security Hub ECS.5): what it writes goes to ephemeral
 * volumes, one per path in `paths` (`/tmp`, a tool's cache). `scratchVolumesOf` declares them.
 */
export function readOnlyRoot<T extends object>(
    container: T,
    paths: readonly string[],
): T & { readonlyRootFilesystem: true; mountPoints: unknown[] } {
    return {
        ...container,
        readonlyRootFilesystem: true,
        mountPoints: [
            ...((container as { mountPoints?: unknown[] }).mountPoints ?? []),
            ...paths.map((containerPath) => ({
                sourceVolume: scratchVolume(containerPath),
                containerPath,
            })),
        ],
    };
}

/** The scratch volumes `containers` mount (by `readOnlyRoot`), each declared once. */
export function scratchVolumesOf(containers: readonly { mountPoints?: unknown[] }[]): string[] {
    const names = containers.flatMap((c) =>
        (c.mountPoints ?? []).map((m) => (m as { sourceVolume: string }).sourceVolume),
    );
    return [...new Set(names.filter((n) => n.startsWith("scratch")))];
}

/**
 * Which containers of a task definition run read-only, declared on the component that builds it (its
 * `taskFilesystems` input, keyed by the task definition's resource name), like `TaskEnvironment`: the
 * container JSON is unknown in a first preview, the declaration is not.
 */
export interface TaskFilesystems {
    readonly readOnly: readonly string[];
    readonly writable: readonly string[];
}

export function filesystemsOf(
    containers: readonly { name: string; readonlyRootFilesystem?: boolean }[],
): TaskFilesystems {
    return {
        readOnly: containers.filter((c) => c.readonlyRootFilesystem === true).map((c) => c.name),
        writable: containers.filter((c) => c.readonlyRootFilesystem !== true).map((c) => c.name),
    };
}
