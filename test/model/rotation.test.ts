import fc from "fast-check";
import {
    generationAt,
    legacySlotOf,
    liveValues,
    newestRetirableGeneration,
    rotationAnchor,
    rotationState,
    RotationSchedule,
    stableHash,
    vendorAge,
} from "../../model/rotation";
import { DAY_MS, KEY_SCHEMES, KeyScheme } from "../../model/rules";

const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/);
const period = fc.integer({ min: 1, max: 365 });
// Instants from 2023 to 2030, so some precede the rotation epoch.
const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2030, 0, 1) });
const earlyDates = fc.array(
    instant.map((t) => new Date(t).toISOString()),
    { maxLength: 4 },
);

const schedule = fc.record({
    name,
    periodDays: period,
    earlyRotations: earlyDates,
}) as fc.Arbitrary<RotationSchedule>;

describe("rotation anchor", () => {
    it("is stable and staggered within one period", () => {
        expect(stableHash("SECRET_KEY")).toBe(stableHash("SECRET_KEY"));
        expect(rotationAnchor("SECRET_KEY", 90).getTime()).not.toBe(
            rotationAnchor("API_SECRET", 90).getTime(),
        );
        fc.assert(
            fc.property(name, period, (n, p) => {
                const offset = rotationAnchor(n, p).getTime() - Date.UTC(2024, 0, 1);
                return offset >= 0 && offset < p * DAY_MS && offset % DAY_MS === 0;
            }),
        );
    });
});

describe("rotation state", () => {
    it("never lets a value be older than 2 × period, nor current for longer than one period", () => {
        fc.assert(
            fc.property(schedule, instant, (s, t) => {
                const state = rotationState(s, new Date(t));
                const period = s.periodDays * DAY_MS;
                expect(t - state.currentSince.getTime()).toBeGreaterThanOrEqual(0);
                expect(t - state.currentSince.getTime()).toBeLessThan(period);
                expect(t - state.previousSince.getTime()).toBeLessThan(2 * period);
                expect(state.previousSince.getTime()).toBeLessThan(state.currentSince.getTime());
                expect(state.nextRotation.getTime()).toBeGreaterThan(t);
            }),
        );
    });

    it("advances exactly one generation per boundary, and the generation is constant in between", () => {
        fc.assert(
            fc.property(schedule, instant, (s, t) => {
                const before = rotationState(s, new Date(t));
                const after = rotationState(s, before.nextRotation);
                expect(after.generation).toBe(before.generation + 1);
                expect(generationAt(s, new Date(before.nextRotation.getTime() - 1))).toBe(
                    before.generation,
                );
                expect(after.currentSince.getTime()).toBe(before.nextRotation.getTime());
            }),
            { numRuns: 2000 },
        );
    });

    it("is monotonic: the generation never goes back as time passes", () => {
        fc.assert(
            fc.property(
                schedule,
                instant,
                fc.integer({ min: 0, max: 400 * DAY_MS }),
                (s, t, dt) => {
                    expect(rotationState(s, new Date(t + dt)).generation).toBeGreaterThanOrEqual(
                        rotationState(s, new Date(t)).generation,
                    );
                },
            ),
        );
    });

    it("advances exactly one generation at a rotateNow date, keeping the previous value", () => {
        fc.assert(
            fc.property(name, period, instant, (n, p, t) => {
                const base = { name: n, periodDays: p, earlyRotations: [] };
                const at = new Date(t);
                const plain = rotationState(base, at);
                // Rotate early at a moment strictly inside the current generation.
                const early = new Date(Math.max(plain.currentSince.getTime() + 1, t));
                if (early.getTime() >= plain.nextRotation.getTime()) return;
                const rotated = rotationState(
                    { ...base, earlyRotations: [early.toISOString()] },
                    early,
                );
                expect(rotated.generation).toBe(
                    plain.generation + (early.getTime() === plain.currentSince.getTime() ? 0 : 1),
                );
                expect(rotated.nextRotation.getTime()).toBe(early.getTime() + p * DAY_MS);
            }),
        );
    });

    it("does not advance twice when rotateNow falls exactly on a scheduled boundary", () => {
        const s = { name: "SECRET_KEY", periodDays: 90, earlyRotations: [] as string[] };
        const boundary = rotationState(s, new Date("2026-11-24T00:00:00Z")).nextRotation;
        const scheduled = rotationState(s, boundary);
        const both = rotationState({ ...s, earlyRotations: [boundary.toISOString()] }, boundary);
        expect(both.generation).toBe(scheduled.generation);
    });
});

