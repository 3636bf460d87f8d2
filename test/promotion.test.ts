/**
 * The promotion check (`npm run promotion-check`), run on a throwaway git repository whose history is the
 * source stack's releases: a production image staging never ran fails, naming the service and tag; a
 * recorded hotfix passes and is reported.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { promotionCommand } from "../tools/promotion";
import { checkPromotion, judgePromotion } from "../model/promotion";
import { loadSystem } from "../model/load";

const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-api";

function stackYaml(tags: Record<string, string>, promotion?: unknown): string {
    const services = Object.fromEntries(
        Object.entries(tags).map(([name, imageTag]) => [
            name,
            { platform: "aws", role: "worker", repository: REPO, imageTag },
        ]),
    );
    return stringify({
        config: { "opsbook:system": { services, ...(promotion ? { promotion } : {}) } },
    });
}

describe("promotion-check", () => {
    let dir: string;
    const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
    const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
    const commit = (message: string) => {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD");
    };
    const run = (...argv: string[]) => {
        let stdout = "";
        let stderr = "";
        const code = promotionCommand(argv, {
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
            cwd: dir,
        });
        return { code, stdout, stderr };
    };
    const promotion = { from: "staging" };
    let base: string;

    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-promotion-"));
        git("init", "-q", "-b", "main");
        git("config", "user.email", "test@example.com");
        git("config", "user.name", "test");
        // Release 1 reached staging and then production; release 2 is in staging only.
        write("Pulumi.staging.yaml", stackYaml({ api: "r1", worker: "r1" }));
        write("Pulumi.prod.yaml", stackYaml({ api: "r0", worker: "r0" }, promotion));
        commit("staging runs r1");
        write("Pulumi.prod.yaml", stackYaml({ api: "r1", worker: "r1" }, promotion));
        commit("promote r1");
        write("Pulumi.staging.yaml", stackYaml({ api: "r2", worker: "r2" }));
        base = commit("staging runs r2");
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("passes a production tag staging runs, and one it ran before (a rollback)", () => {
        write("Pulumi.prod.yaml", stackYaml({ api: "r2", worker: "r1" }, promotion));
        const promoted = run("--base", base);
        expect(promoted.code).toBe(0);
        expect(promoted.stdout).toContain("ok      api r2 (was r1): staging ran it");
        // worker did not change: nothing to check for it.
        expect(promoted.stdout).not.toContain("worker");
        write("Pulumi.prod.yaml", stackYaml({ api: "r1", worker: "r0" }, promotion));
        const rollback = run("--base", base);
        expect(rollback.stdout).toContain("REFUSED worker r0");
        write("Pulumi.prod.yaml", stackYaml({ api: "r2", worker: "r2" }, promotion));
        expect(run("--base", base).code).toBe(0);
    });

    it("fails a production tag staging never ran, naming the service and the tag", () => {
        write("Pulumi.prod.yaml", stackYaml({ api: "r3", worker: "r1" }, promotion));
        const result = run("--base", base);
        expect(result.code).toBe(1);
        expect(result.stdout).toContain(
            `REFUSED api r3 (was r1): staging has never run ${REPO}:r3.`,
        );
        const json = JSON.parse(run("--base", base, "--json").stdout);
        expect(json.verdicts[0]).toMatchObject({ stack: "prod", from: "staging", ok: false });
        expect(json.verdicts[0].images).toEqual([
            expect.objectContaining({ service: "api", verdict: "refused", before: "r1" }),
        ]);
    });

    it("does not count a tag the same pull request puts in staging: staging has not run it yet", () => {
        write("Pulumi.staging.yaml", stackYaml({ api: "r3", worker: "r2" }));
        write("Pulumi.prod.yaml", stackYaml({ api: "r3", worker: "r1" }, promotion));
        expect(run("--base", base).code).toBe(1);
        git("checkout", "-q", "--", "Pulumi.staging.yaml");
    });

    it("passes a recorded hotfix for exactly that service and tag, and reports it", () => {
        const hotfix = {
            service: "api",
            imageTag: "r3",
            reason: "INC-42: payment webhook signature check rejects every event",
            date: "2026-12-06",
        };
        write(
            "Pulumi.prod.yaml",
            stackYaml({ api: "r3", worker: "r1" }, { ...promotion, hotfixes: [hotfix] }),
        );
        const result = run("--base", base);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(
            `hotfix  api r3 (was r1): not run in staging; override recorded 2026-12-06: ${hotfix.reason}`,
        );
        // Another tag for the same service is not covered by it.
        write(
            "Pulumi.prod.yaml",
            stackYaml({ api: "r4", worker: "r1" }, { ...promotion, hotfixes: [hotfix] }),
        );
        expect(run("--base", base).stdout).toContain("REFUSED api r4");
    });

    it("checks the committed head too (--head), and a stack without promotion is not judged", () => {
        write("Pulumi.prod.yaml", stackYaml({ api: "r9", worker: "r1" }, promotion));
        const head = commit("prod runs r9");
        expect(run("--base", base, "--head", head).code).toBe(1);
        expect(run("--base", base, "--head", base).code).toBe(0);
        expect(run("--base", base, "--stack", "staging").stdout).toContain(
            "staging sets no promotion.from",
        );
    });

    it("counts only what the base branch itself had, not a merged branch's intermediate commits", () => {
        git("checkout", "-q", "-b", "release", base);
        write("Pulumi.staging.yaml", stackYaml({ api: "r7", worker: "r2" }));
        commit("try r7 (never merged as such)");
        write("Pulumi.staging.yaml", stackYaml({ api: "r8", worker: "r2" }));
        commit("staging runs r8");
        git("checkout", "-q", "main");
        git("merge", "-q", "--no-ff", "-m", "merge release", "release");
        const merged = git("rev-parse", "HEAD");
        write("Pulumi.prod.yaml", stackYaml({ api: "r8", worker: "r1" }, promotion));
        expect(run("--base", merged).code).toBe(0);
        write("Pulumi.prod.yaml", stackYaml({ api: "r7", worker: "r1" }, promotion));
        expect(run("--base", merged).stdout).toContain("REFUSED api r7");
    });

    it("refuses bad usage with exit 2 and prints help", () => {
        expect(run("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("--base") });
        expect(run().stderr).toContain("usage error: --base: is required (see --help)");
        expect(run().code).toBe(2);
        expect(run("--base", base, "--bogus").code).toBe(2);
        expect(run("--base", "no-such-ref").stderr).toContain('"no-such-ref" is not a commit');
        write("Pulumi.prod.yaml", stackYaml({ api: "r2" }, { from: "qa" }));
        expect(run("--base", base).stderr).toContain(
            'opsbook:system.promotion.from: "qa" is not another stack',
        );
        write(
            "Pulumi.prod.yaml",
            stackYaml(
                { api: "r2" },
                { from: "staging", hotfixes: [{ service: "api", imageTag: "r9", reason: "x" }] },
            ),
        );
        const invalid = run("--base", base);
        expect(invalid.code).toBe(2);
        expect(invalid.stderr).toContain("opsbook:system.promotion.hotfixes.0.reason");
        expect(invalid.stderr).toContain("opsbook:system.promotion.hotfixes.0.date");
    });
});

describe("promotion in the model", () => {
    it("a hotfix must name an aws service of the stack", () => {
        const raw = {
            services: { web: { platform: "vercel" }, api: { platform: "aws" } },
            promotion: {
                from: "staging",
                hotfixes: [{ service: "web", imageTag: "x", reason: "y", date: "2026-12-06" }],
            },
        };
        expect(checkPromotion(raw)).toEqual([
            {
                path: "opsbook:system.promotion.hotfixes.0.service",
                message: '"web" is not an aws service of this stack; expected one of "api"',
            },
        ]);
    });

    it("the loader keeps the promotion and rejects a bad date with its path", () => {
        const system = {
            network: {
                vpcId: "vpc-0a1b2c3d4e5f60718",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            },
            services: {
                api: { platform: "aws", role: "worker", repository: REPO, imageTag: "r1" },
            },
            promotion: {
                from: "staging",
                hotfixes: [
                    { service: "api", imageTag: "r1", reason: "a reason long enough", date: "x" },
                ],
            },
        };
        const config = { has: () => false, isSecret: () => false };
        const bad = loadSystem(system, { now: new Date("2026-12-06"), config });
        expect(!bad.ok && bad.errors.map((e) => e.path)).toContain(
            "opsbook:system.promotion.hotfixes.0.date",
        );
        system.promotion.hotfixes[0].date = "2026-12-06";
        const good = loadSystem(system, { now: new Date("2026-12-06"), config });
        expect(good.ok && good.model.promotion).toEqual(system.promotion);
    });

    it("a changed repository is a new image even with the same tag", () => {
        const sys = (repository: string) => ({
            services: { api: { platform: "aws", repository, imageTag: "r1" } },
        });
        const verdict = judgePromotion({
            stack: "prod",
            promotion: { from: "staging", hotfixes: [] },
            base: sys("a/api"),
            head: sys("b/api"),
            history: [{ commit: "c1", system: sys("a/api") }],
        });
        expect(verdict.images.map((i) => i.verdict)).toEqual(["refused"]);
    });
});
