/**
 * The command-line layer of every `tools/` command: a declared option table per command, parsed by
 * `node:util` `parseArgs` with `strict: true`, a `--help` generated from the table, and argument errors
 * (`UsageError`) told apart from stack errors: a usage error is one line per problem on stderr,
 * `usage error: … (see --help)`, with no stack trace and nothing written.
 *
 * Exit codes, the same for every command:
 *   0  ok
 *   1  refused by a policy or check (a mandatory violation, a blocking change, a refused image)
 *   2  the user's to fix: an invalid stack, or a usage error (the two share 2 because a caller acts the
 *      same on both, fix the input; they are told apart by the `usage error:` prefix on stderr, whereas an
 *      invalid stack is reported on stdout, as text or `--json`)
 *   3  an internal failure (a bug, or the machine: a tool that failed to run)
 */
import { parseArgs } from "node:util";

export const EXIT = { ok: 0, refused: 1, invalid: 2, internal: 3 } as const;

export interface OptionSpec {
    readonly type: "string" | "boolean";
    readonly description: string;
    /** The value's placeholder in the help (`--stack <name>`). */
    readonly value?: string;
    /** The default, as the help shows it. */
    readonly defaultText?: string;
}

export interface CommandSpec {
    /** How it is run: `npm run plan`. */
    readonly command: string;
    /** What it does, a sentence or two. */
    readonly summary: string;
    readonly options: Readonly<Record<string, OptionSpec>>;
    /** Lines after the options (notes, exit codes). */
    readonly notes?: string;
}

export type Values = Record<string, string | boolean | undefined>;

/** Bad arguments: each problem names the flag, the value and what is allowed. */
export class UsageError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("; "));
    }
}

const HELP: OptionSpec = { type: "boolean", description: "print this text and exit" };

const flags = (spec: CommandSpec) => ({ ...spec.options, help: HELP });

function listed(names: readonly string[]): string {
    return names.length === 1
        ? names[0]
        : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** The help text: usage, then each option with its description and default. */
export function helpText(spec: CommandSpec): string {
    const all = flags(spec);
    const left = (name: string, o: OptionSpec) =>
        `--${name}${o.type === "string" ? ` <${o.value ?? "value"}>` : ""}`;
    const width = Math.max(...Object.entries(all).map(([n, o]) => left(n, o).length));
    const lines = Object.entries(all).map(
        ([n, o]) =>
            `  ${left(n, o).padEnd(width)}  ${o.description}${o.defaultText ? ` (default: ${o.defaultText})` : ""}`,
    );
    return [
        `Usage: ${spec.command} -- [options]`,
        "",
        spec.summary,
        "",
        "Options:",
        ...lines,
        "",
        ...(spec.notes ? [spec.notes, ""] : []),
        "Exit codes: 0 ok, 1 refused by a policy or check, 2 an invalid stack or a usage error, 3 an internal failure.",
    ].join("\n");
}

/**
 * Parses `argv` against the table: `{ help: true }` for `--help`, else the values. Every problem at once
 * in one `UsageError`: unknown options, missing values, values given to a boolean, positionals.
 */
export function parseCommand(
    spec: CommandSpec,
    argv: readonly string[],
    check: (values: Values) => readonly string[] = () => [],
): { readonly help: true } | { readonly help: false; readonly values: Values } {
    // parseArgs sees only the types: the table's other fields are for the help.
    const options = Object.fromEntries(
        Object.entries(flags(spec)).map(([n, o]) => [n, { type: o.type }]),
    );
    const known = Object.keys(options).map((n) => `--${n}`);
    // A lenient pass first, for its tokens: strict parseArgs stops at the first problem.
    const lenient = parseArgs({ args: [...argv], options, strict: false, tokens: true });
    const { tokens } = lenient;
    if (tokens.some((t) => t.kind === "option" && t.name === "help")) return { help: true };
    const problems: string[] = [];
    for (const t of tokens) {
        if (t.kind === "positional") {
            problems.push(
                `${JSON.stringify(t.value)}: is an unexpected argument; each value follows its option (--option value)`,
            );
        } else if (t.kind === "option-terminator") {
            problems.push(`--: is not an option; expected ${listed(known)}`);
        } else if (!Object.hasOwn(spec.options, t.name)) {
            problems.push(`${t.rawName}: is not an option; expected ${listed(known)}`);
        } else if (spec.options[t.name].type === "string") {
            // `--stack --json` would take `--json` as the stack's name: a missing value.
            if (t.value === undefined || (t.inlineValue !== true && t.value.startsWith("-")))
                problems.push(`${t.rawName}: needs a value`);
        } else if (t.value !== undefined) {
            problems.push(`${t.rawName}: takes no value; got ${JSON.stringify(t.value)}`);
        }
    }
    // The command's own checks (a value's form, flags that exclude each other) on the options that parsed.
    const parsedValues = Object.fromEntries(
        Object.entries(lenient.values).filter(
            ([n, v]) => Object.hasOwn(spec.options, n) && typeof v === spec.options[n].type,
        ),
    );
    problems.push(...check(parsedValues));
    if (problems.length > 0) throw new UsageError(problems);
    try {
        const { values } = parseArgs({ args: [...argv], options, strict: true });
        return { help: false, values };
    } catch (error) {
        throw new UsageError([(error as Error).message]);
    }
}

export interface CliIO {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

/** How a usage error is told: one line per problem on stderr. Returns exit 2. */
export function reportUsage(io: Pick<CliIO, "stderr">, error: UsageError): 2 {
    io.stderr(error.problems.map((p) => `usage error: ${p} (see --help)\n`).join(""));
    return EXIT.invalid;
}

/**
 * The start of a command: the values to run with, or the exit code when `--help` (0) or a usage error (2)
 * was handled.
 */
export function startCommand(
    spec: CommandSpec,
    argv: readonly string[],
    io: CliIO,
): Values | number {
    try {
        const parsed = parseCommand(spec, argv);
        if (!parsed.help) return parsed.values;
        io.stdout(`${helpText(spec)}\n`);
        return EXIT.ok;
    } catch (error) {
        if (error instanceof UsageError) return reportUsage(io, error);
        throw error;
    }
}

/** The process's streams. */
export const processIO: CliIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};

/** Exits once stdout is flushed: to a pipe it is asynchronous, and a large --json plan was cut at 64 KiB. */
export function exitAfterFlush(code: number): void {
    process.stdout.write("", () => process.exit(code));
}

/**
 * Runs a command as the process: its exit code, a usage error as exit 2, any other error as an internal
 * failure (exit 3) with its message and no stack trace.
 */
export function runMain(
    name: string,
    command: (argv: readonly string[], io: CliIO) => number | Promise<number>,
): void {
    const failed = (error: unknown) => {
        if (error instanceof UsageError) return reportUsage(processIO, error);
        processIO.stderr(
            `opsbook ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        return EXIT.internal;
    };
    Promise.resolve()
        .then(() => command(process.argv.slice(2), processIO))
        .then(exitAfterFlush, (error) => exitAfterFlush(failed(error)));
}
