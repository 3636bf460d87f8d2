/**
 * The wording of schema problems: turns a zod issue into our message, the bad value (never a secret) and
 * what is allowed.
 */
import { z } from "zod";
import { asRecord, ConfigError, describeValue, joinPath, quoteList } from "./errors";
import { commandProblem, commandSchema, isCommandPath } from "./command";
import { PUBLIC_VALUE_FORM, sitsWhereSecretBelongs } from "./secretScan";
import { publicValueSchema, queueSchema, secretReferenceSchema } from "./schema";

const EXPECTED: Record<string, string> = {
    record: "a map of names to entries",
    object: "a map of keys to values",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
};

/** What a map's keys must look like, by the map they name. */
function keyHint(path: readonly PropertyKey[]): string {
    return path[0] === "services" || path[0] === "jobs" || (path[0] === "env" && path.length === 1)
        ? "a service name of lower-case letters, digits and '-', such as api"
        : "an upper-case name of letters, digits and '_', such as API_SECRET";
}

/** A pattern's own hint, where the schema gives one (its message says what is expected). */
function schemaHint(message: string): string | undefined {
    return message.startsWith("expected ") ? message : undefined;
}

function patternHint(path: readonly PropertyKey[], schemaMessage: string): string {
    const last = String(path[path.length - 1]);
    if (last === "rotatedAt" || path.includes("rotateNow"))
        return "expected an ISO date such as 2026-03-01";
    if (last === "domain") return "expected a lower-case hostname such as api.example.com";
    if (last === "healthPath") return "expected a path starting with /";
    if (last === "incident") return "expected an id of letters, digits, '.', '_' or '-'";
    if (path.includes("queues")) return "expected a queue name of letters, digits, '.', '_' or '-'";
    if (last === "image") return "expected an image such as ghcr.io/acme/app:1.2.3";
    // Not every pattern is "letters, digits and '-'": the schema's own hint, where it gives one.
    return schemaHint(schemaMessage) ?? "expected letters, digits and '-' only";
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
            return at(`${got} is not allowed; expected one of ${quoteList(issue.values)}`);
        case "invalid_type":
            return at(
                issue.input === undefined
                    ? `is required (${EXPECTED[issue.expected] ?? issue.expected})`
                    : `${got} is not allowed; expected ${EXPECTED[issue.expected] ?? issue.expected}`,
            );
        case "too_small":
        case "too_big": {
            const bound =
                "minimum" in issue ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
            return at(
                `${got} is not allowed; expected ${issue.origin === "array" ? `${bound} entries` : bound}`,
            );
        }
        case "invalid_key":
            return at(`${got} is not a valid name; expected ${keyHint(issue.path)}`);
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
            return at(
                `${got} is not allowed; ${issue.format === "regex" ? patternHint(issue.path, issue.message) : `expected a ${issue.format}`}`,
            );
        default:
            return at(`${got} is not allowed; ${issue.message}`);
    }
}
