/** The plan's command line: its option table and what the flags mean together (`tools/cli.ts`). */
import * as path from "path";
import { currentTime } from "../model/calendar";
import { parseIsoDate } from "../model/rotation";
import { ISO_DATE, isCalendarDate } from "../model/schema";
import { CommandSpec, parseCommand, UsageError } from "./cli";
import { allConflicts } from "./planAll";
import { PROJECT_ROOT } from "./project";

export const PLAN_COMMAND: CommandSpec = {
    command: "npm run plan",
    summary:
        "Plans a stack offline (the program under Pulumi's mock runtime) and judges it with the policy pack.",
    options: {
        stack: {
            type: "string",
            value: "name",
            description: "plan Pulumi.<name>.yaml",
            defaultText: "prod",
        },
        "stack-file": {
            type: "string",
            value: "path",
            description: "plan this stack file instead",
        },
        all: {
            type: "boolean",
            description: "plan every stack file under --root and compare them",
        },
        root: {
            type: "string",
            value: "dir",
            description: "where --all finds stack files",
            defaultText: "the repository",
        },
        json: { type: "boolean", description: "print the plan as JSON" },
        now: {
            type: "string",
            value: "date",
            description: "plan as of this ISO date (2026-11-24)",
            defaultText: "OPSBOOK_NOW, else today",
        },
        "policy-config": {
            type: "string",
            value: "file",
            description: "the policy pack's config (as `pulumi up --policy-pack-config`)",
        },
        "first-preview": {
            type: "boolean",
            description: "judge as a first preview would (outputs of new resources unknown)",
        },
        "diff-against": {
            type: "string",
            value: "file",
            description: "diff against a saved --json plan; a blocking change exits 1",
        },
        "import-file": {
            type: "string",
            value: "file",
            description: "write the `pulumi import --file` document for adopted resources",
        },
    },
};

export interface PlanArgs {
    stackFile: string;
    json: boolean;
    now: Date;
    policyConfigFile?: string;
    firstPreview: boolean;
    diffAgainst?: string;
    importFile?: string;
    /** `--all`: every stack file under this root (`tools/planAll.ts`). */
    all?: string;
}

type PlanValues = Record<string, string | undefined> & {
    json?: boolean;
    all?: boolean;
    "first-preview"?: boolean;
};

/** What the plan's flags must be together: `--now` an ISO date, `--all` without a single stack's flags. */
function planProblems(v: PlanValues): string[] {
    const problems: string[] = [];
    if (v.now !== undefined && (!ISO_DATE.test(v.now) || !isCalendarDate(v.now)))
        problems.push(
            `--now: ${JSON.stringify(v.now)} is not allowed; expected an ISO date such as 2026-11-24`,
        );
    const [stack, stackFile, root] = [v.stack, v["stack-file"], v.root];
    const [policyConfigFile, diffAgainst] = [v["policy-config"], v["diff-against"]];
    const all = v.all === true;
    problems.push(
        ...allConflicts({ all, root, stack, stackFile, policyConfigFile, diffAgainst }).map(
            (e) => `${e.path}: ${e.message}`,
        ),
    );
    if (stack !== undefined && stackFile !== undefined)
        problems.push("--stack-file: is given with --stack; pass one of them");
    return problems;
}

/** The plan's arguments, `{ help: true }`, or a `UsageError` listing every problem. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs | { readonly help: true } {
    const parsed = parseCommand(PLAN_COMMAND, argv, (v) => planProblems(v as PlanValues));
    if (parsed.help) return parsed;
    const v = parsed.values as PlanValues;
    let now: Date;
    try {
        now = v.now !== undefined ? parseIsoDate(v.now) : currentTime();
    } catch (error) {
        throw new UsageError([(error as Error).message]);
    }
    const resolved = (file: string | undefined) => (file ? path.resolve(file) : undefined);
    return {
        stackFile: v["stack-file"]
            ? path.resolve(v["stack-file"])
            : path.join(PROJECT_ROOT, `Pulumi.${v.stack ?? "prod"}.yaml`),
        json: v.json === true,
        firstPreview: v["first-preview"] === true,
        now,
        policyConfigFile: resolved(v["policy-config"]),
        diffAgainst: resolved(v["diff-against"]),
        importFile: resolved(v["import-file"]),
        all: v.all ? path.resolve(v.root ?? PROJECT_ROOT) : undefined,
    };
}
