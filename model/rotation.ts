/**
 * Rotation is computed, not stored: from a secret's name, its schedule's history (periods, early
 * rotations, incidents) and the clock, which generation is current, which values must be live and when
 * the next one starts. Pure functions only.
 */
import { DAY_MS, KEY_RING_FIRST_GENERATION, KEY_SCHEMES, KeyScheme } from "./rules";

/** Anchors are staggered within one period after this instant, so secrets do not all rotate on one day. */
export const ROTATION_EPOCH_MS = Date.UTC(2024, 0, 1);

/** A database login user: the two alternate, so the one in use is never the one whose password changes. */
export type Slot = "a" | "b";

/** A period the secret had before its current one, in force until `until` (ISO date, exclusive). */
export interface FormerPeriod {
    readonly periodDays: number;
    readonly until: string;
}

export interface RotationSchedule {
    readonly name: string;
    /** The period in force now (after every `formerPeriods` entry). */
    readonly periodDays: number;
    /** Earlier periods, oldest first: an edit of the period is history, so it never rotates by itself. */
    readonly formerPeriods?: readonly FormerPeriod[];
    /** Dates of planned early rotations (`rotateNow`), ISO. */
    readonly earlyRotations: readonly string[];
    /** Dates of incidents (`rotation.incidents[].at`), ISO. */
    readonly incidents?: readonly string[];
    /** Generations an incident advances (`KEY_SCHEMES[scheme].incidentJump`); default 1. */
    readonly incidentJump?: number;
    /**
     * Published keys (`promotion: "recorded"`): the generation advances only on `earlyRotations` (the
     * recorded promotions) and incidents, never on the period. The period is then the age at which the
     * pack warns, and `nextRotation` the next recorded promotion or, with none ahead, that warning's date.
     */
    readonly promotedOnly?: boolean;
}

