/**
 * The rotations a change causes: secrets whose live values change between two plans, the consumers each
 * rolls, and whether it drops values consumers still rely on outside an incident.
 */
import { nameOfUrn, renames } from "./diffPaths";
import type { DiffPlan, Rotation } from "./diffTypes";

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
