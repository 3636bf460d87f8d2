import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { WRITABLE_ROOT_EXEMPT } from "../../../model/rules";
import { ofType, peek, UNKNOWN } from "../data/stack";
import { TYPES } from "../types";

interface Container {
    name?: string;
    readonlyRootFilesystem?: unknown;
    mountPoints?: { sourceVolume?: string }[];
}

/** What the component that builds a task definition declares of its containers' roots (components/compute/fargate). */
interface TaskFilesystems {
    readOnly: string[];
    writable: string[];
}

function declared(definition: PolicyResource): TaskFilesystems | undefined {
    const value = peek(
        () =>
            (definition.parent?.props.taskFilesystems as Record<string, unknown> | undefined)?.[
                definition.name
            ],
    );
    if (value === UNKNOWN || typeof value !== "object" || value === null) return undefined;
    const { readOnly, writable } = value as Record<string, unknown>;
    const names = (v: unknown) =>
        Array.isArray(v) && v.every((n) => typeof n === "string") ? (v as string[]) : undefined;
    const r = names(readOnly);
    const w = names(writable);
    return r && w ? { readOnly: r, writable: w } : undefined;
}

const exempt = (definition: string, container: string | undefined) =>
    WRITABLE_ROOT_EXEMPT[definition]?.container === container;

/**
 * Every container runs with a read-only root filesystem (Security Hub ECS.5), writing only to the task's
 * ephemeral volumes; the containers in `WRITABLE_ROOT_EXEMPT` (the tunnel task's SSM agent host) are
 * exempt by task definition and container name. As `opsbook-services-no-plain-secrets` does, it judges
 * the container JSON where it is known, and in a first preview (where the JSON embeds unknown ARNs and
 * names) the parent component's declaration (`taskFilesystems`), which a known plan holds to the JSON.
 */
export const readOnlyRoot: StackValidationPolicy = {
    name: "opsbook-services-read-only-root",
    description:
        "ECS containers run with a read-only root filesystem and ephemeral volumes for what they write; only named exemptions keep a writable root.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const definition of ofType(args.resources, TYPES.aws.ecs.TaskDefinition)) {
            const report = (message: string) =>
                reportViolation(`${definition.name}: ${message}`, definition.urn);
            const writableRoot = (container: string | undefined) =>
                report(
                    `container ${container} runs with a writable root filesystem; set readonlyRootFilesystem: true and mount ephemeral volumes for the paths it writes (/tmp, caches).`,
                );
            const declaration = declared(definition);
            const json = peek(() => definition.props.containerDefinitions as unknown);
            if (json === UNKNOWN) {
                // Nothing known to judge from: read the value as the server does (not run in preview).
                if (!declaration) void definition.props.containerDefinitions;
                else
                    declaration.writable
                        .filter((c) => !exempt(definition.name, c))
                        .forEach(writableRoot);
                continue;
            }
            let containers: Container[];
            try {
                containers = JSON.parse(String(json)) as Container[];
            } catch {
                report("containerDefinitions is not valid JSON.");
                continue;
            }
            const volumes = peek(() =>
                ((definition.props.volumes as { name?: unknown }[] | undefined) ?? []).map((v) =>
                    String(v.name),
                ),
            );
            for (const container of containers) {
                if (
                    container.readonlyRootFilesystem !== true &&
                    !exempt(definition.name, container.name)
                )
                    writableRoot(container.name);
                for (const mount of container.mountPoints ?? []) {
                    if (volumes !== UNKNOWN && !volumes.includes(String(mount.sourceVolume)))
                        report(
                            `container ${container.name} mounts ${mount.sourceVolume}, which the task does not declare as a volume.`,
                        );
                }
            }
            if (declaration) {
                const sorted = (names: readonly string[]) => JSON.stringify([...names].sort());
                const readOnly = containers
                    .filter((c) => c.readonlyRootFilesystem === true)
                    .map((c) => String(c.name));
                const writable = containers
                    .filter((c) => c.readonlyRootFilesystem !== true)
                    .map((c) => String(c.name));
                if (
                    sorted(declaration.readOnly) !== sorted(readOnly) ||
                    sorted(declaration.writable) !== sorted(writable)
                ) {
                    report(
                        `its component declares read-only [${declaration.readOnly.join(", ")}] and writable [${declaration.writable.join(", ")}], but its containers are read-only [${readOnly.join(", ")}] and writable [${writable.join(", ")}]; a first preview judges from the declaration, so it must match.`,
                    );
                }
            }
        }
    },
};
