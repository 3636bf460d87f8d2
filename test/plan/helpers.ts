/** Shared by the plan tests: the prod plan (planned once per file), stack-file variants, the pack on edits. */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { runPolicyPack } from "../../tools/analyzer";
import { PlannedResource, PlanResult, PROJECT_ROOT, runPlan } from "../../tools/plan";

export const NOW = new Date("2026-11-24T00:00:00Z");
export const PROD = path.join(PROJECT_ROOT, "Pulumi.prod.yaml");
/** Prod and every example stack, as [name, stack file]. */
export const STACKS: [string, string][] = [
    ["prod", PROD],
    ...["alcom", "fork-knife", "kolamba", "legacyvideo", "vercel-supabase"].map(
        (name): [string, string] => [
            name,
            path.join(PROJECT_ROOT, "examples", `Pulumi.${name}.yaml`),
        ],
    ),
];

let prodAtNow: Promise<PlanResult> | undefined;
/** The prod plan at NOW, planned once per test file: each plan starts the pack's server. */
export const planProd = () => (prodAtNow ??= runPlan({ stackFile: PROD, now: NOW }));

const examplePlans = new Map<string, Promise<PlanResult>>();
/** An example stack's plan at NOW (`examples/Pulumi.<name>.yaml`), planned once per test file. */
export async function planExample(name: string) {
    if (!examplePlans.has(name)) {
        const stackFile = path.join(PROJECT_ROOT, "examples", `Pulumi.${name}.yaml`);
        examplePlans.set(name, runPlan({ stackFile, now: NOW }));
    }
    const result = await examplePlans.get(name)!;
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
    const verdict = await runPolicyPack({
        packDir: path.join(PROJECT_ROOT, "policies"),
        project: "opsbook",
        stack: "prod",
        dryRun: true,
        policyConfig: {},
        resources,
    });
    return verdict.violations;
}

/** Runs the plan's command line (`npm run plan -- ARGS`) in the project: its exit code and stdout. */
export function planCli(args: string[]): Promise<{ code: number; stdout: string }> {
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