export interface RotationState {
    /** The current generation: the value consumers sign, send or encrypt with. */
    readonly generation: number;
    /** The period in force now. */
    readonly periodDays: number;
    /** When the current generation started (the last rotation) and the previous one. */
    readonly currentSince: Date;
    readonly previousSince: Date;
    /** The next instant at which the generation changes (a boundary, a planned early rotation or edit). */
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

/** The login user that holds generation `generation`'s password. */
export function userOfGeneration(generation: number): Slot {
    return ((generation % 2) + 2) % 2 === 0 ? "a" : "b";
}

/** The schedule's first period: it sets the anchor, which no later edit moves. */
function firstPeriod(schedule: RotationSchedule): number {
    return schedule.formerPeriods?.[0]?.periodDays ?? schedule.periodDays;
}

interface Segment {
    /** Generation `gen` starts at `start`; `gen + k` at `start + k·P`. */
    readonly start: number;
    readonly gen: number;
    readonly period: number;
    /** When the generation before `gen` started. */
    readonly previousStart: number;
}

interface ScheduleEvent {
    readonly at: number;
    /** The period in force from `at` on (period edits). */
    readonly newPeriod?: number;
    readonly early: boolean;
    readonly incident: boolean;
}

/** Every dated entry of the schedule, grouped by instant, in time order. */
function scheduleEvents(schedule: RotationSchedule): ScheduleEvent[] {
    const byInstant = new Map<number, { newPeriod?: number; early: boolean; incident: boolean }>();
    const at = (instant: number) => {
        const entry = byInstant.get(instant) ?? { early: false, incident: false };
        byInstant.set(instant, entry);
        return entry;
    };
    const former = schedule.formerPeriods ?? [];
    former.forEach((entry, index) => {
        at(parseIsoDate(entry.until).getTime()).newPeriod =
            former[index + 1]?.periodDays ?? schedule.periodDays;
    });
    for (const date of schedule.earlyRotations) at(parseIsoDate(date).getTime()).early = true;
    for (const date of schedule.incidents ?? []) at(parseIsoDate(date).getTime()).incident = true;
    return [...byInstant.entries()]
        .map(([instant, entry]) => ({ at: instant, ...entry }))
        .sort((x, y) => x.at - y.at);
}

/** The generation live at `t` within a segment, and when it started. */
function liveIn(segment: Segment, t: number): { gen: number; start: number } {
    // A promoted-only schedule has no boundaries: its generation changes at dated entries only.
    if (!Number.isFinite(segment.period)) return { gen: segment.gen, start: segment.start };
    const k = Math.floor((t - segment.start) / segment.period);
    const gen = segment.gen + k;
    return { gen, start: k === -1 ? segment.previousStart : segment.start + k * segment.period };
}

/**
 * The schedule as segments up to `now`. Boundaries fall every P from the anchor. At a dated entry:
 * an early rotation advances one generation (none extra when a boundary falls exactly there); an incident
 * advances `incidentJump`; a period edit keeps the current value and restarts the cadence from the
 * value's own start, unless the value is already older than the new period, which rotates it at once.
 * Entries at one instant coalesce: the largest advance wins, so nothing rotates twice in one instant.
 */
function segmentAt(schedule: RotationSchedule, now: number): Segment {
    const p0 = firstPeriod(schedule);
    const anchor = rotationAnchor(schedule.name, p0).getTime();
    let segment: Segment = schedule.promotedOnly
        ? { start: ROTATION_EPOCH_MS, gen: 0, period: Infinity, previousStart: ROTATION_EPOCH_MS }
        : {
              start: anchor,
              gen: 0,
              period: p0 * DAY_MS,
              previousStart: anchor - p0 * DAY_MS,
          };
    for (const event of scheduleEvents(schedule)) {
        if (event.at > now) break;
        const before = liveIn(segment, event.at - 1);
        const scheduled = liveIn(segment, event.at).gen > before.gen;
        const period = (event.newPeriod ?? segment.period / DAY_MS) * DAY_MS;
        const previousOfBefore =
            before.gen === segment.gen ? segment.previousStart : before.start - segment.period;
        let advance = 0;
        if (event.newPeriod !== undefined) {
            // The new cadence counts from the current value's start.
            if (before.start + period <= event.at) advance = 1;
        } else if (scheduled) {
            advance = 1;
        }
        if (event.early) advance = Math.max(advance, 1);
        if (event.incident) advance = Math.max(advance, schedule.incidentJump ?? 1);
        segment =
            advance > 0
                ? {
                      start: event.at,
                      gen: before.gen + advance,
                      period,
                      previousStart: before.start,
                  }
                : { start: before.start, gen: before.gen, period, previousStart: previousOfBefore };
    }
    return segment;
}

/** The generation live at `now` and when it started. */
export function generationAt(schedule: RotationSchedule, now: Date): number {
    return liveIn(segmentAt(schedule, now.getTime()), now.getTime()).gen;
}

/** The generation live at `now`, when it and the previous one started, and when the next one starts. */
export function rotationState(schedule: RotationSchedule, now: Date): RotationState {
    const t = now.getTime();
    const segment = segmentAt(schedule, t);
    const live = liveIn(segment, t);
    // Only the segment's first generation follows something other than the cadence.
    const previousSince =
        live.gen === segment.gen ? segment.previousStart : live.start - segment.period;
    // Candidates for the next change: the boundary, and every dated entry still ahead (an edit may move
    // the boundary, so its own restart counts too); the first at which the generation moves wins.
    const ahead = scheduleEvents(schedule).filter((event) => event.at > t);
    const candidates = [
        live.start + segment.period,
        ...ahead.map((event) => event.at),
        ...ahead.flatMap((event) =>
            event.newPeriod !== undefined ? [live.start + event.newPeriod * DAY_MS] : [],
        ),
    ]
        .filter((instant) => instant > t)
        .sort((x, y) => x - y);
    const nextRotation =
        candidates
            .filter(Number.isFinite)
            .find((instant) => generationAt(schedule, new Date(instant)) !== live.gen) ??
        (schedule.promotedOnly
            ? live.start + schedule.periodDays * DAY_MS
            : live.start + segment.period);
    return {
        generation: live.gen,
        periodDays: schedule.promotedOnly ? schedule.periodDays : segment.period / DAY_MS,
        currentSince: new Date(live.start),
        previousSince: new Date(previousSince),
        nextRotation: new Date(nextRotation),
    };
}

/**
 * The newest key-ring generation that may be retired at `now`. Instances deployed before this up still
 * encrypt with the key that was current when they started, and the workflow rolls them at least once a
 * period, so every key from the one current a period ago on may still be written to while the up rolls
 * (after an incident too: its fresh key jumps past keys that old instances keep using until replaced).
 */
export function newestRetirableGeneration(schedule: RotationSchedule, now: Date): number {
    const periodMs = rotationState(schedule, now).periodDays * DAY_MS;
    const aPeriodAgo = generationAt(schedule, new Date(now.getTime() - periodMs));
    return Math.min(generationAt(schedule, now), aPeriodAgo) - 1;
}

/** An incident: declared on `at`, it rotates every generated secret at once (`KEY_SCHEMES.incidentJump`). */
export interface Incident {
    readonly id: string;
    readonly at: string;
}

/** What a secret's schedule is built from; the loader's `SecretModel` has these fields. */
export interface ScheduledSecret {
    readonly name: string;
    readonly periodDays: number;
    readonly formerPeriods: readonly FormerPeriod[];
    readonly earlyRotations: readonly string[];
    readonly scheme: KeyScheme;
    /** Published keys: advanced by recorded promotions (`earlyRotations`) only. */
    readonly promotedOnly?: boolean;
}

/** A secret's whole schedule: its own history and the stack's incidents. */
export function scheduleOf(
    secret: ScheduledSecret,
    incidents: readonly Incident[],
): RotationSchedule {
    return {
        name: secret.name,
        periodDays: secret.periodDays,
        formerPeriods: secret.formerPeriods,
        earlyRotations: secret.earlyRotations,
        incidents: incidents.map((incident) => incident.at),
        incidentJump: KEY_SCHEMES[secret.scheme].incidentJump,
        ...(secret.promotedOnly ? { promotedOnly: true } : {}),
    };
}

/**
 * The variables a consumer of the secret receives, by what they hold. A key set: `NAME` to sign or send
 * with, `NAME_NEXT` and `NAME_PREVIOUS` also accepted. A key ring: `NAME` to encrypt with, `NAME_KEY_ID`
 * (its generation, to tag ciphertext) and `NAME_KEYRING` (JSON, key id → key, every key that may still
 * decrypt). Anything else: `NAME`.
 */
export function secretVariables(
    name: string,
    scheme: KeyScheme,
): {
    readonly variable: string;
    readonly slot: "current" | "next" | "previous" | "key-id" | "keyring";
}[] {
    switch (scheme) {
        case "key-set":
            return [
                { variable: name, slot: "current" },
                { variable: `${name}_NEXT`, slot: "next" },
                { variable: `${name}_PREVIOUS`, slot: "previous" },
            ];
        case "key-ring":
            return [
                { variable: name, slot: "current" },
                { variable: `${name}_KEY_ID`, slot: "key-id" },
                { variable: `${name}_KEYRING`, slot: "keyring" },
            ];
        default:
            return [{ variable: name, slot: "current" }];
    }
}

/** A live value of a generated secret: which generation it holds and what consumers do with it. */
export type SlotRole = "next" | "current" | "previous";

export interface LiveValue {
    readonly generation: number;
    readonly role: SlotRole;
}

/**
 * The values of a secret that must exist at generation `generation`, newest first: the key set's
 * {next, current, previous}, the key ring's next and current plus every older key not yet retired, the
 * alternating users' current and previous. Everything else may be deleted.
 */
export function liveValues(
    scheme: KeyScheme,
    generation: number,
    retiredThrough?: number,
): LiveValue[] {
    const rule = KEY_SCHEMES[scheme];
    const values: LiveValue[] = [];
    for (let k = rule.next; k >= 1; k--) values.push({ generation: generation + k, role: "next" });
    values.push({ generation, role: "current" });
    const oldest =
        rule.previous === "until-retired"
            ? Math.max((retiredThrough ?? -1) + 1, KEY_RING_FIRST_GENERATION)
            : generation - rule.previous;
    for (let k = generation - 1; k >= oldest; k--) values.push({ generation: k, role: "previous" });
    return values;
}

/** The name of the random resource holding a generation's value: a value's identity is its generation. */
export function generationResourceName(owner: string, generation: number): string {
    return `${owner}-g${generation}`;
}

/**
 * Before key sets, a secret kept its values in slots `a`/`b` (two-slot classes) or `a` (one slot) by the
 * generation's parity. The value of generation `generation` lived in that slot if it was live then:
 * aliasing it lets an upgrade adopt the value instead of replacing it (no logout, no lost key).
 */
export function legacySlotOf(
    scheme: KeyScheme,
    secretClass: string,
    generation: number,
    current: number,
): Slot | undefined {
    const legacySlots = secretClass === "cron-token" ? 1 : 2;
    if (scheme === "vendor" || generation > current || generation < current - legacySlots + 1)
        return undefined;
    return legacySlots === 1 ? "a" : userOfGeneration(generation);
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
