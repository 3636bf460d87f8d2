/**
 * Rotation is computed, not stored: from a secret's name, period and early-rotation dates, and the clock,
 * which generation is live, which slot holds it and when the next one starts. Pure functions only.
 */
import { DAY_MS } from "./rules";

/** Anchors are staggered within one period after this instant, so secrets do not all rotate on one day. */
export const ROTATION_EPOCH_MS = Date.UTC(2024, 0, 1);

export type Slot = "a" | "b";

export interface RotationSchedule {
    readonly name: string;
    readonly periodDays: number;
    /** Dates of planned early rotations (`rotateNow`), ISO. */
    readonly earlyRotations: readonly string[];
}

export interface RotationState {
    /** Generations since the anchor; the value rotated most recently was created at its start. */
    readonly generation: number;
    /** Slot holding the newest value (always `a` for single-slot secrets). */
    readonly currentSlot: Slot;
    /** The generation each slot's value belongs to; a slot's keepers change exactly when this does. */
    readonly slotGenerations: { readonly a: number; readonly b: number };
    /** When the current generation started (the last rotation) and the previous one. */
    readonly currentSince: Date;
    readonly previousSince: Date;
    readonly nextRotation: Date;
}

/** FNV-1a: a stable 32-bit hash, the same on every machine and Node version. */
export function stableHash(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

/** The instant a secret's schedule starts: the epoch plus a per-name offset of whole days within P. */
export function rotationAnchor(name: string, periodDays: number): Date {
    return new Date(ROTATION_EPOCH_MS + (stableHash(name) % periodDays) * DAY_MS);
}

/** Parses a validated ISO date; a bare date means midnight UTC. */
export function parseIsoDate(value: string): Date {
    return new Date(/T/.test(value) ? value : `${value}T00:00:00Z`);
}

function parity(generation: number): Slot {
    return ((generation % 2) + 2) % 2 === 0 ? "a" : "b";
}

/** The newest generation ≤ g whose value lives in `slot`. */
function latestGenerationOfSlot(generation: number, slot: Slot): number {
    return parity(generation) === slot ? generation : generation - 1;
}

/**
 * The generation live at `now`. Boundaries fall every P days from the anchor; an early rotation at d
 * advances one generation (none extra when a boundary falls exactly at d) and restarts the schedule at d.
 */
export function rotationState(schedule: RotationSchedule, now: Date): RotationState {
    const period = schedule.periodDays * DAY_MS;
    // The schedule is a chain of segments; within one, generation `base + k` starts at `anchor + k·P`.
    let anchor = rotationAnchor(schedule.name, schedule.periodDays).getTime();
    let base = 0;
    let startBeforeAnchor = anchor - period;
    const allEarlies = [...new Set(schedule.earlyRotations)]
        .map((date) => parseIsoDate(date).getTime())
        .sort((x, y) => x - y);
    const earlies = allEarlies.filter((instant) => instant <= now.getTime());
    // A planned early rotation still ahead comes before the scheduled boundary if it is sooner.
    const nextEarly = allEarlies.find((instant) => instant > now.getTime()) ?? Infinity;
    for (const early of earlies) {
        const k = Math.ceil((early - anchor) / period) - 1; // the generation live just before `early`
        startBeforeAnchor = anchor + k * period;
        base += k + 1;
        anchor = early;
    }
    const k = Math.floor((now.getTime() - anchor) / period);
    const generation = base + k;
    const start = anchor + k * period;
    const previousStart = k === 0 ? startBeforeAnchor : start - period;
    return {
        generation,
        currentSlot: parity(generation),
        slotGenerations: {
            a: latestGenerationOfSlot(generation, "a"),
            b: latestGenerationOfSlot(generation, "b"),
        },
        currentSince: new Date(start),
        previousSince: new Date(previousStart),
        nextRotation: new Date(Math.min(start + period, nextEarly)),
    };
}

export type VendorStatus = "ok" | "due-soon" | "overdue";

export interface VendorAge {
    readonly ageDays: number;
    readonly dueAt: Date;
    readonly daysUntilDue: number;
    readonly status: VendorStatus;
}

/** A vendor secret's age against its maximum, and whether it is due within `warningDays`. */
export function vendorAge(
    rotatedAt: string,
    maxAgeDays: number,
    warningDays: number,
    now: Date,
): VendorAge {
    const issued = parseIsoDate(rotatedAt).getTime();
    const dueAt = new Date(issued + maxAgeDays * DAY_MS);
    const daysUntilDue = Math.floor((dueAt.getTime() - now.getTime()) / DAY_MS);
    const status: VendorStatus =
        now.getTime() >= dueAt.getTime()
            ? "overdue"
            : daysUntilDue <= warningDays
              ? "due-soon"
              : "ok";
    return { ageDays: Math.floor((now.getTime() - issued) / DAY_MS), dueAt, daysUntilDue, status };
}

export interface KeeperInputs {
    readonly secretClass: string;
    readonly periodDays: number;
    readonly slots: 1 | 2;
    readonly state: RotationState;
    /** The current incident id, if any: part of every slot's keepers, so changing it replaces them all. */
    readonly incident?: string;
}

/**
 * The `keepers` of each slot's random resource: the schedule, never the value. A slot is replaced exactly
 * when its keepers change: at its turn in the schedule, or when the period or the incident changes.
 */
export function slotKeepers(inputs: KeeperInputs): Partial<Record<Slot, Record<string, string>>> {
    const keepers = (generation: number): Record<string, string> => ({
        generation: String(generation),
        periodDays: String(inputs.periodDays),
        class: inputs.secretClass,
        ...(inputs.incident !== undefined ? { incident: inputs.incident } : {}),
    });
    if (inputs.slots === 1) return { a: keepers(inputs.state.generation) };
    return {
        a: keepers(inputs.state.slotGenerations.a),
        b: keepers(inputs.state.slotGenerations.b),
    };
}
