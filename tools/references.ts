/**
 * The generated references of docs/ (written by `npm run docs`, tools/docs.ts), each rendered from the
 * one place its facts live, so the pages cannot restate them:
 * - the policy list with levels: the pack's own policy objects (policies/rules/index.ts) and the
 *   per-stack level files (policies/config/<stack>.json);
 * - the alert thresholds: `ALERT_RULES` and the alarm numbers of model/rules.ts, with the environment
 *   rules that decide which alarms exist and where they page;
 * - the stack-model reference: the JSON Schema of `npm run schema` (tools/stackReference.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { policies } from "../policies/rules";
import {
    ALERT_RULES,
    AlertRule,
    AlertRuleId,
    DAILY_APPLY_PERIOD_SECONDS,
    ENVIRONMENT_RULES,
    EnvironmentChoice,
    EnvironmentRuleName,
    HEALTH_CHECK_FAILURE_THRESHOLD,
    HEALTH_CHECK_INTERVAL_SECONDS,
    JOB_MISSED_RUN_INTERVALS,
    QUEUE_METRICS,
    WAIVER_MAX_DAYS,
} from "../model/rules";
import { QUEUE_RULES } from "../model/queues";
import { minutesText } from "../model/jobs";
import { describeChoice } from "../model/environment";
import { SYSTEM_KEY } from "../model/errors";
import { stackFileSchema } from "./schema";
import { JsonSchema, stackModelReference } from "./stackReference";
import { cell, code, table } from "./markdown";

const ROOT = path.join(__dirname, "..");
export const POLICY_CONFIG_DIR = path.join(ROOT, "policies", "config");

type Level = string;

/**
 * A policy's level under a policy-pack config, as the engine reconciles it (tools/policyPack/config.ts,
 * `reconcileConfig`): `all` sets every level first, a named entry overrides it; an entry is a level or
 * an object whose `enforcementLevel` is one; a policy the file does not name keeps its own level.
 */
export function configuredLevel(
    config: Readonly<Record<string, unknown>>,
    policy: string,
    own: Level,
): Level {
    const levelOf = (entry: unknown): Level | undefined =>
        typeof entry === "string"
            ? entry
            : entry !== null && typeof entry === "object" && "enforcementLevel" in entry
              ? String((entry as { enforcementLevel: unknown }).enforcementLevel)
              : undefined;
    return levelOf(config[policy]) ?? levelOf(config.all) ?? own;
}

/** The committed policy configs, by stack (`policies/config/<stack>.json`), in name order. */
export function policyConfigs(dir = POLICY_CONFIG_DIR): [string, Record<string, unknown>][] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => [
            path.basename(f, ".json"),
            JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>,
        ]);
}

/** The policy list: each policy of the pack, its own level, its level per stack config, what it checks. */
export function policiesReference(configs = policyConfigs()): string {
    const rows = policies.map((p) => {
        const own = p.enforcementLevel ?? "advisory";
        return [
            code(p.name),
            own,
            ...configs.map(([, config]) => configuredLevel(config, p.name, own)),
            cell(p.description ?? ""),
        ];
    });
    const stacks = configs.map(([stack]) => `\`${stack}\` level`);
    return [
        `${policies.length} policies. The default level is the policy's own (\`enforcementLevel\`); a stack's level is what \`policies/config/<stack>.json\` sets (\`all\` first, then each named policy).`,
        table(["policy", "default level", ...stacks, "what it checks"], rows),
    ].join("\n\n");
}

const UNITS: Record<AlertRule["unit"], (n: number) => string> = {
    percent: (n) => `${n}%`,
    seconds: (n) => `${n} s`,
    jobs: (n) => `${n} jobs`,
    status: String,
};

/** Where a stack sets a rule's value: a service's `alerts`, or each queue of a service. */
function overridePath(id: AlertRuleId, rule: AlertRule): string {
    if (!rule.override) return "";
    const queue = (QUEUE_RULES as readonly string[]).includes(id);
    return code(
        queue
            ? `services.<name>.queues[].${rule.override}`
            : `services.<name>.alerts.${rule.override}`,
    );
}

