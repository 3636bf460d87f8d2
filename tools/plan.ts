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
import { createHash } from "crypto";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { CalendarEntry, rotationCalendar } from "../model/calendar";
import { AccessLogSummary, accessLogPlan } from "../model/accessLogs";
import { alertPlan } from "../model/alerts";
import { backupPlan } from "../model/backups";
import { loginUser, ownerRole, readonlyRole } from "../model/data";
import { accessSummary } from "../model/access";
import { jobPlan } from "../model/jobs";
import { commandText } from "../model/command";
import { queuePlan } from "../model/queues";
import { ConfigError, loadSystem, SystemModel } from "../model/load";
import { formatProblems, problemCount } from "../model/issues";
import { redisSummaries } from "../model/redis";
import { publicValueSummaries, scanPlainConfig } from "../model/secretScan";
import { listWaivers, waiverStatus } from "../model/waivers";
import { RolloutMechanism } from "../model/rollout";
import { userOfGeneration } from "../model/rotation";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, ORIGIN_SECRET_HEADER } from "../model/rules";
import { ServiceModel } from "../model/services";
import {
    CapturedResource,
    PolicyConfigError,
    PolicyPacks,
    PolicyPackSession,
    PolicyRunResult,
    PolicyViolation,
    startPolicyPack,
} from "./analyzer";
import { CaptureResult, captureProgram, MOCK_NAMED, StackConfig, StackOutputs } from "./capture";
import { tenantStackOutputs } from "./zoneTenants";
import { formatAllJson, formatAllText, planAll, repositoryStackFiles } from "./planAll";
import { ownershipLine } from "../model/zoneShare";
import { diffPlans, DiffPlan, formatDiff, summaryLine } from "./diff";
import { readStackFile, StackFile } from "./stackFile";
import { FLAG_STORE_CHANGES, FlagSummary, flagSummaries, servedText } from "../model/flags";
import { promotionLines } from "../model/promotion";
import { adoptLines, withAdoption, writeImportFile } from "./importFile";
import { exitAfterFlush, helpText, processIO, reportUsage, UsageError } from "./cli";
import { parsePlanArgs, PlanArgs, PLAN_COMMAND } from "./planArgs";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const PROJECT = "opsbook";
const PACK_DIR = path.join(PROJECT_ROOT, "policies");
/** Keys the pack's server uses to mark secrets (`rpc.specialSigKey`, `rpc.specialSecretSig`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

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
import type {
    DatabaseSummary,
    NotJudged,
    PlannedResource,
    PlanResult,
    PlanViolation,
    ServiceSummary,
} from "./planTypes";

export interface PlanOptions {
    readonly stackFile: string;
    readonly now: Date;
    /** A `--policy-pack-config` file; default `policies/config/<stack>.json` when it exists. */
    readonly policyConfigFile?: string;
    /**
     * Judge with the policy pack; default true. Only callers that compare two plans' resources (tests)
     * turn it off: the verdict is then empty and `policies` lists none, so it cannot pass for a clean one.
     */
    readonly judge?: boolean;
    /**
     * Plan as the first `pulumi preview` of a new stack (default false): every id and every output a
     * provider computes on create is unknown, and reaches the pack as the engine sends it.
     */
    readonly firstPreview?: boolean;
    /**
     * Booted packs to judge with, shared across plans of the same stack and policy config (tests plan
     * many variants); default: boot a pack for this plan and stop it after.
     */
    readonly packs?: PolicyPacks;
}

