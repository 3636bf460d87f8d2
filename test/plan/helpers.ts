/**
 * Shared by the plan tests: the plans of prod and the examples (computed once per run by the global setup),
 * stack-file variants, and one pool of booted packs per test file for everything they plan or judge.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as v8 from "v8";
import { parse, stringify } from "yaml";
import { PolicyRunOptions } from "../../tools/analyzer";
import {
    PlannedResource,
    planCommand,
    PlanOptions,
    PlanResult,
    PROJECT_ROOT,
    runPlan as runPlanWithoutPool,
} from "../../tools/plan";
import { sharedPacks } from "./packBroker";
import { NOW, PLANS_DIR_VARIABLE, planFile, PlanMode, PROD, STACKS } from "./stacks";

export { NOW, PROD, STACKS };

/**
 * The packs this test file judges with: one per (stack, policy config) for the whole run, booted by the
 * global setup's broker (`packBroker.ts`); this file's connections close after its tests. Tests whose
 * subject is the boot itself (a process left behind, the command line as a process) boot their own.
 */
export const packs = sharedPacks();
afterAll(() => packs.close());

/** `runPlan` judged by this file's shared packs. */
export const runPlan = (options: PlanOptions) => runPlanWithoutPool({ packs, ...options });

/** Judges resources with this file's shared pack for the options' stack and policy config. */
export const judgeWithPack = (options: PolicyRunOptions) => packs.run(options);

const computed = new Map<string, Promise<Buffer>>();
/**
 * A stack's plan at NOW (`prod` or an example's name), as the global setup computed it: a fresh copy on
 * every call, so no test can change another's. Without the global setup (one file run with another
 * config), it is planned here, once per file.
 */
export async function planStack(name: string, mode: PlanMode = "known"): Promise<PlanResult> {
    const dir = process.env[PLANS_DIR_VARIABLE];
    if (dir) return v8.deserialize(fs.readFileSync(planFile(dir, name, mode)));
    const stack = STACKS.find(([n]) => n === name);
    if (!stack) throw new Error(`unknown stack ${name}`);
    const key = `${name}.${mode}`;
    if (!computed.has(key)) {
        const result = runPlan({
            stackFile: stack[1],
            now: NOW,
            firstPreview: mode === "firstPreview",
        });
        computed.set(
            key,
            result.then((r) => v8.serialize(r)),
        );
    }
    return v8.deserialize(await computed.get(key)!);
}

/** The prod plan at NOW. */
export const planProd = () => planStack("prod");

/** An example stack's plan at NOW (`examples/Pulumi.<name>.yaml`); a stack error throws. */
export async function planExample(name: string) {
    const result = await planStack(name);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
    return result;
}

export function planned(result: PlanResult) {
    if (!result.ok)
        throw new Error(`expected a plan, got errors: ${JSON.stringify(result.errors)}`);
    return result;
}

/** A scratch directory inside the project (ignored by git), removed after the file's tests. */
export function scratchDirectory(prefix: string): () => string {
    let dir = "";
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(PROJECT_ROOT, "test", `.tmp-${prefix}-`));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    return () => dir;
}

/**
 * A variant of the prod stack file: `edit` changes the parsed document. It stays the prod stack (names that
 * embed the stack stay the same), in a directory of its own.
 */
export function variant(dir: string, name: string, edit: (doc: any) => void): string {
    const doc = parse(fs.readFileSync(PROD, "utf8"));
    edit(doc);
    fs.mkdirSync(path.join(dir, name));
    const file = path.join(dir, name, "Pulumi.prod.yaml");
    fs.writeFileSync(file, stringify(doc));
    // prod's zone tenant beside it, as in the repository: the plan reads its share from the stack file.
    fs.copyFileSync(
        path.join(PROJECT_ROOT, "Pulumi.staging.yaml"),
        path.join(dir, name, "Pulumi.staging.yaml"),
    );
    return file;
}

/** The same, editing `opsbook:system`. */
export const systemVariant = (dir: string, name: string, edit: (system: any) => void) =>
    variant(dir, name, (doc) => edit(doc.config["opsbook:system"]));

/** Runs the real pack on the prod plan's resources after `edit` (which may drop or change some). */
export async function packVerdict(edit: (resources: PlannedResource[]) => PlannedResource[]) {
    const resources = edit([...planned(await planProd()).resources]).map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: !r.type.startsWith("opsbook:") && r.type !== "pulumi:pulumi:Stack",
        parent: r.parent ?? undefined,
        protect: r.protect,
        dependencies: [],
        propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, urns]) => [k, [...urns]]),
        ),
        inputs: r.inputs as Record<string, unknown>,
    }));
    const verdict = await judgeWithPack({
        packDir: path.join(PROJECT_ROOT, "policies"),
        project: "opsbook",
        stack: "prod",
        dryRun: true,
        policyConfig: {},
        resources,
    });
    return verdict.violations;
}

/** The plan's command line (`npm run plan -- ARGS`), run in this process: its exit code and stdout. */
export async function planCli(
    args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await planCommand(args, {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        packs,
    });
    if (code === 3) throw new Error(`the plan failed:\n${stderr}`);
    return { code, stdout, stderr };
}

/** Runs the plan's command line as its own process (`npm run plan -- ARGS`): its exit code and stdout. */
export function planProcess(args: string[]): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [
                require.resolve("ts-node/dist/bin.js"),
                "--transpile-only",
                path.join(PROJECT_ROOT, "tools", "plan.ts"),
                ...args,
            ],
            { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 },
            (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
        );
    });
}
