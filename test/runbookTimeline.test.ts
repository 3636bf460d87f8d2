/**
 * The runbook's extended diagram (edge, alert routes) and its Gantt of the next twelve months, whose dates
 * must be the plan's rotation calendar's (model/calendar.ts), the vendor due dates and the drills.
 */
import * as path from "path";
import { rotationCalendar } from "../model/calendar";
import { loadSystem, SystemModel } from "../model/load";
import { timeline, timelineStart } from "../model/timeline";
import { readStackFile } from "../tools/stackFile";
import { PROJECT } from "../tools/plan";
import { runbookFor, waiverDates } from "../tools/runbook";
import { gantt } from "../tools/runbookDiagrams";

const ROOT = path.resolve(__dirname, "..");

function prod(edit: (system: Record<string, any>) => void = () => {}): SystemModel {
    const read = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"), PROJECT);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    edit(read.file.system as Record<string, any>);
    const result = loadSystem(read.file.system, {
        now: new Date(8.64e15),
        config: { has: () => true, isSecret: () => true },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}

/** The Gantt's milestones as [section, label, date]. */
function milestones(markdown: string): [string, string, string][] {
    const block = markdown.slice(markdown.indexOf("```mermaid\ngantt"));
    const lines = block.slice(0, block.indexOf("\n```", 5)).split("\n");
    let section = "";
    const out: [string, string, string][] = [];
    for (const line of lines) {
        const s = /^ {4}section (.+)$/.exec(line);
        if (s) section = s[1];
        const m = /^ {4}(.+) :milestone, (\d{4}-\d{2}-\d{2}), 0d$/.exec(line);
        if (m) out.push([section, m[1], m[2]]);
    }
    return out;
}

describe("the runbook's diagram and Gantt", () => {
    const result = runbookFor(path.join(ROOT, "Pulumi.prod.yaml"));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const doc = result.markdown;
    const model = prod();

    it("draws the edge in front of each public service and each severity's route", () => {
        for (const expected of [
            '    edge0_api{{"Cloudflare api.example.com"}}',
            "    edge0_api --> edge1_api",
            "    edge1_api --> svc_api",
            "    edge0_web --> svc_web",
            '    dest_warning_0(["Slack channel C07EZ1ABC23 (workspace T07EA123LEP) via AWS chat integration"])',
            "    sev_warning -- slack --> dest_warning_0",
            "    sev_critical -- pagerduty --> dest_critical_0",
        ])
            expect(doc).toContain(expected);
        // Never a value: only secret names.
        expect(doc).not.toMatch(/hooks\.slack\.com|events\.pagerduty\.com\/integration/);
    });

    it("dates each secret's next rotation and each vendor's due date as the plan's calendar does", () => {
        const start = timelineStart(model);
        expect(start.toISOString().slice(0, 10)).toBe("2026-09-01");
        const calendar = rotationCalendar(model, start);
        const gant = milestones(doc);
        for (const entry of calendar.filter((e) => e.kind === "generated")) {
            const first = gant.find(
                ([section, name]) => section === "rotations" && name.startsWith(`${entry.name} g`),
            );
            if (new Date(entry.nextRotation).getTime() < start.getTime() + 365 * 86_400_000)
                expect([entry.name, first?.[2]]).toEqual([
                    entry.name,
                    entry.nextRotation.slice(0, 10),
                ]);
        }
        const vendors = calendar.filter(
            (e) => e.kind === "vendor" && new Date(e.nextRotation) < new Date("2027-09-01"),
        );
        expect(vendors.length).toBeGreaterThan(3);
        for (const entry of vendors)
            expect(gant).toContainEqual([
                "vendor secrets due",
                entry.name,
                entry.nextRotation.slice(0, 10),
            ]);
        // SECRET_KEY (90 days) rotates four times in the year, each a period after the one before.
        const secretKey = gant.filter(
            ([s, n]) => s === "rotations" && n.startsWith("SECRET_KEY g"),
        );
        expect(secretKey.map(([, , d]) => d)).toEqual([
            "2026-09-28",
            "2026-12-27",
            "2027-03-27",
            "2027-06-25",
        ]);
    });

    it("shows the quarterly restore drills", () => {
        expect(
            milestones(doc)
                .filter(([s]) => s === "restore drills")
                .map(([, , d]) => d),
        ).toEqual(["2026-10-01", "2027-01-01", "2027-04-01", "2027-07-01"]);
    });

    it("takes dated extras (waivers' until dates) into their own section", () => {
        const extra = [
            { label: "waiver services.api.alerts.errorRateWarningPercent", date: "2027-01-15" },
        ];
        expect(timeline(model, timelineStart(model), extra)).toContainEqual({
            section: "waivers",
            label: extra[0].label,
            date: "2027-01-15",
        });
        expect(gantt(model, extra)).toContain(
            "    waiver services.api.alerts.errorRateWarningPercent :milestone, 2027-01-15, 0d",
        );
    });

    it("puts each waiver's until date of the stack file into the Gantt", () => {
        const model = prod((system) => {
            system.services.api.alerts = {
                ...system.services.api.alerts,
                errorRateWarningPercent: {
                    value: 2,
                    waiver: { reason: "partner 5xx, OPS-12", by: "alice", until: "2027-01-15" },
                },
            };
        });
        const extras = waiverDates(model);
        expect(extras).toEqual([
            { label: "waiver ends, api error-rate-warning threshold", date: "2027-01-15" },
        ]);
        expect(gantt(model, extras)).toContain(
            "    waiver ends, api error-rate-warning threshold :milestone, 2027-01-15, 0d",
        );
        expect(waiverDates(prod())).toEqual([]);
    });
});
