// Plays the Pulumi engine's part toward a CrossGuard policy pack, offline: boots the pack in its real
// analyzer server (`run-policy-pack`, as `pulumi preview --policy-pack DIR` does) and drives it over
// gRPC with the same calls, in the same order, with the same property encoding as the CLI.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import * as readline from "readline";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as YAML from "yaml";

/** A resource as captured from Pulumi's mock runtime. Inputs are as `rpc.deserializeProperties` yields them:
 *  secrets are objects `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: X }`,
 *  unknowns are the `unknown` symbol exported by @pulumi/pulumi/output (pulumi.Output's `unknown`), resource references may be URN strings. */
export interface CapturedResource {
    urn: string;
    type: string; // e.g. "aws:ssm/parameter:Parameter"
    name: string;
    custom: boolean; // false for component resources
    parent?: string; // parent URN
    protect: boolean;
    provider?: string; // provider reference "urn::id" if any
    dependencies: string[];
    /** Input property → URNs of the resources its value came from (what the engine sends stack policies). */
    propertyDependencies?: Record<string, string[]>;
    inputs: Record<string, unknown>;
    /** Former names this resource answers to (`aliases: [{ name }]`), so a rename is not a replacement. */
    aliases?: string[];
}
export interface PolicyViolation {
    policyPack: string;
    policy: string; // policy name
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    urn?: string; // undefined for stack-level violations
    message: string;
    description?: string;
}
export interface PolicyRunOptions {
    packDir: string; // e.g. "/work/main/policies" (a directory with PulumiPolicy.yaml, package.json, index.ts)
    project: string;
    stack: string;
    organization?: string;
    dryRun: boolean;
    policyConfig: Record<string, unknown>; // content of a `--policy-pack-config` JSON file
    resources: CapturedResource[];
}
export interface PolicyRunResult {
    violations: PolicyViolation[];
    policies: { name: string; enforcementLevel: string }[];
    logs: string[];
    timings: { startMs: number; analyzeMs: number; analyzeStackMs: number };
}

/** The policy config (a `--policy-pack-config` file's content) is wrong: a user mistake, not a crash. */
export class PolicyConfigError extends Error {}

type Level = PolicyViolation["enforcementLevel"];
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonSchema = { type?: string | string[]; enum?: Json[]; default?: Json };
interface PolicyConfig {
    level?: Level;
    props?: Record<string, Json>;
}

const START_TIMEOUT_MS = 120_000; // ts-node type-checks the pack on boot
const CALL_TIMEOUT_MS = 60_000;
const MAX_MESSAGE = 400 * 1024 * 1024; // the CLI's gRPC limit
const LEVEL_ENUM: Record<Level, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    remediate: pb.EnforcementLevel.REMEDIATE,
    disabled: pb.EnforcementLevel.DISABLED,
};
const LEVELS = Object.fromEntries(Object.entries(LEVEL_ENUM).map(([l, e]) => [e, l])) as Record<
    pb.EnforcementLevel,
    Level
>;
const isLevel = (v: unknown): v is Level => typeof v === "string" && v in LEVEL_ENUM;
const SEVERITY = ["debug", "info", "warning", "error"];

/** A policy pack booted and configured, ready to judge; the engine's side of one preview. */
export interface PolicyPackSession {
    /** Offers every resource to Remediate and Analyze, then the whole stack to AnalyzeStack. */
    judge(resources: CapturedResource[]): Promise<PolicyRunResult>;
    /** Stops the pack's process and the engine service; safe to call more than once. */
    close(): Promise<void>;
}

/** A pack's analyzer server, booted and configured: where it listens and what it runs. */
export interface BootedPack {
    /** The analyzer server's gRPC address (`127.0.0.1:PORT`). */
    readonly address: string;
    /** The pack's policies with the enforcement level each was configured with, by name. */
    readonly policies: { name: string; enforcementLevel: string }[];
    /** Wall time of the boot and configuration. */
    readonly startMs: number;
}

/**
 * Boots the pack and configures it, without resources: the engine starts analyzer plugins before the
 * program registers anything, so the plan starts the pack while the program runs.
 */
