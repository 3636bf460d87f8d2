/**
 * Config paths and error values: how every problem of a stack file is named and shown.
 */
import { looksLikeCredential, REDACTED } from "./credentials";

export const CONFIG_NAMESPACE = "opsbook";
export const SYSTEM_KEY = `${CONFIG_NAMESPACE}:system`;

export interface ConfigError {
    /** Where the problem is, e.g. `opsbook:system.secrets.SECRET_KEY.periodDays`. */
    readonly path: string;
    readonly message: string;
}

/**
 * A value as it may be shown in an error: short scalars as written, anything long or structured summarised,
 * and nothing that looks like a credential (by value, or by the name it sits under: `secretName`).
 */
export function describeValue(value: unknown, secretName = false): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (typeof value === "string") {
        if (secretName || looksLikeCredential(value)) return REDACTED;
        // Long unbroken strings may be pasted credentials: never echo them.
        return value.length <= 24
            ? JSON.stringify(value)
            : `a string of ${value.length} characters`;
    }
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return `a list of ${value.length}`;
    return "an object";
}

/** A config path; a key that looks like a credential is named, not shown. */
export function joinPath(path: readonly PropertyKey[]): string {
    const segment = (key: PropertyKey) =>
        typeof key === "string" && looksLikeCredential(key)
            ? "[a key that looks like a credential]"
            : String(key);
    return [SYSTEM_KEY, ...path.map(segment)].join(".");
}

/** What is allowed, quoted; a name that looks like a credential (a pasted key) is named, not shown. */
export function quoteList(values: readonly unknown[]): string {
    return values
        .map((v) =>
            typeof v === "string" && looksLikeCredential(v)
                ? "[a name that looks like a credential]"
                : JSON.stringify(v),
        )
        .join(", ");
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
}

export function asStringList(value: unknown): string[] {
    if (typeof value === "string") return [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function dedupe(errors: ConfigError[]): ConfigError[] {
    const seen = new Set<string>();
    return errors.filter((e) => {
        const key = `${e.path}\u0000${e.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
