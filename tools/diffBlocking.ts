/**
 * When a change blocks, and in which order the engine replaces: replacing or deleting a protected or
 * stateful resource or an encryption key, updating an input that loses data, and a create-before-delete
 * replacement of a resource keyed by a name only one may hold.
 */
import type { ReplaceRule } from "./replaceOnChanges";
import { TYPES } from "../policies/rules/types";
import { isRecord, segments } from "./diffPaths";
import type { DiffAction, DiffPlan, DiffResource, ReplaceOrder } from "./diffTypes";

/** Names of the random values that are encryption keys (key-ring slots), in either plan. */
export function encryptionKeys(plans: readonly DiffPlan[]): Set<string> {
    return new Set(
        plans.flatMap((plan) =>
            plan.secrets
                .filter((s) => s.class === "encryption-key")
                .flatMap((s) => s.slots.map((slot) => slot.resource)),
        ),
    );
}

/** Why replacing or deleting `resource`, or updating one of its blocking inputs, blocks; or null. */
export function blockingReason(
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
