/**
 * Where two plans differ: the input paths that change (a secret by its digest), those that force a
 * replacement, and the resources the engine follows through a rename (aliases).
 */
import type { ReplaceRule } from "./replaceOnChanges";
import type { DiffPlan } from "./diffTypes";

const SECRET = "[secret]";

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Strings holding JSON documents (an ECS task's container definitions, an IAM policy) diff inside. */
function parseJsonText(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

const join = (prefix: string, key: string | number) =>
    typeof key === "number" ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;

/**
 * The paths at which `before` and `after` differ, deepest first found. A `[secret]` on both sides differs
 * when its digests do (when either is missing, nothing is claimed).
 */
export function changedPaths(
    before: unknown,
    after: unknown,
    digests: { before: Readonly<Record<string, string>>; after: Readonly<Record<string, string>> },
    prefix = "",
): string[] {
    if (before === SECRET && after === SECRET) {
        const [a, b] = [digests.before[prefix], digests.after[prefix]];
        return a !== undefined && b !== undefined && a !== b ? [prefix] : [];
    }
    // Equal values differ nowhere, but one object may still hold secrets whose digests differ.
    if (before === after && (typeof before !== "object" || before === null)) return [];
    const [jsonBefore, jsonAfter] = [parseJsonText(before), parseJsonText(after)];
    if (jsonBefore !== undefined && jsonAfter !== undefined) {
        // Secrets never sit inside these (the plan redacts whole values), so digests do not apply.
        const none = { before: {}, after: {} };
        const inner = changedPaths(jsonBefore, jsonAfter, none, "");
        return inner.map((p) => (p.startsWith("[") ? `${prefix}${p}` : join(prefix, p)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const paths: string[] = [];
        for (let i = 0; i < Math.max(before.length, after.length); i++) {
            if (i >= before.length || i >= after.length) paths.push(join(prefix, i));
            else paths.push(...changedPaths(before[i], after[i], digests, join(prefix, i)));
        }
        return paths;
    }
    if (isRecord(before) && isRecord(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((key) =>
            changedPaths(before[key], after[key], digests, join(prefix, key)),
        );
    }
    return [prefix];
}

/** The property names of a path, without list indices: `rules[0].apply.sse` → `rules.apply.sse`. */
export const segments = (path: string) => path.replace(/\[\d+\]/g, "").split(".");

/** The paths of `paths` that force a replacement under `rule`. */
export function forcingPaths(rule: ReplaceRule, paths: readonly string[]): string[] {
    return paths.filter((path) => {
        const parts = segments(path);
        if (rule.replaceOn === "any") return !(rule.except ?? []).includes(parts[0]);
        return rule.replaceOn.some((forced) => {
            const want = forced.split(".");
            const n = Math.min(want.length, parts.length);
            return want.slice(0, n).every((w, i) => w === "*" || w === parts[i]);
        });
    });
}

export const nameOfUrn = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
const withName = (urn: string, name: string) => `${urn.slice(0, urn.lastIndexOf("::") + 2)}${name}`;

/**
 * Head URN → base URN for resources the engine follows through an alias: the resource's own former names,
 * and, as the SDK derives for children, a former name of an ancestor in place of its name's prefix.
 */
export function renames(base: DiffPlan, head: DiffPlan): Map<string, string> {
    const baseUrns = new Set(base.resources.map((r) => r.urn));
    const headUrns = new Set(head.resources.map((r) => r.urn));
    const byUrn = new Map(head.resources.map((r) => [r.urn, r]));
    const result = new Map<string, string>();
    for (const resource of head.resources) {
        if (baseUrns.has(resource.urn)) continue;
        const candidates = [...(resource.aliases ?? [])];
        for (let a = byUrn.get(resource.parent ?? ""); a; a = byUrn.get(a.parent ?? "")) {
            for (const former of a.aliases ?? []) {
                if (resource.name.startsWith(a.name))
                    candidates.push(former + resource.name.slice(a.name.length));
            }
        }
        const match = candidates
            .map((name) => withName(resource.urn, name))
            .find((urn) => baseUrns.has(urn) && !headUrns.has(urn));
        if (match) result.set(resource.urn, match);
    }
    return result;
}

export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces whole values derived from a renamed resource's name by its former name's, everywhere. */
export function unrename(
    value: unknown,
    replacements: readonly { pattern: RegExp; former: string }[],
): unknown {
    if (typeof value === "string") {
        let text = value;
        for (const { pattern, former } of replacements) text = text.replace(pattern, former);
        return text;
    }
    if (Array.isArray(value)) return value.map((v) => unrename(v, replacements));
    if (isRecord(value))
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, unrename(v, replacements)]),
        );
    return value;
}