/** The environment rules that decide which alarms exist and where critical ones go. */
export const ALERT_ENVIRONMENT_RULES = [
    "healthChecks",
    "dailyApplyHeartbeat",
    "pagingRoute",
    "criticalToChat",
] as const satisfies readonly EnvironmentRuleName[];

/** The alert thresholds: every runbook threshold, then what differs per environment, then the windows. */
export function alertThresholdsReference(): string {
    const rules = Object.entries(ALERT_RULES) as [AlertRuleId, AlertRule][];
    const thresholds = table(
        ["rule", "measures", "severity", "alarm when", "for", "a stack may set (stricter)"],
        rules.map(([id, rule]) => [
            code(id),
            cell(rule.description),
            rule.severity,
            `${rule.unit === "status" ? "status " : ""}${rule.direction === "above" ? ">" : "<"} ${UNITS[rule.unit](rule.threshold)}`,
            minutesText(rule.minutes),
            overridePath(id, rule),
        ]),
    );
    const cellOf = (choice: EnvironmentChoice) =>
        `${String(choice.default)} (${describeChoice(choice)})`;
    const environments = table(
        ["environment rule", "what it decides", "production", "staging, development"],
        ALERT_ENVIRONMENT_RULES.map((name) => {
            const rule: {
                description: string;
                production: EnvironmentChoice;
                other: EnvironmentChoice;
            } = ENVIRONMENT_RULES[name];
            return [
                code(name),
                cell(rule.description),
                cellOf(rule.production),
                cellOf(rule.other),
            ];
        }),
    );
    const notes = [
        `- \`health-check\`: Route 53 probes the health path every ${HEALTH_CHECK_INTERVAL_SECONDS} s and fails after ${HEALTH_CHECK_FAILURE_THRESHOLD} misses in a row; the alarm watches the check's status.`,
        `- \`daily-apply\`: counted in periods of ${minutesText(DAILY_APPLY_PERIOD_SECONDS / 60)}, so the window is ${ALERT_RULES["daily-apply"].minutes / (DAILY_APPLY_PERIOD_SECONDS / 60)} periods.`,
        `- \`job-missed-run\`: the window is ${JOB_MISSED_RUN_INTERVALS} of the job's intervals, at most ${minutesText(ALERT_RULES["job-missed-run"].minutes)}.`,
        `- Queue rules read the metrics each worker publishes every ${QUEUE_METRICS.intervalSeconds} s (namespace \`${QUEUE_METRICS.namespace}\`).`,
        `- A looser value than a rule's needs a waiver, whose \`until\` is at most ${WAIVER_MAX_DAYS} days ahead.`,
    ].join("\n");
    return [
        `${rules.length} rules (\`ALERT_RULES\`, model/rules.ts). "for" is how long the condition must hold. A stack may set the last column's key stricter freely, or looser with a waiver.`,
        thresholds,
        "The thresholds are the same in every environment. What the environment decides is whether some alarms exist and where critical ones go (`ENVIRONMENT_RULES`; a stack chooses within the parentheses, see [environments](environments.md)):",
        environments,
        notes,
    ].join("\n\n");
}

/** The reference of `opsbook:system`, from the stack file's JSON Schema. */
export function stackModelSection(): string {
    const config = stackFileSchema().properties as Record<
        string,
        { properties: Record<string, JsonSchema> }
    >;
    return [
        `Every key of \`${SYSTEM_KEY}\` as the schema accepts it (docs/stack-file.schema.json, \`npm run schema\`): \`<name>\` is a key of your choosing, \`[]\` an element of a list. Checks across entries (a consumer that is a declared service, a period within its class) are the loader's and not listed here.`,
        stackModelReference(config.config.properties[SYSTEM_KEY]),
    ].join("\n\n");
}