export async function startPolicyPack(options: PolicyPackOptions): Promise<PolicyPackSession> {
    const pack = await bootPolicyPack(options);
    const session = connectPolicyPack(pack, pack.logs);
    return {
        // The pack is this session's alone: its logs are the pack's whole log, still growing (a policy's
        // log call may reach the Engine service after its verdict).
        judge: async (resources) => ({ ...(await session.judge(resources)), logs: pack.logs }),
        close: async () => {
            await session.close();
            await pack.stop();
        },
    };
}

/**
 * Starts the pack's server (with an Engine service for its logs), hands it the stack and the policy config,
 * and leaves it running for `connectPolicyPack` sessions until `stop`.
 */
export async function bootPolicyPack(
    options: PolicyPackOptions,
): Promise<BootedPack & { logs: string[]; stop(): Promise<void> }> {
    const packDir = path.resolve(options.packDir);
    const logs: string[] = [];
    const engine = await startEngine(logs);
    let child: ChildProcess | undefined;
    let client: analyzerrpc.AnalyzerClient | undefined;
    let stopped = false;
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        client?.close();
        await stopChild(child);
        engine.server.forceShutdown();
    };
    try {
        const t0 = performance.now();
        child = spawnPack(packDir, engine.address, options);
        const port = await readPort(child, logs, packDir);
        const address = `127.0.0.1:${port}`;
        const c = analyzerClient(address);
        client = c;
        const call = <Req, Res>(method: string, fn: Unary<Req, Res>, req: Req) =>
            unary(c, method, fn, req);

        // Plugin boot: Handshake and ConfigureStack are optional; the CLI tolerates UNIMPLEMENTED.
        const hs = new pb.AnalyzerHandshakeRequest()
            .setEngineAddress(engine.address)
            .setRootDirectory(packDir)
            .setProgramDirectory(packDir);
        await optional(call("Handshake", c.handshake, hs));
        const cs = new pb.AnalyzerStackConfigureRequest()
            .setStack(options.stack)
            .setProject(options.project)
            .setOrganization(options.organization ?? "")
            .setDryRun(options.dryRun);
        await optional(call("ConfigureStack", c.configureStack, cs));

        const info = await call("GetAnalyzerInfo", c.getAnalyzerInfo, new Empty());
        const config = reconcileConfig(info, options.policyConfig);
        if (config.size > 0) {
            const req = new pb.ConfigureAnalyzerRequest();
            for (const [name, cfg] of config) {
                if (!cfg.level)
                    throw new PolicyConfigError(`invalid enforcement level "" for "${name}"`);
                const pc = new pb.PolicyConfig()
                    .setEnforcementlevel(LEVEL_ENUM[cfg.level])
                    .setProperties(Struct.fromJavaScript(cfg.props ?? {}));
                req.getPolicyconfigMap().set(name, pc);
            }
            await call("Configure", c.configure, req);
        }
        const startMs = performance.now() - t0;
        const policies = info
            .getPoliciesList()
            .map((p) => ({
                name: p.getName(),
                enforcementLevel: config.get(p.getName())?.level ?? "",
            }))
            .sort((a, b) => a.name.localeCompare(b.name));
        return { address, policies, startMs, logs, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}

/**
 * A session on a booted pack's server, possibly another process's: judging is the engine's calls of one
 * preview (Remediate and Analyze per resource, then AnalyzeStack). A pack judges several captures alike;
 * each verdict carries the pack's boot logs in `logs` and those written while it was judged (judge one
 * capture at a time for logs of its own). `close` closes the connection, not the pack.
 */
export function connectPolicyPack(pack: BootedPack, logs: string[] = []): PolicyPackSession {
    const c = analyzerClient(pack.address);
    const call = <Req, Res>(method: string, fn: Unary<Req, Res>, req: Req) =>
        unary(c, method, fn, req);
    const bootLogs = logs.length;
    const judge = async (resources: CapturedResource[]) => {
        const from = logs.length;
        const { violations, analyzeMs, analyzeStackMs } = await judgeResources(
            call,
            c,
            resources,
            logs,
        );
        return {
            violations,
            policies: pack.policies,
            logs: [...logs.slice(0, bootLogs), ...logs.slice(from)],
            timings: { startMs: pack.startMs, analyzeMs, analyzeStackMs },
        };
    };
    return { judge, close: async () => c.close() };
}

function analyzerClient(address: string): analyzerrpc.AnalyzerClient {
    return new analyzerrpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE,
        "grpc.max_send_message_length": MAX_MESSAGE,
    });
}

