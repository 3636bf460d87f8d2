/** A pack booted and configured (boot), sessions on it (connect), and one-off runs. */
import { ChildProcess } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { LEVEL_ENUM, reconcileConfig } from "./config";
import { judgeResources } from "./judge";
import { readPort, spawnPack, startEngine, stopChild } from "./process";
import { analyzerClient, optional, unary, Unary } from "./rpc";
import {
    BootedPack,
    CapturedResource,
    PolicyConfigError,
    PolicyPackOptions,
    PolicyPackSession,
    PolicyRunOptions,
    PolicyRunResult,
} from "./types";

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

export async function runPolicyPack(options: PolicyRunOptions): Promise<PolicyRunResult> {
    const session = await startPolicyPack(options);
    try {
        return await session.judge(options.resources);
    } finally {
        await session.close();
    }
}
