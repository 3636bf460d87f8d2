/**
 * The runbook, generated from the same model that provisions: services and health endpoints, who receives
 * which secret and database, the rotation schedule with the exact commands, vendor secrets and when each is
 * due, backups with the restore and drill commands, alerts by severity, queues and scheduled jobs (what to
 * do when one alerts, how to run a job by hand), and the rollback procedure.
 *
 *   npm run runbook -- [--stack prod | --stack-file PATH] [--out PATH]
 *
 * It depends on the stack file only, never on the date, so the committed copy can be checked for drift.
 */
import * as fs from "fs";
import * as path from "path";
import { releaseSection } from "./runbookRelease";
import { CliIO, CommandSpec, EXIT, runMain, startCommand } from "./cli";
import { commandText } from "../model/command";
import { ConfigError, loadSystem, SystemModel } from "../model/load";
import { ALL_PROBLEMS, formatProblems, problemCount } from "../model/issues";
import { imageReference } from "../model/services";
import { PROJECT, PROJECT_ROOT } from "./project";
import { readStackFile } from "./stackFile";
import { diagram, gantt, routesSection } from "./runbookDiagrams";
import { TimelineExtra } from "../model/timeline";
import { listWaivers } from "../model/waivers";
import { applyCommand, code, table } from "./runbookMarkdown";
import { rotationSection, vendorSecretSection } from "./runbookSecrets";
import { accessLogSection, backupSection, redisSection } from "./runbookData";
import {
    alertSection,
    flagSection,
    pauseSection,
    rollbackSection,
    workSection,
} from "./runbookOps";

// The runbook's sections, by concern: secrets (runbookSecrets.ts), data (runbookData.ts), operations
// (runbookOps.ts), diagrams (runbookDiagrams.ts) and release (runbookRelease.ts). This module puts them in
// order, and is the command line.
export { applyCommand } from "./runbookMarkdown";
export { accessLogSection, redisSection } from "./runbookData";
export { flagSection, workSection } from "./runbookOps";

/** Each waiver's end as a dated entry of the Gantt: the day the looser value stops holding. */
export function waiverDates(model: SystemModel): TimelineExtra[] {
    return listWaivers(model).map((waiver) => ({
        label: `waiver ends, ${waiver.subject}`,
        date: waiver.until.slice(0, 10),
    }));
}

/** A model's runbook as Markdown: its sections in reading order. */
export function renderRunbook(model: SystemModel, stack: string): string {
    const apply = applyCommand(stack);
    return [
        ...introSection(model, stack),
        ...rotationSection(model, stack, apply),
        ...vendorSecretSection(model, stack),
        ...backupSection(model, stack),
        ...redisSection(model, stack),
        ...alertSection(model),
        ...routesSection(model),
        ...workSection(model, stack),
        ...accessLogSection(model, stack),
        ...releaseSection(model, stack),
        ...rollbackSection(model, apply),
        ...pauseSection(model, stack, apply),
        ...flagSection(model, stack, apply),
        "",
    ].join("\n");
}

/** The title, the services with their health checks, who receives what, and the next twelve months. */
function introSection(model: SystemModel, stack: string): string[] {
    return [
        `# Runbook: ${stack}`,
        "",
        `Generated from \`Pulumi.${stack}.yaml\` by \`npm run runbook -- --stack ${stack}\`. Do not edit: change the stack file and regenerate (a test fails when this copy is stale).`,
        "",
        "## Services",
        "",
        ...table(
            ["service", "platform", "role", "health check", "runs", "release"],
            Object.values(model.services).map((s) => [
                s.name,
                s.platform,
                s.role,
                s.public ? code(`curl -fsS https://${s.domain}${s.healthPath}`) : "-",
                s.platform === "aws" ? code(imageReference(s)) : code(s.repository ?? "-"),
                s.release ? code(commandText(s.release)) : "-",
            ]),
        ),
        "",
        "## Who receives what",
        "",
        "Secrets and data stores to the services that read them, the edge in front of each public service, and where each severity's alerts go.",
        "",
        ...diagram(model),
        "",
        "### The next twelve months",
        "",
        "Rotations (as `npm run plan` dates them), vendor secrets' due dates and restore drills, from the stack file's latest recorded date; regenerate the runbook after an edit.",
        "",
        ...gantt(model, waiverDates(model)),
    ];
}

export type RunbookResult =
    | { ok: true; markdown: string; stack: string }
    | { ok: false; errors: readonly ConfigError[] };

/** Loads a stack file and renders its runbook. Vendor values are not needed: only names and dates are. */
export function runbookFor(stackFile: string): RunbookResult {
    const read = readStackFile(stackFile, PROJECT);
    if (!read.ok) return read;
    const file = read.file;
    const secretKeys = new Set(file.config.secretKeys);
    // The runbook is as valid as the model, at the day its vendor dates were written (never in the future).
    const loaded = loadSystem(file.system, {
        now: new Date(8.64e15),
        config: { has: (key) => key in file.config.values, isSecret: (key) => secretKeys.has(key) },
    });
    if (!loaded.ok) return loaded;
    return { ok: true, markdown: renderRunbook(loaded.model, file.stack), stack: file.stack };
}

export const RUNBOOK_COMMAND: CommandSpec = {
    command: "npm run runbook",
    summary: "Writes a stack's operations runbook (Markdown) from its model.",
    options: {
        stack: {
            type: "string",
            value: "name",
            description: "Pulumi.<name>.yaml",
            defaultText: "prod",
        },
        "stack-file": { type: "string", value: "path", description: "this stack file instead" },
        out: {
            type: "string",
            value: "file",
            description: "where to write",
            defaultText: "docs/runbook.<stack>.md",
        },
    },
};

/** `npm run runbook -- ARGS`: writes the runbook; nothing on a usage error or an invalid stack. */
export function runbookCommand(argv: readonly string[], io: CliIO): number {
    const values = startCommand(RUNBOOK_COMMAND, argv, io);
    if (typeof values === "number") return values;
    const v = values as Record<string, string | undefined>;
    const stackFile = v["stack-file"]
        ? path.resolve(v["stack-file"])
        : path.join(PROJECT_ROOT, `Pulumi.${v.stack ?? "prod"}.yaml`);
    const result = runbookFor(stackFile);
    if (!result.ok) {
        io.stderr(
            `opsbook runbook: the stack is invalid (${problemCount(result.errors.length)}); nothing was written:\n${formatProblems(result.errors, { whereAll: ALL_PROBLEMS }).join("\n")}\n`,
        );
        return EXIT.invalid;
    }
    const out = v.out
        ? path.resolve(v.out)
        : path.join(PROJECT_ROOT, "docs", `runbook.${result.stack}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, result.markdown);
    io.stdout(`wrote ${path.relative(process.cwd(), out)}\n`);
    return EXIT.ok;
}

if (require.main === module) runMain("runbook", runbookCommand);
