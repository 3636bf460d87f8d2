/**
 * The parts of `opsbook:system` that parsed, typed, for the cross-entry checks. Each section and each entry
 * of a named section (`services.api`, `env.api.LOG_LEVEL`) is parsed with its own sub-schema of
 * `systemSchema`; an entry with a broken field keeps its other fields (the broken one left out), and a
 * list keeps its items that parse at their index (a broken item left out, a hole), so the checks still
 * see them and every problem is listed in one pass. The schema's own wording of the broken
 * fields comes from the whole parse in the loader; the checks never re-check a shape. Pure.
 */
import { z } from "zod";
import { asRecord } from "./errors";
import { systemSchema, SystemInput } from "./schema";

/** Sections that are entries by name: parsed entry by entry (`env`: variable by variable). */
const ENTRY_SECTIONS = [
    "services",
    "databases",
    "redis",
    "buckets",
    "secrets",
    "env",
    "jobs",
    "flags",
    "environmentRules",
] as const;
export type EntrySection = (typeof ENTRY_SECTIONS)[number];

type EntryOf<K extends EntrySection> = NonNullable<SystemInput[K]>[string];

/** An entry as the checks see it: its fields that parsed. (`env` holds the variables that parsed.) */
export type PartEntry<K extends EntrySection> = K extends "env" | "environmentRules"
    ? EntryOf<K>
    : Partial<EntryOf<K>>;

export type Parts = {
    /** The entries of each named section that parsed (with their fields that did). */
    readonly [K in EntrySection]: Readonly<Record<string, PartEntry<K>>>;
} & {
    /** The other sections, with their fields that parsed; absent when not written or not an object. */
    readonly [K in Exclude<keyof SystemInput, EntrySection>]?: Partial<NonNullable<SystemInput[K]>>;
} & {
    /** Every entry name as written, parsed or not: a reference to a broken entry is still a reference. */
    readonly names: { readonly [K in EntrySection]: readonly string[] };
    /** Whether the stack file writes anything at `path` (for "is required" rules: shape is not read). */
    readonly written: (path: readonly PropertyKey[]) => boolean;
};

const looseSchemas = new WeakMap<z.ZodObject, z.ZodType>();

/**
 * The value as the schema types it, or undefined. An object keeps the fields that parse (a broken list or
 * object field parsed in turn); a list keeps its items that parse at their index (a sparse array, so a
 * check's `forEach` index is the stack file's), a broken item left out.
 */
function parseLoose(schema: z.ZodType, value: unknown): unknown {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const inner = unwrap(schema);
    if (inner instanceof z.ZodArray)
        return Array.isArray(value) ? parseItems(inner, value) : undefined;
    const record = asRecord(value);
    if (!record) return undefined;
    if (!(inner instanceof z.ZodObject)) return undefined;
    const broken = new Set<PropertyKey>();
    for (const issue of parsed.error.issues) {
        if (issue.path.length > 0) broken.add(issue.path[0]);
        else if (issue.code === "unrecognized_keys") issue.keys.forEach((key) => broken.add(key));
    }
    let loose = looseSchemas.get(inner);
    if (!loose) looseSchemas.set(inner, (loose = inner.partial()));
    const kept = Object.fromEntries(Object.entries(record).filter(([key]) => !broken.has(key)));
    const retried = loose.safeParse(kept);
    if (!retried.success) return undefined;
    const data = retried.data as Record<string, unknown>;
    const shape = inner.shape as Record<string, z.ZodType>;
    for (const key of broken) {
        if (typeof key !== "string" || !Object.hasOwn(shape, key)) continue;
        const field = parseLoose(shape[key], record[key]);
        if (field !== undefined) data[key] = field;
    }
    return data;
}

/**
 * A list's items that parse, each at its index; a broken item keeps its good fields (an item of a
 * `name | { name, ... }` union as its object form), or leaves a hole.
 */
function parseItems(schema: z.ZodArray, value: readonly unknown[]): unknown[] {
    const element = schema.element as z.ZodType;
    const object =
        element instanceof z.ZodUnion
            ? (element.options as z.ZodType[]).find((o) => o instanceof z.ZodObject)
            : undefined;
    const items: unknown[] = new Array(value.length);
    value.forEach((item, index) => {
        const parsed =
            object && asRecord(item) ? parseLoose(object, item) : parseLoose(element, item);
        if (parsed !== undefined) items[index] = parsed;
    });
    return items;
}

/** The entries of a named section that parse, by name (nested named sections entry by entry too). */
function parseEntries(schema: z.ZodRecord, value: unknown): Record<string, unknown> {
    const entries: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(asRecord(value) ?? {})) {
        const parsed =
            schema.valueType instanceof z.ZodRecord
                ? asRecord(entry) && parseEntries(schema.valueType, entry)
                : parseLoose(schema.valueType as z.ZodType, entry);
        if (parsed !== undefined) entries[name] = parsed;
    }
    return entries;
}

function unwrap(schema: z.ZodType): z.ZodType {
    return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

/** The typed parts of a raw `opsbook:system` object. */
export function parseParts(raw: Record<string, unknown>): Parts {
    const parts: Record<string, unknown> = {};
    const names: Record<string, string[]> = {};
    for (const [key, sectionSchema] of Object.entries(systemSchema.shape)) {
        const schema = unwrap(sectionSchema as z.ZodType);
        if ((ENTRY_SECTIONS as readonly string[]).includes(key) && schema instanceof z.ZodRecord) {
            parts[key] = parseEntries(schema, raw[key]);
            names[key] = Object.keys(asRecord(raw[key]) ?? {});
        } else {
            const parsed = parseLoose(schema, raw[key]);
            if (parsed !== undefined) parts[key] = parsed;
        }
    }
    const written = (path: readonly PropertyKey[]) => {
        let value: unknown = raw;
        for (const key of path) {
            if (typeof value !== "object" || value === null) return false;
            value = (value as Record<PropertyKey, unknown>)[key];
        }
        return value !== undefined;
    };
    return { ...parts, names, written } as unknown as Parts;
}