export async function runPolicyPack(options: PolicyRunOptions): Promise<PolicyRunResult> {
    const session = await startPolicyPack(options);
    try {
        return await session.judge(options.resources);
    } finally {
        await session.close();
    }
}

/** What a pack session is booted with: sessions started with equal options judge alike. */
export type PolicyPackOptions = Omit<PolicyRunOptions, "resources">;

type RunningPack = Awaited<ReturnType<typeof bootPolicyPack>>;

/** Where a plan gets a pack session from when it does not boot its own. */
export interface PolicyPacks {
    session(options: PolicyPackOptions): Promise<PolicyPackSession>;
}

/** Sessions started with options of equal key judge alike. */
export function packKey(options: PolicyPackOptions): string {
    return JSON.stringify([
        path.resolve(options.packDir),
        options.project,
        options.stack,
        options.organization ?? "",
        options.dryRun,
        canonical(options.policyConfig),
    ]);
}

/**
 * Booted packs shared by key (pack, project, stack, organization, dry run, policy config), so callers that
 * judge many captures under one configuration pay one boot (ts-node type-checks the pack: seconds).
 * A boot that fails is not kept: the next caller sees its own failure.
 */
export class PolicyPackPool implements PolicyPacks {
    private readonly packs = new Map<string, Promise<RunningPack>>();
    private readonly sessions = new Map<string, Promise<PolicyPackSession>>();
    /** How many packs this pool has booted (failed boots included). */
    public boots = 0;

    /** The pack for `options`, booted on first use and left running until `close`. */
    boot(options: PolicyPackOptions): Promise<BootedPack> {
        return this.running(options);
    }

    session(options: PolicyPackOptions): Promise<PolicyPackSession> {
        const key = packKey(options);
        let session = this.sessions.get(key);
        if (!session) {
            session = this.running(options).then((pack) => connectPolicyPack(pack, pack.logs));
            this.sessions.set(key, session);
            session.catch(() => this.sessions.delete(key));
        }
        return session;
    }

    private running(options: PolicyPackOptions): Promise<RunningPack> {
        const key = packKey(options);
        let pack = this.packs.get(key);
        if (!pack) {
            this.boots++;
            pack = bootPolicyPack(options);
            this.packs.set(key, pack);
            pack.catch(() => this.packs.delete(key));
        }
        return pack;
    }

    /** Judges with the pool's session for `options`, booting its pack on first use. */
    async run(options: PolicyRunOptions): Promise<PolicyRunResult> {
        return (await this.session(options)).judge(options.resources);
    }

    /** Closes every session and stops every pack the pool booted. */
    async close(): Promise<void> {
        const sessions = [...this.sessions.values()];
        const packs = [...this.packs.values()];
        this.sessions.clear();
        this.packs.clear();
        await Promise.all(sessions.map((s) => s.then((x) => x.close()).catch(() => undefined)));
        await Promise.all(packs.map((p) => p.then((x) => x.stop()).catch(() => undefined)));
    }
}

/** JSON with object keys sorted, so equal configurations give equal keys. */
function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        );
    return value;
}

