/** The diff as text, section by section: blocking changes, blocking rotations, changes, rotations. */
import { nameOfUrn } from "./diffPaths";
import type { DiffAction, PlanDiff, ResourceChange, Rotation } from "./diffTypes";

/** `N to create, N to update, N to replace, N to delete`: the line the diff's text ends with. */
export const summaryLine = (counts: Readonly<Record<DiffAction, number>>) =>
    `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`;

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
    return [
        `Changes against ${baseline}`,
        ...diff.notes.map((note) => `  note: ${note}`),
        ...(diff.changes.length === 0 ? ["  no changes"] : []),
        ...blockingChangeLines(diff.changes.filter((c) => c.blocking)),
        ...lostValueLines(diff.rotations.filter((r) => r.blocking)),
        ...changeLines(diff.changes.filter((c) => !c.blocking)),
        ...rotationLines(diff.rotations),
    ];
}

/** The changes that block: a protected or stateful resource replaced or deleted, or a key taken. */
function blockingChangeLines(blocking: readonly ResourceChange[]): string[] {
    if (blocking.length === 0) return [];
    return [
        "",
        `Blocking (${blocking.length}): a protected or stateful resource would be replaced or deleted, or replaced create-before-delete under a key only one may hold`,
        ...blocking.flatMap(changeLine),
    ];
}

/** The rotations that block: live values dropped outside an incident, each with its remedy. */
function lostValueLines(lost: readonly Rotation[]): string[] {
    if (lost.length === 0) return [];
    return [
        "",
        `Blocking (${lost.length}): live secret values would be dropped outside an incident`,
        ...lost.map((r) => `  ${r.reason}`),
    ];
}

/** The changes that do not block. */
function changeLines(rest: readonly ResourceChange[]): string[] {
    return rest.length > 0 ? ["", "Changes", ...rest.flatMap(changeLine)] : [];
}

/** Every rotation: the values created and dropped, and the consumers it rolls. */
function rotationLines(rotations: readonly Rotation[]): string[] {
    if (rotations.length === 0) return [];
    return [
        "",
        "Rotations this change causes (values never shown)",
        ...rotations.map((r) => {
            const parts = [
                ...(r.created.length ? [`new ${r.created.join(", ")}`] : []),
                ...(r.dropped.length ? [`drops ${r.dropped.join(", ")}`] : []),
            ];
            const rolls = r.consumers.length
                ? r.consumers
                      .map((c) => `${c.consumer} (${ROLLOUT_WORDS[c.mechanism] ?? c.mechanism})`)
                      .join(", ")
                : "no consumer";
            return `  ${r.secret} ${r.from} → ${r.to}${parts.length ? `: ${parts.join("; ")}` : ""}; rolls ${rolls}`;
        }),
    ];
}