/** How the pack's server words a policy it skipped on an unknown value (`@pulumi/policy`'s server.js). */
const NOT_RUN_DURING_PREVIEW =
    /^can't run (?:policy|remediation) '[^']*' from policy pack .* during preview: /;

/**
 * Splits the pack's diagnostics: a policy skipped on an unknown value arrives as an advisory violation
 * whose message says it can't run during preview; it judged nothing, so it is `notJudged`, not a verdict.
 */
export function splitNotJudged(violations: readonly PlanViolation[]): {
    violations: PlanViolation[];
    notJudged: NotJudged[];
} {
    const judged: PlanViolation[] = [];
    const notJudged: NotJudged[] = [];
    for (const v of violations) {
        // The server may prefix the policy's description; the phrase starts a line of the message.
        const line = v.message.split("\n").find((l) => NOT_RUN_DURING_PREVIEW.test(l));
        if (v.enforcementLevel === "advisory" && line) {
            notJudged.push({
                policy: v.policy,
                urn: v.urn,
                reason: line.replace(NOT_RUN_DURING_PREVIEW, ""),
            });
        } else judged.push(v);
    }
    return { violations: judged, notJudged };
}

export function serviceSummaries(model: SystemModel): ServiceSummary[] {
    return Object.values(model.services).map((s) => ({
        name: s.name,
        platform: s.platform,
        role: s.role,
        domain: s.domain ?? null,
        healthPath: s.healthPath ?? null,
        source: s.platform === "aws" ? `${s.repository}:${s.imageTag}` : (s.repository ?? null),
        release: s.release ?? null,
        command: s.command ?? null,
        tasks:
            s.platform === "aws"
                ? s.paused
                    ? `PAUSED (0; ${s.minTasks}-${s.maxTasks} when resumed)`
                    : `${s.minTasks}-${s.maxTasks}`
                : null,
        paused: s.paused,
        edge: s.public ? edgeSummary(s, model) : null,
    }));
}

/** The databases as the program builds them: roles, users and which one is current. */
export function databaseSummaries(
    model: SystemModel,
    calendar: readonly CalendarEntry[],
): DatabaseSummary[] {
    return Object.values(model.databases).map((db) => {
        const generation =
            calendar.find((entry) => entry.name === db.credentialSecret)?.generation ?? 0;
        const slot = userOfGeneration(generation);
        return {
            name: db.name,
            kind: db.kind,
            dbName: db.dbName,
            ownerRole: ownerRole(db.dbName),
            loginUsers: [loginUser(db.dbName, "a"), loginUser(db.dbName, "b")],
            currentUser: loginUser(db.dbName, slot),
            readonlyRole: readonlyRole(db.dbName),
            consumers: db.consumers,
            connectionLimitPerUser: db.connectionLimits.appUser,
            maxConnections: db.connectionLimits.max,
            protected: model.protect,
            access: accessSummary(db),
        };
    });
}

/** What the edge enforces for a public service: proxy, rate limit (as the plan shapes it), origin lock. */
export function edgeSummary(service: ServiceModel, model: SystemModel): string {
    const edge = model.edge;
    const perMinute = edge?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    if (!edge || !service.proxied) {
        const dns = edge ? "DNS only" : "DNS elsewhere";
        return service.platform === "vercel"
            ? `${dns}; Vercel Firewall ${perMinute}/min per IP`
            : `${dns}; open to the world`;
    }
    const limit = edge.rateLimit;
    const parts = [
        `proxied (${edge.plan})`,
        `${limit.requestsPerPeriod}/${limit.periodSeconds}s per IP${limit.matchesHost ? "" : " (path rule)"}, blocked ${limit.mitigationSeconds}s`,
        service.platform === "aws"
            ? `origin: Cloudflare ranges + ${ORIGIN_SECRET_HEADER}`
            : "Vercel behind a proxy (advisory)",
    ];
    return parts.join("; ");
}

/** `current g11 (+g12 next, g10 previous)`: which generations are live, without a value. */
export function liveSummary(entry: CalendarEntry): string {
    if (entry.generation === null) return "-";
    const others = entry.slots.filter((slot) => slot.role !== "current");
    const byRole = (role: string) =>
        others.filter((slot) => slot.role === role).map((slot) => `g${slot.generation}`);
    const parts = [
        ...(byRole("next").length ? [`next ${byRole("next").join(",")}`] : []),
        ...(byRole("previous").length ? [`previous ${byRole("previous").join(",")}`] : []),
    ];
    return `g${entry.generation}${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

const ROLLOUT_SHORT: Readonly<Record<RolloutMechanism, string>> = {
    "ecs-rolling-deployment": "ecs-rollout",
    "vercel-production-deployment": "vercel-deploy",
};

/** Replaces every secret with `[secret]` and every unknown with `[unknown]`: nothing secret leaves the plan. */
export function redact(value: unknown): unknown {
    if (typeof value === "symbol" || pulumi.isUnknown(value)) return "[unknown]";
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) return "[secret]";
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

/**
 * Digests of the secret values in a resource's inputs, by path: sha256 over a label, the resource's type,
 * the path and the value, truncated to 128 bits. Comparable between two plans (same type, path and value:
 * same digest, also across a rename), and never a value: the offline plan holds no real secret to begin
 * with (secure config becomes a placeholder, random results are `[computed]`), so what changes a digest is
 * how a value is built and from what (a user, a host, a database name). The label and type keep the
 * digest of a well-known value from being looked up. Unknown values (a first preview) get none.
 */
export function secretDigests(type: string, inputs: unknown): Record<string, string> {
    const digests: Record<string, string> = {};
    const hasUnknown = (value: unknown): boolean =>
        typeof value === "symbol" ||
        pulumi.isUnknown(value) ||
        (typeof value === "object" && value !== null && Object.values(value).some(hasUnknown));
    const walk = (value: unknown, path: string) => {
        if (typeof value !== "object" || value === null) return;
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) {
            if (!hasUnknown(record.value)) digests[path] = digest(type, path, record.value);
        } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
        else for (const [k, v] of Object.entries(record)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(inputs, "");
    return digests;
}

function digest(type: string, path: string, value: unknown): string {
    return createHash("sha256")
        .update(`opsbook-plan-secret-v1\0${type}\0${path}\0${JSON.stringify(value)}`)
        .digest("hex")
        .slice(0, 32);
}

function policyConfigPath(options: { policyConfigFile?: string }, stack: string): string {
    return options.policyConfigFile ?? path.join(PACK_DIR, "config", `${stack}.json`);
}

/** The policy config file a plan of `stack` reads, relative to the project, or `none: defaults`. */
export function usedPolicyConfig(options: { policyConfigFile?: string }, stack: string): string {
    const file = policyConfigPath(options, stack);
    return fs.existsSync(file) ? path.relative(PROJECT_ROOT, path.resolve(file)) : "none: defaults";
}

function readPolicyConfig(
    options: { policyConfigFile?: string },
    stack: string,
): Record<string, unknown> | ConfigError {
    const file = policyConfigPath(options, stack);
    if (!fs.existsSync(file)) {
        return options.policyConfigFile ? { path: file, message: "does not exist" } : {};
    }
    try {
        const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            return {
                path: file,
                message: "is not a JSON object of policy name → level or settings",
            };
        }
        return parsed as Record<string, unknown>;
    } catch (error) {
        return { path: file, message: `is not valid JSON (${(error as Error).message})` };
    }
}

/**
 * Policies that judge ages take `asOf`; the plan pins it to `--now` so a plan at a given date is the same
 * everywhere. A policy config that sets `asOf` itself wins.
 */
function withClock(
    config: Record<string, unknown>,
    policyNames: readonly string[],
    now: Date,
): Record<string, unknown> {
    const result: Record<string, unknown> = { ...config };
    for (const name of policyNames) {
        const entry = result[name];
        const settings =
            typeof entry === "string"
                ? { enforcementLevel: entry }
                : ((entry as Record<string, unknown>) ?? {});
        result[name] = { asOf: now.toISOString(), ...settings };
    }
    return result;
}

/** The pack's policies that declare an `asOf` setting, read from their own definitions. */
/** The policy config a plan of `stack` passes the pack: its config file, with the clock. */
export function stackPolicyConfig(stack: string, now: Date): Record<string, unknown> {
    const config = readPolicyConfig({}, stack);
    if ("path" in config) throw new Error(`${config.path}: ${config.message}`);
    return withClock(config, clockedPolicies(), now);
}

function clockedPolicies(): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policies } = require("../policies/rules") as typeof import("../policies/rules");
    return policies.filter((p) => p.configSchema?.properties.asOf !== undefined).map((p) => p.name);
}

const UNJUDGED: PolicyRunResult = {
    violations: [],
    policies: [],
    logs: [],
    timings: { startMs: 0, analyzeMs: 0, analyzeStackMs: 0 },
};

export interface PipelineOptions {
    /** The policy pack to judge with; none: capture only. */
    readonly packDir?: string;
    readonly stack: string;
    readonly config: StackConfig;
    readonly policyConfig: Record<string, unknown>;
    readonly now: Date;
    readonly firstPreview?: boolean;
    /** Judge with a pool's shared session (left running) instead of booting a pack for this run. */
    readonly packs?: PolicyPacks;
    /** What the program's `StackReference`s read (`tools/zoneTenants.ts`). */
    readonly stackOutputs?: Readonly<Record<string, StackOutputs>>;
}

export interface PipelineResult {
    readonly captured: CaptureResult;
    readonly verdict: PolicyRunResult;
    readonly captureMs: number;
    /** Wall time from the pack's boot (or, with a shared session, from the start) to the verdict. */
    readonly planMs: number;
}

/**
 * The program under the mock runtime, judged by a policy pack. The pack boots while the program runs,
 * as the engine starts analyzer plugins before the program registers anything.
 */
export async function captureAndJudge(options: PipelineOptions): Promise<PipelineResult> {
    const start = performance.now();
    let session: Promise<PolicyPackSession> | undefined;
    if (options.packDir !== undefined) {
        const packOptions = {
            packDir: options.packDir,
            project: PROJECT,
            stack: options.stack,
            dryRun: true,
            policyConfig: options.policyConfig,
        };
        session = options.packs ? options.packs.session(packOptions) : startPolicyPack(packOptions);
        session.catch(() => undefined); // awaited below; a boot failure must not surface as unhandled
    }
    const owned = options.packs === undefined;
    try {
        const captureStart = performance.now();
        process.env.OPSBOOK_NOW = options.now.toISOString();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require("../index") as () => Promise<Record<string, unknown>>;
        const captured = await captureProgram({
            project: PROJECT,
            stack: options.stack,
            config: options.config,
            program,
            firstPreview: options.firstPreview,
            stackOutputs: options.stackOutputs,
        });
        const captureMs = performance.now() - captureStart;
        const verdict = session ? await (await session).judge(captured.resources) : UNJUDGED;
        return { captured, verdict, captureMs, planMs: performance.now() - start };
    } finally {
        if (owned) await session?.then((s) => s.close()).catch(() => undefined);
    }
}

export async function runPlan(options: PlanOptions): Promise<PlanResult> {
    const read = readStackFile(options.stackFile, PROJECT);
    if (!read.ok) return { ok: false, exitCode: 2, errors: read.errors };
    const file: StackFile = read.file;
    const secretKeys = new Set(file.config.secretKeys);
    const loaded = loadSystem(file.system, {
        now: options.now,
        config: { has: (key) => key in file.config.values, isSecret: (key) => secretKeys.has(key) },
        awsRegion: file.config.values["aws:region"],
        stack: file.stack,
    });
    const policyConfig = readPolicyConfig(options, file.stack);
    const plainConfig = scanPlainConfig(file.config.values, (key) => secretKeys.has(key));
    if (!loaded.ok || "path" in policyConfig || plainConfig.length > 0) {
        return {
            ok: false,
            exitCode: 2,
            errors: [
                ...plainConfig,
                ...(loaded.ok ? [] : loaded.errors),
                ...("path" in policyConfig ? [policyConfig as ConfigError] : []),
            ],
        };
    }

    let run: PipelineResult;
    try {
        run = await captureAndJudge({
            packDir: options.judge === false ? undefined : PACK_DIR,
            stack: file.stack,
            config: file.config,
            policyConfig: withClock(policyConfig, clockedPolicies(), options.now),
            now: options.now,
            firstPreview: options.firstPreview,
            packs: options.packs,
            stackOutputs: tenantStackOutputs(options.stackFile, loaded.model, PROJECT, options.now),
        });
    } catch (error) {
        if (!(error instanceof PolicyConfigError)) throw error;
        const configPath = policyConfigPath(options, file.stack);
        return { ok: false, exitCode: 2, errors: [{ path: configPath, message: error.message }] };
    }
    const { captured, verdict, captureMs, planMs } = run;
    const calendar = rotationCalendar(loaded.model, options.now);
    const { violations, notJudged } = splitNotJudged(
        verdict.violations.map((v: PolicyViolation) => ({
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            urn: v.urn ?? null,
            message: v.message,
        })),
    );
    const planned: PlanResult = {
        ok: true,
        exitCode: violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0,
        stack: file.stack,
        environment: loaded.model.environment,
        policyConfig: usedPolicyConfig(options, file.stack),
        now: options.now.toISOString(),
        resources: captured.resources.map((r: CapturedResource) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.type === "pulumi:pulumi:Stack" ? null : (r.parent ?? null),
            // A provider reference is `<urn>::<id>`.
            provider: r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : null,
            protect: r.protect,
            inputs: redact(r.inputs),
            aliases: r.aliases ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
            dependsOn: r.dependsOn ?? [],
            deleteBeforeReplace: r.deleteBeforeReplace ?? false,
            ignoreChanges: r.ignoreChanges ?? [],
            replaceOnChanges: r.replaceOnChanges ?? [],
            retainOnDelete: r.retainOnDelete ?? false,
            secretDigests: secretDigests(r.type, r.inputs),
        })),
        secrets: calendar,
        incidents: loaded.model.incidents,
        services: serviceSummaries(loaded.model),
        alerts: alertPlan(loaded.model),
        databases: databaseSummaries(loaded.model, calendar),
        redis: redisSummaries(loaded.model, options.now),
        backups: backupPlan(loaded.model),
        accessLogs: accessLogPlan(loaded.model),
        queues: queuePlan(loaded.model.services, file.stack),
        jobs: jobPlan(loaded.model.jobs, file.stack),
        missingVendorValues: file.missingVendorValues,
        publicValues: publicValueSummaries(loaded.model.env),
        waivers: listWaivers(loaded.model).map((w) => ({
            ...w,
            status: waiverStatus(w.until, options.now),
        })),
        flags: flagSummaries(loaded.model.flags),
        promotion: loaded.model.promotion,
        adoption: { resources: [] },
        ...(loaded.model.edge ? { zone: ownershipLine(loaded.model.edge) } : {}),
        violations,
        notJudged,
        firstPreview: options.firstPreview === true,
        policies: verdict.policies,
        timings: {
            planMs,
            captureMs,
            policyStartMs: verdict.timings.startMs,
            analyzeMs: verdict.timings.analyzeMs,
            analyzeStackMs: verdict.timings.analyzeStackMs,
        },
    };
    return withAdoption(planned, loaded.model.adopt);
}

function flagLines(flags: readonly FlagSummary[]): string[] {
    if (flags.length === 0) return [];
    const stores = [...new Set(flags.flatMap((f) => f.stores))];
    return [
        "",
        "Feature flags (killSwitch serves a flag off in every store)",
        ...table([
            ["flag", "declared", "kill switch", "served", "consumers", "stores"],
            ...flags.map((f) => [
                f.name,
                f.enabled ? "on" : "off",
                f.killSwitch ? "KILLED" : "-",
                servedText(f),
                f.consumers.join(","),
                f.stores.join(","),
            ]),
        ]),
        ...stores.map((store) => `  ${FLAG_STORE_CHANGES[store]}.`),
    ];
}

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

/** One line of detail for the resource kinds whose inputs a reviewer reads first. */
function detail(resource: PlannedResource): string {
    const inputs = (resource.inputs ?? {}) as Record<string, unknown>;
    switch (resource.type) {
        case "random:index/randomPassword:RandomPassword": {
            const keepers = (inputs.keepers ?? {}) as Record<string, string>;
            return (
                Object.entries(keepers)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(" ") + ` length=${String(inputs.length)}`
            );
        }
        case "aws:ssm/parameter:Parameter":
            return `${String(inputs.name)} (${String(inputs.type)}) ← ${String(inputs.description ?? "")}`.trim();
        case "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable":
            return `${String(inputs.key)}${inputs.sensitive === true ? " (sensitive)" : ""} ← ${String(inputs.comment ?? "")}`;
        case "vercel:index/edgeConfigItem:EdgeConfigItem":
            return `${String(inputs.key)} = ${JSON.stringify(inputs.valueJson)}`;
        case "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion":
            return `${String(inputs.description ?? "")} (a change creates the next version)`;
        case "vercel:index/project:Project":
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

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map(
        (r) =>
            "  " +
            r
                .map((cell, c) => cell.padEnd(widths[c]))
                .join("  ")
                .trimEnd(),
    );
}

/** The "Access logs" section: where each bucket's server access logs go, and which buckets have none. */
function accessLogLines(accessLogs: readonly AccessLogSummary[]): string[] {
    if (accessLogs.length === 0) return [];
    return [
        "",
        "Access logs (who read, wrote or deleted which object)",
        ...table([
            ["bucket", "from", "provider", "logs to", "note"],
            ...accessLogs.map((a) => [
                a.resource,
                a.source,
                a.provider,
                a.logsTo ? `${a.logsTo}/${a.prefix}` : "-",
                a.note,
            ]),
        ]),
    ];
}

/** The policy verdict, what the pack could not judge, and the verdict line. */
function verdictLines(result: PlanResult & { ok: true }): string[] {
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

/** The "Queues" and "Scheduled jobs" sections, each only when the stack has some. */
function workLines(result: Extract<PlanResult, { ok: true }>): string[] {
    const lines: string[] = [];
    if (result.queues.length > 0) {
        const first = result.queues[0].metrics;
        lines.push(
            "",
            `Queues (the worker prints EMF metrics to ${first.namespace}, dimensions ${Object.keys(first.dimensions).join(", ")})`,
            ...table([
                ["service", "queue", "alarms (severity threshold window, missing data)"],
                ...result.queues.map((q) => [
                    q.service,
                    q.queue,
                    q.alarms
                        .map(
                            (a) =>
                                `${a.rule.replace(/^queue-/, "")}: ${a.severity} ${a.threshold} ${a.window}${a.missingData === "breaching" ? " (silence alarms)" : ""}`,
                        )
                        .join("; "),
                ]),
            ]),
        );
    }
    if (result.jobs.length > 0) {
        lines.push(
            "",
            "Scheduled jobs (EventBridge Scheduler → ECS RunTask)",
            ...table([
                ["job", "schedule", "runs", "command", "logs", "alerts"],
                ...result.jobs.map((j) => [
                    j.name,
                    `${j.schedule} (every ${j.every})${j.paused ? " PAUSED" : ""}`,
                    j.service ? `${j.service}'s image` : j.runs,
                    j.command ?? "-",
                    j.logGroup,
                    `failed: ${j.alerts.failed}; missed: ${j.alerts.missedRun}`,
                ]),
            ]),
        );
    }
    return lines;
}