async function judgeResources(
    call: <Req, Res>(method: string, fn: Unary<Req, Res>, req: Req) => Promise<Res>,
    c: analyzerrpc.AnalyzerClient,
    resources: CapturedResource[],
    logs: string[],
): Promise<{ violations: PolicyViolation[]; analyzeMs: number; analyzeStackMs: number }> {
    const violations: PolicyViolation[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const prepared: {
        r: CapturedResource;
        props: Struct;
        provider?: pb.AnalyzerProviderResource;
    }[] = [];
    for (const r of resources) {
        const provider = await providerOf(r, byUrn);
        prepared.push({ r, props: await encodeProps(r.inputs), provider });
    }

    // Like the step generator: every registered resource (custom, component, provider, stack) is
    // first offered to Remediate, then Analyze sees the possibly-remediated inputs.
    const ta = performance.now();
    for (const p of prepared) {
        const { r } = p;
        const req = new pb.AnalyzeRequest()
            .setUrn(r.urn)
            .setType(r.type)
            .setName(r.name)
            .setProperties(p.props)
            .setOptions(resourceOptions(r))
            .setProvider(p.provider);
        const rem = await optional(call("Remediate", c.remediate, req));
        for (const x of rem?.getRemediationsList() ?? []) {
            const base = { policyPack: x.getPolicypackname(), policy: x.getPolicyname() };
            if (x.getDiagnostic()) {
                violations.push({
                    ...base,
                    enforcementLevel: "advisory",
                    urn: r.urn,
                    message: x.getDiagnostic(),
                });
            } else if (x.getProperties()) {
                p.props = x.getProperties() as Struct;
                req.setProperties(p.props);
                logs.push(`remediated ${r.urn} by policy ${x.getPolicyname()}`);
            }
        }
        const res = await call("Analyze", c.analyze, req);
        // The engine always attributes Analyze diagnostics to the analyzed resource.
        violations.push(...res.getDiagnosticsList().map((d) => toViolation(d, r.urn)));
    }
    const analyzeMs = performance.now() - ta;

    const stackReq = new pb.AnalyzeStackRequest();
    for (const { r, props, provider } of prepared) {
        const ar = new pb.AnalyzerResource()
            .setUrn(r.urn)
            .setType(r.type)
            .setName(r.name)
            .setProperties(props)
            .setOptions(resourceOptions(r))
            .setProvider(provider)
            .setParent(r.parent ?? "")
            .setDependenciesList(r.dependencies);
        for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
            ar.getPropertydependenciesMap().set(
                property,
                new pb.AnalyzerPropertyDependencies().setUrnsList(urns),
            );
        }
        stackReq.addResources(ar);
    }
    const ts = performance.now();
    const stackRes = await optional(call("AnalyzeStack", c.analyzeStack, stackReq));
    const analyzeStackMs = performance.now() - ts;
    for (const d of stackRes?.getDiagnosticsList() ?? []) {
        // A stack policy may name a resource; anything else is stack-level (the CLI uses the root stack URN).
        const v = toViolation(d, byUrn.has(d.getUrn()) ? d.getUrn() : undefined);
        violations.push(
            v.enforcementLevel === "remediate" ? { ...v, enforcementLevel: "mandatory" } : v,
        );
    }

    return { violations, analyzeMs, analyzeStackMs };
}

// ---- processes and gRPC plumbing ----

async function startEngine(logs: string[]): Promise<{ server: grpc.Server; address: string }> {
    const ok =
        <T>(res: T) =>
        (_call: unknown, cb: (e: null, r: T) => void) =>
            cb(null, res);
    const impl: enginerpc.IEngineServer = {
        log: (call, cb) => {
            const r = call.request;
            // Like the CLI without -v: debug chatter (ts-node discovery etc.) is not shown.
            if (r.getSeverity() === enginepb.LogSeverity.DEBUG) return cb(null, new Empty());
            const urn = r.getUrn() ? ` (${r.getUrn()})` : "";
            logs.push(`${SEVERITY[r.getSeverity()] ?? "info"}: ${r.getMessage()}${urn}`);
            cb(null, new Empty());
        },
        getRootResource: ok(new enginepb.GetRootResourceResponse()),
        setRootResource: ok(new enginepb.SetRootResourceResponse()),
        startDebugging: ok(new Empty()),
        requirePulumiVersion: ok(new enginepb.RequirePulumiVersionResponse()),
    };
    const server = new grpc.Server();
    server.addService(enginerpc.EngineService, impl);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
            e ? reject(e) : resolve(p),
        ),
    );
    return { server, address: `127.0.0.1:${port}` };
}

