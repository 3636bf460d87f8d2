/**
 * Reading the stack schema as data: every schema inside it (the test that every pattern carries its own
 * hint walks them all), the schema at a config path (what a missing value should have been), and a path
 * with its map keys and list places generalised (what makes two problems the same kind).
 */
import { z } from "zod";

type Def = Record<string, unknown> & { type?: string };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function isSchema(value: unknown): value is z.ZodType {
    const zod = (value as { _zod?: { def?: { type?: unknown } } } | null)?._zod;
    return typeof zod?.def?.type === "string";
}

/** The schemas a schema holds directly: a shape's fields, a map's keys and values, a list's entries. */
function children(schema: z.ZodType): z.ZodType[] {
    const out: z.ZodType[] = [];
    for (const [key, value] of Object.entries(defOf(schema))) {
        if (key === "getter") continue; // z.lazy: the stack schema has none; never evaluate one here
        if (isSchema(value)) out.push(value);
        else if (Array.isArray(value)) out.push(...value.filter(isSchema));
        else if (key === "shape" && value && typeof value === "object") {
            out.push(...Object.values(value).filter(isSchema));
        }
    }
    return out;
}

/** Every schema inside `root`, itself included, each once. */
export function* everySchema(root: z.ZodType): Generator<z.ZodType> {
    const seen = new Set<z.ZodType>();
    const stack = [root];
    while (stack.length > 0) {
        const schema = stack.pop()!;
        if (seen.has(schema)) continue;
        seen.add(schema);
        yield schema;
        stack.push(...children(schema));
    }
}

/** A string schema's patterns, each with the message its check gives (undefined: zod's own words). */
export function patternsOf(schema: z.ZodType): { pattern: RegExp; message?: string }[] {
    const checks = (defOf(schema).checks ?? []) as { _zod: { def: Record<string, unknown> } }[];
    return checks
        .map((check) => check._zod.def)
        .filter((def) => def.check === "string_format" && def.format === "regex")
        .map((def) => {
            const message = (def.error as ((issue: unknown) => unknown) | undefined)?.({});
            return {
                pattern: def.pattern as RegExp,
                message: typeof message === "string" ? message : undefined,
            };
        });
}

/** The schema itself, past optional, default and readonly wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
    let current = schema;
    for (;;) {
        const def = defOf(current);
        if (
            ["optional", "nullable", "default", "prefault", "readonly", "nonoptional"].includes(
                def.type ?? "",
            ) &&
            isSchema(def.innerType)
        ) {
            current = def.innerType;
        } else if (def.type === "pipe" && isSchema(def.in)) {
            current = def.in;
        } else return current;
    }
}

/** One step down: the schema at `key` inside `schema`, and whether the key was a map key or a list place. */
function step(schema: z.ZodType, key: string): { schema: z.ZodType; general: boolean }[] {
    const def = defOf(schema);
    switch (def.type) {
        case "object": {
            const shape = def.shape as Record<string, z.ZodType>;
            return Object.prototype.hasOwnProperty.call(shape, key)
                ? [{ schema: unwrap(shape[key]), general: false }]
                : [];
        }
        case "record":
            return [{ schema: unwrap(def.valueType as z.ZodType), general: true }];
        case "array":
            return /^\d+$/.test(key)
                ? [{ schema: unwrap(def.element as z.ZodType), general: true }]
                : [];
        case "union":
            return (def.options as z.ZodType[]).flatMap((option) => step(unwrap(option), key));
        default:
            return [];
    }
}

/**
 * Walks `path` down `root`: the schema there (undefined where the path leaves the schema, or where a
 * union's options disagree), and the path with map keys and list places as `*` (segments outside the
 * schema kept as they are).
 */
export function walkPath(
    root: z.ZodType,
    path: readonly string[],
): { schema?: z.ZodType; general: string[] } {
    let schema: z.ZodType | undefined = unwrap(root);
    const general: string[] = [];
    for (const key of path) {
        const next: { schema: z.ZodType; general: boolean }[] = schema ? step(schema, key) : [];
        general.push(next.length > 0 && next.every((n) => n.general) ? "*" : key);
        schema = next.length === 1 ? next[0].schema : undefined;
    }
    return { schema, general };
}

/** A missing value's hint from the schema at its place: a pattern's own words, or the choices. */
export function expectedOf(schema: z.ZodType | undefined): string | undefined {
    if (!schema) return undefined;
    const def = defOf(schema);
    if (def.type === "string") {
        return patternsOf(schema).find((p) => p.message?.startsWith("expected "))?.message;
    }
    return undefined;
}
