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
import type { CalendarEntry } from "../model/calendar";
import { replaceRule, ReplaceRule } from "./replaceOnChanges";
import { TYPES } from "../policies/rules/types";

export type DiffAction = "create" | "update" | "replace" | "delete";

/**
 * How the engine runs a replacement: by default it creates the new resource, repoints dependents, then
 * deletes the old one; with `deleteBeforeReplace` (the option, or the provider's own) it deletes first
 * (https://www.pulumi.com/docs/iac/concepts/resources/options/deletebeforereplace/).
 */
export type ReplaceOrder = "create-before-delete" | "delete-before-replace";

/** What the diff reads of a planned resource: the fields of the plan's `--json` resources. */
export interface DiffResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly protect: boolean;
    /** The resource's `deleteBeforeReplace` option; absent in plans saved before it was recorded. */
    readonly deleteBeforeReplace?: boolean;
    readonly inputs: unknown;
    readonly aliases?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** Input path → digest of a secret value (`[secret]` in `inputs`); absent where unknown. */
    readonly secretDigests?: Readonly<Record<string, string>>;
}

/** What the diff reads of a plan. */
export interface DiffPlan {
    readonly stack: string;
    readonly now: string;
    readonly firstPreview?: boolean;
    readonly resources: readonly DiffResource[];
    readonly secrets: readonly (Pick<
        CalendarEntry,
        "name" | "class" | "kind" | "generation" | "slots" | "rollouts" | "rotatedAt"
    > &
        Partial<
            Pick<CalendarEntry, "scheme" | "periodDays" | "retiredThrough" | "formerPeriodsPath">
        >)[];
    /** Incidents declared so far (`rotation.incidents`); a plan from before they were listed has none. */
    readonly incidents?: readonly { readonly id: string; readonly at: string }[];
}

export interface ResourceChange {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly action: DiffAction;
    /** Input paths that change (`a.b[0].c`); for create and delete, none. */
    readonly paths: readonly string[];
    /** Those of `paths` whose value is secret: changed, never shown. */
    readonly secretPaths: readonly string[];
    /** Replace: the paths that force it. */
    readonly forcedBy: readonly string[];
    /** Replace: in which order the engine runs it; null for other actions. */
    readonly order: ReplaceOrder | null;
    /** Replaced resources whose new ids and outputs change this one's inputs. */
    readonly causedBy: readonly string[];
    /** A rename the engine follows through an alias: the former URN. */
    readonly renamedFrom: string | null;
    readonly blocking: boolean;
    /** Why it blocks; null when it does not. */
    readonly reason: string | null;
}

/** A secret whose live values change: new values created, old ones dropped, and who rolls to read them. */
export interface Rotation {
    readonly secret: string;
    readonly class: string;
    readonly from: string;
    readonly to: string;
    readonly created: readonly string[];
    readonly dropped: readonly string[];
    readonly consumers: readonly { consumer: string; mechanism: string }[];
    /**
     * It drops a value consumers still rely on outside a declared incident: every live value of a key
     * set or of the alternating users (all sessions end, every connection fails), or any unretired key
     * of a key ring (data no longer decrypts).
     */
    readonly blocking: boolean;
    /** Why it blocks, and the `formerPeriods` entry that keeps it from happening; null when it does not. */
    readonly reason: string | null;
}

export interface PlanDiff {
    /** Blocking changes first, then by action and URN; unchanged resources are left out. */
    readonly changes: readonly ResourceChange[];
    readonly rotations: readonly Rotation[];
    readonly counts: Readonly<Record<DiffAction, number>>;
    readonly blocking: number;
    /** Why the comparison may show more than the change itself (another date, another mode). */
    readonly notes: readonly string[];
}

/** `N to create, N to update, N to replace, N to delete`: the line the diff's text ends with. */
export const summaryLine = (counts: Readonly<Record<DiffAction, number>>) =>
    `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`;

const SECRET = "[secret]";
const ORDER: Record<DiffAction, number> = { replace: 0, delete: 1, create: 2, update: 3 };

