/**
 * Benchmark of the offline plan: milliseconds per resource to run the program under the mock runtime, for
 * the prod stack and synthetic stacks 10× and 50× its size, beside a baseline that registers the same
 * number of bare resources through the same runtime; and the policy pack's microseconds per resource in
 * its real server. A benchmark, not a test: it prints figures and asserts nothing.
 *
 *   npm run bench [-- --runs N]
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { SYSTEM_KEY } from "../model/load";
import { runPolicyPack } from "./analyzer";
import { captureProgram, StackConfig } from "./capture";
import { PROJECT, PROJECT_ROOT } from "./plan";
import { readStackFile } from "./stackFile";

const NOW = "2026-11-24T00:00:00.000Z";

interface Measure {
    readonly label: string;
    readonly resources: number;
    readonly programMs: number;
    readonly baselineMs: number;
    readonly analyzeUsPerResource: number;
    readonly analyzeStackMs: number;
}

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
    const routes: Record<string, { protocol: string; endpointSecret: string }[]> = {};
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
                { protocol: string; endpointSecret: string }[]
            >,
        )) {
            routes[severity] = [
                ...(routes[severity] ?? []),
                ...list.map((route) => ({
                    ...route,
                    endpointSecret: secret(route.endpointSecret),
                })),
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

/** A custom resource with no inputs: the least a registration can cost. */
class BareResource extends pulumi.CustomResource {
    constructor(name: string) {
        super("bench:index:Bare", name, {});
    }
}

const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
    const start = performance.now();
    const result = await run();
    return [result, performance.now() - start];
}

async function measure(label: string, config: StackConfig, runs: number): Promise<Measure> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../index") as () => Promise<Record<string, unknown>>;
    const capture = (prog: () => Promise<Record<string, unknown> | void>) =>
        captureProgram({ project: PROJECT, stack: "bench", config, program: prog });

    const programTimes: number[] = [];
    let captured = await capture(program); // warm-up: module loading and JIT are not per-resource costs
    for (let i = 0; i < runs; i++) {
        const [result, ms] = await timed(() => capture(program));
        captured = result;
        programTimes.push(ms);
    }
    const count = captured.resources.length;
    // The same number of resources, registered bare: what the mock runtime costs by itself.
    const bare = async () => {
        for (let i = 1; i < count; i++) new BareResource(`bare-${i}`);
    };
    await capture(bare);
    const baselineTimes: number[] = [];
    for (let i = 0; i < runs; i++) baselineTimes.push((await timed(() => capture(bare)))[1]);

    const verdict = await runPolicyPack({
        packDir: path.join(PROJECT_ROOT, "policies"),
        project: PROJECT,
        stack: "bench",
        dryRun: true,
        policyConfig: {},
        resources: captured.resources,
    });
    return {
        label,
        resources: count,
        programMs: median(programTimes),
        baselineMs: median(baselineTimes),
        analyzeUsPerResource: (verdict.timings.analyzeMs * 1000) / count,
        analyzeStackMs: verdict.timings.analyzeStackMs,
    };
}

async function main(): Promise<void> {
    const runsFlag = process.argv.indexOf("--runs");
    const runs = runsFlag >= 0 ? Math.max(1, Number(process.argv[runsFlag + 1]) || 3) : 3;
    process.env.OPSBOOK_NOW = NOW;
    const file = path.join(PROJECT_ROOT, "Pulumi.prod.yaml");
    const read = readStackFile(file, PROJECT);
    if (!read.ok) throw new Error(`${file} is invalid`);
    const system = parse(fs.readFileSync(file, "utf8")).config[SYSTEM_KEY] as System;

    const results: Measure[] = [];
    for (const [label, copies] of [
        ["prod", 1],
        ["prod ×10", 10],
        ["prod ×50", 50],
    ] as const) {
        results.push(
            await measure(label, scaledConfig(read.file.config, scaleSystem(system, copies)), runs),
        );
    }

    const rows = [
        [
            "stack",
            "resources",
            "program ms/res",
            "baseline ms/res",
            "ratio",
            "pack µs/res (Analyze)",
            "AnalyzeStack ms",
        ],
        ...results.map((m) => [
            m.label,
            String(m.resources),
            (m.programMs / m.resources).toFixed(3),
            (m.baselineMs / m.resources).toFixed(3),
            `${(m.programMs / m.baselineMs).toFixed(2)}×`,
            m.analyzeUsPerResource.toFixed(0),
            m.analyzeStackMs.toFixed(1),
        ]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    console.log(
        `opsbook bench · median of ${runs} runs · node ${process.version} · ${new Date().toISOString()}`,
    );
    for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join("  "));
    const [prod, , fifty] = results;
    const perResource = (m: Measure) => m.programMs / m.resources;
    console.log(
        `scaling: ms/resource at 50× is ${(perResource(fifty) / perResource(prod)).toFixed(2)}× prod's; ` +
            `program cost over bare registration: ${(prod.programMs / prod.baselineMs).toFixed(2)}× (prod), ${(fifty.programMs / fifty.baselineMs).toFixed(2)}× (50×)`,
    );
}

if (require.main === module) {
    main().catch((error: Error) => {
        console.error(`opsbook bench failed: ${error.message}`);
        process.exit(1);
    });
}
