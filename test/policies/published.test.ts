/**
 * A published key in the prod program: key-set values under its own generation, promoted only on its
 * recorded dates, and an age warning (advisory) once the current key is older than its period.
 */
import { publishedKeyAge } from "../../policies/rules/secrets/publishedKeyAge";
import { captureFixture } from "./fixture";
import { FixtureResource, stackViolations } from "./harness";

const ROTATING = "opsbook:index:RotatingSecret";
const withKey = (promotions: string[]) => (system: any) => {
    system.secrets.WEBHOOK_SIGNING_KEY = {
        kind: "generated",
        class: "published-key",
        promotions,
        consumers: ["api"],
    };
};
const component = (resources: FixtureResource[]) =>
    resources.find((r) => r.type === ROTATING && r.name === "WEBHOOK_SIGNING_KEY")!;

let old: FixtureResource[];
let recent: FixtureResource[];
beforeAll(async () => {
    old = await captureFixture(withKey(["2025-01-10", "2025-06-01"]));
    recent = await captureFixture(withKey(["2025-01-10", "2025-06-01", "2026-06-01"]));
});

describe("a published key", () => {
    it("is a key set whose generation counts its recorded promotions, with when the current key began", () => {
        expect(component(old).props).toMatchObject({
            class: "published-key",
            scheme: "key-set",
            generation: 2,
            live: [
                { generation: 3, role: "next" },
                { generation: 2, role: "current" },
                { generation: 1, role: "previous" },
            ],
            promotion: "recorded",
            currentSince: "2025-06-01T00:00:00.000Z",
        });
        expect(component(recent).props).toMatchObject({ generation: 3 });
        const values = recent
            .filter((r) => r.type === "random:index/randomPassword:RandomPassword")
            .map((r) => r.name)
            .filter((name) => name.startsWith("WEBHOOK_SIGNING_KEY-"));
        expect(values.sort()).toEqual([
            "WEBHOOK_SIGNING_KEY-g2",
            "WEBHOOK_SIGNING_KEY-g3",
            "WEBHOOK_SIGNING_KEY-g4",
        ]);
    });

    it("warns (advisory) once the current key is older than its period, naming the step", () => {
        expect(stackViolations(publishedKeyAge, old, { asOf: "2026-11-24" })).toEqual([
            {
                message:
                    "WEBHOOK_SIGNING_KEY: the current key was promoted on 2025-06-01, 541 days ago (its period is 365); tell the customers who verify it, then promote WEBHOOK_SIGNING_KEY_NEXT by adding the date to opsbook:system.secrets.WEBHOOK_SIGNING_KEY.promotions.",
                urn: "urn:pulumi:test::opsbook::opsbook:index:RotatingSecret::WEBHOOK_SIGNING_KEY",
            },
        ]);
        expect(stackViolations(publishedKeyAge, recent, { asOf: "2026-11-24" })).toEqual([]);
    });
});
