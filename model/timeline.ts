/**
 * The next twelve months of a stack, as dated events: generated secrets' rotations (from the rotation
 * calendar the plan prints, `rotationCalendar`), vendor secrets' due dates, restore drills (the restore
 * test schedule) and, once waivers exist, each waiver's `until`. The runbook draws it as a Gantt. Pure.
 */
import { rotationCalendar } from "./calendar";
import type { SystemModel } from "./types";
import { backupPlan } from "./backups";
import { DAY_MS } from "./rules";
import { parseIsoDate } from "./rotation";

export type TimelineSection = "rotations" | "vendor secrets due" | "restore drills" | "waivers";

export interface TimelineEvent {
    readonly section: TimelineSection;
    readonly label: string;
    /** ISO date (UTC). */
    readonly date: string;
}

/**
 * A dated entry that is not the model's own (the hook for waivers: each waiver's `until`, named by the
 * rule it waives), so another part of the model can join the timeline without it knowing them.
 */
export interface TimelineExtra {
    readonly label: string;
    readonly date: string;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The date the runbook's timeline starts at: the latest date the stack file records (a vendor secret's
 * `rotatedAt`, an incident, an early rotation, a former period's end). The runbook depends on the stack
 * file only, so its committed copy stays reproducible; regenerating it after an edit moves the window.
 */
export function timelineStart(model: SystemModel): Date {
    const dates = [
        ...Object.values(model.secrets).flatMap((s) => [
            ...(s.rotatedAt ? [s.rotatedAt] : []),
            ...s.earlyRotations,
            ...s.formerPeriods.map((p) => p.until),
        ]),
        ...model.incidents.map((i) => i.at),
    ].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
    const latest = dates.sort().at(-1);
    return latest ? parseIsoDate(latest) : new Date(0);
}

/** Occurrences of an AWS cron of the form `cron(M H D MONTHS ? *)` (numbers or comma lists) in [from, to). */
export function cronDays(expression: string, from: Date, to: Date): Date[] {
    const match = /^cron\((\d+) (\d+) ([\d,]+) ([\d,]+) \? \*\)$/.exec(expression);
    if (!match) throw new Error(`cron ${expression} is not modelled`);
    const [minute, hour] = [Number(match[1]), Number(match[2])];
    const days = match[3].split(",").map(Number);
    const months = match[4].split(",").map(Number);
    const out: Date[] = [];
    for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear(); year++)
        for (const month of months)
            for (const day of days) {
                const at = new Date(Date.UTC(year, month - 1, day, hour, minute));
                if (at >= from && at < to) out.push(at);
            }
    return out.sort((a, b) => a.getTime() - b.getTime());
}

/** Twelve months from `from`: every rotation, vendor due date, drill and extra (waiver) in order. */
export function timeline(
    model: SystemModel,
    from: Date,
    extra: readonly TimelineExtra[] = [],
): TimelineEvent[] {
    const to = new Date(from);
    to.setUTCFullYear(to.getUTCFullYear() + 1);
    const events: TimelineEvent[] = [];
    // Each rotation as the plan's calendar states it at the time: the next boundary after the last one.
    for (const secret of Object.values(model.secrets).filter((s) => s.kind === "generated")) {
        let at = from;
        for (let guard = 0; guard < 400; guard++) {
            const entry = rotationCalendar(model, at).find((e) => e.name === secret.name)!;
            const next = new Date(entry.nextRotation);
            if (next >= to || next <= at) break;
            events.push({
                section: "rotations",
                label: `${secret.name} g${(entry.generation ?? 0) + 1}`,
                date: isoDay(next),
            });
            at = next;
        }
    }
    for (const entry of rotationCalendar(model, from).filter((e) => e.kind === "vendor")) {
        const due = new Date(entry.nextRotation);
        if (due < to)
            events.push({ section: "vendor secrets due", label: entry.name, date: isoDay(due) });
    }
    // Drills on each database's restore-test schedule (model/backups.ts), one bar per schedule.
    const bySchedule = new Map<string, string[]>();
    // A stack without drills (rule restoreDrills) has none to show.
    for (const backup of backupPlan(model).filter((b) => b.restoreTest !== "none"))
        bySchedule.set(backup.restoreTest, [
            ...(bySchedule.get(backup.restoreTest) ?? []),
            backup.database,
        ]);
    for (const [schedule, databases] of bySchedule)
        for (const at of cronDays(schedule, from, to))
            events.push({
                section: "restore drills",
                label: `restore drill ${databases.join(", ")}`,
                date: isoDay(at),
            });
    for (const waiver of extra)
        if (parseIsoDate(waiver.date).getTime() < to.getTime() + DAY_MS)
            events.push({ section: "waivers", label: waiver.label, date: waiver.date });
    return events.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
}
