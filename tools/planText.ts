/**
 * The plan as text: the header, then either the diff against a base plan or the whole system section by
 * section (`planTextSecrets.ts`, `planTextServices.ts`, `planTextData.ts`), and the policy verdict.
 */
import { promotionLines } from "../model/promotion";
import { formatProblems, problemCount } from "../model/issues";
import { TYPES } from "../policies/rules/types";
import { formatDiff, summaryLine } from "./diff";
import { adoptLines } from "./importFile";
import {
    accessLogLines,
    backupLines,
    databaseAccessLines,
    databaseLines,
    redisLines,
} from "./planTextData";
import { calendarLines, publicValueLines, vendorValueLines, waiverLines } from "./planTextSecrets";
import { alertLines, flagLines, jobLines, queueLines, serviceLines } from "./planTextServices";
import type { PlannedResource, PlannedSystem, PlanResult } from "./planTypes";

export function formatText(result: PlanResult): string {
    if (!result.ok) return invalidLines(result.errors).join("\n");
    if (result.diff) return [...headerLines(result), ...diffLines(result, result.diff)].join("\n");
    return [
        ...headerLines(result),
        ...resourceLines(result.resources),
        ...calendarLines(result.secrets),
        ...serviceLines(result.services),
        ...alertLines(result.alerts),
        ...databaseLines(result.databases),
        ...databaseAccessLines(result.databases),
        ...backupLines(result.backups),
        ...redisLines(result.redis),
        ...accessLogLines(result.accessLogs),
        ...queueLines(result.queues),
        ...jobLines(result.jobs),
        ...flagLines(result.flags),
        ...promotionLines(result.promotion),
        ...adoptLines(result.adoption, result.stack),
        ...publicValueLines(result.publicValues),
        ...waiverLines(result.waivers),
        ...vendorValueLines(result.missingVendorValues, result.stack),
        ...verdictLines(result),
    ].join("\n");
}

/** An invalid stack: the first few problems of each kind (`--json` has all), and that nothing was planned. */
function invalidLines(errors: Extract<PlanResult, { ok: false }>["errors"]): string[] {
    return [
        `opsbook plan: the stack is invalid (${problemCount(errors.length)}); nothing was planned:`,
        ...formatProblems(errors, { whereAll: "--json lists them all" }),
    ];
}

/** The first lines: stack, date, size, mode, environment, policy config and who owns the zone. */
function headerLines(result: PlannedSystem): string[] {
    return [
        `opsbook plan · stack ${result.stack} · now ${result.now.slice(0, 10)} · ${result.resources.length} resources${result.firstPreview ? " · first preview (ids and computed outputs unknown)" : ""}`,
        "(offline: Pulumi's mock runtime and the policy pack's own server; `pulumi preview --policy-pack policies` is the real check)",
        `environment: ${result.environment} · policy config: ${result.policyConfig}`,
        ...(result.zone ? [result.zone] : []),
    ];
}

/** With `--diff-against`: the changes, the verdict, whether they block, and the counts. */
function diffLines(result: PlannedSystem, against: NonNullable<PlannedSystem["diff"]>): string[] {
    const diff = against.result;
    return [
        "",
        ...formatDiff(diff, against.baseline),
        ...verdictLines(result),
        ...(diff.blocking > 0
            ? [
                  `BLOCKED: ${diff.blocking} blocking change(s): a protected or stateful resource would be replaced or deleted, replaced create-before-delete under a key only one may hold, or live secret values dropped.`,
              ]
            : []),
        summaryLine(diff.counts),
    ];
}

/** The "Resources" section: the tree of what the program registers, by parent. */
function resourceLines(resources: readonly PlannedResource[]): string[] {
    return ["", "Resources", ...tree(resources)];
}

/** One line of detail for the resource kinds whose inputs a reviewer reads first. */
function detail(resource: PlannedResource): string {
    const inputs = (resource.inputs ?? {}) as Record<string, unknown>;
    switch (resource.type) {
        case TYPES.random.RandomPassword: {
            const keepers = (inputs.keepers ?? {}) as Record<string, string>;
            return (
                Object.entries(keepers)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(" ") + ` length=${String(inputs.length)}`
            );
        }
        case TYPES.aws.ssm.Parameter:
            return `${String(inputs.name)} (${String(inputs.type)}) ← ${String(inputs.description ?? "")}`.trim();
        case TYPES.vercel.ProjectEnvironmentVariable:
            return `${String(inputs.key)}${inputs.sensitive === true ? " (sensitive)" : ""} ← ${String(inputs.comment ?? "")}`;
        case TYPES.vercel.EdgeConfigItem:
            return `${String(inputs.key)} = ${JSON.stringify(inputs.valueJson)}`;
        case TYPES.aws.appconfig.HostedConfigurationVersion:
            return `${String(inputs.description ?? "")} (a change creates the next version)`;
        case TYPES.vercel.Project:
            return `${String(inputs.name)} (${String(inputs.framework)})`;
        default:
            return "";
    }
}

function tree(resources: readonly PlannedResource[]): string[] {
    const children = new Map<string | null, PlannedResource[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const walk = (parent: string | null, prefix: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const branch = parent === null ? "" : last ? "└─ " : "├─ ";
            const extra = detail(r);
            lines.push(
                `${prefix}${branch}${r.type} ${r.name}${r.protect ? " [protected]" : ""}${extra ? `  ${extra}` : ""}`,
            );
            walk(r.urn, parent === null ? prefix : prefix + (last ? "   " : "│  "));
        });
    };
    walk(null, "  ");
    return lines;
}

/** The policy verdict, what the pack could not judge, and the verdict line. */
function verdictLines(result: PlannedSystem): string[] {
    const lines = ["", `Policy verdict (${result.policies.length} policies)`];
    if (result.violations.length === 0) {
        lines.push("  no violations");
    } else {
        for (const v of result.violations) {
            lines.push(
                `  [${v.enforcementLevel}] ${v.policy}${v.urn ? ` (${v.urn.split("::").pop()})` : ""}`,
                `      ${v.message}`,
            );
        }
    }
    if (result.notJudged.length > 0) {
        lines.push(
            "",
            `Not judged (${result.notJudged.length}): the pack could not run these policies, a value they read is unknown until create`,
        );
        for (const n of result.notJudged) {
            lines.push(
                `  ${n.policy}${n.urn ? ` (${n.urn.split("::").pop()})` : ""}`,
                `      ${n.reason}`,
            );
        }
    }
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push(
        "",
        mandatory > 0
            ? `REFUSED: ${mandatory} mandatory violation(s).`
            : "OK: no mandatory violations.",
    );
    return lines;
}
