/**
 * Published keys (class published-key): promoted only by recorded dates, NAME_NEXT published a notice
 * period ahead. Properties over random promotion histories, driving the model's own functions.
 */
import fc from "fast-check";
import { loadSystem, LoadResult } from "../../model/load";
import { generationAt, liveValues, rotationState, scheduleOf } from "../../model/rotation";
import { DAY_MS, PUBLISHED_KEY_MIN_NOTICE_DAYS, SECRET_CLASSES } from "../../model/rules";
import { configView, NOW, validSystem } from "./fixtures";

const RULE = SECRET_CLASSES["published-key"];
const NOTICE = PUBLISHED_KEY_MIN_NOTICE_DAYS * DAY_MS;
const START = Date.UTC(2024, 0, 1);

/** Promotion instants: the first anywhere from 2024, each later one at least the notice after it. */
const promotions = fc
    .tuple(
        fc.integer({ min: 0, max: 400 * DAY_MS }),
        fc.array(fc.integer({ min: NOTICE, max: 400 * DAY_MS }), { maxLength: 6 }),
    )
    .map(([first, gaps]) => {
        const instants = [START + first];
        for (const gap of gaps) instants.push(instants[instants.length - 1] + gap);
        return instants;
    });

const scheduleWith = (instants: number[]) =>
    scheduleOf(
        {
            name: "WEBHOOK_SIGNING_KEY",
            periodDays: RULE.defaultPeriodDays,
            formerPeriods: [],
            earlyRotations: instants.map((t) => new Date(t).toISOString()),
            scheme: RULE.scheme,
            promotedOnly: true,
        },
        [],
    );
const live = (schedule: ReturnType<typeof scheduleWith>, t: number) =>
    liveValues(RULE.scheme, generationAt(schedule, new Date(t))).map((v) => v.generation);

describe("published keys", () => {
    it("change generation only on a recorded promotion, never by the calendar", () => {
        fc.assert(
            fc.property(promotions, fc.integer({ min: 0, max: 3000 * DAY_MS }), (instants, dt) => {
                const schedule = scheduleWith(instants);
                const t = START + dt;
                expect(generationAt(schedule, new Date(t))).toBe(
                    instants.filter((p) => p <= t).length,
                );
                const state = rotationState(schedule, new Date(t));
                const ahead = instants.find((p) => p > t);
                // The next change is the next recorded promotion; with none, the age warning's date.
                expect(state.nextRotation.getTime()).toBe(
                    ahead ?? state.currentSince.getTime() + RULE.defaultPeriodDays * DAY_MS,
                );
            }),
        );
    });

    it("never leave a consumer holding a value that is not live: an instance until it is rolled, a customer's key set fetched within the notice", () => {
        fc.assert(
            fc.property(
                promotions,
                fc.integer({ min: 0, max: 3000 * DAY_MS }),
                // The rollout that replaces an instance after a promotion: within a day.
                fc.integer({ min: 0, max: DAY_MS }),
                fc.integer({ min: 0, max: NOTICE - 1 }),
                fc.double({ min: 0, max: 1, noNaN: true }),
                (instants, dt, rollout, staleness, where) => {
                    const schedule = scheduleWith(instants);
                    const deployed = START + dt;
                    const signsWith = generationAt(schedule, new Date(deployed));
                    const promotion = instants.find((p) => p > deployed);
                    const replaced =
                        promotion === undefined ? deployed + 3000 * DAY_MS : promotion + rollout;
                    // Any instant while the instance runs: the value it signs with is live.
                    const t = deployed + Math.floor(where * (replaced - deployed));
                    expect(live(schedule, t)).toContain(signsWith);
                    // A customer verifying at t with a key set fetched `staleness` ago holds the
                    // value current at t: NAME_NEXT was published at least the notice before.
                    const fetched = Math.max(START, t - staleness);
                    expect(live(schedule, fetched)).toContain(generationAt(schedule, new Date(t)));
                },
            ),
        );
    });
});

const load = (system: unknown) => loadSystem(system, { now: NOW, config: configView() });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("published keys in the stack file", () => {
    const withKey = (entry: Record<string, unknown>) => {
        const system = validSystem();
        system.secrets.WEBHOOK_SIGNING_KEY = {
            kind: "generated",
            class: "published-key",
            consumers: ["api"],
            ...entry,
        };
        return system;
    };

    it("loads with its promotions as the schedule's only steps", () => {
        const result = load(withKey({ promotions: ["2026-01-10", "2026-09-01"] }));
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.model.secrets.WEBHOOK_SIGNING_KEY).toMatchObject({
            scheme: "key-set",
            promotedOnly: true,
            earlyRotations: ["2026-01-10", "2026-09-01"],
            periodDays: 365,
        });
    });

    it.each([
        [{}, "promotions", "is required for a published key"],
        [{ promotions: ["2026-12-01"] }, "promotions.0", "is in the future"],
        [
            { promotions: ["2026-01-10", "2026-01-20"] },
            "promotions.1",
            `"2026-01-20" is less than 30 days after the promotion before it`,
        ],
        [
            { promotions: ["2026-01-10"], rotateNow: "2026-02-01" },
            "rotateNow",
            "is not for a published key",
        ],
        [{ promotions: ["2026-01-10"], periodDays: 900 }, "periodDays", "expected 1 to 730 days"],
    ])("refuses %j", (entry, path, message) => {
        expect(errorsOf(load(withKey(entry)))).toContainEqual({
            path: `opsbook:system.secrets.WEBHOOK_SIGNING_KEY.${path}`,
            message: expect.stringContaining(message),
        });
    });

    it("refuses promotions on any other class", () => {
        const system = validSystem();
        system.secrets.SECRET_KEY.promotions = ["2026-01-10"];
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.secrets.SECRET_KEY.promotions",
            message: expect.stringContaining("is for published keys only"),
        });
    });
});
