/** The pack's process and the Engine service it logs to: spawn, the port on stdout, stop. */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as YAML from "yaml";
import { PolicyRunOptions } from "./types";

const START_TIMEOUT_MS = 120_000; // ts-node type-checks the pack on boot
const SEVERITY = ["debug", "info", "warning", "error"];

/** The Engine service a pack logs to (`pulumi.log` in a policy): its log lines land in `logs`. */
export async function startEngine(
    logs: string[],
): Promise<{ server: grpc.Server; address: string }> {
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

/** Starts the pack's analyzer server (`run-policy-pack`) as the CLI does, the stack in its env. */
export function spawnPack(
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
export function readPort(child: ChildProcess, logs: string[], packDir: string): Promise<number> {
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

/** Kills the pack's process, if it still runs, and waits for it to exit. */
export async function stopChild(child?: ChildProcess): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL"); // the CLI kills analyzer plugins too; a pack holds no state worth a graceful stop
    await exited;
}