describe("schedule edits and incidents", () => {
    const edit = fc.record({
        name,
        from: period,
        to: period,
        // The day of the edit, as a whole number of days after the epoch (edits are dated).
        day: fc.integer({ min: 366, max: 6 * 365 }),
    });
    const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * DAY_MS);

    it("never rotate by being recorded: the generation right after an edit is the one before, unless the value is older than the new period", () => {
        fc.assert(
            fc.property(edit, ({ name: n, from, to, day }) => {
                const until = at(day);
                const old = { name: n, periodDays: from, earlyRotations: [] };
                const edited = {
                    ...old,
                    periodDays: to,
                    formerPeriods: [{ periodDays: from, until: until.toISOString().slice(0, 10) }],
                };
                const before = rotationState(old, new Date(until.getTime() - 1));
                const after = rotationState(edited, until);
                const age = until.getTime() - before.currentSince.getTime();
                const expected =
                    // A scheduled boundary of the old period that falls on the day is not one any more.
                    before.generation + (age >= to * DAY_MS ? 1 : 0);
                expect(after.generation).toBe(expected);
                // The next rotation counts from the current value's start with the new period.
                if (after.generation === before.generation) {
                    expect(after.nextRotation.getTime()).toBe(
                        before.currentSince.getTime() + to * DAY_MS,
                    );
                } else {
                    expect(after.nextRotation.getTime()).toBe(until.getTime() + to * DAY_MS);
                }
                // Everything before the edit is unchanged by recording it.
                expect(generationAt(edited, new Date(until.getTime() - 1))).toBe(before.generation);
            }),
            { numRuns: 1000 },
        );
    });

    it("advance an incident by the scheme's jump, once, on its date", () => {
        const schemes = fc.constantFrom<KeyScheme>("key-set", "key-ring", "alternating-users");
        fc.assert(
            fc.property(
                name,
                period,
                fc.integer({ min: 366, max: 6 * 365 }),
                schemes,
                (n, p, d, scheme) => {
                    const date = at(d);
                    const jump = KEY_SCHEMES[scheme].incidentJump;
                    const plain = { name: n, periodDays: p, earlyRotations: [] };
                    const withIncident = {
                        ...plain,
                        incidents: [date.toISOString().slice(0, 10)],
                        incidentJump: jump,
                    };
                    const before = generationAt(plain, new Date(date.getTime() - 1));
                    expect(generationAt(withIncident, date)).toBe(before + jump);
                    // No value live before the incident is current after it; for key sets none is live at all.
                    const held = liveValues(scheme, before).map((v) => v.generation);
                    const after = liveValues(scheme, before + jump);
                    expect(held).not.toContain(before + jump);
                    if (scheme !== "key-ring") {
                        expect(after.filter((v) => held.includes(v.generation))).toEqual([]);
                    } else {
                        // The ring keeps every old key to decrypt; the new current key was never published.
                        expect(after.map((v) => v.generation)).toEqual(
                            expect.arrayContaining(held),
                        );
                    }
                    // Later, it is history: the schedule restarts at the incident.
                    const state = rotationState(withIncident, date);
                    expect(state.nextRotation.getTime()).toBe(date.getTime() + p * DAY_MS);
                },
            ),
            { numRuns: 500 },
        );
    });

    it("report the next rotation as the first instant the generation changes", () => {
        const dated = fc
            .integer({ min: 0, max: 6 * 365 })
            .map((d) => at(d).toISOString().slice(0, 10));
        const history = fc.record({
            name,
            periodDays: period,
            earlyRotations: fc.array(dated, { maxLength: 3 }),
            incidents: fc.array(dated, { maxLength: 2 }),
            incidentJump: fc.integer({ min: 1, max: 3 }),
            formerPeriods: fc
                .uniqueArray(dated, { maxLength: 2 })
                .chain((dates) =>
                    fc.tuple(
                        ...dates
                            .sort()
                            .map((until) => period.map((p) => ({ periodDays: p, until }))),
                    ),
                ),
        }) as fc.Arbitrary<RotationSchedule>;
        fc.assert(
            fc.property(history, instant, (s, t) => {
                const state = rotationState(s, new Date(t));
                expect(state.nextRotation.getTime()).toBeGreaterThan(t);
                expect(generationAt(s, state.nextRotation)).toBeGreaterThan(state.generation);
                expect(generationAt(s, new Date(state.nextRotation.getTime() - 1))).toBe(
                    state.generation,
                );
                expect(generationAt(s, state.currentSince)).toBe(state.generation);
            }),
            { numRuns: 1000 },
        );
    });
});

