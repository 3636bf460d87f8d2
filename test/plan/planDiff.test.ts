/**
 * `npm run plan -- --diff-against <plan.json>` end to end: the prod plan saved as `--json` (what the pull
 * request workflow builds from the base commit) against prod and edits of it.
 */
import * as fs from "fs";
import * as path from "path";
import { diffAgainst, formatJson, formatText, PlanResult } from "../../tools/plan";
import {
    NOW,
    planCli,
    planned,
    planProd,
    runPlan,
    scratchDirectory,
    systemVariant,
} from "./helpers";

// Each test plans once or twice (10-20 s a plan, more on a busy machine).
jest.setTimeout(240_000);

const scratch = scratchDirectory("diff");
const DAY = NOW.toISOString().slice(0, 10);
let baseline = "";

beforeAll(async () => {
    baseline = path.join(scratch(), "base.json");
    fs.writeFileSync(baseline, formatJson(await planProd()));
});

/** The plan of prod after `edit`, with its diff against the saved prod plan. */
async function diffOf(name: string, edit: (system: any) => void) {
    const stackFile = systemVariant(scratch(), name, edit);
    return planned(diffAgainst(await runPlan({ stackFile, now: NOW }), baseline));
}
const changeOf = (result: ReturnType<typeof planned>, name: string) =>
    result.diff!.result.changes.find((c) => c.name === name);

