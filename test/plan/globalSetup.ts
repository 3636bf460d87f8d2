/**
 * Jest global setup of the `plan` project: starts the run's pack broker (one booted pack per stack and
 * policy config, `packBroker.ts`), plans prod and every example in both modes at NOW once, and tells the
 * tests where (PACKS_VARIABLE, PLANS_DIR_VARIABLE). Two child processes share the planning (one per core).
 * A unit-only run (`jest --selectProjects unit`) never gets here.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PackBroker, PACKS_VARIABLE, startPackBroker } from "./packBroker";
import { PLANS_DIR_VARIABLE, STACKS } from "./stacks";

/** Planned together in one process each: about equal work (prod is the largest stack). */
const SHARES = [
    ["prod", "staging", "vercel-supabase"],
    ["alcom", "fork-knife", "legacyvideo", "kolamba"],
];

function plan(dir: string, names: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [
                require.resolve("ts-node/dist/bin.js"),
                "--transpile-only",
                path.join(__dirname, "computePlans.ts"),
                dir,
                ...names,
            ],
            { cwd: path.resolve(__dirname, "../.."), maxBuffer: 64 * 1024 * 1024 },
            (error, _stdout, stderr) =>
                error
                    ? reject(new Error(`planning ${names.join(", ")} failed:\n${stderr}`))
                    : resolve(),
        );
    });
}

export default async function globalSetup(): Promise<void> {
    const missing = STACKS.map(([name]) => name).filter((n) => !SHARES.flat().includes(n));
    if (missing.length > 0) throw new Error(`no share plans ${missing.join(", ")}`);
    const broker = await startPackBroker();
    // Read by the global teardown, which runs in this process.
    (globalThis as { opsbookPackBroker?: PackBroker }).opsbookPackBroker = broker;
    process.env[PACKS_VARIABLE] = broker.url;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-plans-"));
    process.env[PLANS_DIR_VARIABLE] = dir;
    await Promise.all(SHARES.map((names) => plan(dir, names)));
}
