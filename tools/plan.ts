/**
 * The offline plan: `index.ts` under Pulumi's mock runtime with a stack file's config, judged by the policy
 * pack in its real analyzer server. No cloud account, CLI or network. It complements `pulumi preview
 * --policy-pack policies`; it never replaces it.
 *
 *   npm run plan -- [--stack prod | --stack-file PATH] [--json] [--now ISO-DATE] [--policy-config PATH]
 *                   [--first-preview] [--diff-against BASE-PLAN.json]
 *   npm run plan -- --all [--root DIR] [--json] [--now ISO-DATE] [--first-preview]
 *
 * `--diff-against` compares with a `--json` plan saved from the target branch (`tools/diff.ts`) and prints
 * what changes instead of the whole system. `--all` plans every stack file of the repository (or DIR) and
 * checks what no single stack sees (`tools/planAll.ts`).
 *
 * Exit codes: 0 clean, 1 a mandatory violation or a blocking change, 2 an invalid stack (or invalid
 * arguments, or an unreadable base plan).
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyPacks } from "./analyzer";
import { formatAllJson, formatAllText, planAll, repositoryStackFiles } from "./planAll";
import { writeImportFile } from "./importFile";
import { exitAfterFlush, helpText, processIO, reportUsage, UsageError } from "./cli";
import { parsePlanArgs, PlanArgs, PLAN_COMMAND } from "./planArgs";
import { diffAgainst } from "./planBaseline";
import { formatJson } from "./planJson";
import { runPlan } from "./planPipeline";
import { formatText } from "./planText";

// The plan's parts, by seam: the pipeline (planPipeline.ts, with policyConfig.ts, planRedact.ts and
// planSummaries.ts), the base plan and its diff (planBaseline.ts, diff.ts), the text (planText.ts and its
// sections), the JSON (planJson.ts). This module is the command line, and the one import for all of them.
export { PROJECT, PROJECT_ROOT } from "./project";
export type {
    DatabaseSummary,
    ImportDocument,
    ImportEntry,
    NotJudged,
    PlannedResource,
    PlanResult,
    PlanViolation,
    ServiceSummary,
} from "./planTypes";
export {
    captureAndJudge,
    runPlan,
    splitNotJudged,
    type PipelineOptions,
    type PipelineResult,
    type PlanOptions,
} from "./planPipeline";
export { stackPolicyConfig, usedPolicyConfig } from "./policyConfig";
export { redact, secretDigests } from "./planRedact";
export { databaseSummaries, edgeSummary, serviceSummaries } from "./planSummaries";
export { liveSummary } from "./planTextSecrets";
export { diffAgainst, readBaseline } from "./planBaseline";
export { formatText } from "./planText";
export { formatJson } from "./planJson";

/** Where the command line writes, and (in tests) the booted packs it may share. */
export interface CommandIO {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    readonly packs?: PolicyPacks;
}

/**
 * The command line as a function: `npm run plan -- ARGS` is `planCommand(ARGS, process's streams)`. Returns
 * the exit code: 0 clean, 1 a mandatory violation or blocking change, 2 the user's to fix (arguments, stack,
 * a program that stopped on the user's input), 3 a bug.
 */
export async function planCommand(argv: readonly string[], io: CommandIO): Promise<number> {
    let args: PlanArgs | { readonly help: true };
    try {
        args = parsePlanArgs(argv);
    } catch (error) {
        if (error instanceof UsageError) return reportUsage(io, error);
        throw error;
    }
    if ("help" in args) {
        io.stdout(`${helpText(PLAN_COMMAND)}\n`);
        return 0;
    }
    try {
        if (args.all) {
            const all = await planAll(repositoryStackFiles(args.all), (stackFile) =>
                runPlan({
                    stackFile,
                    now: args.now,
                    firstPreview: args.firstPreview,
                    packs: io.packs,
                }),
            );
            io.stdout(
                (args.json ? formatAllJson(all, formatJson) : formatAllText(all, formatText)) +
                    "\n",
            );
            return all.exitCode;
        }
        const planned = await runPlan({ ...args, packs: io.packs });
        const result = args.diffAgainst ? diffAgainst(planned, args.diffAgainst) : planned;
        if (args.importFile && result.ok) writeImportFile(args.importFile, result.adoption);
        io.stdout((args.json ? formatJson(result) : formatText(result)) + "\n");
        return result.exitCode;
    } catch (error) {
        return failure(error, io);
    }
}

/** How the plan ends on an error: the program's `RunError`s are the user's to fix (exit 2), others are bugs. */
function failure(error: unknown, io: Pick<CommandIO, "stderr">): 2 | 3 {
    const message = error instanceof Error ? error.message : String(error);
    if (pulumi.RunError.isInstance(error)) {
        io.stderr(`opsbook plan: the program stopped; nothing was planned:\n  ${message}\n`);
        return 2;
    }
    io.stderr(`opsbook plan failed: ${message}\n`);
    return 3;
}

if (require.main === module) {
    // An error inside an Output (a malformed admin URL, say) surfaces as an unhandled rejection.
    process.on("unhandledRejection", (error) => exitAfterFlush(failure(error, processIO)));
    planCommand(process.argv.slice(2), processIO).then(exitAfterFlush, (error) =>
        exitAfterFlush(failure(error, processIO)),
    );
}
