/**
 * The plan as the first `pulumi preview` of a new stack sees it (`--first-preview`): every id and computed
 * output unknown, sent to the pack as the engine sends it. The pack judges every stack all the same (no
 * policy left "can't run during preview"), and a policy it cannot run is reported as not judged.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, encodeProps } from "../../tools/analyzer";
import { captureProgram } from "../../tools/capture";
import { formatJson, formatText, PROJECT, PROJECT_ROOT, splitNotJudged } from "../../tools/plan";
import { readStackFile } from "../../tools/stackFile";
import { peek, UNKNOWN } from "../../policies/rules/data/stack";
import { judgeWithPack, NOW, planCli, planned, planStack, PROD, STACKS } from "./helpers";

/**
 * The policy SDK's own deserializer and unknown-checking proxy (internal modules of `@pulumi/policy`): what
 * the pack's server builds a policy's `props` with.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkDeserialize = require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(props: T): T;
};

describe.each(STACKS)("a first preview of %s", (name) => {
    it("exits 0: no violation, every policy judged (empty notJudged)", async () => {
        const result = planned(await planStack(name, "firstPreview"));
        expect(result.firstPreview).toBe(true);
        expect(result.violations).toEqual([]);
        expect(result.notJudged).toEqual([]);
        expect(result.exitCode).toBe(0);
        expect(result.policies.length).toBeGreaterThan(20);
    });
});

describe("the prod plan's first preview", () => {
    let captured: CapturedResource[];
    beforeAll(async () => {
        const read = readStackFile(PROD, PROJECT);
        if (!read.ok) throw new Error("the prod stack file is invalid");
        process.env.OPSBOOK_NOW = NOW.toISOString();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require("../../index");
        ({ resources: captured } = await captureProgram({
            project: PROJECT,
            stack: "prod",
            config: read.file.config,
            program,
            firstPreview: true,
        }));
    });
    afterAll(() => {
        delete process.env.OPSBOOK_NOW;
    });

    it("sends unknowns as the engine does: the SDK's own deserializer and proxy refuse to read them", async () => {
        const task = captured.find((r) => r.name === "api-task")!;
        expect(pulumi.isUnknown(task.inputs.containerDefinitions)).toBe(true);
        const props = sdkProxy.unknownCheckingProxy(
            sdkDeserialize.deserializeProperties(await encodeProps(task.inputs), false),
        );
        expect(props.family).toBe("opsbook-prod-api");
        expect(() => props.containerDefinitions).toThrow(
            "string value at .containerDefinitions can't be known during preview",
        );
        expect(() => props.taskRoleArn).toThrow(/can't be known during preview/);
        // What the pack's policies read such values with.
        expect(peek(() => props.containerDefinitions)).toBe(UNKNOWN);
        expect(peek(() => props.cpu)).toBe(task.inputs.cpu);
    });

    it("keeps known what the program sets: names, types, the components' declared environments", async () => {
        const parameter = captured.find(
            (r) => r.type === "aws:ssm/parameter:Parameter" && r.name.startsWith("api-env-"),
        )!;
        const props = sdkProxy.unknownCheckingProxy(
            sdkDeserialize.deserializeProperties(await encodeProps(parameter.inputs), false),
        );
        expect(props.name).toMatch(/^\/opsbook\/prod\/api\//);
        expect(["String", "SecureString"]).toContain(props.type);
        const api = captured.find(
            (r) => r.type === "opsbook:index:EcsService" && r.name === "api",
        )!;
        expect(api.inputs.taskEnvironments).toEqual({
            "api-task": { plain: expect.any(Array), fromParameters: expect.any(Array) },
        });
        expect(
            captured.find((r) => r.name === "api-task")!.propertyDependencies!.containerDefinitions,
        ).toContain(parameter.urn);
    });

    it("reports a policy the pack could not run as not judged, out of the violations", async () => {
        // Without its component's declaration the api task's environment is unknown to the pack.
        const resources = captured.map((r) =>
            r.type === "opsbook:index:EcsService" && r.name === "api"
                ? { ...r, inputs: { ...r.inputs, taskEnvironments: {} } }
                : r,
        );
        const verdict = await judgeWithPack({
            packDir: path.join(PROJECT_ROOT, "policies"),
            project: PROJECT,
            stack: "prod",
            dryRun: true,
            policyConfig: {},
            resources,
        });
        const raw = verdict.violations.map((v) => ({
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            urn: v.urn ?? null,
            message: v.message,
        }));
        expect(raw).toEqual([
            expect.objectContaining({
                policy: "opsbook-services-no-plain-secrets",
                enforcementLevel: "advisory",
                message: expect.stringMatching(/^can't run policy .* during preview: /),
            }),
        ]);
        expect(splitNotJudged(raw)).toEqual({
            violations: [],
            notJudged: [
                {
                    policy: "opsbook-services-no-plain-secrets",
                    urn: null,
                    reason: "string value at .containerDefinitions can't be known during preview",
                },
            ],
        });
    });

    it("keeps an advisory that only mentions a preview among the violations", () => {
        const advisory = {
            policy: "p",
            enforcementLevel: "advisory",
            urn: null,
            message: "the next preview will show it; can't run policy 'x' later",
        };
        expect(splitNotJudged([advisory])).toEqual({ violations: [advisory], notJudged: [] });
    });
});

describe("the CLI's --first-preview", () => {
    it("prints unknown inputs as [unknown] in --json, with an empty notJudged, and exits 0", async () => {
        const { code, stdout } = await planCli([
            "--stack",
            "prod",
            "--first-preview",
            "--json",
            "--now",
            "2026-11-24",
        ]);
        expect(code).toBe(0);
        const json = JSON.parse(stdout);
        expect(json).toMatchObject({
            stack: "prod",
            firstPreview: true,
            violations: [],
            notJudged: [],
        });
        const task = json.resources.find((r: { name: string }) => r.name === "api-task");
        expect(task.inputs.containerDefinitions).toBe("[unknown]");
        expect(task.inputs.family).toBe("opsbook-prod-api");
    });

    it("says so in text: the header, and the not-judged section when there is one", async () => {
        const result = planned(await planStack("prod", "firstPreview"));
        const text = formatText(result);
        expect(text.split("\n")[0]).toContain("first preview (ids and computed outputs unknown)");
        expect(text).not.toContain("Not judged");
        const withOne = {
            ...result,
            notJudged: [
                {
                    policy: "opsbook-services-no-plain-secrets",
                    urn: null,
                    reason: "string value at .containerDefinitions can't be known during preview",
                },
            ],
        };
        expect(formatText(withOne)).toContain(
            "Not judged (1): the pack could not run these policies, a value they read is unknown until create\n" +
                "  opsbook-services-no-plain-secrets\n" +
                "      string value at .containerDefinitions can't be known during preview",
        );
        expect(JSON.parse(formatJson(withOne)).notJudged).toEqual(withOne.notJudged);
    });
});
