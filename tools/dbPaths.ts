/**
 * How `pulumi up` reaches each database of a stack, from the stack file alone (no cloud, no secrets):
 * what `tools/db-path.sh` must open before an update. Prints JSON:
 *
 *   npm run --silent db-paths -- [--stack prod | --stack-file PATH]
 *   {"stack":"prod","databases":[{"name":"main","kind":"rds","via":"tunnel","localPort":15432,
 *    "advisory":null}],"settings":{"localHost":"127.0.0.1",...}}
 *
 * Exit codes: 0, or 2 for an invalid stack (its problems on stderr, as the plan prints them).
 */
import * as path from "path";
import { CliIO, CommandSpec, EXIT, reportUsage, runMain, startCommand, UsageError } from "./cli";
import { currentTime } from "../model/calendar";
import { loadSystem } from "../model/load";
import { ALL_PROBLEMS, formatProblems } from "../model/issues";
import {
    DB_ACCESS_START_TIMEOUT_SECONDS,
    RDS_CA_BUNDLE_PATH,
    RDS_CA_BUNDLE_URL,
    SSM_PORT_FORWARDING_DOCUMENT,
    TUNNEL_LOCAL_HOST,
    TUNNEL_OPEN_TIMEOUT_SECONDS,
} from "../model/rules";
import { accessSummary } from "../model/access";
import { PROJECT, PROJECT_ROOT } from "./project";
import { readStackFile } from "./stackFile";

export interface DatabasePath {
    readonly name: string;
    readonly kind: "rds" | "external";
    /** null: the stack does not say, and the server is private. */
    readonly via: "tunnel" | "runner" | "direct" | null;
    readonly localPort: number | null;
    readonly advisory: string | null;
}

/** What the tunnel script needs from the rules, so that no number is restated in shell. */
export const TUNNEL_SETTINGS = {
    localHost: TUNNEL_LOCAL_HOST,
    document: SSM_PORT_FORWARDING_DOCUMENT,
    caBundlePath: RDS_CA_BUNDLE_PATH,
    caBundleUrl: RDS_CA_BUNDLE_URL,
    startTimeoutSeconds: DB_ACCESS_START_TIMEOUT_SECONDS,
    openTimeoutSeconds: TUNNEL_OPEN_TIMEOUT_SECONDS,
};

export function databasePaths(
    stackFile: string,
): { ok: true; stack: string; databases: DatabasePath[] } | { ok: false; message: string } {
    const read = readStackFile(stackFile, PROJECT);
    if (!read.ok)
        return {
            ok: false,
            message: formatProblems(read.errors, { whereAll: ALL_PROBLEMS }).join("\n"),
        };
    const secretKeys = new Set(read.file.config.secretKeys);
    const loaded = loadSystem(read.file.system, {
        now: currentTime(),
        config: {
            has: (key) => key in read.file.config.values,
            isSecret: (key) => secretKeys.has(key),
        },
    });
    if (!loaded.ok)
        return {
            ok: false,
            message: formatProblems(loaded.errors, { whereAll: ALL_PROBLEMS }).join("\n"),
        };
    return {
        ok: true,
        stack: read.file.stack,
        databases: Object.values(loaded.model.databases).map((db) => ({
            name: db.name,
            kind: db.kind,
            via: db.access?.via ?? null,
            localPort: db.access?.localPort ?? null,
            advisory: accessSummary(db).advisory,
        })),
    };
}

export const DB_PATHS_COMMAND: CommandSpec = {
    command: "npm run db-paths",
    summary:
        "Prints, as JSON, each database's access path of a stack (what tools/db-path.sh opens).",
    options: {
        stack: {
            type: "string",
            value: "name",
            description: "Pulumi.<name>.yaml",
            defaultText: "prod",
        },
        "stack-file": { type: "string", value: "path", description: "this stack file instead" },
    },
};

/** `npm run db-paths -- ARGS`. */
export function dbPathsCommand(argv: readonly string[], io: CliIO): number {
    const values = startCommand(DB_PATHS_COMMAND, argv, io);
    if (typeof values === "number") return values;
    const v = values as Record<string, string | undefined>;
    if (v.stack !== undefined && v["stack-file"] !== undefined)
        return reportUsage(
            io,
            new UsageError(["--stack-file: is given with --stack; pass one of them"]),
        );
    const file = v["stack-file"]
        ? path.resolve(v["stack-file"])
        : path.join(PROJECT_ROOT, `Pulumi.${v.stack ?? "prod"}.yaml`);
    const result = databasePaths(file);
    if (!result.ok) {
        io.stderr(`opsbook db-paths: the stack is invalid:\n${result.message}\n`);
        return EXIT.invalid;
    }
    io.stdout(
        `${JSON.stringify({
            stack: result.stack,
            databases: result.databases,
            settings: TUNNEL_SETTINGS,
        })}\n`,
    );
    return EXIT.ok;
}

if (require.main === module) runMain("db-paths", dbPathsCommand);
