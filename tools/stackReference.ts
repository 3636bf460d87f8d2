/**
 * The stack-model reference of docs/stack-model.md, rendered from the JSON Schema that `npm run schema`
 * generates from the zod schema (tools/schema.ts), so the reference lists exactly the keys the loader's
 * schema accepts: each key path, its type, what is allowed (enums, patterns, ranges, lengths), its default
 * and its description where the schema has them (`.default()`, `.describe()` in model/schema.ts).
 *
 * Paths read as in the load errors: `services.<name>.domain`; `<name>` stands for a key of a map (its
 * allowed form is on the map's row) and `[]` for an element of a list. A union (`anyOf`) is one row
 * whose type lists the alternatives, followed by the keys of its object alternatives.
 */
import { cell, code, table } from "./markdown";

/** The part of a JSON Schema (draft-07, as zod writes it) the reference reads. */
export interface JsonSchema {
    readonly type?: string | readonly string[];
    readonly description?: string;
    readonly default?: unknown;
    readonly const?: unknown;
    readonly enum?: readonly unknown[];
    readonly pattern?: string;
    /** The pattern's own hint, "expected …" (tools/schema.ts writes it from the zod schema's message). */
    readonly patternErrorMessage?: string;
    readonly format?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly exclusiveMaximum?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly additionalProperties?: boolean | JsonSchema;
    readonly propertyNames?: JsonSchema;
    readonly items?: JsonSchema;
    readonly anyOf?: readonly JsonSchema[];
    readonly oneOf?: readonly JsonSchema[];
}

export interface ReferenceRow {
    readonly path: string;
    readonly type: string;
    readonly required: boolean;
    readonly allowed: string;
    readonly default?: unknown;
    readonly description?: string;
}

const alternativesOf = (s: JsonSchema): readonly JsonSchema[] | undefined => s.anyOf ?? s.oneOf;

/** A map: an object whose keys are free (`propertyNames`, `additionalProperties` a schema). */
const isMap = (s: JsonSchema): boolean =>
    typeof s.additionalProperties === "object" && s.properties === undefined;

function typeName(s: JsonSchema): string {
    const alternatives = alternativesOf(s);
    if (alternatives) return [...new Set(alternatives.map(typeName))].join(" or ");
    if (s.const !== undefined) return typeof s.const;
    if (Array.isArray(s.type)) return s.type.join(" or ");
    if (s.type === "array") {
        const item = s.items ? typeName(s.items) : "any";
        return `list of ${item.includes(" or ") ? `(${item})` : item}`;
    }
    if (s.type === "object") return isMap(s) ? "map" : "object";
    return typeof s.type === "string" ? s.type : "any";
}

// zod writes `.int()` as the safe-integer range: no bound worth printing.
const bound = (n: number | undefined) =>
    n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined;

function range(s: JsonSchema): string[] {
    const [min, max] = [bound(s.minimum), bound(s.maximum)];
    const [above, below] = [bound(s.exclusiveMinimum), bound(s.exclusiveMaximum)];
    if (min !== undefined && max !== undefined) return [`${min} to ${max}`];
    const ends = [
        above !== undefined ? `> ${above}` : min !== undefined ? `≥ ${min}` : undefined,
        below !== undefined ? `< ${below}` : max !== undefined ? `≤ ${max}` : undefined,
    ].filter((x): x is string => x !== undefined);
    return ends.length ? [ends.join(" and ")] : [];
}

function lengths(min: number | undefined, max: number | undefined, unit: string): string[] {
    const of = (n: number) => `${n} ${n === 1 ? unit : `${unit}s`}`;
    if (min === undefined && max === undefined) return [];
    if (min !== undefined && max !== undefined)
        return [min === max ? of(min) : `${min} to ${of(max)}`];
    return [min !== undefined ? `at least ${of(min)}` : `at most ${of(max!)}`];
}

/**
 * A pattern as a reader wants it: its own hint first ("a service name of … such as api", the schema's
 * "expected …" message without "expected"), then the exact regex for the cases the hint leaves open.
 */
function patternText(pattern: string, hint: string | undefined): string {
    // `'_' … '_'` in a hint would read as emphasis in Markdown: escape what emphasises.
    const words = hint?.replace(/^expected /, "").replace(/[_*]/g, "\\$&");
    return words ? `${cell(words)}: ${code(pattern)}` : `matching ${code(pattern)}`;
}