function spawnPack(
    packDir: string,
    engineAddress: string,
    o: Omit<PolicyRunOptions, "resources">,
): ChildProcess {
    const project = YAML.parse(
        fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"),
    ) as {
        runtime?: string | { name?: string; options?: Record<string, unknown> };
    };
    const runtime =
        typeof project?.runtime === "string" ? { name: project.runtime } : project?.runtime;
    if (runtime?.name !== "nodejs")
        throw new Error(`${packDir}: only nodejs policy packs are supported`);
    // `pulumi-analyzer-policy` runs the pack's own @pulumi/pulumi; resolve it from the pack (hoisting-aware).
    const runner = path.dirname(
        require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }),
    );
    const runtimeArgs = Object.entries(runtime.options ?? {})
        .filter(([, v]) => `${v}` !== "")
        .map(([k, v]) => `-${k}=${v}`);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_NODEJS_PROJECT: o.project,
        PULUMI_NODEJS_STACK: o.stack,
        PULUMI_NODEJS_DRY_RUN: String(o.dryRun),
        PULUMI_PROJECT: o.project,
        PULUMI_STACK: o.stack,
        PULUMI_DRY_RUN: String(o.dryRun),
        // Not set by the CLI (the policy server ignores Handshake), but without it pulumi.log in a
        // policy falls back to stdout; with it, logs reach our Engine service.
        PULUMI_NODEJS_ENGINE: engineAddress,
    };
    if (o.organization) {
        env.PULUMI_NODEJS_ORGANIZATION = o.organization;
        env.PULUMI_ORGANIZATION = o.organization;
    }
    return spawn(process.execPath, [runner, engineAddress, ".", ...runtimeArgs], {
        cwd: packDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
}

/** The first stdout line must be the port (as the CLI requires); everything after is log output. */
function readPort(child: ChildProcess, logs: string[], packDir: string): Promise<number> {
    const stderr: string[] = [];
    readline.createInterface({ input: child.stderr! }).on("line", (l) => {
        stderr.push(l);
        logs.push(`stderr: ${l}`);
    });
    return new Promise<number>((resolve, reject) => {
        let port: number | undefined;
        const fail = (why: string) => {
            clearTimeout(timer);
            const detail = [...logs.filter((l) => !l.startsWith("stderr: ")), ...stderr].join("\n");
            reject(new Error(`policy pack ${packDir} ${why}${detail ? `:\n${detail}` : ""}`));
        };
        const timer = setTimeout(
            () => fail(`did not report a port within ${START_TIMEOUT_MS} ms`),
            START_TIMEOUT_MS,
        );
        readline.createInterface({ input: child.stdout! }).on("line", (line) => {
            if (port !== undefined) return void logs.push(`stdout: ${line}`);
            if (!/^\d+$/.test(line.trim()))
                return fail(`wrote a non-numeric port to stdout ('${line}')`);
            port = Number(line.trim());
            clearTimeout(timer);
            resolve(port);
        });
        child.once("error", (e) => fail(`failed to start (${e.message})`));
        // Give stderr/log RPCs a moment to drain so the error carries the pack's own diagnostics.
        child.once("exit", (code, sig) => {
            if (port === undefined)
                setTimeout(() => fail(`exited (${code ?? sig}) before serving`), 50);
        });
    });
}

async function stopChild(child?: ChildProcess): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL"); // the CLI kills analyzer plugins too; a pack holds no state worth a graceful stop
    await exited;
}

type Callback<Res> = (e: grpc.ServiceError | null, r: Res) => void;
type Unary<Req, Res> = (
    req: Req,
    md: grpc.Metadata,
    o: Partial<grpc.CallOptions>,
    cb: Callback<Res>,
) => unknown;

function unary<Req, Res>(
    c: grpc.Client,
    method: string,
    fn: Unary<Req, Res>,
    req: Req,
): Promise<Res> {
    const opts = { deadline: Date.now() + CALL_TIMEOUT_MS };
    return new Promise((resolve, reject) =>
        fn.call(c, req, new grpc.Metadata(), opts, (e, r) =>
            e ? reject(new RpcError(method, e)) : resolve(r),
        ),
    );
}

class RpcError extends Error {
    readonly code: grpc.status;
    constructor(method: string, e: grpc.ServiceError) {
        super(`${method} failed: ${e.details || e.message}`);
        this.code = e.code;
    }
}

/** Resolves to undefined when the analyzer does not implement the method (older packs). */
async function optional<T>(p: Promise<T>): Promise<T | undefined> {
    try {
        return await p;
    } catch (e) {
        if (e instanceof RpcError && e.code === grpc.status.UNIMPLEMENTED) return undefined;
        throw e;
    }
}

// ---- engine-side semantics ----

