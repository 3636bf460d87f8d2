/**
 * Waivers end to end below the server: the prod program with a waived threshold and an overdue vendor
 * secret's grace, captured under the mock runtime, judged by the thresholds, vendor-overdue and
 * waivers-active policies at dates before and after the waivers' `until`; and unused secrets, which the
 * same prod program marks for opsbook-secrets-unused.
 */
import { alarmThresholds } from "../../policies/rules/alerts/thresholds";
import { vendorOverdue } from "../../policies/rules/secrets/vendorOverdue";
import { waiversActive } from "../../policies/rules/waivers/active";
import { secretsUnused } from "../../policies/rules/secrets/unused";
import { captureFixture } from "./fixture";
import { FixtureResource, resourceViolations, stackViolations } from "./harness";

const WAIVER = { reason: "partner API 5xx under load; OPS-12", by: "alice", until: "2027-01-15" };
const BEFORE = { asOf: "2026-11-24" };
const AFTER = { asOf: "2027-01-15" };
const WARNING_ALARM = "alarms-api-error-rate-warning";

let waived: FixtureResource[];
let plain: FixtureResource[];
const alarm = (resources: FixtureResource[]) => resources.find((r) => r.name === WARNING_ALARM)!;

beforeAll(async () => {
    plain = await captureFixture();
    waived = await captureFixture((system) => {
        system.services.api.alerts = { errorRateWarningPercent: { value: 2, waiver: WAIVER } };
        // Issued 2025-10-01: 419 days old on 2026-11-24, past the class's 365.
        system.secrets.TWILIO_AUTH_TOKEN.rotatedAt = "2025-10-01";
        system.secrets.TWILIO_AUTH_TOKEN.waiver = { ...WAIVER, until: "2026-12-01" };
    });
});

describe("a waived alarm threshold", () => {
    it("carries the waiver on the alarm: the threshold, tags the pack reads, and why for on-call", () => {
        const props = alarm(waived).props as Record<string, any>;
        expect(props.threshold).toBe(2);
        expect(props.tags).toMatchObject({
            "opsbook:rule": "error-rate-warning",
            "opsbook:waiver": "opsbook:system.services.api.alerts.errorRateWarningPercent.waiver",
            "opsbook:waiver-until": "2027-01-15",
        });
        expect(props.alarmDescription).toContain(
            "looser than the runbook's 1 by waiver until 2027-01-15 (alice: partner API 5xx under load; OPS-12)",
        );
        expect((alarm(plain).props as Record<string, any>).tags["opsbook:waiver"]).toBeUndefined();
    });

    it("passes the mandatory thresholds policy while the waiver holds, with an advisory naming it", () => {
        expect(resourceViolations(alarmThresholds, alarm(waived), BEFORE)).toEqual([]);
        expect(stackViolations(waiversActive, waived, BEFORE).map((v) => v.message)).toContain(
            `${WARNING_ALARM}: threshold 2 is looser than rule error-rate-warning (above 1 percent) by waiver opsbook:system.services.api.alerts.errorRateWarningPercent.waiver until 2027-01-15.`,
        );
    });

    it("is refused, naming the waiver, from its until on; and no advisory then", () => {
        expect(resourceViolations(alarmThresholds, alarm(waived), AFTER)).toEqual([
            `${WARNING_ALARM}: threshold 2 is looser than rule error-rate-warning (above 1 percent) and its waiver (opsbook:system.services.api.alerts.errorRateWarningPercent.waiver) ended on 2027-01-15; restore the runbook's value, or decide the waiver again with a new until.`,
        ]);
        expect(
            stackViolations(waiversActive, waived, AFTER).filter((v) =>
                v.message.startsWith(WARNING_ALARM),
            ),
        ).toEqual([]);
    });

    it("is refused as today when the same looser threshold carries no waiver tag", () => {
        const { tags, ...props } = alarm(waived).props as Record<string, any>;
        const stripped = {
            ...alarm(waived),
            props: {
                ...props,
                tags: { "opsbook:rule": tags["opsbook:rule"], "opsbook:severity": "warning" },
            },
        };
        expect(resourceViolations(alarmThresholds, stripped, BEFORE)).toEqual([
            `${WARNING_ALARM}: threshold 2 is looser than rule error-rate-warning (above 1 percent).`,
        ]);
        const stack = waived.map((r) => (r.name === WARNING_ALARM ? stripped : r));
        expect(
            stackViolations(waiversActive, stack, BEFORE).filter((v) =>
                v.message.startsWith(WARNING_ALARM),
            ),
        ).toEqual([]);
    });

    it("does not let a waiver tag excuse a window or severity that breaks the rule", () => {
        const longer = {
            ...alarm(waived),
            props: { ...alarm(waived).props, evaluationPeriods: 30 },
        };
        expect(resourceViolations(alarmThresholds, longer, BEFORE)).toEqual([
            `${WARNING_ALARM}: waits 1800 s before alarming; rule error-rate-warning allows 300 s.`,
        ]);
    });
});

