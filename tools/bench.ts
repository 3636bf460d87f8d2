/**
 * Benchmark of the offline plan beside its floor, for the prod stack and synthetic stacks 10× and 50× its
 * size: the plan is `npm run plan`'s own pipeline (the pack boots while the program is captured, then
 * judges it); the floor is the same capture, of the same inputs, judged by a pack with no policies. A
 * benchmark, not a test: it prints figures and asserts nothing.
 *
 *   npm run bench [-- --runs N]
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CliIO, CommandSpec, EXIT, runMain, startCommand, UsageError } from "./cli";
import { SYSTEM_KEY } from "../model/load";
import { StackConfig } from "./capture";
import { captureAndJudge } from "./planPipeline";
import { stackPolicyConfig } from "./policyConfig";
import { PROJECT, PROJECT_ROOT } from "./project";
import { readStackFile } from "./stackFile";

const NOW = "2026-11-24T00:00:00.000Z";
const PACK_DIR = path.join(PROJECT_ROOT, "policies");

type System = Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The prod system repeated `copies` times with suffixed names: same shape, `copies`× the resources. */
export function scaleSystem(system: System, copies: number): System {
    if (copies === 1) return system;
    const scaled: System = {
        ...system,
        services: {},
        secrets: {},
        env: {},
        databases: {},
        buckets: {},
    };
    const routes: Record<string, { protocol: string; endpointSecret?: string }[]> = {};
    for (let copy = 1; copy <= copies; copy++) {
        const service = (name: string) => `${name}-${copy}`;
        const secret = (name: string) => `${name}_${copy}`;
        const services = (list?: string[]) => list?.map(service);
        for (const [name, spec] of Object.entries(system.services)) {
            scaled.services[service(name)] = {
                ...spec,
                ...(spec.domain ? { domain: `c${copy}-${spec.domain}` } : {}),
            };
        }
        for (const [name, spec] of Object.entries(system.secrets ?? {})) {
            scaled.secrets[secret(name)] = {
                ...spec,
                ...(spec.consumers ? { consumers: services(spec.consumers) } : {}),
            };
        }
        for (const [name, variables] of Object.entries(system.env ?? {}))
            scaled.env[service(name)] = variables;
        for (const [name, spec] of Object.entries(system.databases ?? {})) {
            scaled.databases[service(name)] = {
                ...spec,
                dbName: `${spec.dbName ?? name}_${copy}`,
                consumers: services(spec.consumers),
                ...(spec.directUrlConsumers
                    ? { directUrlConsumers: services(spec.directUrlConsumers) }
                    : {}),
                ...(spec.adminUrlSecret ? { adminUrlSecret: secret(spec.adminUrlSecret) } : {}),
                // Each copy's tunnel takes the next free local port.
                ...(spec.access ? { access: { via: spec.access.via } } : {}),
            };
        }
        for (const [name, spec] of Object.entries(system.buckets ?? {})) {
            scaled.buckets[service(name)] = {
                ...spec,
                ...(spec.corsFrom ? { corsFrom: services(spec.corsFrom) } : {}),
                ...(spec.consumers ? { consumers: services(spec.consumers) } : {}),
            };
        }
        for (const [severity, list] of Object.entries(
            (system.alerts?.routes ?? {}) as Record<
                string,
                { protocol: string; endpointSecret?: string }[]
            >,
        )) {
            routes[severity] = [
                ...(routes[severity] ?? []),
                // A chat route names a channel, not a secret: every copy posts to the same one.
                ...list.map((route) =>
                    route.endpointSecret === undefined
                        ? route
                        : { ...route, endpointSecret: secret(route.endpointSecret) },
                ),
            ];
        }
    }
    if (system.alerts) scaled.alerts = { routes };
    return scaled;
}

function scaledConfig(base: StackConfig, system: System): StackConfig {
    const values: Record<string, string> = { ...base.values, [SYSTEM_KEY]: JSON.stringify(system) };
    const secretKeys = new Set(base.secretKeys);
    for (const [name, spec] of Object.entries(system.secrets ?? {})) {
        if (spec.kind === "vendor") {
            values[`opsbook:${name}`] = `bench-placeholder`;
            secretKeys.add(`opsbook:${name}`);
        }
    }
    return { values, secretKeys: [...secretKeys] };
}

/**
 * A pack with no policies, booted and driven exactly like the real one: what judging costs by itself
 * (process start, ts-node, the gRPC round trips per resource). Written under `.tmp/`, which git ignores.
 */
function emptyPackDir(): string {
    const dir = path.join(PROJECT_ROOT, ".tmp", "bench-empty-pack");
    fs.mkdirSync(dir, { recursive: true });
    const packDir = path.join(PROJECT_ROOT, "policies");
    fs.copyFileSync(path.join(packDir, "PulumiPolicy.yaml"), path.join(dir, "PulumiPolicy.yaml"));
    fs.copyFileSync(path.join(packDir, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "opsbook-bench-empty-pack", version: "0.0.0", main: "index.ts" }),
    );
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        'import { PolicyPack } from "@pulumi/policy";\n\nnew PolicyPack("empty", { policies: [] });\n',
    );
    return dir;
}

interface Measure {
    readonly label: string;
    readonly resources: number;
    readonly plan: Run;
    readonly floor: Run;
}