describe("the diff against a saved plan", () => {
    it("of prod against its own saved plan: no change, exit 0", async () => {
        const saved = path.join(scratch(), "saved.json");
        const json = await planCli(["--stack", "prod", "--json", "--now", DAY]);
        expect(json.code).toBe(0);
        fs.writeFileSync(saved, json.stdout);
        const { code, stdout } = await planCli([
            "--stack",
            "prod",
            "--now",
            DAY,
            "--diff-against",
            saved,
        ]);
        expect(code).toBe(0);
        expect(stdout).toContain("Changes against saved.json\n  no changes\n");
        expect(stdout).toContain("OK: no mandatory violations.");
        expect(stdout.trimEnd().split("\n").at(-1)).toBe(
            "0 to create, 0 to update, 0 to replace, 0 to delete",
        );
    });

    it("of api's cpu raised: a new task definition revision and the service's update, nothing blocking", async () => {
        const result = await diffOf("cpu", (s) => {
            s.services.api.cpu = 1024;
            s.services.api.memory = 2048;
        });
        const diff = result.diff!.result;
        expect(diff.changes).toEqual([
            expect.objectContaining({
                name: "api-task",
                type: "aws:ecs/taskDefinition:TaskDefinition",
                action: "replace",
                paths: ["cpu", "memory"],
                forcedBy: ["cpu", "memory"],
                blocking: false,
            }),
            expect.objectContaining({
                name: "api",
                type: "aws:ecs/service:Service",
                action: "update",
                paths: ["taskDefinition"],
                causedBy: ["api-task"],
                blocking: false,
            }),
        ]);
        expect(result.exitCode).toBe(0);
        expect(formatText(result).split("\n").at(-1)).toBe(
            "0 to create, 1 to update, 1 to replace, 0 to delete",
        );
        const json = JSON.parse(formatJson(result));
        expect(json.diff).toContainEqual({
            urn: changeOf(result, "api-task")!.urn,
            type: "aws:ecs/taskDefinition:TaskDefinition",
            action: "replace",
            paths: ["cpu", "memory"],
            blocking: false,
            reason: null,
            secretPaths: [],
            forcedBy: ["cpu", "memory"],
            causedBy: [],
            renamedFrom: null,
        });
        expect(json.diffSummary).toEqual({
            create: 0,
            update: 1,
            replace: 1,
            delete: 0,
            blocking: 0,
            notes: [],
        });
    });

    it("of the main database's dbName: a blocking rename of the live database (the RDS instance does not hold it), its URLs change as secrets", async () => {
        const result = await diffOf("db-name", (s) => (s.databases.main.dbName = "app_v2"));
        // The program creates the database with the PostgreSQL provider, which renames it in place; the
        // RDS instance only carries the name in tags and its final snapshot's name, both updatable. The
        // rename itself breaks the live database's clients, so it blocks.
        expect(changeOf(result, "db-main-database")).toMatchObject({
            action: "update",
            paths: ["name", "owner"],
            blocking: true,
            reason: expect.stringMatching(
                /^renames a live database: PostgreSQL refuses while clients are connected/,
            ),
        });
        expect(changeOf(result, "db-main-instance")).toMatchObject({
            action: "update",
            forcedBy: [],
            blocking: false,
        });
        expect(changeOf(result, "db-main-instance")!.paths).toEqual(
            expect.arrayContaining(["finalSnapshotIdentifier", "tags.opsbook:database"]),
        );
        expect(changeOf(result, "api-env-DATABASE_URL")).toMatchObject({
            action: "update",
            paths: ["value"],
            secretPaths: ["value"],
        });
        expect(result.diff!.result.blocking).toBe(1);
        expect(result.exitCode).toBe(1);
        const text = formatText(result);
        expect(text).toContain("changes value (secret)");
        expect(text.indexOf("Blocking (1)")).toBeLessThan(text.indexOf("api-env-DATABASE_URL"));
        expect(text).not.toContain("app_v2");
        expect(formatJson(result)).not.toContain("postgresql://");
    });

    it("of the database entry renamed with renamedFrom: the engine follows the aliases, nothing is deleted", async () => {
        const result = await diffOf("db-renamed", (s) => {
            s.databases.primary = { ...s.databases.main, renamedFrom: ["main"] };
            delete s.databases.main;
        });
        const diff = result.diff!.result;
        expect(diff.blocking).toBe(0);
        expect(diff.counts.delete).toBe(0);
        expect(changeOf(result, "db-primary-instance")).toMatchObject({
            action: "update",
            renamedFrom: expect.stringMatching(/::db-main-instance$/),
        });
    });

    it("of the database entry renamed without renamedFrom: blocking deletes listed first, exit 1", async () => {
        const stackFile = systemVariant(scratch(), "db-moved", (s) => {
            s.databases.primary = s.databases.main;
            delete s.databases.main;
        });
        const { code, stdout } = await planCli([
            "--stack-file",
            stackFile,
            "--now",
            DAY,
            "--diff-against",
            baseline,
        ]);
        expect(code).toBe(1);
        const lines = stdout.trimEnd().split("\n");
        const blocking = lines.findIndex((l) => l.startsWith("Blocking ("));
        expect(blocking).toBeGreaterThan(0);
        expect(lines.findIndex((l) => l === "Changes")).toBeGreaterThan(blocking);
        expect(stdout).toContain(
            "  - delete  aws:rds/instance:Instance db-main-instance\n      BLOCKING: deletes a protected database server (every database on it)",
        );
        expect(stdout).toContain("BLOCKED: ");
        expect(lines.at(-1)).toMatch(
            /^\d+ to create, \d+ to update, \d+ to replace, \d+ to delete$/,
        );
    });

    it("refuses a base plan of another stack, or a file that is not a plan (exit 2, file named)", async () => {
        const prod = await planProd();
        const other = path.join(scratch(), "other.json");
        fs.writeFileSync(other, JSON.stringify({ ...JSON.parse(formatJson(prod)), stack: "dev" }));
        const notPlan = path.join(scratch(), "not-a-plan.json");
        fs.writeFileSync(notPlan, JSON.stringify({ stack: "prod", resources: [{ urn: 1 }] }));
        const results: PlanResult[] = [diffAgainst(prod, other), diffAgainst(prod, notPlan)];
        expect(results.map((r) => [r.exitCode, formatText(r)])).toEqual([
            [2, expect.stringContaining(`${other}: is a plan of stack "dev", not "prod"`)],
            [2, expect.stringContaining(`${notPlan}: is not a JSON plan`)],
        ]);
    });
});
