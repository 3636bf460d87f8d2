/**
 * What a change does, for review: two offline plans (a `--json` plan saved from the target branch, and the
 * plan of the change) compared resource by resource, as `pulumi preview` would show them, without cloud
 * credentials. Pure: no program, no pack, no files.
 *
 * - `create` / `delete`: a URN only in one plan (a rename with aliases, as the engine follows it, is
 *   neither: the resource is matched under its former name and updated);
 * - `update`: the input paths that change; a secret input is compared by its digest and printed as
 *   `(secret)`, never by value;
 * - `replace`: a change to an input the provider cannot update in place (`tools/replaceOnChanges.ts`),
 *   and, as the engine does, inputs that read a replaced resource's outputs change too;
 * - the order of each replacement, as the engine runs it: create-before-delete (its default: the new
 *   resource is created, then the old one deleted) or delete-before-replace (the resource's
 *   `deleteBeforeReplace` option, or a provider that always replaces so);
 * - blocking: replacing or deleting a protected or stateful resource, and a create-before-delete
 *   replacement that keeps a key unique in the cloud (`ReplaceRule.key`): the new resource takes the key
 *   (or is refused it), then the old one's delete removes it.
 */
import { replaceRule, ReplaceRule } from "./replaceOnChanges";
import { blockingReason, encryptionKeys, replaceOrder } from "./diffBlocking";
import {
    changedPaths,
    escape,
    forcingPaths,
    nameOfUrn,
    renames,
    segments,
    unrename,
} from "./diffPaths";
import { rotations } from "./diffRotations";
import type {
    DiffAction,
    DiffOptions,
    DiffPlan,
    DiffResource,
    PlanDiff,
    ResourceChange,
} from "./diffTypes";

// The diff's parts: its types (diffTypes.ts), input paths and renames (diffPaths.ts), what blocks
// (diffBlocking.ts), rotations (diffRotations.ts) and the text (diffText.ts). This module compares two
// plans, and is the one import for all of them.
export type {
    DiffAction,
    DiffOptions,
    DiffPlan,
    DiffResource,
    PlanDiff,
    ReplaceOrder,
    ResourceChange,
    Rotation,
} from "./diffTypes";
export { changedPaths, forcingPaths } from "./diffPaths";
export { replaceOrder } from "./diffBlocking";
export { rotations } from "./diffRotations";
export { formatDiff, summaryLine } from "./diffText";

const ORDER: Record<DiffAction, number> = { replace: 0, delete: 1, create: 2, update: 3 };

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) =>
    a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Compares the plan of a change (`head`) with the plan of its target (`base`). */