export function formatText(result: PlanResult): string {
    if (!result.ok) {
        return [
            `opsbook plan: the stack is invalid (${problemCount(result.errors.length)}); nothing was planned:`,
            ...formatProblems(result.errors, { whereAll: "--json lists them all" }),
        ].join("\n");
    }
    const day = (iso: string) => iso.slice(0, 10);
    const lines = [
        `opsbook plan · stack ${result.stack} · now ${day(result.now)} · ${result.resources.length} resources${result.firstPreview ? " · first preview (ids and computed outputs unknown)" : ""}`,
        "(offline: Pulumi's mock runtime and the policy pack's own server; `pulumi preview --policy-pack policies` is the real check)",
        `environment: ${result.environment} · policy config: ${result.policyConfig}`,
        ...(result.zone ? [result.zone] : []),
    ];
    if (result.diff) {
        const diff = result.diff.result;
        lines.push("", ...formatDiff(diff, result.diff.baseline), ...verdictLines(result));
        if (diff.blocking > 0) {
            lines.push(
                `BLOCKED: ${diff.blocking} blocking change(s): a protected or stateful resource would be replaced or deleted, replaced create-before-delete under a key only one may hold, or live secret values dropped.`,
            );
        }
        lines.push(summaryLine(diff.counts));
        return lines.join("\n");
    }
    lines.push(
        "",
        "Resources",
        ...tree(result.resources),
        "",
        "Rotation calendar (values never shown)",
        ...table([
            [
                "secret",
                "kind",
                "class",
                "period",
                "live values",
                "last rotation",
                "next rotation",
                "status",
                "consumers roll by",
            ],
            ...result.secrets.map((s) => [
                s.name,
                s.kind,
                s.class,
                `${s.periodDays}d`,
                liveSummary(s),
                day(s.rotatedAt),
                day(s.nextRotation),
                s.status,
                s.rollouts.map((r) => `${r.consumer}:${ROLLOUT_SHORT[r.mechanism]}`).join(",") ||
                    "-",
            ]),
        ]),
    );
    lines.push(
        "",
        "Services",
        ...table([
            [
                "service",
                "platform",
                "role",
                "domain",
                "health",
                "runs",
                "command",
                "release",
                "tasks",
                "edge",
            ],
            ...result.services.map((s) => [
                s.name,
                s.platform,
                s.role,
                s.domain ?? "-",
                s.healthPath ?? "-",
                s.source ?? "-",
                s.command ? commandText(s.command) : "-",
                s.release ? commandText(s.release) : "-",
                s.tasks ?? "-",
                s.edge ?? "-",
            ]),
        ]),
        "",
        "Alerts",
        ...table([
            ["alert", "severity", "signal", "threshold", "window", "route"],
            ...result.alerts.map((a) => [
                a.name,
                a.severity,
                a.signal,
                a.threshold,
                a.window,
                a.route,
            ]),
        ]),
    );
    if (result.databases.length > 0) {
        lines.push(
            "",
            "Databases",
            ...table([
                [
                    "database",
                    "kind",
                    "postgres name",
                    "login users (current first)",
                    "read-only role",
                    "conn/user",
                    "max",
                    "consumers",
                ],
                ...result.databases.map((d) => [
                    d.name,
                    d.kind,
                    d.dbName,
                    [d.currentUser, ...d.loginUsers.filter((u) => u !== d.currentUser)].join(", "),
                    d.readonlyRole,
                    String(d.connectionLimitPerUser),
                    String(d.maxConnections),
                    d.consumers.join(","),
                ]),
            ]),
            "",
            "Database access (how pulumi up reaches each server)",
            ...table([
                ["database", "via", "provider connects to", "TLS", "path"],
                ...result.databases.map((d) => [
                    d.name,
                    d.access.via ?? "-",
                    d.access.connectsTo,
                    d.access.sslmode,
                    d.access.description,
                ]),
            ]),
            ...result.databases.flatMap((d) =>
                d.access.advisory ? [`  [advisory] ${d.access.advisory}`] : [],
            ),
            "",
            "Backups",
            ...table([
                ["database", "kind", "schedule", "RPO (achieved)", "retention", "restore test"],
                ...result.backups.map((b) => [
                    b.database,
                    b.kind,
                    b.schedule,
                    `${b.rpoMinutes}m (${b.achievedRpoMinutes}m)`,
                    `${b.retentionDays}d${b.longTermRetentionDays ? ` + monthly ${b.longTermRetentionDays}d` : ""}${b.keepVersions ? `, last ${b.keepVersions} dumps` : ""}`,
                    b.restoreTest,
                ]),
            ]),
        );
    }
    if (result.redis.length > 0) {
        lines.push(
            "",
            "Redis (ElastiCache; TLS required, AUTH token, encrypted at rest)",
            ...table([
                [
                    "redis",
                    "engine",
                    "node type",
                    "nodes",
                    "snapshots",
                    "maxmemory",
                    "AUTH token",
                    "consumers",
                ],
                ...result.redis.map((r) => [
                    r.name,
                    r.engine,
                    r.nodeType,
                    `${r.nodes}${r.multiAz ? " (Multi-AZ)" : ""}`,
                    `daily ${r.snapshotWindow} UTC, ${r.snapshotRetentionDays}d`,
                    r.maxmemoryPolicy,
                    `${r.tokenSecret} (${r.tokenStrategy})`,
                    `${r.consumers.join(",")} (${r.urlVariable})`,
                ]),
            ]),
        );
    }
    lines.push(
        ...accessLogLines(result.accessLogs),
        ...workLines(result),
        ...flagLines(result.flags),
        ...promotionLines(result.promotion),
        ...adoptLines(result.adoption, result.stack),
    );
    if (result.publicValues.length > 0) {
        lines.push(
            "",
            "Public values (declared public by design in env; plain, and accepted by the plain-secret policies)",
            ...table([
                ["service", "variable", "would be refused by", "public because"],
                ...result.publicValues.map((p) => [
                    p.service,
                    p.variable,
                    p.wouldBeRefusedBy.join(", "),
                    p.because,
                ]),
            ]),
        );
    }
    if (result.waivers.length > 0) {
        lines.push(
            "",
            "Waivers (a looser runbook value or a vendor secret's grace: advisory until `until`, mandatory from then)",
            ...table([
                ["waives", "value", "until", "status", "by", "reason", "at"],
                ...result.waivers.map((w) => [
                    w.subject,
                    w.value === undefined ? "-" : `${w.value} (runbook ${w.runbookValue})`,
                    w.until,
                    w.status === "active" ? "holds" : "EXPIRED",
                    w.by,
                    w.reason,
                    w.path,
                ]),
            ]),
        );
    }
    if (result.missingVendorValues.length > 0) {
        lines.push(
            "",
            "Vendor values not in the stack file (planned with placeholders; `pulumi up` refuses until each is set):",
            ...result.missingVendorValues.map(
                (name) => `  pulumi config set --secret ${name} <value> --stack ${result.stack}`,
            ),
        );
    }
    lines.push(...verdictLines(result));
    return lines.join("\n");
}

export function formatJson(result: PlanResult): string {
    if (!result.ok) return JSON.stringify({ errors: result.errors }, null, 2);
    const { ok: _ok, exitCode: _exitCode, timings: _timings, diff, ...body } = result;
    if (!diff) return JSON.stringify(body, null, 2);
    const d = diff.result;
    return JSON.stringify(
        {
            ...body,
            baseline: diff.baseline,
            diff: d.changes.map((c) => ({
                urn: c.urn,
                type: c.type,
                action: c.action,
                paths: c.paths,
                blocking: c.blocking,
                reason: c.reason,
                secretPaths: c.secretPaths,
                forcedBy: c.forcedBy,
                order: c.order,
                causedBy: c.causedBy,
                renamedFrom: c.renamedFrom,
            })),
            rotations: d.rotations,
            diffSummary: { ...d.counts, blocking: d.blocking, notes: d.notes },
        },
        null,
        2,
    );
}

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