describe("a vendor secret's grace", () => {
    it("turns overdue into an advisory naming the waiver while it holds", () => {
        expect(stackViolations(vendorOverdue, waived, BEFORE)).toEqual([]);
        expect(stackViolations(waiversActive, waived, BEFORE).map((v) => v.message)).toContain(
            "TWILIO_AUTH_TOKEN: overdue since 2026-10-01 (at most 365 days); allowed by waiver opsbook:system.secrets.TWILIO_AUTH_TOKEN.waiver until 2026-12-01 (alice: partner API 5xx under load; OPS-12).",
        );
    });

    it("is mandatory again from its until, naming the waiver that ended", () => {
        const [violation] = stackViolations(vendorOverdue, waived, { asOf: "2026-12-01" });
        expect(violation.message).toMatch(
            /^TWILIO_AUTH_TOKEN: issued 2025-10-01, 426 days ago; a vendor-api-key may be at most 365 days old\. Its waiver \(opsbook:system\.secrets\.TWILIO_AUTH_TOKEN\.waiver, by alice\) ended on 2026-12-01\./,
        );
    });

    it("without a waiver refuses, and says where a waiver would go", () => {
        const stripped = waived.map((r) =>
            r.name === "TWILIO_AUTH_TOKEN" && r.type === "opsbook:index:VendorSecret"
                ? { ...r, props: { ...r.props, waiver: undefined } }
                : r,
        );
        const [violation] = stackViolations(vendorOverdue, stripped, BEFORE);
        expect(violation.message).toContain(
            "record who decided and until when in opsbook:system.secrets.TWILIO_AUTH_TOKEN.waiver: { reason, by, until }",
        );
    });
});

describe("opsbook-secrets-unused", () => {
    let withUnused: FixtureResource[];
    beforeAll(async () => {
        withUnused = await captureFixture(
            (system) => {
                system.secrets.LEFTOVER_TOKEN = { kind: "generated", class: "api-token" };
                system.secrets.OLD_VENDOR_KEY = {
                    kind: "vendor",
                    class: "vendor-api-key",
                    rotatedAt: "2026-06-01",
                };
            },
            { "opsbook:OLD_VENDOR_KEY": "placeholder-value" },
        );
    });

    it("passes prod: every secret has a consumer, an alert route or a database reading it", () => {
        expect(stackViolations(secretsUnused, plain)).toEqual([]);
    });

    it("advises removing each unused secret's entry, naming it (and the vendor value's config)", () => {
        expect(stackViolations(secretsUnused, withUnused).map((v) => v.message)).toEqual([
            "LEFTOVER_TOKEN: no service consumes it and no alert route or database reads it; remove opsbook:system.secrets.LEFTOVER_TOKEN from the stack file, or list its consumers.",
            "OLD_VENDOR_KEY: no service consumes it and no alert route or database reads it; remove opsbook:system.secrets.OLD_VENDOR_KEY from the stack file and its value with `pulumi config rm OLD_VENDOR_KEY`, or list its consumers.",
        ]);
    });
});