function toViolation(d: pb.AnalyzeDiagnostic, urn: string | undefined): PolicyViolation {
    return {
        policyPack: d.getPolicypackname(),
        policy: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        urn,
        message: d.getMessage(),
        description: d.getDescription() || undefined,
    };
}

function resourceOptions(r: CapturedResource): pb.AnalyzerResourceOptions {
    // The engine always sends CustomTimeouts (zeros) and the parent; the other options aren't captured.
    return new pb.AnalyzerResourceOptions()
        .setProtect(r.protect)
        .setParent(r.parent ?? "")
        .setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
}

async function providerOf(
    r: CapturedResource,
    byUrn: Map<string, CapturedResource>,
): Promise<pb.AnalyzerProviderResource | undefined> {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    // Default providers are engine-created and rarely captured: fall back to what the URN tells.
    const [, , qualifiedType = "", name = ""] = urn.split("::");
    const p = byUrn.get(urn);
    return new pb.AnalyzerProviderResource()
        .setUrn(urn)
        .setType(p?.type ?? qualifiedType.split("$").pop() ?? "")
        .setName(p?.name ?? name)
        .setProperties(await encodeProps(p?.inputs ?? {}));
}

/** Parses a policy-pack config file's content, reconciles it like the CLI, and validates it. */
function reconcileConfig(
    info: pb.AnalyzerInfo,
    raw: Record<string, unknown>,
): Map<string, PolicyConfig> {
    const pack = `${info.getName()}@v${info.getVersion()}`;
    const policies = info.getPoliciesList();
    const names = new Set(policies.map((p) => p.getName()));
    const given = parseConfig(raw);
    // Stricter than the CLI, which forwards unknown names silently (or fails on a level-less one).
    for (const k of given.keys()) {
        if (k !== "all" && !names.has(k)) {
            throw new PolicyConfigError(
                `policy pack ${pack}: policy "${k}" not found (known policies: ${[...names].join(", ")})`,
            );
        }
    }
    // Defaults: each policy's own level plus its schema defaults; then the pack's initial config;
    // then the user's. In each layer "all" sets every level first, named entries override it.
    const result = new Map<string, PolicyConfig>();
    for (const p of policies) {
        const defaults = Object.entries(schemaOf(p).properties).filter(
            ([, s]) => s.default !== undefined,
        );
        result.set(p.getName(), {
            level: LEVELS[p.getEnforcementlevel()],
            props: defaults.length
                ? Object.fromEntries(defaults.map(([k, s]) => [k, s.default as Json]))
                : undefined,
        });
    }
    const initial = new Map<string, PolicyConfig>();
    info.getInitialconfigMap().forEach((v, k) =>
        initial.set(k, {
            level: LEVELS[v.getEnforcementlevel()],
            props: v.getProperties()?.toJavaScript() as Record<string, Json>,
        }),
    );
    for (const layer of [initial, given]) {
        const all = layer.get("all")?.level;
        if (all) for (const cfg of result.values()) cfg.level = all;
        for (const [k, v] of layer) {
            const cur = result.get(k) ?? {};
            const props =
                v.props && Object.keys(v.props).length ? { ...cur.props, ...v.props } : cur.props;
            result.set(k, { level: v.level ?? cur.level, props });
        }
    }
    const errors = policies.flatMap((p) =>
        validateProps(schemaOf(p), result.get(p.getName())?.props ?? {}).map(
            (e) => `${pack}  ${p.getName()}: ${e}`,
        ),
    );
    if (errors.length)
        throw new PolicyConfigError(`validating policy config:\n${errors.sort().join("\n")}`);
    return result;
}

function parseConfig(raw: Record<string, unknown>): Map<string, PolicyConfig> {
    const out = new Map<string, PolicyConfig>();
    for (const [k, v] of Object.entries(raw)) {
        const bad = (what: unknown) =>
            new PolicyConfigError(
                `parsing enforcement level for "${k}": ${JSON.stringify(what)} is not a valid enforcement level`,
            );
        let cfg: PolicyConfig;
        if (typeof v === "string") {
            if (!isLevel(v)) throw bad(v);
            cfg = { level: v };
        } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
            const { enforcementLevel: level, ...props } = v as Record<string, Json>;
            if (level !== undefined && !isLevel(level)) throw bad(level);
            cfg = {
                level: level as Level | undefined,
                props: Object.keys(props).length ? props : undefined,
            };
        } else {
            throw new PolicyConfigError(
                `parsing "${k}": ${JSON.stringify(v)} is not a valid value; must be a string or object`,
            );
        }
        if (cfg.level || cfg.props) out.set(k, cfg);
    }
    return out;
}

