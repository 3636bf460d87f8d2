/**
 * Commands a container runs (a service's `command` and `release`, a job's `command`): the exec form, a list
 * run as is, or the shell form, asked for by name. Pure.
 *
 * ECS passes a container definition's `command` to the container as Docker's `Cmd` and its `entryPoint` as
 * `Entrypoint` (ECS API reference, ContainerDefinition: "command … maps to Cmd in the docker create-container
 * command and the COMMAND parameter to docker run … If there are multiple arguments, each argument is a
 * separated string in the array"; "entryPoint … maps to Entrypoint"). No shell is involved unless the list
 * names one. opsbook sets `command` only and leaves `entryPoint` to the image, so a list runs exactly as
 * `docker run IMAGE migrate up` would: through the image's ENTRYPOINT when it has one (tini, dumb-init, a
 * wrapper script), directly when it has none (Dockerfile reference, "Understand how CMD and ENTRYPOINT
 * interact"). A distroless or `FROM scratch` image has no `/bin/sh`, so only the exec form works there.
 */
import { z } from "zod";
import { looksLikeCredential } from "./credentials";
import { describeValue } from "./errors";

/** The shell the shell form runs: by absolute path, so it does not depend on the image's PATH. */
export const SHELL = ["/bin/sh", "-c"] as const;

export const commandSchema = z.union([
    /** Exec form: the argv, run as is. */
    z.array(z.string().min(1)).min(1),
    /** Shell form, asked for by name: one line for `/bin/sh -c` (the image must have a shell). */
    z.strictObject({ shell: z.string().trim().min(1) }),
]);

export type CommandInput = z.infer<typeof commandSchema>;

export interface CommandModel {
    readonly form: "exec" | "shell";
    /** The container definition's `command`, exactly. */
    readonly argv: readonly string[];
}

export function toCommand(input: CommandInput): CommandModel;
export function toCommand(input: CommandInput | undefined): CommandModel | undefined;
export function toCommand(input: CommandInput | undefined): CommandModel | undefined {
    if (input === undefined) return undefined;
    return Array.isArray(input)
        ? { form: "exec", argv: [...input] }
        : { form: "shell", argv: [...SHELL, input.shell] };
}

/** How the plan and the runbook show a command, naming its form: `exec ["migrate","up"]`, `shell "…"`. */
export function commandText(command: CommandModel): string {
    return command.form === "exec"
        ? `exec ${JSON.stringify(command.argv)}`
        : `shell ${JSON.stringify(command.argv[SHELL.length])}`;
}

/** Characters that mean something only to a shell: a line using them cannot be split into a list. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}\n]/;

/**
 * Why a value is not a command, with both forms written out for it. A bare string is refused rather than
 * guessed: a Dockerfile runs a string through `/bin/sh -c` while Compose splits it into words without a
 * shell, so either reading silently does the wrong thing for some image (a shell line in a shell-less image
 * never starts, and the service waiting on its release never starts either).
 */
export function commandProblem(value: unknown): string {
    if (typeof value === "string") {
        const words = value.trim().split(/\s+/).filter(Boolean);
        // The rewrite is shown only for a value that may be shown: short words, nothing credential-like.
        const shown = !looksLikeCredential(value) && words.every((word) => word.length <= 24);
        const exec =
            shown && words.length > 0 && !SHELL_SYNTAX.test(value)
                ? `[${words.join(", ")}]`
                : "[program, arg, ...]";
        const line = shown ? JSON.stringify(value.trim()) : '"line"';
        return `${shown ? JSON.stringify(value) : describeValue(value)} is a string, which opsbook does not guess at (a shell line or a list of words?); expected the exec form ${exec} (run as is, no shell) or the shell form { shell: ${line} } (run by /bin/sh -c; the image must have a shell)`;
    }
    return `${describeValue(value)} is not allowed; expected the exec form [program, arg, ...] (run as is, no shell) or the shell form { shell: "line" } (run by /bin/sh -c)`;
}

/** Where a command sits in `opsbook:system`: a service's `command` or `release`, a job's `command`. */
export function isCommandPath(path: readonly PropertyKey[]): boolean {
    return (
        path.length === 3 &&
        ((path[0] === "services" && (path[2] === "command" || path[2] === "release")) ||
            (path[0] === "jobs" && path[2] === "command"))
    );
}
