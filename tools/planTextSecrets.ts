/**
 * The plan's text sections about secrets and exceptions: the rotation calendar, the values declared
 * public, the waivers, and the vendor values the stack file lacks. Each section is one function.
 */
import type { CalendarEntry } from "../model/calendar";
import type { RolloutMechanism } from "../model/rollout";
import { table } from "./planTable";
import type { PlannedSystem } from "./planTypes";

const day = (iso: string) => iso.slice(0, 10);

/** `current g11 (+g12 next, g10 previous)`: which generations are live, without a value. */
export function liveSummary(entry: CalendarEntry): string {
    if (entry.generation === null) return "-";
    const others = entry.slots.filter((slot) => slot.role !== "current");
    const byRole = (role: string) =>
        others.filter((slot) => slot.role === role).map((slot) => `g${slot.generation}`);
    const parts = [
        ...(byRole("next").length ? [`next ${byRole("next").join(",")}`] : []),
        ...(byRole("previous").length ? [`previous ${byRole("previous").join(",")}`] : []),
    ];
    return `g${entry.generation}${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

const ROLLOUT_SHORT: Readonly<Record<RolloutMechanism, string>> = {
    "ecs-rolling-deployment": "ecs-rollout",
    "vercel-production-deployment": "vercel-deploy",
};

/** The "Rotation calendar" section: every secret's live generations and dates, never a value. */
export function calendarLines(secrets: readonly CalendarEntry[]): string[] {
    return [
        "",
        "Rotation calendar (values never shown)",
        ...table([
            [
                "secret",
                "kind",
                "class",
                "period",
                "live values",
                "last rotation",
                "next rotation",
                "status",
                "consumers roll by",
            ],
            ...secrets.map((s) => [
                s.name,
                s.kind,
                s.class,
                `${s.periodDays}d`,
                liveSummary(s),
                day(s.rotatedAt),
                day(s.nextRotation),
                s.status,
                s.rollouts.map((r) => `${r.consumer}:${ROLLOUT_SHORT[r.mechanism]}`).join(",") ||
                    "-",
            ]),
        ]),
    ];
}

/** The "Public values" section, only when env declares some. */
export function publicValueLines(publicValues: PlannedSystem["publicValues"]): string[] {
    if (publicValues.length === 0) return [];
    return [
        "",
        "Public values (declared public by design in env; plain, and accepted by the plain-secret policies)",
        ...table([
            ["service", "variable", "would be refused by", "public because"],
            ...publicValues.map((p) => [
                p.service,
                p.variable,
                p.wouldBeRefusedBy.join(", "),
                p.because,
            ]),
        ]),
    ];
}

/** The "Waivers" section, only when the stack waives something. */
export function waiverLines(waivers: PlannedSystem["waivers"]): string[] {
    if (waivers.length === 0) return [];
    return [
        "",
        "Waivers (a looser runbook value or a vendor secret's grace: advisory until `until`, mandatory from then)",
        ...table([
            ["waives", "value", "until", "status", "by", "reason", "at"],
            ...waivers.map((w) => [
                w.subject,
                w.value === undefined ? "-" : `${w.value} (runbook ${w.runbookValue})`,
                w.until,
                w.status === "active" ? "holds" : "EXPIRED",
                w.by,
                w.reason,
                w.path,
            ]),
        ]),
    ];
}

/** The vendor values the stack file lacks, each with the command that sets it. */
export function vendorValueLines(missing: readonly string[], stack: string): string[] {
    if (missing.length === 0) return [];
    return [
        "",
        "Vendor values not in the stack file (planned with placeholders; `pulumi up` refuses until each is set):",
        ...missing.map((name) => `  pulumi config set --secret ${name} <value> --stack ${stack}`),
    ];
}