function schemaOf(p: pb.PolicyInfo): {
    properties: Record<string, JsonSchema>;
    required: string[];
} {
    const s = p.getConfigschema();
    return {
        properties: (s?.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>,
        required: s?.getRequiredList() ?? [],
    };
}

/** The subset of JSON Schema the CLI's gojsonschema check is used for in practice: required, type, enum. */
function validateProps(schema: ReturnType<typeof schemaOf>, props: Record<string, Json>): string[] {
    const typeOf = (v: Json) =>
        v === null
            ? "null"
            : Array.isArray(v)
              ? "array"
              : Number.isInteger(v)
                ? "integer"
                : typeof v;
    const errors = schema.required.filter((k) => !(k in props)).map((k) => `${k} is required`);
    for (const [k, v] of Object.entries(props)) {
        const s = schema.properties[k];
        const types = s?.type === undefined ? [] : ([] as string[]).concat(s.type);
        const t = typeOf(v);
        if (types.length && !types.some((x) => x === t || (x === "number" && t === "integer"))) {
            errors.push(`${k}: Invalid type. Expected: ${types.join(", ")}, given: ${t}`);
        } else if (s?.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
            errors.push(
                `${k}: ${k} must be one of the following: ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`,
            );
        }
    }
    return errors;
}

// ---- property encoding (engine -> analyzer: KeepUnknowns, KeepSecrets, no resource references) ----

interface OutputInternals {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(): Promise<unknown>;
}

/** Inputs as the engine sends them to an analyzer: unknowns and secrets in their wire encoding. */
export async function encodeProps(inputs: Record<string, unknown>): Promise<Struct> {
    return Struct.fromJavaScript(((await encode(inputs)) ?? {}) as Record<string, JavaScriptValue>);
}

async function encode(v: unknown): Promise<Json | undefined> {
    if (v === undefined || typeof v === "function") return undefined;
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        return v;
    if (Array.isArray(v)) return Promise.all(v.map(async (e) => (await encode(e)) ?? null));
    if (pulumi.Output.isInstance(v)) {
        const o = v as unknown as OutputInternals;
        const value = (await o.isKnown) ? await encode(await o.promise()) : rpc.unknownValue;
        return (await o.isSecret) ? secret(value) : value;
    }
    if (pulumi.isUnknown(v)) return rpc.unknownValue; // every JS unknown reaches the engine as a string unknown
    if (v instanceof Promise) return encode(await v);
    // Resource references are sent as IDs (custom) or URNs (component), since analyzers don't keep resources.
    if (pulumi.CustomResource.isInstance(v)) return encode(v.id);
    if (pulumi.ComponentResource.isInstance(v)) return encode(v.urn);
    if (pulumi.asset.Asset.isInstance(v) || pulumi.asset.Archive.isInstance(v)) {
        const sig = pulumi.asset.Asset.isInstance(v) ? rpc.specialAssetSig : rpc.specialArchiveSig;
        const out: Record<string, Json> = { [rpc.specialSigKey]: sig };
        for (const k of ["path", "text", "uri", "assets"] as const) {
            const e = await encode((v as unknown as Record<string, unknown>)[k]);
            if (e !== undefined) out[k] = e;
        }
        return out;
    }
    const obj = v as Record<string, unknown>;
    if (obj[rpc.specialSigKey] === rpc.specialSecretSig) return secret(await encode(obj.value));
    if (obj[rpc.specialSigKey] === rpc.specialResourceSig) {
        return encode(obj.id === "" ? pulumi.unknown : (obj.id ?? obj.urn));
    }
    const out: Record<string, Json> = {};
    for (const [k, e] of Object.entries(obj)) {
        const enc = await encode(e);
        if (enc !== undefined) out[k] = enc;
    }
    return out;
}

const secret = (value: Json | undefined): Json => ({
    [rpc.specialSigKey]: rpc.specialSecretSig,
    value: value ?? null,
});
