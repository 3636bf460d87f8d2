/**
 * Issue 25's waiver, through the real pack's server: a looser 5xx warning threshold with a waiver plans
 * clean with an advisory naming it; without one it is refused at load as before; a waiver past its
 * `until` is mandatory. The same for an overdue vendor secret's grace. Both plans list the waivers.
 */
import { formatJson, formatText, PlanResult } from "../../tools/plan";
import { NOW, planned, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("waivers");
const WAIVER = { reason: "partner API 5xx under load; OPS-12", by: "alice", until: "2027-01-15" };
const WAIVER_PATH = "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver";

function withWarningAt(value: unknown, twilio?: Record<string, unknown>) {
    return (system: any) => {
        system.services.api.alerts = { errorRateWarningPercent: value };
        if (twilio) Object.assign(system.secrets.TWILIO_AUTH_TOKEN, twilio);
    };
}

describe("a waived threshold and a vendor secret's grace, planned", () => {
    let waived: PlanResult;
    let unwaived: PlanResult;
    let expired: PlanResult;
    beforeAll(async () => {
        const plan = (name: string, edit: (system: any) => void) =>
            runPlan({ stackFile: systemVariant(scratch(), name, edit), now: NOW });
        // One at a time: the mock runtime a plan runs under is the process's.
        waived = await plan(
            "waived",
            withWarningAt(
                { value: 2, waiver: WAIVER },
                { rotatedAt: "2025-10-01", waiver: { ...WAIVER, until: "2026-12-01" } },
            ),
        );
        unwaived = await plan("unwaived", withWarningAt(2));
        expired = await plan(
            "expired",
            withWarningAt(
                { value: 2, waiver: { ...WAIVER, until: "2026-11-01" } },
                { rotatedAt: "2025-10-01", waiver: { ...WAIVER, until: "2026-11-20" } },
            ),
        );
    });

    it("plans clean while the waivers hold, with an advisory naming each", () => {
        const result = planned(waived);
        expect(result.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(result.exitCode).toBe(0);
        const advisories = result.violations.filter((v) => v.policy === "opsbook-waivers-active");
        expect(advisories.map((v) => v.message)).toEqual(
            expect.arrayContaining([
                expect.stringContaining(`threshold 2 is looser than rule error-rate-warning`),
                expect.stringContaining(`by waiver ${WAIVER_PATH} until 2027-01-15`),
                expect.stringContaining(
                    "TWILIO_AUTH_TOKEN: overdue since 2026-10-01 (at most 365 days); allowed by waiver opsbook:system.secrets.TWILIO_AUTH_TOKEN.waiver until 2026-12-01",
                ),
            ]),
        );
        expect(advisories.every((v) => v.enforcementLevel === "advisory")).toBe(true);
    });

    it("lists the waivers in the plan's JSON and text, soonest until first", () => {
        const json = JSON.parse(formatJson(waived));
        expect(json.waivers).toEqual([
            expect.objectContaining({
                path: "opsbook:system.secrets.TWILIO_AUTH_TOKEN.waiver",
                until: "2026-12-01",
                status: "active",
                by: "alice",
            }),
            expect.objectContaining({
                path: WAIVER_PATH,
                until: "2027-01-15",
                value: 2,
                runbookValue: 1,
                status: "active",
                reason: WAIVER.reason,
            }),
        ]);
        const text = formatText(waived);
        expect(text).toContain("Waivers (a looser runbook value");
        expect(text).toMatch(
            /api error-rate-warning threshold +2 \(runbook 1\) +2027-01-15 +holds +alice/,
        );
    });

    it("refuses the looser threshold without a waiver, as before", () => {
        expect(unwaived.ok).toBe(false);
        if (unwaived.ok) return;
        expect(unwaived.errors).toContainEqual({
            path: "opsbook:system.services.api.alerts.errorRateWarningPercent",
            message: expect.stringContaining(
                "2 is looser than the runbook's 1 (error-rate-warning)",
            ),
        });
    });

    it("is mandatory once the waivers' until has passed, naming each waiver", () => {
        const result = planned(expired);
        expect(result.exitCode).toBe(1);
        const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
        expect(mandatory).toEqual(
            expect.arrayContaining([
                expect.objectContaining({
                    policy: "opsbook-alerts-thresholds",
                    message: expect.stringContaining(
                        `its waiver (${WAIVER_PATH}) ended on 2026-11-01`,
                    ),
                }),
                expect.objectContaining({
                    policy: "opsbook-secrets-vendor-overdue",
                    message: expect.stringContaining("ended on 2026-11-20"),
                }),
            ]),
        );
        expect(mandatory).toHaveLength(2);
        expect(result.violations.filter((v) => v.policy === "opsbook-waivers-active")).toEqual([]);
        expect(result.waivers.map((w) => w.status)).toEqual(["expired", "expired"]);
    });
});