function isRecord(value: unknown): value is Record<string, unknown> {
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
const segments = (path: string) => path.replace(/\[\d+\]/g, "").split(".");

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

const nameOfUrn = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
const withName = (urn: string, name: string) => `${urn.slice(0, urn.lastIndexOf("::") + 2)}${name}`;

/**
 * Head URN → base URN for resources the engine follows through an alias: the resource's own former names,
 * and, as the SDK derives for children, a former name of an ancestor in place of its name's prefix.
 */
function renames(base: DiffPlan, head: DiffPlan): Map<string, string> {
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

/** Names of the random values that are encryption keys (key-ring slots), in either plan. */
function encryptionKeys(plans: readonly DiffPlan[]): Set<string> {
    return new Set(
        plans.flatMap((plan) =>
            plan.secrets
                .filter((s) => s.class === "encryption-key")
                .flatMap((s) => s.slots.map((slot) => slot.resource)),
        ),
    );
}

/** Why replacing or deleting `resource`, or updating one of its blocking inputs, blocks; or null. */
function blockingReason(
    action: DiffAction,
    resource: DiffResource,
    rule: ReplaceRule | undefined,
    keys: ReadonlySet<string>,
    paths: readonly string[],
): string | null {
    if (action === "update") {
        const blocked = paths.find((p) => rule?.blockingUpdates?.[segments(p)[0]] !== undefined);
        return blocked === undefined ? null : rule!.blockingUpdates![segments(blocked)[0]];
    }
    if (action !== "replace" && action !== "delete") return null;
    const stated = statefulReason(action, resource, rule, keys);
    if (stated !== null || action !== "replace" || rule?.key === undefined) return stated;
    if (replaceOrder(resource, rule) === "delete-before-replace") return null;
    const { when, inputs: named, scope = [] } = rule.key;
    const inputs = isRecord(resource.inputs) ? resource.inputs : {};
    if (when && !when.values.includes(String(inputs[when.input]))) return null;
    // Auto-named: the replacement gets a new name, so it holds no key.
    if (named.some((input) => inputs[input] === undefined)) return null;
    // A key that changes names another object: the old one's delete does not touch the new one.
    const keyInputs = [...named, ...scope];
    if (paths.some((p) => keyInputs.includes(segments(p)[0]))) return null;
    return `replaces create-before-delete a resource keyed by ${rule.key.inputs.join(" + ")} (${rule.key.what}): ${rule.key.conflict}; set deleteBeforeReplace, or avoid the replacement`;
}

/** The order the engine replaces `resource` in: its option, else the provider's, else create first. */
export function replaceOrder(resource: DiffResource, rule: ReplaceRule | undefined): ReplaceOrder {
    return resource.deleteBeforeReplace === true || rule?.providerDeletesFirst !== undefined
        ? "delete-before-replace"
        : "create-before-delete";
}

function statefulReason(
    action: DiffAction,
    resource: DiffResource,
    rule: ReplaceRule | undefined,
    keys: ReadonlySet<string>,
): string | null {
    const isKey = resource.type === TYPES.random.RandomPassword && keys.has(resource.name);
    const what = isKey
        ? "encryption key (data encrypted with it cannot be read without it)"
        : rule?.stateful;
    if (!what && !resource.protect) return null;
    const verb = action === "replace" ? "replaces" : "deletes";
    const protectedWord = resource.protect ? "protected " : "";
    return what
        ? `${verb} a ${protectedWord}${what}`
        : `${verb} a protected resource (pulumi up refuses until it is unprotected)`;
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) =>
    a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

export interface DiffOptions {
    /**
     * The values a plan derives from a resource's name (the offline plan's mock ids and ARNs). A resource
     * renamed through an alias keeps its real ones, so in the head plan these are read as the former name's.
     */
    readonly namedValues?: (name: string) => readonly string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces whole values derived from a renamed resource's name by its former name's, everywhere. */
function unrename(
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

const generationText = (entry: DiffPlan["secrets"][number]) =>
    entry.generation === null ? `rotated ${entry.rotatedAt.slice(0, 10)}` : `g${entry.generation}`;

type SecretEntry = DiffPlan["secrets"][number];

/**
 * Why dropping these values outside an incident breaks consumers, or null. A key set's and the
 * alternating users' consumers hold one of the live values (a session signed with it, a connection
 * string): a normal rotation drops only the oldest, so some value every consumer holds survives; when
 * none does, every session ends and every connection fails. A key ring's unretired keys still decrypt
 * data (`retiredThrough`): dropping one loses that data.
 */
function lostValues(
    old: SecretEntry,
    entry: SecretEntry,
    dropped: readonly string[],
): string | null {
    const scheme = entry.scheme ?? old.scheme;
    if (scheme === "key-ring") {
        const retired = entry.retiredThrough ?? -1;
        const lost = old.slots.filter(
            (s) => dropped.includes(s.resource) && s.generation > retired,
        );
        return lost.length
            ? `drops unretired key${lost.length > 1 ? "s" : ""} ${lost.map((s) => s.resource).join(", ")} (data encrypted with ${lost.length > 1 ? "them" : "it"} no longer decrypts)`
            : null;
    }
    if (scheme === "key-set" || scheme === "alternating-users") {
        if (old.slots.length === 0 || old.slots.some((s) => !dropped.includes(s.resource)))
            return null;
        return `drops every live value (${old.slots.map((s) => s.resource).join(", ")}): ${scheme === "key-set" ? "every session and signed request of its consumers fails" : "every consumer's login stops working"}`;
    }
    return null;
}

/**
 * What the stack file needs so the edit keeps the values: the period history entry, named. It ends the
 * old period tomorrow: today's plan (and a re-run of today's up) is then the base's, and from that day
 * the new period counts from the current value's start, rotating at most once (model/rotation.ts). An
 * entry ending today could undo a rotation of today's boundary (the edit swallows it) and drop its next
 * value.
 */
function formerPeriodsAdvice(old: SecretEntry, entry: SecretEntry, head: DiffPlan): string {
    const day = Date.parse(`${head.now.slice(0, 10)}T00:00:00Z`);
    const until = new Date(day + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    if (old.periodDays !== undefined && entry.periodDays !== old.periodDays) {
        const where = entry.formerPeriodsPath ?? `the rules' period of ${entry.class}`;
        return `its period changed ${old.periodDays} → ${entry.periodDays} days without history: add { periodDays: ${old.periodDays}, until: "${until}" } to ${where} (the edit then keeps the live values), or declare an incident if they must all go`;
    }
    const where = entry.formerPeriodsPath ? ` (${entry.formerPeriodsPath})` : "";
    return `its schedule's history changed${where}: keep the earlier entries as they were, or declare an incident if the values must all go`;
}

/** Secrets whose live values change between the plans, and the consumers each rolls. */
export function rotations(base: DiffPlan, head: DiffPlan): Rotation[] {
    const before = new Map(base.secrets.map((s) => [s.name, s]));
    const declared = new Set((base.incidents ?? []).map((i) => i.id));
    // An incident declared by this change rotates everything on purpose: nothing it drops blocks.
    const incident = (head.incidents ?? []).find((i) => !declared.has(i.id));
    // Names the engine moves a value from (a renamed owner's aliases), as the resource diff matches them.
    const formerNames = new Map<string, string[]>();
    for (const [urn, former] of renames(base, head))
        formerNames.set(nameOfUrn(urn), [nameOfUrn(former)]);
    const result: Rotation[] = [];
    for (const entry of head.secrets) {
        const old = before.get(entry.name);
        if (!old) continue;
        const oldSlots = old.slots.map((s) => s.resource);
        const newSlots = entry.slots.map((s) => s.resource);
        // A value renamed with an alias (its owner renamed with `renamedFrom`) is moved, not replaced.
        const namesOf = (r: string) => [r, ...(formerNames.get(r) ?? [])];
        const createdSlots = newSlots.filter((r) => !namesOf(r).some((n) => oldSlots.includes(n)));
        const dropped = oldSlots.filter((r) => !newSlots.some((n) => namesOf(n).includes(r)));
        const vendorRotated = entry.generation === null && entry.rotatedAt !== old.rotatedAt;
        if (
            createdSlots.length === 0 &&
            dropped.length === 0 &&
            entry.generation === old.generation &&
            !vendorRotated
        )
            continue;
        const lost = incident ? null : lostValues(old, entry, dropped);
        result.push({
            secret: entry.name,
            class: entry.class,
            from: generationText(old),
            to: generationText(entry),
            created: createdSlots,
            dropped,
            consumers: entry.rollouts.map((r) => ({
                consumer: r.consumer,
                mechanism: r.mechanism,
            })),
            blocking: lost !== null,
            reason: lost && `${entry.name} ${lost}; ${formerPeriodsAdvice(old, entry, head)}`,
        });
    }
    return result;
}

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

const SYMBOL: Record<DiffAction, string> = { create: "+", update: "~", replace: "±", delete: "-" };

function changeLine(c: ResourceChange): string[] {
    const order = c.order ? ` (${c.order})` : "";
    const head = `  ${SYMBOL[c.action]} ${c.action.padEnd(7)} ${c.type} ${c.name}${order}`;
    const lines = [head];
    if (c.renamedFrom)
        lines.push(`      renamed from ${nameOfUrn(c.renamedFrom)} (alias: moved, not replaced)`);
    if (c.reason) lines.push(`      BLOCKING: ${c.reason}`);
    else if (c.forcedBy.length) lines.push(`      forced by ${c.forcedBy.join(", ")}`);
    const shown = c.paths.map((p) => (c.secretPaths.includes(p) ? `${p} (secret)` : p));
    const limit = 12;
    if (shown.length)
        lines.push(
            `      changes ${shown.slice(0, limit).join(", ")}${shown.length > limit ? `, … ${shown.length - limit} more` : ""}`,
        );
    if (c.causedBy.length)
        lines.push(
            `      because ${c.causedBy.join(", ")} ${c.causedBy.length > 1 ? "are" : "is"} replaced`,
        );
    return lines;
}

const ROLLOUT_WORDS: Record<string, string> = {
    "ecs-rolling-deployment": "ECS rolling deployment",
    "vercel-production-deployment": "Vercel production deployment",
};

/** The diff as text: blocking changes first, then every change, rotations; no summary line. */
export function formatDiff(diff: PlanDiff, baseline: string): string[] {
    const lines = [`Changes against ${baseline}`];
    for (const note of diff.notes) lines.push(`  note: ${note}`);
    if (diff.changes.length === 0) lines.push("  no changes");
    const blocking = diff.changes.filter((c) => c.blocking);
    if (blocking.length > 0) {
        lines.push(
            "",
            `Blocking (${blocking.length}): a protected or stateful resource would be replaced or deleted, or replaced create-before-delete under a key only one may hold`,
            ...blocking.flatMap(changeLine),
        );
    }
    const lost = diff.rotations.filter((r) => r.blocking);
    if (lost.length > 0) {
        lines.push(
            "",
            `Blocking (${lost.length}): live secret values would be dropped outside an incident`,
            ...lost.map((r) => `  ${r.reason}`),
        );
    }
    const rest = diff.changes.filter((c) => !c.blocking);
    if (rest.length > 0) lines.push("", "Changes", ...rest.flatMap(changeLine));
    if (diff.rotations.length > 0) {
        lines.push("", "Rotations this change causes (values never shown)");
        for (const r of diff.rotations) {
            const parts = [
                ...(r.created.length ? [`new ${r.created.join(", ")}`] : []),
                ...(r.dropped.length ? [`drops ${r.dropped.join(", ")}`] : []),
            ];
            const rolls = r.consumers.length
                ? r.consumers
                      .map((c) => `${c.consumer} (${ROLLOUT_WORDS[c.mechanism] ?? c.mechanism})`)
                      .join(", ")
                : "no consumer";
            lines.push(
                `  ${r.secret} ${r.from} → ${r.to}${parts.length ? `: ${parts.join("; ")}` : ""}; rolls ${rolls}`,
            );
        }
    }
    return lines;
}
