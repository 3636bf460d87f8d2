/**
 * The plan's words for an invalid stack, through the command line (in process: `planCli`): the schema's
 * own hints for the two probes, and a long list shown as a few of each kind with a count of the
 * rest, while `--json` carries every problem. The stack is refused before anything is planned, so no pack
 * is asked.
 */
import * as fs from "fs";
import * as path from "path";
import type { CliIO } from "../../tools/cli";
import { dbPathsCommand } from "../../tools/dbPaths";
import { runbookCommand } from "../../tools/runbook";
import { planCli, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("problems");
const BAD_NAMES = 50;

describe("an invalid stack on the command line", () => {
    let file = "";
    beforeAll(() => {
        file = systemVariant(scratch(), "many", (system) => {
            system.databases.main.dbName = "Main-DB";
            system.network.vpcId = "vpc_123";
            for (let i = 0; i < BAD_NAMES; i++) system.env.api[`bad_name_${i}`] = "x";
        });
    });

    it("says what a PostgreSQL name and a VPC id may be, and shows three of the bad names", async () => {
        const { code, stdout } = await planCli(["--stack-file", file, "--now", "2026-11-24"]);
        expect(code).toBe(2);
        const lines = stdout.trimEnd().split("\n");
        expect(lines[0]).toBe(
            `opsbook plan: the stack is invalid (${BAD_NAMES + 2} problems); nothing was planned:`,
        );
        expect(lines).toContain(
            "  opsbook:system.databases.main.dbName: \"Main-DB\" is not allowed; expected a PostgreSQL name: lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters, such as main_db",
        );
        expect(lines).toContain(
            "  opsbook:system.network.vpcId: \"vpc_123\" is not allowed; expected an id such as vpc-0123456789abcdef0 ('vpc-' and 8 to 17 hex digits)",
        );
        expect(lines.filter((line) => line.includes(".env.api.bad_name_"))).toHaveLength(3);
        expect(lines).toContain(
            `  … and ${BAD_NAMES - 3} more problems like this (at opsbook:system.env.*.*; --json lists them all)`,
        );
        expect(lines).toHaveLength(1 + 2 + 3 + 1);
    });

    it("lists every problem in --json", async () => {
        const { code, stdout } = await planCli([
            "--stack-file",
            file,
            "--now",
            "2026-11-24",
            "--json",
        ]);
        expect(code).toBe(2);
        const { errors } = JSON.parse(stdout) as { errors: { path: string; message: string }[] };
        expect(errors).toHaveLength(BAD_NAMES + 2);
        expect(errors.filter((e) => e.path.includes(".env.api.bad_name_"))).toHaveLength(BAD_NAMES);
    });

    // The other commands that load a stack list its problems the same way, and point to the full list.
    it.each([
        ["runbook", runbookCommand],
        ["db-paths", dbPathsCommand],
    ])("%s shows three of the bad names and counts the rest, writing nothing", (_, command) => {
        const out = path.join(scratch(), "runbook.md");
        let stdout = "";
        let stderr = "";
        const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
        const argv = ["--stack-file", file, ...(command === runbookCommand ? ["--out", out] : [])];
        expect(command(argv, io)).toBe(2);
        expect(stdout).toBe("");
        expect(fs.existsSync(out)).toBe(false);
        const lines = stderr.trimEnd().split("\n");
        expect(lines.filter((line) => line.includes(".env.api.bad_name_"))).toHaveLength(3);
        expect(lines).toContain(
            `  … and ${BAD_NAMES - 3} more problems like this (at opsbook:system.env.*.*; \`npm run plan -- --json\` lists them all)`,
        );
    });
});