/** What a value may be beyond its type: enum values, pattern, format, range, lengths. */
function allowedParts(s: JsonSchema): string[] {
    const alternatives = alternativesOf(s);
    if (alternatives) {
        const parts = alternatives
            .map((a) => ({ type: typeName(a), allowed: allowedParts(a).join(", ") }))
            .filter((a) => a.allowed !== "");
        return parts.length === 1 && alternatives.length === 1
            ? [parts[0].allowed]
            : parts.map((a) => `${a.type}: ${a.allowed}`);
    }
    if (s.const !== undefined) return [code(JSON.stringify(s.const))];
    if (s.enum) return [s.enum.map((v) => code(String(v))).join(", ")];
    const parts: string[] = [];
    // A zod format (uuid, date) writes its own regex beside `format`: the format says it in a word.
    const formatOnly = s.format !== undefined && s.patternErrorMessage === undefined;
    if (s.pattern !== undefined && !formatOnly) {
        parts.push(patternText(s.pattern, s.patternErrorMessage));
    }
    if (s.format !== undefined) parts.push(`format ${s.format}`);
    parts.push(...range(s), ...lengths(s.minLength, s.maxLength, "character"));
    parts.push(...lengths(s.minItems, s.maxItems, "item"));
    if (s.type === "array" && s.items && !hasChildren(s.items)) {
        const item = allowedParts(s.items).join(", ");
        if (item) parts.push(`each ${item}`);
    }
    if (isMap(s) && s.propertyNames) {
        const key = allowedParts(s.propertyNames).join(", ");
        if (key) parts.push(`keys ${key}`);
    }
    return parts;
}

/** Whether the schema has keys of its own to list (an object, a map, or a list or union of them). */
function hasChildren(s: JsonSchema): boolean {
    const alternatives = alternativesOf(s);
    if (alternatives) return alternatives.some(hasChildren);
    if (s.type === "array") return s.items !== undefined && hasChildren(s.items);
    return s.properties !== undefined || isMap(s);
}

/**
 * Every key path under `schema`, depth first in the schema's own order. A subtree met before (the same
 * waiver under every waivable threshold, `release` shaped like `command`) is listed once: later rows
 * say whose keys they share instead of repeating them. `seen` maps a subtree's JSON to its first path.
 */
export function referenceRows(
    schema: JsonSchema,
    prefix = "",
    seen = new Map<string, string>(),
): ReferenceRow[] {
    const rows: ReferenceRow[] = [];
    const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
    const add = (path: string, child: JsonSchema, required: boolean) => {
        if (!hasChildren(child)) {
            rows.push(row(path, child, required));
            return;
        }
        const shape = JSON.stringify({ ...child, description: undefined, default: undefined });
        const first = seen.get(shape);
        rows.push(row(path, child, required, first));
        if (first !== undefined) return;
        seen.set(shape, path);
        rows.push(...referenceRows(child, path, seen));
    };
    const alternatives = alternativesOf(schema);
    if (alternatives) {
        for (const a of alternatives)
            if (hasChildren(a)) rows.push(...referenceRows(a, prefix, seen));
        return rows;
    }
    if (schema.type === "array" && schema.items && hasChildren(schema.items)) {
        rows.push(...referenceRows(schema.items, `${prefix}[]`, seen));
        return rows;
    }
    if (isMap(schema)) {
        add(join("<name>"), schema.additionalProperties as JsonSchema, false);
        return rows;
    }
    const required = new Set(schema.required ?? []);
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
        add(join(key), child, required.has(key));
    }
    return rows;
}

function row(path: string, s: JsonSchema, required: boolean, sameAs?: string): ReferenceRow {
    const allowed = allowedParts(s);
    if (sameAs !== undefined) allowed.push(`keys as under ${code(sameAs)}`);
    return {
        path,
        type: typeName(s),
        required,
        allowed: allowed.join("; "),
        ...(s.default !== undefined ? { default: s.default } : {}),
        ...(s.description !== undefined ? { description: s.description } : {}),
    };
}

/**
 * The rows as a table: key, type, required, allowed, and default and description when any row has one
 * (a column empty in every row is left out).
 */
export function referenceTable(rows: readonly ReferenceRow[]): string {
    const withDefault = rows.some((r) => r.default !== undefined);
    const withDescription = rows.some((r) => r.description !== undefined);
    return table(
        [
            "key",
            "type",
            "required",
            "allowed",
            ...(withDefault ? ["default"] : []),
            ...(withDescription ? ["description"] : []),
        ],
        rows.map((r) => [
            code(r.path),
            r.type,
            r.required ? "yes" : "",
            r.allowed,
            ...(withDefault
                ? [r.default !== undefined ? code(JSON.stringify(r.default)) : ""]
                : []),
            ...(withDescription ? [cell(r.description ?? "")] : []),
        ]),
    );
}

/**
 * The reference of `opsbook:system`: one table per top-level key, under a heading naming it, so a
 * reader (and a link) can go to `services` or `databases` directly.
 */
export function stackModelReference(system: JsonSchema): string {
    const seen = new Map<string, string>();
    return Object.keys(system.properties ?? {})
        .map((key) => {
            const only: JsonSchema = {
                properties: { [key]: system.properties![key] },
                required: system.required?.filter((r) => r === key),
            };
            return `### \`${key}\`\n\n${referenceTable(referenceRows(only, "", seen))}`;
        })
        .join("\n\n");
}
