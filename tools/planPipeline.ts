/**
 * The plan's pipeline: read the stack file, load the model, run `index.ts` under the mock runtime while
 * the policy pack boots, judge what it registered, and assemble the plan (`PlanResult`).
 */
import { rotationCalendar } from "../model/calendar";
import { accessLogPlan } from "../model/accessLogs";
import { alertPlan } from "../model/alerts";
import { backupPlan } from "../model/backups";
import { jobPlan } from "../model/jobs";
import { queuePlan } from "../model/queues";
import { ConfigError, loadSystem } from "../model/load";
import { redisSummaries } from "../model/redis";
import { publicValueSummaries, scanPlainConfig } from "../model/secretScan";
import { listWaivers, waiverStatus } from "../model/waivers";
import { ownershipLine } from "../model/zoneShare";
import { flagSummaries } from "../model/flags";
import { TYPES } from "../policies/rules/types";
import {
    CapturedResource,
    PolicyConfigError,
    PolicyPacks,
    PolicyPackSession,
    PolicyRunResult,
    PolicyViolation,
    startPolicyPack,
} from "./analyzer";
import { CaptureResult, captureProgram, StackConfig, StackOutputs } from "./capture";
import { tenantStackOutputs } from "./zoneTenants";
import { readStackFile, StackFile } from "./stackFile";
import { withAdoption } from "./importFile";
import { PACK_DIR, PROJECT } from "./project";
import {
    clockedPolicies,
    policyConfigPath,
    readPolicyConfig,
    usedPolicyConfig,
    withClock,
} from "./policyConfig";
import { redact, secretDigests } from "./planRedact";
import { databaseSummaries, serviceSummaries } from "./planSummaries";
import type { NotJudged, PlannedResource, PlanResult, PlanViolation } from "./planTypes";

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

/** Plans a stack file: the model's summaries, every resource the program registers, and the pack's verdict. */
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
        resources: captured.resources.map(plannedResource),
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

/** A captured resource as the plan shows it: secrets and unknowns redacted, every option recorded. */
function plannedResource(r: CapturedResource): PlannedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.type === TYPES.pulumi.Stack ? null : (r.parent ?? null),
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
    };
}
