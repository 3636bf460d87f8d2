/**
 * Schedule edits in review: a change that drops every live value of a key set (or of the alternating
 * login users), or an unretired key of a key ring, outside a declared incident, blocks the diff (exit 1)
 * and names the `formerPeriods` entry that keeps the values; with that entry it rotates at most once.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import {
    generationAt,
    generationResourceName,
    liveValues,
    RotationSchedule,
} from "../../model/rotation";
import { DAY_MS, KeyScheme } from "../../model/rules";
import { DiffPlan, rotations } from "../../tools/diff";
import { diffAgainst, formatJson, formatText } from "../../tools/plan";
import { NOW, planned, planProd, runPlan, scratchDirectory, systemVariant } from "./helpers";

// Each test plans once or twice (10-20 s a plan, more on a busy machine).
jest.setTimeout(240_000);

const scratch = scratchDirectory("schedule");
const DAY = NOW.toISOString().slice(0, 10);
/** The day after NOW: where the diff ends the old period. */
const NEXT_DAY = new Date(NOW.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
let baseline = "";

beforeAll(async () => {
    baseline = path.join(scratch(), "base.json");
    fs.writeFileSync(baseline, formatJson(await planProd()));
});

async function diffOf(name: string, edit: (system: any) => void) {
    const stackFile = systemVariant(scratch(), name, edit);
    return planned(diffAgainst(await runPlan({ stackFile, now: NOW }), baseline));
}
const rotationOf = (result: Awaited<ReturnType<typeof diffOf>>, secret: string) =>
    result.diff!.result.rotations.find((r) => r.secret === secret);

describe("a schedule edit in the diff", () => {
    it("of SECRET_KEY's period 90 → 60 without history: blocking, naming the formerPeriods entry, exit 1", async () => {
        const result = await diffOf("period", (s) => {
            s.secrets.SECRET_KEY.periodDays = 60;
        });
        const rotation = rotationOf(result, "SECRET_KEY")!;
        // Every value of the key set is new: every session signed before the up ends.
        expect(rotation.dropped).toHaveLength(3);
        expect(rotation.blocking).toBe(true);
        expect(rotation.reason).toContain(
            `add { periodDays: 90, until: "${NEXT_DAY}" } to opsbook:system.secrets.SECRET_KEY.formerPeriods`,
        );
        expect(result.exitCode).toBe(1);
        const text = formatText(result);
        expect(text).toContain("live secret values would be dropped outside an incident");
        expect(text).toContain("BLOCKED: 1 blocking change(s)");
        const json = JSON.parse(formatJson(result));
        expect(json.rotations.find((r: any) => r.secret === "SECRET_KEY").blocking).toBe(true);
        expect(json.diffSummary.blocking).toBe(1);
    });

    it("of the same edit with the entry it names: nothing rotates today, nothing blocks", async () => {
        const result = await diffOf("period-history", (s) => {
            s.secrets.SECRET_KEY.periodDays = 60;
            s.secrets.SECRET_KEY.formerPeriods = [{ periodDays: 90, until: NEXT_DAY }];
        });
        expect(rotationOf(result, "SECRET_KEY")).toBeUndefined();
        // From that day on the new period rotates at most once (test/model/rotation.test.ts).
        const tomorrow = await runPlan({
            stackFile: systemVariant(scratch(), "period-history-next-day", (s) => {
                s.secrets.SECRET_KEY.periodDays = 60;
                s.secrets.SECRET_KEY.formerPeriods = [{ periodDays: 90, until: NEXT_DAY }];
            }),
            now: new Date(`${NEXT_DAY}T03:00:00Z`),
        });
        const next = planned(tomorrow).secrets.find((e) => e.name === "SECRET_KEY")!;
        const today = planned(await planProd()).secrets.find((e) => e.name === "SECRET_KEY")!;
        const kept = today.slots.filter((s) => next.slots.some((n) => n.resource === s.resource));
        expect(kept.length).toBeGreaterThanOrEqual(2);
        expect(result.diff!.result.blocking).toBe(0);
        expect(result.exitCode).toBe(0);
    });

    it("of the login passwords' period without history: blocking, naming the database's entry", async () => {
        const result = await diffOf("credential-period", (s) => {
            s.databases.main.credentialPeriodDays = 45;
        });
        const blocking = result.diff!.result.rotations.filter((r) => r.blocking);
        expect(blocking).toEqual([
            expect.objectContaining({
                reason: expect.stringContaining(
                    "to opsbook:system.databases.main.credentialFormerPeriods",
                ),
            }),
        ]);
        expect(blocking[0].reason).toContain("every consumer's login stops working");
        expect(result.exitCode).toBe(1);
    });

    it("of an incident declared in the change: every value goes on purpose, nothing blocks", async () => {
        const result = await diffOf("incident", (s) => {
            s.rotation = { incidents: [{ id: "leak-1", at: DAY }] };
        });
        const rotation = rotationOf(result, "SECRET_KEY")!;
        expect(rotation.dropped).toHaveLength(3);
        expect(result.diff!.result.rotations.filter((r) => r.blocking)).toEqual([]);
    });
});

describe("a key ring's keys in the diff", () => {
    /** A plan of one key ring whose live keys are `generations`, newest first. */
    const ring = (
        generations: number[],
        retiredThrough: number | null,
        periodDays = 180,
    ): DiffPlan => ({
        stack: "prod",
        now: "2026-11-24T00:00:00.000Z",
        resources: [],
        incidents: [],
        secrets: [
            {
                name: "MASTER_ENCRYPTION_KEY",
                class: "encryption-key",
                kind: "generated",
                scheme: "key-ring",
                periodDays,
                retiredThrough,
                formerPeriodsPath: "opsbook:system.secrets.MASTER_ENCRYPTION_KEY.formerPeriods",
                generation: generations[1],
                rotatedAt: "2026-10-01T00:00:00.000Z",
                rollouts: [],
                slots: generations.map((g, i) => ({
                    slot: `MASTER_ENCRYPTION_KEY_KEYRING["${g}"]`,
                    generation: g,
                    role: i === 0 ? "next" : i === 1 ? "current" : "previous",
                    resource: `MASTER_ENCRYPTION_KEY-g${g}`,
                })),
            },
        ],
    });

    it("blocks a period edit that drops unretired keys, naming them and the entry", () => {
        // 180 → 365 days without history: the generation falls back and the newer keys go.
        const [rotation] = rotations(ring([4, 3, 2, 1, 0], null), ring([2, 1, 0], null, 365));
        expect(rotation.dropped).toEqual(["MASTER_ENCRYPTION_KEY-g4", "MASTER_ENCRYPTION_KEY-g3"]);
        expect(rotation.blocking).toBe(true);
        expect(rotation.reason).toContain(
            "drops unretired keys MASTER_ENCRYPTION_KEY-g4, MASTER_ENCRYPTION_KEY-g3",
        );
        expect(rotation.reason).toContain(
            'add { periodDays: 180, until: "2026-11-25" } to opsbook:system.secrets.MASTER_ENCRYPTION_KEY.formerPeriods',
        );
    });

    it("lets retired keys go: recording re-encryption is what retires them", () => {
        const [rotation] = rotations(ring([4, 3, 2, 1, 0], null), ring([4, 3, 2], 1));
        expect(rotation.dropped).toEqual(["MASTER_ENCRYPTION_KEY-g1", "MASTER_ENCRYPTION_KEY-g0"]);
        expect(rotation.blocking).toBe(false);
        expect(rotation.reason).toBeNull();
    });

    it("lets a declared incident drop keys", () => {
        const head = {
            ...ring([2, 1, 0], null, 365),
            incidents: [{ id: "leak", at: "2026-11-24" }],
        };
        expect(rotations(ring([4, 3, 2, 1, 0], null), head)[0].blocking).toBe(false);
    });
});

describe("the diff's verdict on period edits, against the model", () => {
    const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * DAY_MS);
    /** A plan of one secret as the calendar lists it: its live values at `now` under `schedule`. */
    const planOf = (scheme: KeyScheme, schedule: RotationSchedule, now: Date): DiffPlan => {
        const generation = generationAt(schedule, now);
        return {
            stack: "prod",
            now: now.toISOString(),
            resources: [],
            incidents: [],
            secrets: [
                {
                    name: schedule.name,
                    class: "signing-key",
                    kind: "generated",
                    scheme,
                    periodDays: schedule.periodDays,
                    retiredThrough: null,
                    formerPeriodsPath: `opsbook:system.secrets.${schedule.name}.formerPeriods`,
                    generation,
                    rotatedAt: now.toISOString(),
                    rollouts: [],
                    slots: liveValues(scheme, generation).map((v) => ({
                        slot: schedule.name,
                        generation: v.generation,
                        role: v.role,
                        resource: generationResourceName(schedule.name, v.generation),
                    })),
                },
            ],
        };
    };
    const edits = fc.record({
        name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/),
        from: fc.integer({ min: 1, max: 365 }),
        to: fc.integer({ min: 1, max: 365 }),
        day: fc.integer({ min: 366, max: 6 * 365 }),
        scheme: fc.constantFrom<KeyScheme>("key-set", "key-ring", "alternating-users"),
    });

    it("never blocks an edit recorded with the entry it names, and blocks one without it exactly when a value consumers hold is lost", () => {
        fc.assert(
            fc.property(edits, ({ name, from, to, day, scheme }) => {
                const now = at(day);
                const old = { name, periodDays: from, earlyRotations: [] };
                const base = planOf(scheme, old, now);
                const bare = planOf(scheme, { ...old, periodDays: to }, now);
                const [bareRotation] = rotations(base, bare);
                // What the model says the bare edit loses.
                const before = base.secrets[0].slots.map((s) => s.resource);
                const after = new Set(bare.secrets[0].slots.map((s) => s.resource));
                const kept = before.filter((r) => after.has(r));
                const loses =
                    scheme === "key-ring" ? kept.length < before.length : kept.length === 0;
                expect(bareRotation?.blocking ?? false).toBe(loses);
                if (loses) {
                    // The entry it names, added to the stack file: today's plan is the base's, and
                    // the first plan under the new period (a day later) keeps a value consumers hold.
                    const until = at(day + 1)
                        .toISOString()
                        .slice(0, 10);
                    expect(bareRotation.reason).toContain(
                        `add { periodDays: ${from}, until: "${until}" }`,
                    );
                    const recorded = {
                        ...old,
                        periodDays: to,
                        formerPeriods: [{ periodDays: from, until }],
                    };
                    expect(rotations(base, planOf(scheme, recorded, now))).toEqual([]);
                    const later = at(day + 1);
                    const [rotation] = rotations(
                        planOf(scheme, old, new Date(later.getTime() - 1)),
                        planOf(scheme, recorded, later),
                    );
                    expect(rotation?.blocking ?? false).toBe(false);
                }
            }),
            { numRuns: 500 },
        );
    });
});
