/**
 * The workflows' matrix, built from the repository's stack files (`Pulumi.<stack>.yaml` at the top level;
 * `examples/` are reference systems, never deployed): `npm run stack-matrix -- --wave first|promoted|all`
 * prints a JSON list of `{ stack, environment, region, policyConfig, promotesFrom }` for `strategy.matrix`.
 * Waves order the deploy: `first` are the stacks that promote from none (staging), `promoted` the ones whose
 * `promotion.from` is a first-wave stack (prod), applied after them. Exit 2 on a stack file it cannot read
 * or a promotion chain longer than the two waves the workflows have.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CliIO, CommandSpec, EXIT, reportUsage, runMain, startCommand, UsageError } from "./cli";
import { SYSTEM_KEY } from "../model/errors";

export interface MatrixStack {
    readonly stack: string;
    /** The GitHub environment its jobs run in: the stack file's `environment` (default production). */
    readonly environment: string;
    readonly region: string;
    /** `policies/config/<stack>.json` when it exists, else empty (pulumi/actions then passes none). */
    readonly policyConfig: string;
    readonly promotesFrom: string;
}

export type Wave = "first" | "promoted" | "all";

const ROOT = path.resolve(__dirname, "..");

export function stackMatrix(root: string = ROOT): { stacks: MatrixStack[]; errors: string[] } {
    const errors: string[] = [];
    const stacks = fs
        .readdirSync(root)
        .map((file) => ({ file, stack: /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1] }))
        .filter((f): f is { file: string; stack: string } => f.stack !== undefined)
        .sort((a, b) => a.stack.localeCompare(b.stack))
        .flatMap(({ file, stack }): MatrixStack[] => {
            let config: Record<string, unknown>;
            try {
                config = parse(fs.readFileSync(path.join(root, file), "utf8"))?.config ?? {};
            } catch (error) {
                errors.push(
                    `${file}: is not valid YAML (${(error as Error).message.split("\n")[0]})`,
                );
                return [];
            }
            const system = (config[SYSTEM_KEY] ?? {}) as Record<string, unknown>;
            const from = (system.promotion as { from?: unknown } | undefined)?.from;
            const region = config["aws:region"];
            const policyConfig = path.join("policies", "config", `${stack}.json`);
            return [
                {
                    stack,
                    environment:
                        typeof system.environment === "string" ? system.environment : "production",
                    region: typeof region === "string" ? region : "us-east-1",
                    policyConfig: fs.existsSync(path.join(root, policyConfig)) ? policyConfig : "",
                    promotesFrom: typeof from === "string" ? from : "",
                },
            ];
        });
    const names = new Set(stacks.map((s) => s.stack));
    for (const s of stacks.filter((s) => s.promotesFrom)) {
        const source = stacks.find((t) => t.stack === s.promotesFrom);
        if (!names.has(s.promotesFrom))
            errors.push(`Pulumi.${s.stack}.yaml: promotion.from names no stack file here`);
        else if (source?.promotesFrom)
            errors.push(
                `Pulumi.${s.stack}.yaml: promotes from ${s.promotesFrom}, which promotes from ${source.promotesFrom}: the workflows deploy in two waves`,
            );
    }
    return { stacks, errors };
}

export function wave(stacks: readonly MatrixStack[], which: Wave): MatrixStack[] {
    return stacks.filter((s) =>
        which === "all" ? true : which === "first" ? !s.promotesFrom : !!s.promotesFrom,
    );
}

export const STACK_MATRIX_COMMAND: CommandSpec = {
    command: "npm run stack-matrix",
    summary: "Prints the stacks of this repository as a JSON list for a workflow matrix.",
    options: {
        wave: {
            type: "string",
            value: "first|promoted|all",
            description: "which stacks: first (promote from none), promoted, or all (required)",
        },
    },
};

/** `npm run stack-matrix -- ARGS`. */
export function stackMatrixCommand(argv: readonly string[], io: CliIO, root?: string): number {
    const values = startCommand(STACK_MATRIX_COMMAND, argv, io);
    if (typeof values === "number") return values;
    const which = values.wave;
    if (typeof which !== "string" || !["first", "promoted", "all"].includes(which))
        return reportUsage(
            io,
            new UsageError([
                `--wave: ${which === undefined ? "is required" : `${JSON.stringify(which)} is not allowed`}; expected first, promoted or all`,
            ]),
        );
    const { stacks, errors } = stackMatrix(root);
    if (errors.length > 0) {
        io.stderr(errors.map((e) => `opsbook stack-matrix: ${e}\n`).join(""));
        return EXIT.invalid;
    }
    io.stdout(`${JSON.stringify(wave(stacks, which as Wave))}\n`);
    return EXIT.ok;
}

if (require.main === module) runMain("stack-matrix", stackMatrixCommand);
