/**
 * The promotion check of a pull request: `npm run promotion-check -- --base <ref>`. For every stack file
 * whose `opsbook:system.promotion.from` names another stack (prod from staging), each image the change
 * sets must be one the source stack has run: its stack file names that repository and tag at the base
 * commit or in any earlier state of the base branch (what is on the base branch has been deployed: the
 * main workflow applies every stack on merge, the source first). A tag it never ran fails, naming the
 * service and tag, unless `promotion.hotfixes` records that service and tag with a reason and a date.
 * Exit codes (tools/cli.ts): 0 pass, 1 a refused image, 2 usage or an unreadable stack file.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CommandSpec, reportUsage, runMain, startCommand, UsageError } from "./cli";
import { ConfigError, SYSTEM_KEY } from "../model/errors";
import {
    formatPromotion,
    judgePromotion,
    promotionSchema,
    PromotionVerdict,
    SourceVersion,
    toPromotionModel,
} from "../model/promotion";

export const PROMOTION_COMMAND: CommandSpec = {
    command: "npm run promotion-check",
    summary: `Checks that every image a promoted stack (one whose stack file sets opsbook:system.promotion.from)
changes to has run in the stack it promotes from, or is a recorded hotfix.`,
    options: {
        base: {
            type: "string",
            value: "ref",
            description:
                "the pull request's base commit (required); the source's history is read from it",
        },
        head: {
            type: "string",
            value: "ref",
            description: "the commit to check",
            defaultText: "the files in the working tree",
        },
        stack: {
            type: "string",
            value: "name",
            description: "check only Pulumi.<name>.yaml",
            defaultText: "every top-level stack file that promotes",
        },
        json: { type: "boolean", description: "print the verdicts as JSON" },
    },
    notes: "A refused image (one the source stack never ran, and no hotfix) exits 1.",
};

export interface PromotionIO {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** The repository's working directory (default the project root). */
    readonly cwd?: string;
}

/** A file the check cannot read (exit 2). */
class InputError extends Error {}

const stackFile = (stack: string) => `Pulumi.${stack}.yaml`;

function git(cwd: string, args: string[]): string | undefined {
    try {
        return execFileSync("git", args, {
            cwd,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            maxBuffer: 64 * 1024 * 1024,
        });
    } catch {
        return undefined;
    }
}

/** A stack file's `opsbook:system` at a commit (or in the working tree); undefined when the file is absent. */
function systemAt(cwd: string, ref: string | undefined, file: string): unknown {
    const text =
        ref === undefined
            ? fs.existsSync(path.join(cwd, file))
                ? fs.readFileSync(path.join(cwd, file), "utf8")
                : undefined
            : git(cwd, ["show", `${ref}:${file}`]);
    if (text === undefined) return undefined;
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (error) {
        throw new InputError(
            `${file}${ref ? ` at ${ref}` : ""}: is not valid YAML (${(error as Error).message.split("\n")[0]})`,
        );
    }
    return (doc as { config?: Record<string, unknown> } | null)?.config?.[SYSTEM_KEY] ?? null;
}

function stacksAt(cwd: string, ref: string | undefined): string[] {
    const names =
        ref === undefined
            ? fs.readdirSync(cwd)
            : (git(cwd, ["ls-tree", "--name-only", ref]) ?? "").split("\n");
    return names
        .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * Every version of a file on the first-parent history of `ref`, newest first (the version at `ref` first):
 * the states the branch itself had, each of which main.yml applied. A version that only existed on a
 * merged pull request's branch never ran anywhere.
 */
export function fileHistory(cwd: string, ref: string, file: string): SourceVersion[] {
    const commits = (git(cwd, ["log", "--first-parent", "--format=%H", ref, "--", file]) ?? "")
        .split("\n")
        .filter(Boolean);
    return commits.flatMap((commit) => {
        const system = systemAt(cwd, commit, file);
        return system === undefined ? [] : [{ commit, system }];
    });
}

/** The check as a function: `npm run promotion-check -- ARGS`. Returns the exit code. */
export function promotionCommand(argv: readonly string[], io: PromotionIO): number {
    const cwd = io.cwd ?? path.resolve(__dirname, "..");
    const parsed = startCommand(PROMOTION_COMMAND, argv, io);
    if (typeof parsed === "number") return parsed;
    const values = parsed as { base?: string; head?: string; stack?: string; json?: boolean };
    if (!values.base) return reportUsage(io, new UsageError(["--base: is required"]));
    for (const ref of [values.base, values.head].filter((r): r is string => !!r)) {
        if (git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]) === undefined)
            return reportUsage(
                io,
                new UsageError([`--base/--head: ${JSON.stringify(ref)} is not a commit here`]),
            );
    }
    try {
        const stacks = values.stack ? [values.stack] : stacksAt(cwd, values.head);
        const verdicts: PromotionVerdict[] = [];
        const errors: ConfigError[] = [];
        const text: string[] = [];
        for (const stack of stacks) {
            const head = systemAt(cwd, values.head, stackFile(stack));
            if (head === undefined) throw new InputError(`${stackFile(stack)}: does not exist`);
            const raw = (head as Record<string, unknown> | null)?.promotion;
            if (raw === undefined) {
                if (values.stack) text.push(`${stack} sets no promotion.from: nothing to check`);
                continue;
            }
            const parsed = promotionSchema.safeParse(raw);
            if (!parsed.success) {
                errors.push(
                    ...parsed.error.issues.map((issue) => ({
                        path: `${stackFile(stack)}: ${[SYSTEM_KEY, "promotion", ...issue.path].join(".")}`,
                        message: issue.message,
                    })),
                );
                continue;
            }
            const promotion = toPromotionModel(parsed.data)!;
            const source = stackFile(promotion.from);
            if (promotion.from === stack || !stacksAt(cwd, values.head).includes(promotion.from))
                errors.push({
                    path: `${stackFile(stack)}: ${SYSTEM_KEY}.promotion.from`,
                    message: `${JSON.stringify(promotion.from)} is not another stack of this repository (no ${source} beside it)`,
                });
            else {
                const verdict = judgePromotion({
                    stack,
                    promotion,
                    base: systemAt(cwd, values.base, stackFile(stack)),
                    head,
                    history: fileHistory(cwd, values.base, source),
                });
                verdicts.push(verdict);
                text.push(...formatPromotion(verdict, source));
            }
        }
        if (errors.length > 0) {
            io.stderr(
                errors.map((e) => `opsbook promotion-check: ${e.path}: ${e.message}\n`).join(""),
            );
            return 2;
        }
        if (verdicts.length === 0 && values.stack === undefined) {
            text.push("no stack file sets opsbook:system.promotion.from: nothing to check");
        }
        io.stdout(
            values.json
                ? `${JSON.stringify({ base: values.base, verdicts }, null, 2)}\n`
                : `${text.join("\n")}\n`,
        );
        return verdicts.every((v) => v.ok) ? 0 : 1;
    } catch (error) {
        if (error instanceof InputError) {
            io.stderr(`opsbook promotion-check: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
}

if (require.main === module) runMain("promotion-check", promotionCommand);
