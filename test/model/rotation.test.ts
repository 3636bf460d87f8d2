import fc from "fast-check";
import {
    rotationAnchor,
    rotationState,
    RotationSchedule,
    slotKeepers,
    stableHash,
    vendorAge,
} from "../../model/rotation";
import { DAY_MS } from "../../model/rules";

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

    it("changes exactly one slot per boundary, and the old current becomes previous", () => {
        fc.assert(
            fc.property(schedule, instant, (s, t) => {
                const before = rotationState(s, new Date(t));
                const after = rotationState(s, before.nextRotation);
                expect(after.generation).toBe(before.generation + 1);
                expect(after.currentSlot).not.toBe(before.currentSlot);
                const changed = (["a", "b"] as const).filter(
                    (slot) => after.slotGenerations[slot] !== before.slotGenerations[slot],
                );
                expect(changed).toEqual([after.currentSlot]);
                // The slot that was current keeps its value and is now the previous one.
                expect(after.slotGenerations[before.currentSlot]).toBe(
                    before.slotGenerations[before.currentSlot],
                );
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
                expect(rotated.slotGenerations[plain.currentSlot]).toBe(
                    plain.slotGenerations[plain.currentSlot],
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

describe("slot keepers", () => {
    const slots = fc.constantFrom<1 | 2>(1, 2);
    const incident = fc.option(fc.stringMatching(/^[A-Z]{3}-[0-9]{1,4}$/), { nil: undefined });
    const changedSlots = (x: ReturnType<typeof slotKeepers>, y: ReturnType<typeof slotKeepers>) =>
        (["a", "b"] as const).filter((slot) => JSON.stringify(x[slot]) !== JSON.stringify(y[slot]));

    it("change for exactly one slot at a boundary, the new current one", () => {
        fc.assert(
            fc.property(schedule, instant, slots, incident, (s, t, n, inc) => {
                const before = rotationState(s, new Date(t));
                const after = rotationState(s, before.nextRotation);
                const keep = (state: typeof before) =>
                    slotKeepers({
                        secretClass: "signing-key",
                        periodDays: s.periodDays,
                        slots: n,
                        state,
                        incident: inc,
                    });
                expect(changedSlots(keep(before), keep(after))).toEqual([
                    n === 1 ? "a" : after.currentSlot,
                ]);
            }),
            { numRuns: 500 },
        );
    });

    it("change for every slot when the incident changes, and for none when nothing does", () => {
        fc.assert(
            fc.property(schedule, instant, slots, incident, incident, (s, t, n, first, second) => {
                fc.pre(first !== second);
                const state = rotationState(s, new Date(t));
                const keep = (inc: string | undefined) =>
                    slotKeepers({
                        secretClass: "api-token",
                        periodDays: s.periodDays,
                        slots: n,
                        state,
                        incident: inc,
                    });
                expect(changedSlots(keep(first), keep(second))).toEqual(
                    n === 1 ? ["a"] : ["a", "b"],
                );
                expect(changedSlots(keep(first), keep(first))).toEqual([]);
            }),
        );
    });

    it("hold only the schedule: generation, period, class and incident", () => {
        const state = rotationState(
            { name: "SECRET_KEY", periodDays: 90, earlyRotations: [] },
            new Date("2026-11-24T00:00:00Z"),
        );
        const keepers = slotKeepers({
            secretClass: "signing-key",
            periodDays: 90,
            slots: 2,
            state,
            incident: "INC-1",
        });
        expect(Object.keys(keepers.a!).sort()).toEqual([
            "class",
            "generation",
            "incident",
            "periodDays",
        ]);
        expect(keepers.a!.generation).not.toBe(keepers.b!.generation);
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
