/**
 * The wording of schema problems: turns a zod issue into our message, the bad value (never a secret) and
 * what is allowed; and how a long list of problems is shown (a few of each kind, a count of the rest).
 */
import { z } from "zod";
import { asRecord, ConfigError, describeValue, joinPath, quoteList, SYSTEM_KEY } from "./errors";
import { commandProblem, commandSchema, isCommandPath } from "./command";
import { PUBLIC_VALUE_FORM, sitsWhereSecretBelongs } from "./secretScan";
import { publicValueSchema, queueSchema, secretReferenceSchema, systemSchema } from "./schema";
import { expectedOf, walkPath } from "./schemaWalk";

const EXPECTED: Record<string, string> = {
    record: "a map of names to entries",
    object: "a map of keys to values",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
};

/** A pattern's (or a format's) own hint: the schema words every one as "expected …". */
function schemaHint(message: string | undefined): string | undefined {
    return message?.startsWith("expected ") ? message : undefined;
}

/** What was expected at `path`, for a value that is missing: the schema's own hint where it has one. */
function missingHint(path: readonly PropertyKey[], fallback: string): string {
    return expectedOf(walkPath(systemSchema, path.map(String)).schema) ?? `expected ${fallback}`;
}

/** Turns a zod issue into our message: the bad value, then what is allowed. */
export function formatIssue(issue: z.core.$ZodIssue): ConfigError[] {
    const at = (message: string, path: readonly PropertyKey[] = issue.path): ConfigError[] => [
        { path: joinPath(path), message },
    ];
    const got = describeValue(issue.input, sitsWhereSecretBelongs(issue.path));
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.flatMap((key) =>
                at("is not a known key; remove it or check its spelling", [...issue.path, key]),
            );
        case "invalid_value":
            return at(
                `${issue.input === undefined ? "is required" : `${got} is not allowed`}; expected one of ${quoteList(issue.values)}`,
            );
        case "invalid_type": {
            const expected = EXPECTED[issue.expected] ?? issue.expected;
            return at(
                issue.input === undefined
                    ? `is required; ${missingHint(issue.path, expected)}`
                    : `${got} is not allowed; expected ${expected}`,
            );
        }
        case "too_small":
        case "too_big": {
            const bound =
                "minimum" in issue ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
            return at(
                `${got} is not allowed; expected ${issue.origin === "array" ? `${bound} entries` : bound}`,
            );
        }
        case "invalid_key": {
            // The key's own schema words what a name may be (model/schemaCommon.ts entryName, envName).
            const hint = issue.issues.map((inner) => schemaHint(inner.message)).find(Boolean);
            return at(`${got} is not a valid name; ${hint ?? "expected a valid name"}`);
        }
        case "invalid_union": {
            if (isCommandPath(issue.path)) {
                // A list or { shell }: report what is wrong inside it; anything else gets both forms.
                const form = Array.isArray(issue.input)
                    ? commandSchema.options[0]
                    : asRecord(issue.input)
                      ? commandSchema.options[1]
                      : undefined;
                const inner = form?.safeParse(issue.input, { reportInput: true });
                return inner && !inner.success
                    ? inner.error.issues.flatMap((i) =>
                          formatIssue({ ...i, path: [...issue.path, ...i.path] }),
                      )
                    : at(commandProblem(issue.input));
            }
            // A waivable value as an object: report what is wrong inside `{ value, waiver }`.
            const waived = asRecord(issue.input);
            if (
                waived &&
                ("waiver" in waived || "value" in waived) &&
                !issue.path.includes("env")
            ) {
                const branch = issue.errors.find((issues) =>
                    issues.every((inner) => inner.path.length > 0 || inner.code !== "invalid_type"),
                );
                if (branch) {
                    return branch.flatMap((inner) =>
                        formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                    );
                }
            }
            if (issue.path.includes("queues")) {
                const queue = queueSchema.safeParse(issue.input, { reportInput: true });
                return asRecord(issue.input) && !queue.success
                    ? queue.error.issues.flatMap((inner) =>
                          formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                      )
                    : at(`${got} is not allowed; expected a queue name or { name: QUEUE, ... }`);
            }
            // An object means a secret reference, or a public value when it has `value` or `public`:
            // report what is wrong inside it.
            const record = asRecord(issue.input);
            const reference = (
                record && ("value" in record || "public" in record)
                    ? publicValueSchema
                    : secretReferenceSchema
            ).safeParse(issue.input, { reportInput: true });
            if (record && !reference.success) {
                return reference.error.issues.flatMap((inner) =>
                    formatIssue({ ...inner, path: [...issue.path, ...inner.path] }),
                );
            }
            return at(
                `${got} is not allowed; expected a string, a number, a boolean, { secret: NAME } or ${PUBLIC_VALUE_FORM}`,
            );
        }
        case "invalid_format":
            // Every pattern of the schema says what it expects (test/model/schemaWords.test.ts).
            return at(
                `${got} is not allowed; ${schemaHint(issue.message) ?? (issue.format === "regex" ? `expected a value matching ${issue.pattern}` : `expected a ${issue.format}`)}`,
            );
        default:
            return at(`${got} is not allowed; ${issue.message}`);
    }
}

/** How many problems of one kind a listing shows before it counts the rest (`--json` carries them all). */
export const SHOWN_PER_KIND = 3;

const SYSTEM_PREFIX = `${SYSTEM_KEY}.`;

/**
 * What makes two problems the same kind: where they are with map keys and list places generalised
 * (`opsbook:system.env.*.*`), and what they say with quoted values and numbers blanked out. So 40,000 bad
 * variable names of any service are one kind, and an unknown secret in the same places another.
 */
export function problemKind(problem: ConfigError): { kind: string; where: string } {
    const where = problem.path.startsWith(SYSTEM_PREFIX)
        ? [
              SYSTEM_KEY,
              ...walkPath(systemSchema, problem.path.slice(SYSTEM_PREFIX.length).split("."))
                  .general,
          ].join(".")
        : problem.path;
    const said = problem.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, "N");
    return { kind: `${where}\u0000${said}`, where };
}

const count = (n: number) => n.toLocaleString("en-US");

/** Where a command without `--json` of its own sends a user for the full list of problems. */
export const ALL_PROBLEMS = "`npm run plan -- --json` lists them all";

/** "1 problem", "120,000 problems". */
export function problemCount(n: number): string {
    return `${count(n)} problem${n === 1 ? "" : "s"}`;
}

/**
 * A stack's problems as lines to print, in their order, showing the first `perKind` of each kind and,
 * after the last one shown, how many more there are like it (`whereAll`: where the full list is).
 */
export function formatProblems(
    problems: readonly ConfigError[],
    { perKind = SHOWN_PER_KIND, whereAll }: { perKind?: number; whereAll?: string } = {},
): string[] {
    const kinds = problems.map(problemKind);
    const totals = new Map<string, number>();
    for (const { kind } of kinds) totals.set(kind, (totals.get(kind) ?? 0) + 1);
    const shown = new Map<string, number>();
    const lines: string[] = [];
    problems.forEach((problem, i) => {
        const { kind, where } = kinds[i];
        const before = shown.get(kind) ?? 0;
        if (before >= perKind) return;
        shown.set(kind, before + 1);
        lines.push(`  ${problem.path}: ${problem.message}`);
        const rest = totals.get(kind)! - perKind;
        if (before + 1 === perKind && rest > 0) {
            lines.push(
                `  … and ${count(rest)} more ${rest === 1 ? "problem" : "problems"} like this (at ${where}${whereAll ? `; ${whereAll}` : ""})`,
            );
        }
    });
    return lines;
}