describe("retirable keys", () => {
    const withIncidents = fc.record({
        name,
        periodDays: period,
        earlyRotations: earlyDates,
        incidents: fc.array(
            instant.map((t) => new Date(t).toISOString().slice(0, 10)),
            { maxLength: 2 },
        ),
        incidentJump: fc.constant(KEY_SCHEMES["key-ring"].incidentJump),
    }) as fc.Arbitrary<RotationSchedule>;

    it("never include a key that was current at any moment of the last period", () => {
        fc.assert(
            fc.property(withIncidents, instant, (s, t) => {
                const now = new Date(t);
                const newest = newestRetirableGeneration(s, now);
                const periodMs = rotationState(s, now).periodDays * DAY_MS;
                // Every instant of the last period, at the hours a daily up may have run. One expect for
                // the first offender: an expect per instant made this the suite's slowest test.
                let offender: { back: number; generation: number } | undefined;
                for (let back = 0; back <= periodMs && !offender; back += 6 * 60 * 60 * 1000) {
                    const generation = generationAt(s, new Date(t - back));
                    if (generation <= newest) offender = { back, generation };
                }
                expect(offender).toBeUndefined();
            }),
            { numRuns: 300 },
        );
    });

    it("are every key older than the previous one on a steady cadence", () => {
        fc.assert(
            fc.property(name, period, instant, (n, p, t) => {
                const s = { name: n, periodDays: p, earlyRotations: [] };
                const now = new Date(t);
                expect(newestRetirableGeneration(s, now)).toBe(generationAt(s, now) - 2);
            }),
            { numRuns: 300 },
        );
    });
});

describe("live values", () => {
    it("are a key set's next, current and previous; the users' current and previous; the ring's every unretired key", () => {
        expect(liveValues("key-set", 7)).toEqual([
            { generation: 8, role: "next" },
            { generation: 7, role: "current" },
            { generation: 6, role: "previous" },
        ]);
        expect(liveValues("alternating-users", 7).map((v) => v.generation)).toEqual([7, 6]);
        expect(liveValues("key-ring", 3).map((v) => v.generation)).toEqual([4, 3, 2, 1, 0]);
        expect(liveValues("key-ring", 3, 1).map((v) => v.generation)).toEqual([4, 3, 2]);
    });

    it("change by exactly one value at a boundary: the new next arrives, the oldest leaves", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 1000 }), (g) => {
                for (const scheme of ["key-set", "alternating-users"] as const) {
                    const before = liveValues(scheme, g).map((v) => v.generation);
                    const after = liveValues(scheme, g + 1).map((v) => v.generation);
                    expect(after.filter((x) => !before.includes(x))).toHaveLength(1);
                    expect(before.filter((x) => !after.includes(x))).toHaveLength(1);
                }
                const ring = liveValues("key-ring", g).map((v) => v.generation);
                const ringAfter = liveValues("key-ring", g + 1).map((v) => v.generation);
                // A ring only grows with the schedule.
                expect(ring.filter((x) => !ringAfter.includes(x))).toEqual([]);
            }),
        );
    });

    it("adopt the values of the two-slot scheme by their slot, so an upgrade replaces nothing live", () => {
        // Two-slot classes held g in slot parity(g) and g-1 in the other; one-slot classes held g in `a`.
        expect(legacySlotOf("key-set", "signing-key", 10, 10)).toBe("a");
        expect(legacySlotOf("key-set", "signing-key", 9, 10)).toBe("b");
        expect(legacySlotOf("key-set", "signing-key", 11, 10)).toBeUndefined();
        expect(legacySlotOf("key-ring", "encryption-key", 2, 3)).toBe("a");
        expect(legacySlotOf("key-ring", "encryption-key", 1, 3)).toBeUndefined();
        expect(legacySlotOf("key-set", "cron-token", 10, 10)).toBe("a");
        expect(legacySlotOf("key-set", "cron-token", 9, 10)).toBeUndefined();
    });
});

describe("vendor age", () => {
    it("is ok, due soon within the warning window, and overdue after the maximum age", () => {
        const now = new Date("2026-11-24T00:00:00Z");
        expect(vendorAge("2026-06-01", 365, 14, now).status).toBe("ok");
        expect(vendorAge("2025-12-01", 365, 14, now).status).toBe("due-soon");
        expect(vendorAge("2025-11-24", 365, 14, now).status).toBe("overdue");
        expect(vendorAge("2025-11-24", 365, 14, now).ageDays).toBe(365);
    });
});
