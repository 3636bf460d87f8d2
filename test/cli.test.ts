import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliIO, CommandSpec, helpText, parseCommand, startCommand, UsageError } from "../tools/cli";
import { BENCH_COMMAND, benchRuns } from "../tools/bench";
import { CI_POLICY_COMMAND } from "../tools/ciPolicy";
import { dbPathsCommand } from "../tools/dbPaths";
import { parsePlanArgs, PLAN_COMMAND } from "../tools/planArgs";
import { promotionCommand } from "../tools/promotion";
import { runbookCommand } from "../tools/runbook";
import { stackMatrixCommand } from "../tools/stackMatrix";

/** A command run in this process: its exit code and both streams. */
function run(command: (argv: readonly string[], io: CliIO) => number, ...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = command(argv, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
}

/** The commands whose work needs no plan: run whole. The others (plan, bench, ci-policy) by their parse. */
const COMMANDS: [string, (argv: readonly string[], io: CliIO) => number][] = [
    ["runbook", runbookCommand],
    ["db-paths", dbPathsCommand],
    ["stack-matrix", stackMatrixCommand],
    ["promotion-check", promotionCommand],
];
const TABLES: [string, CommandSpec][] = [
    ["plan", PLAN_COMMAND],
    ["bench", BENCH_COMMAND],
    ["ci-policy", CI_POLICY_COMMAND],
];

const problems = (f: () => unknown): readonly string[] => {
    try {
        f();
    } catch (error) {
        if (error instanceof UsageError) return error.problems;
        throw error;
    }
    throw new Error("no usage error");
};

describe("the command-line layer (tools/cli.ts)", () => {
    it.each(COMMANDS)("%s --help prints its options and exits 0", (name, command) => {
        const { code, stdout, stderr } = run(command, "--help");
        expect(code).toBe(0);
        expect(stderr).toBe("");
        expect(stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- \\[options\\]`));
        expect(stdout).toContain("--help");
        expect(stdout).toContain("Exit codes: 0 ok, 1 refused");
    });

    it.each(COMMANDS)("%s refuses an unknown flag with exit 2, naming it", (_name, command) => {
        const { code, stdout, stderr } = run(command, "--bogus");
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(
            /^usage error: --bogus: is not an option; expected .* \(see --help\)\n$/,
        );
    });

    it.each([
        ["runbook", runbookCommand, "--stack"],
        ["db-paths", dbPathsCommand, "--stack-file"],
        ["stack-matrix", stackMatrixCommand, "--wave"],
        ["promotion-check", promotionCommand, "--base"],
    ] as const)("%s refuses a missing value with exit 2", (_name, command, flag) => {
        expect(run(command, flag)).toEqual({
            code: 2,
            stdout: "",
            stderr: `usage error: ${flag}: needs a value (see --help)\n`,
        });
        // `--flag --json` is the flag without its value, not the value "--json".
        expect(run(command, flag, "--json").stderr).toContain(`${flag}: needs a value`);
    });

    it.each(TABLES)(
        "%s: --help is help, an unknown flag and a missing value are usage errors",
        (_n, spec) => {
            expect(parseCommand(spec, ["--help"])).toEqual({ help: true });
            expect(helpText(spec)).toContain("--help  ");
            expect(problems(() => parseCommand(spec, ["--bogus"]))).toEqual([
                expect.stringMatching(/^--bogus: is not an option; expected /),
            ]);
            const stringFlag = Object.entries(spec.options).find(([, o]) => o.type === "string");
            if (stringFlag)
                expect(problems(() => parseCommand(spec, [`--${stringFlag[0]}`]))).toEqual([
                    `--${stringFlag[0]}: needs a value`,
                ]);
        },
    );

    it("lists every problem of the plan's arguments at once, and its help shows the defaults", () => {
        expect(parsePlanArgs(["--help"])).toEqual({ help: true });
        expect(
            problems(() =>
                parsePlanArgs(["--json=yes", "--now", "soon", "stray", "--all", "--stack", "x"]),
            ),
        ).toEqual([
            '--json: takes no value; got "yes"',
            '"stray": is an unexpected argument; each value follows its option (--option value)',
            '--now: "soon" is not allowed; expected an ISO date such as 2026-11-24',
            "--stack: is given with --all, which plans every stack file with its own policy config",
        ]);
        expect(helpText(PLAN_COMMAND)).toMatch(
            /--stack <name> +plan Pulumi\.<name>\.yaml \(default: prod\)/,
        );
        // An existing flag still means what it meant.
        const args = parsePlanArgs(["--stack", "staging", "--now", "2026-11-24", "--json"]);
        expect(args).toMatchObject({
            json: true,
            firstPreview: false,
            now: new Date("2026-11-24"),
        });
        expect("stackFile" in args && path.basename(args.stackFile)).toBe("Pulumi.staging.yaml");
    });

    it("bench --runs takes a whole number", () => {
        expect(benchRuns(undefined)).toBe(3);
        expect(benchRuns("5")).toBe(5);
        expect(problems(() => benchRuns("0"))).toEqual([
            '--runs: "0" is not allowed; expected a whole number ≥ 1',
        ]);
    });

    it("runbook writes no file on a usage error", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-cli-")), "runbook.md");
        expect(run(runbookCommand, "--out", out, "--bogus").code).toBe(2);
        expect(run(runbookCommand, "--out", out, "--stack").code).toBe(2);
        expect(run(runbookCommand, "--stack", "prod", "--out").code).toBe(2);
        expect(fs.existsSync(out)).toBe(false);
        expect(fs.readdirSync(path.dirname(out))).toEqual([]);
    });

    it("startCommand hands back the values when the arguments parse", () => {
        const io = { stdout: () => undefined, stderr: () => undefined };
        expect(startCommand(PLAN_COMMAND, ["--stack", "prod", "--json"], io)).toEqual({
            stack: "prod",
            json: true,
        });
    });
});
