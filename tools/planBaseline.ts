/**
 * `--diff-against`: a base plan (the `--json` plan saved from the target branch) read back, and the plan
 * of the change compared with it (`tools/diff.ts`).
 */
import * as fs from "fs";
import * as path from "path";
import type { ConfigError } from "../model/errors";
import { MOCK_NAMED } from "./capture";
import { diffPlans, DiffPlan } from "./diff";
import type { PlanResult } from "./planTypes";

/**
 * Reads a base plan (`--json` output saved from the target branch): the resources with what the diff
 * needs (URN, type, inputs, protect) and the rotation calendar. A problem is a ConfigError on the file.
 */
export function readBaseline(file: string): DiffPlan | ConfigError {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            path: file,
            message:
                code === "ENOENT"
                    ? "does not exist"
                    : `is not a JSON plan (${(error as Error).message.split("\n")[0]})`,
        };
    }
    const plan = parsed as Partial<DiffPlan> & { errors?: unknown };
    if (typeof plan !== "object" || plan === null) {
        return { path: file, message: "is not a JSON plan (`npm run plan -- --json`)" };
    }
    if (plan.errors !== undefined) {
        return {
            path: file,
            message: "is the plan of an invalid stack: there is nothing to compare",
        };
    }
    const resources = plan.resources;
    const bad = Array.isArray(resources)
        ? resources.findIndex(
              (r) =>
                  typeof r?.urn !== "string" ||
                  typeof r.type !== "string" ||
                  typeof r.name !== "string" ||
                  typeof r.protect !== "boolean" ||
                  typeof r.inputs !== "object",
          )
        : 0;
    if (
        !Array.isArray(resources) ||
        bad >= 0 ||
        typeof plan.stack !== "string" ||
        typeof plan.now !== "string" ||
        !Array.isArray(plan.secrets)
    ) {
        return {
            path: file,
            message: `is not a JSON plan (\`npm run plan -- --json\`)${bad >= 0 && Array.isArray(resources) ? `: resources[${bad}] lacks urn, type, name, protect or inputs` : ": it needs stack, now, resources and secrets"}`,
        };
    }
    return plan as DiffPlan;
}

/** The plan with its diff against a base plan; a blocking change makes it exit 1. */
export function diffAgainst(result: PlanResult, baselineFile: string): PlanResult {
    if (!result.ok) return result;
    const base = readBaseline(baselineFile);
    if ("path" in base) return { ok: false, exitCode: 2, errors: [base] };
    if (base.stack !== result.stack) {
        return {
            ok: false,
            exitCode: 2,
            errors: [
                {
                    path: baselineFile,
                    message: `is a plan of stack ${JSON.stringify(base.stack)}, not ${JSON.stringify(result.stack)}`,
                },
            ],
        };
    }
    const diff = diffPlans(base, result, {
        namedValues: (name) => Object.values(MOCK_NAMED).map((named) => named(name)),
    });
    return {
        ...result,
        exitCode: diff.blocking > 0 ? 1 : result.exitCode,
        diff: { baseline: path.basename(baselineFile), result: diff },
    };
}