interface Run {
    readonly wallMs: number;
    readonly captureMs: number;
    readonly startMs: number;
    readonly judgeMs: number;
}

const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of each figure over the runs (each figure separately). */
function medianRun(runs: Run[]): Run {
    return {
        wallMs: median(runs.map((r) => r.wallMs)),
        captureMs: median(runs.map((r) => r.captureMs)),
        startMs: median(runs.map((r) => r.startMs)),
        judgeMs: median(runs.map((r) => r.judgeMs)),
    };
}

async function measure(
    label: string,
    config: StackConfig,
    runs: number,
    emptyPack: string,
): Promise<Measure> {
    const policyConfig = stackPolicyConfig("prod", new Date(NOW));
    const once = async (packDir: string): Promise<[Run, number]> => {
        const result = await captureAndJudge({
            packDir,
            stack: "prod",
            config,
            policyConfig: packDir === emptyPack ? {} : policyConfig,
            now: new Date(NOW),
        });
        const { timings } = result.verdict;
        return [
            {
                wallMs: result.planMs,
                captureMs: result.captureMs,
                startMs: timings.startMs,
                judgeMs: timings.analyzeMs + timings.analyzeStackMs,
            },
            result.captured.resources.length,
        ];
    };
    await once(PACK_DIR); // warm-up: module loading and JIT of the program are not per-resource costs
    const plans: Run[] = [];
    const floors: Run[] = [];
    let resources = 0;
    // Interleaved, so a drift of the machine's load touches both sides alike.
    for (let i = 0; i < runs; i++) {
        const [plan, count] = await once(PACK_DIR);
        plans.push(plan);
        resources = count;
        floors.push((await once(emptyPack))[0]);
    }
    return { label, resources, plan: medianRun(plans), floor: medianRun(floors) };
}

export const BENCH_COMMAND: CommandSpec = {
    command: "npm run bench",
    summary:
        "Times the offline plan of prod and of prod scaled 10× and 50×, against an empty pack's floor.",
    options: {
        runs: {
            type: "string",
            value: "n",
            description: "runs per size (the median is kept)",
            defaultText: "3",
        },
    },
};

/** `--runs`: a whole number of at least 1. */
export function benchRuns(value: string | boolean | undefined): number {
    if (value === undefined) return 3;
    if (typeof value !== "string" || !/^[1-9][0-9]*$/.test(value))
        throw new UsageError([
            `--runs: ${JSON.stringify(value)} is not allowed; expected a whole number ≥ 1`,
        ]);
    return Number(value);
}

async function benchCommand(argv: readonly string[], io: CliIO): Promise<number> {
    const values = startCommand(BENCH_COMMAND, argv, io);
    if (typeof values === "number") return values;
    await main(benchRuns(values.runs));
    return EXIT.ok;
}

async function main(runs: number): Promise<void> {
    process.env.OPSBOOK_NOW = NOW;
    const file = path.join(PROJECT_ROOT, "Pulumi.prod.yaml");
    const read = readStackFile(file, PROJECT);
    if (!read.ok) throw new Error(`${file} is invalid`);
    const system = parse(fs.readFileSync(file, "utf8")).config[SYSTEM_KEY] as System;
    const emptyPack = emptyPackDir();

    const ms = (value: number) => value.toFixed(0);
    const header = [
        "stack",
        "resources",
        "plan ms",
        "floor ms",
        "plan/floor",
        "plan ms/res",
        "capture ms",
        "pack start ms (plan/floor)",
        "judge ms (plan/floor)",
    ];
    // Each row as soon as it is measured: the 50× stack takes minutes.
    const print = (row: string[]) =>
        console.log(row.map((cell, c) => cell.padStart(header[c].length)).join("  "));
    console.log(
        `opsbook bench · median of ${runs} runs · node ${process.version} · ${new Date().toISOString()}`,
    );
    console.log(
        "plan: the program captured while the policy pack boots, then judged by it (npm run plan's pipeline); " +
            "floor: the same capture judged by a pack with no policies",
    );
    print(header);
    const results: Measure[] = [];
    for (const [label, copies] of [
        ["prod", 1],
        ["prod ×10", 10],
        ["prod ×50", 50],
    ] as const) {
        const config = scaledConfig(read.file.config, scaleSystem(system, copies));
        const m = await measure(label, config, runs, emptyPack);
        results.push(m);
        print([
            m.label,
            String(m.resources),
            ms(m.plan.wallMs),
            ms(m.floor.wallMs),
            `${(m.plan.wallMs / m.floor.wallMs).toFixed(2)}×`,
            (m.plan.wallMs / m.resources).toFixed(2),
            ms(m.plan.captureMs),
            `${ms(m.plan.startMs)}/${ms(m.floor.startMs)}`,
            `${ms(m.plan.judgeMs)}/${ms(m.floor.judgeMs)}`,
        ]);
    }
    const [prod, , fifty] = results;
    const perResource = (m: Measure) => m.plan.wallMs / m.resources;
    console.log(
        `scaling: plan ms/resource at 50× is ${(perResource(fifty) / perResource(prod)).toFixed(2)}× prod's; ` +
            `plan over floor: ${results.map((m) => `${(m.plan.wallMs / m.floor.wallMs).toFixed(2)}×`).join(", ")}`,
    );
}

if (require.main === module) runMain("bench", benchCommand);
