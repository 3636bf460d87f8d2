import { loadSystem, LoadResult } from "../../model/load";
import { WAIVER_MAX_DAYS } from "../../model/rules";
import { listWaivers, waiverStatus } from "../../model/waivers";
import { configView, NOW, validSystem } from "./fixtures";

const load = (system: unknown) => loadSystem(system, { now: NOW, config: configView() });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}
function modelOf(result: LoadResult) {
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}

const waiver = {
    reason: "partner API returns 5xx under load; fix tracked in OPS-12",
    by: "alice (on-call lead)",
    until: "2027-01-15",
};

describe("waivers in the model", () => {
    it("loads a looser threshold with a waiver, and lists the waiver with its date", () => {
        const system = validSystem();
        system.services.api.alerts = { errorRateWarningPercent: { value: 2, waiver } };
        const model = modelOf(load(system));
        expect(model.services.api.thresholds["error-rate-warning"]).toBe(2);
        expect(model.services.api.waivers["error-rate-warning"]).toEqual({
            ...waiver,
            path: "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver",
        });
        expect(listWaivers(model)).toEqual([
            {
                ...waiver,
                path: "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver",
                subject: "api error-rate-warning threshold",
                value: 2,
                runbookValue: 1,
            },
        ]);
    });

    it("refuses the same looser threshold without a waiver, naming how to record one", () => {
        const system = validSystem();
        system.services.api.alerts = { errorRateWarningPercent: 2 };
        expect(errorsOf(load(system))).toEqual([
            {
                path: "opsbook:system.services.api.alerts.errorRateWarningPercent",
                message:
                    "2 is looser than the runbook's 1 (error-rate-warning); a service may make it stricter (expected at most 1), or loosen it with a waiver: { value: 2, waiver: { reason, by, until } }",
            },
        ]);
    });

    it("loads a waived queue threshold and a vendor secret's grace, listed soonest first", () => {
        const system = validSystem();
        system.services.worker.queues = [
            {
                name: "email",
                failedPercent: { value: 20, waiver: { ...waiver, until: "2027-02-01" } },
            },
        ];
        system.secrets.STRIPE_SECRET_KEY.waiver = { ...waiver, until: "2026-12-10" };
        const model = modelOf(load(system));
        expect(model.services.worker.queues[0].thresholds["queue-failed"]).toBe(20);
        expect(listWaivers(model).map((w) => [w.path, w.until, w.subject])).toEqual([
            [
                "opsbook:system.secrets.STRIPE_SECRET_KEY.waiver",
                "2026-12-10",
                "STRIPE_SECRET_KEY maximum age (365 days)",
            ],
            [
                "opsbook:system.services.worker.queues.0.failedPercent.waiver",
                "2027-02-01",
                "worker queue email queue-failed threshold",
            ],
        ]);
    });

    it.each([
        [
            "an empty reason",
            (s: any) =>
                (s.services.api.alerts = {
                    errorRateWarningPercent: { value: 2, waiver: { ...waiver, reason: "  " } },
                }),
            "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver.reason",
            "expected at least 1",
        ],
        [
            "no by",
            (s: any) =>
                (s.services.api.alerts = {
                    errorRateWarningPercent: {
                        value: 2,
                        waiver: { reason: waiver.reason, until: waiver.until },
                    },
                }),
            "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver.by",
            "is required",
        ],
        [
            "a bad date",
            (s: any) =>
                (s.services.api.alerts = {
                    errorRateWarningPercent: { value: 2, waiver: { ...waiver, until: "soon" } },
                }),
            "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver.until",
            "expected an ISO date",
        ],
        [
            "an until beyond the cap",
            (s: any) =>
                (s.services.api.alerts = {
                    errorRateWarningPercent: {
                        value: 2,
                        waiver: { ...waiver, until: "2027-06-01" },
                    },
                }),
            "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver.until",
            `"2027-06-01" is too far ahead; a waiver holds at most ${WAIVER_MAX_DAYS} days: expected a date on or before 2027-02-24`,
        ],
        [
            "a waiver of a value that is not looser",
            (s: any) =>
                (s.services.api.alerts = { errorRateWarningPercent: { value: 0.5, waiver } }),
            "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver",
            "waives nothing: 0.5 is not looser than the runbook's 1 (error-rate-warning)",
        ],
        [
            "a waiver of a generated secret",
            (s: any) => (s.secrets.SECRET_KEY.waiver = waiver),
            "opsbook:system.secrets.SECRET_KEY.waiver",
            "is for vendor secrets only",
        ],
        [
            "a queue threshold without a waiver",
            (s: any) => (s.services.worker.queues = [{ name: "email", maxWaiting: 5000 }]),
            "opsbook:system.services.worker.queues.0.maxWaiting",
            "5000 is looser than the runbook's 1000 (queue-backlog)",
        ],
    ])("refuses %s, naming the path", (_label, mutate, path, message) => {
        const system = validSystem();
        mutate(system);
        expect(errorsOf(load(system))).toContainEqual({
            path,
            message: expect.stringContaining(message),
        });
    });

    it("takes the cap's last day and loads an until already past (the pack refuses it)", () => {
        const system = validSystem();
        system.services.api.alerts = {
            errorRateWarningPercent: { value: 2, waiver: { ...waiver, until: "2027-02-24" } },
            cpuPercent: { value: 90, waiver: { ...waiver, until: "2026-10-01" } },
        };
        expect(listWaivers(modelOf(load(system))).map((w) => w.until)).toEqual([
            "2026-10-01",
            "2027-02-24",
        ]);
    });

    it("is active before until and expired from its first instant", () => {
        expect(waiverStatus("2026-11-25", NOW)).toBe("active");
        expect(waiverStatus("2026-11-24", NOW)).toBe("expired");
        expect(waiverStatus("2026-11-24T00:00:01Z", NOW)).toBe("active");
    });
});