export function diffPlans(base: DiffPlan, head: DiffPlan, options: DiffOptions = {}): PlanDiff {
    const renamed = renames(base, head);
    const replacements = [...renamed].flatMap(([urn, former]) => {
        const [now, was] = [
            options.namedValues?.(nameOfUrn(urn)) ?? [],
            options.namedValues?.(nameOfUrn(former)) ?? [],
        ];
        // A value ends where a name could not go on (`db-main` is not a prefix of `db-main-key`).
        return now.map((value, i) => ({
            pattern: new RegExp(`${escape(value)}(?![A-Za-z0-9_.-])`, "g"),
            former: was[i],
        }));
    });
    const formerOf = (urn: string) => renamed.get(urn) ?? urn;
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const matchedBase = new Set<string>();
    const keys = encryptionKeys([base, head]);

    interface Pair {
        before: DiffResource;
        after: DiffResource;
        rule: ReplaceRule | undefined;
        paths: Set<string>;
        secretPaths: Set<string>;
        causedBy: Set<string>;
    }
    const pairs: Pair[] = [];
    const created: DiffResource[] = [];
    for (const after of head.resources) {
        const before = baseByUrn.get(formerOf(after.urn));
        if (!before) {
            created.push(after);
            continue;
        }
        matchedBase.add(before.urn);
        const digests = { before: before.secretDigests ?? {}, after: after.secretDigests ?? {} };
        const inputs = replacements.length ? unrename(after.inputs, replacements) : after.inputs;
        const paths = new Set(changedPaths(before.inputs, inputs, digests));
        const secretPaths = new Set(
            [...paths].filter(
                (p) => digests.before[p] !== undefined || digests.after[p] !== undefined,
            ),
        );
        // An input now read from other resources changes with them, known value or not; but one that
        // only waits on more resources that already exist (an ordering edge, such as DATABASE_URL reading
        // its user from the login role) reads the same outputs: a replaced one is the cascade's, below.
        const depsBefore = before.propertyDependencies ?? {};
        const depsAfter = after.propertyDependencies ?? {};
        for (const key of new Set([...Object.keys(depsBefore), ...Object.keys(depsAfter)])) {
            const mapped = (depsAfter[key] ?? []).map(formerOf);
            const had = new Set(depsBefore[key] ?? []);
            const onlyExistingAdded =
                [...had].every((urn) => mapped.includes(urn)) &&
                mapped.every((urn) => had.has(urn) || baseByUrn.has(urn));
            if (
                !sameSet(depsBefore[key], mapped) &&
                !onlyExistingAdded &&
                ![...paths].some((p) => segments(p)[0] === key)
            )
                paths.add(key);
        }
        pairs.push({
            before,
            after,
            rule: replaceRule(after.type),
            paths,
            secretPaths,
            causedBy: new Set(),
        });
    }
    const deleted = base.resources.filter((r) => !matchedBase.has(r.urn));

    // The engine's cascade: a replaced resource gets a new id and outputs, so every input that reads it
    // changes (and may force a replacement in turn).
    const forced = (pair: Pair) => (pair.rule ? forcingPaths(pair.rule, [...pair.paths]) : []);
    const replaced = new Set<string>();
    for (let grew = true; grew; ) {
        grew = false;
        for (const pair of pairs) {
            if (!replaced.has(pair.after.urn) && forced(pair).length > 0) {
                replaced.add(pair.after.urn);
                grew = true;
            }
        }
        for (const pair of pairs) {
            for (const [key, urns] of Object.entries(pair.after.propertyDependencies ?? {})) {
                for (const urn of urns.filter((u) => replaced.has(u))) {
                    const name = nameOfUrn(urn);
                    if (!pair.causedBy.has(name)) {
                        pair.causedBy.add(name);
                        grew = true;
                    }
                    if (![...pair.paths].some((p) => segments(p)[0] === key)) {
                        pair.paths.add(key);
                        grew = true;
                    }
                }
            }
        }
    }

    const changes: ResourceChange[] = [];
    const change = (
        resource: DiffResource,
        action: DiffAction,
        extra: Partial<ResourceChange> = {},
    ): ResourceChange => {
        const reason = blockingReason(
            action,
            resource,
            replaceRule(resource.type),
            keys,
            extra.paths ?? [],
        );
        const forcedBy = extra.forcedBy ?? [];
        return {
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            action,
            paths: [],
            secretPaths: [],
            forcedBy,
            order: action === "replace" ? replaceOrder(resource, replaceRule(resource.type)) : null,
            causedBy: [],
            renamedFrom: null,
            ...extra,
            blocking: reason !== null,
            reason:
                reason && forcedBy.length ? `${reason}; forced by ${forcedBy.join(", ")}` : reason,
        };
    };
    for (const pair of pairs) {
        if (pair.paths.size === 0 && pair.after.urn === pair.before.urn) continue;
        const paths = [...pair.paths].sort();
        const forcedBy = forced(pair);
        const action = forcedBy.length > 0 ? "replace" : "update";
        changes.push(
            change(
                // A protected resource stays protected through its replacement: judge what exists now.
                { ...pair.after, protect: pair.before.protect || pair.after.protect },
                action,
                {
                    paths,
                    secretPaths: paths.filter((p) => pair.secretPaths.has(p)),
                    forcedBy,
                    causedBy: [...pair.causedBy].sort(),
                    renamedFrom: pair.after.urn === pair.before.urn ? null : pair.before.urn,
                },
            ),
        );
    }
    changes.push(...created.map((r) => change(r, "create")));
    changes.push(...deleted.map((r) => change(r, "delete")));
    changes.sort(
        (a, b) =>
            Number(b.blocking) - Number(a.blocking) ||
            ORDER[a.action] - ORDER[b.action] ||
            a.urn.localeCompare(b.urn),
    );

    const counts: Record<DiffAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const c of changes) counts[c.action]++;
    const rotated = rotations(base, head);
    return {
        changes,
        rotations: rotated,
        counts,
        blocking:
            changes.filter((c) => c.blocking).length + rotated.filter((r) => r.blocking).length,
        notes: notes(base, head),
    };
}

/** Why the comparison may show more than the change itself: another date, or another mode. */
function notes(base: DiffPlan, head: DiffPlan): string[] {
    const result: string[] = [];
    if (base.now.slice(0, 10) !== head.now.slice(0, 10)) {
        result.push(
            `the base was planned on ${base.now.slice(0, 10)} and this plan on ${head.now.slice(0, 10)}: rotations due in between show as changes (plan both with the same --now)`,
        );
    }
    if (Boolean(base.firstPreview) !== Boolean(head.firstPreview)) {
        result.push("one plan is a first preview and the other is not: compare plans of one mode");
    }
    return result;
}
