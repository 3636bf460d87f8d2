/**
 * Feature flags in the Vercel + Supabase example: planned in Edge Config (web) and AppConfig (backend),
 * and `killSwitch: true` turning a flag off in every store that serves it, without a deploy.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import type { CapturedResource } from "../../tools/analyzer";
import { captureProgram } from "../../tools/capture";
import { formatText, PlanResult, PROJECT_ROOT } from "../../tools/plan";
import { readStackFile } from "../../tools/stackFile";
import { NOW, planned, planStack, runPlan, scratchDirectory } from "./helpers";

const EXAMPLE = path.join(PROJECT_ROOT, "examples", "Pulumi.vercel-supabase.yaml");
const scratch = scratchDirectory("flags");
const SECRET = "4dabf18193072939515e22adb298388d";

/** The example with `edit` applied to its flags, in a directory of its own. */
function exampleWith(name: string, edit: (flags: Record<string, any>) => void): string {
    const doc = parse(fs.readFileSync(EXAMPLE, "utf8"));
    edit(doc.config["opsbook:system"].flags);
    fs.mkdirSync(path.join(scratch(), name));
    const file = path.join(scratch(), name, "Pulumi.vercel-supabase.yaml");
    fs.writeFileSync(file, stringify(doc));
    return file;
}

/** What the program registers, secrets unwrapped: the hosted version's content is secret in the SDK. */
async function capture(file: string): Promise<CapturedResource[]> {
    const read = readStackFile(file, "opsbook");
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    process.env.OPSBOOK_NOW = NOW.toISOString();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index");
    const { resources } = await captureProgram({
        project: "opsbook",
        stack: read.file.stack,
        config: read.file.config,
        program,
    });
    return resources;
}

const unwrap = (value: any): any =>
    value && typeof value === "object" && SECRET in value ? value.value : value;
const inputs = (resources: readonly CapturedResource[], name: string) =>
    resources.find((r) => r.name === name)?.inputs as Record<string, any>;
/** What each store serves for `flag`: the Edge Config item's value, the AppConfig version's value. */
function served(resources: readonly CapturedResource[], flag: string) {
    const content = JSON.parse(unwrap(inputs(resources, "flags-version").content));
    return {
        edgeConfig: inputs(resources, `flags-edge-${flag}`)?.valueJson,
        appConfig: content.values[flag],
    };
}

describe("feature flags in the Vercel + Supabase example", () => {
    let normal: CapturedResource[];
    let killed: CapturedResource[];
    let plan: PlanResult;
    let killedPlan: PlanResult;
    let killedFirstPreview: PlanResult;
    beforeAll(async () => {
        const killedFile = exampleWith("killed", (flags) => {
            flags.ai_summaries.killSwitch = true;
            flags.new_dashboard.killSwitch = true;
        });
        normal = await capture(EXAMPLE);
        killed = await capture(killedFile);
        plan = await planStack("vercel-supabase");
        killedPlan = await runPlan({ stackFile: killedFile, now: NOW });
        killedFirstPreview = await runPlan({ stackFile: killedFile, now: NOW, firstPreview: true });
    }, 300_000);

    it("plans the web's flags in Edge Config, one item each, and gives the project EDGE_CONFIG as a sensitive variable", () => {
        const items = normal.filter((r) => r.type === "vercel:index/edgeConfigItem:EdgeConfigItem");
        expect(items.map((r) => [r.inputs.key, r.inputs.valueJson])).toEqual([
            ["ai_summaries", { enabled: true }],
            ["new_dashboard", { enabled: true }],
        ]);
        expect(inputs(normal, "flags-edge-token")).toMatchObject({ label: expect.any(String) });
        expect(inputs(normal, "web-env-EDGE_CONFIG")).toMatchObject({
            key: "EDGE_CONFIG",
            sensitive: true,
            targets: ["production"],
        });
        // The project redeploys once to read EDGE_CONFIG (a deployment keeps its build's variables).
        expect(inputs(normal, "web-rollout-deployment").meta.OPSBOOK_ROLLOUT_VERSIONS).toContain(
            "EDGE_CONFIG=1",
        );
    });

    it("plans the backend's flags in AppConfig, deployed at once, read by an agent sidecar with a scoped role", () => {
        expect(inputs(normal, "flags-profile")).toMatchObject({
            locationUri: "hosted",
            type: "AWS.AppConfig.FeatureFlags",
        });
        expect(JSON.parse(unwrap(inputs(normal, "flags-version").content))).toEqual({
            version: "1",
            flags: {
                ai_summaries: {
                    name: "ai_summaries",
                    description: "Summaries computed by the backend and shown in the web app",
                },
                bulk_export: { name: "bulk_export", description: "CSV export of a user's events" },
            },
            values: { ai_summaries: { enabled: true }, bulk_export: { enabled: false } },
        });
        expect(inputs(normal, "flags-immediate")).toMatchObject({
            deploymentDurationInMinutes: 0,
            finalBakeTimeInMinutes: 0,
            growthFactor: 100,
        });
        const containers = JSON.parse(inputs(normal, "backend-task").containerDefinitions);
        const agent = containers.find((c: any) => c.name === "appconfig-agent");
        expect(agent).toMatchObject({ essential: true });
        expect(agent.environment).toContainEqual({
            name: "PREFETCH_LIST",
            value: "/applications/opsbook-vercel-supabase/environments/vercel-supabase/configurations/flags",
        });
        const backend = containers.find((c: any) => c.name === "backend");
        expect(backend.environment).toContainEqual({
            name: "OPSBOOK_FLAGS_URL",
            value: "http://localhost:2772/applications/opsbook-vercel-supabase/environments/vercel-supabase/configurations/flags",
        });
        const role = normal.find((r) => r.name === "backend-task-flags")!;
        expect((role.inputs as Record<string, any>).policy.Statement).toEqual([
            {
                Effect: "Allow",
                Action: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
                Resource: [expect.anything()],
            },
        ]);
        // The one resource is the flags' configuration: built from the profile's and environment's ids.
        const sources = (role.propertyDependencies?.policy ?? []).map((urn) =>
            urn.split("::").pop(),
        );
        expect(sources).toEqual(
            expect.arrayContaining(["flags-app", "flags-env", "flags-profile"]),
        );
    });

    it("turns a killed flag off in every store that serves it, whatever its declared value", () => {
        expect(served(normal, "ai_summaries")).toEqual({
            edgeConfig: { enabled: true },
            appConfig: { enabled: true },
        });
        expect(served(killed, "ai_summaries")).toEqual({
            edgeConfig: { enabled: false },
            appConfig: { enabled: false },
        });
        expect(served(killed, "new_dashboard").edgeConfig).toEqual({ enabled: false });
        // The flag not killed keeps its value.
        expect(served(killed, "bulk_export").appConfig).toEqual(
            served(normal, "bulk_export").appConfig,
        );
        expect(inputs(killed, "flags-version").description).toBe(
            "opsbook flags; killed: ai_summaries",
        );
    });

    it("deploys nothing for a kill: the task definition and the Vercel deployment are unchanged", () => {
        for (const name of ["backend-task", "web-rollout-deployment", "web-env-EDGE_CONFIG"]) {
            expect(JSON.stringify(inputs(killed, name))).toBe(JSON.stringify(inputs(normal, name)));
        }
    });

    it("lists the flags and which are killed in the plan, text and JSON, and passes the pack in both modes", () => {
        expect(planned(plan).exitCode).toBe(0);
        expect(
            planned(killedPlan)
                .flags.filter((f) => f.killSwitch)
                .map((f) => f.name),
        ).toEqual(["ai_summaries", "new_dashboard"]);
        expect(planned(killedPlan).flags.find((f) => f.name === "ai_summaries")).toMatchObject({
            enabled: true,
            served: false,
            stores: ["edge-config", "appconfig"],
        });
        const text = formatText(killedPlan);
        expect(text).toMatch(
            /ai_summaries\s+on\s+KILLED\s+off\s+web,backend\s+edge-config,appconfig/,
        );
        expect(text).toContain("creates the next version and a new deployment");
        for (const result of [killedPlan, killedFirstPreview]) {
            expect(planned(result).exitCode).toBe(0);
            expect(planned(result).violations).toEqual([]);
            expect(planned(result).notJudged).toEqual([]);
            expect(planned(result).policies.map((p) => p.name)).toContain(
                "opsbook-services-flags-killed",
            );
        }
    });
});

describe("a percentage rollout in the application's own flag name", () => {
    const rollout = (flags: Record<string, any>, killSwitch: boolean) => {
        flags.checkoutV2 = {
            description: "The new checkout, to a tenth of users first",
            enabled: true,
            rolloutPercent: 10,
            consumers: ["web", "backend"],
            ...(killSwitch ? { killSwitch: true } : {}),
        };
    };
    let onTenth: CapturedResource[];
    let killed: CapturedResource[];
    let plan: PlanResult;
    let killedPlan: PlanResult;
    beforeAll(async () => {
        const file = exampleWith("rollout", (flags) => rollout(flags, false));
        const killedFile = exampleWith("rollout-killed", (flags) => rollout(flags, true));
        onTenth = await capture(file);
        killed = await capture(killedFile);
        plan = await runPlan({ stackFile: file, now: NOW });
        killedPlan = await runPlan({ stackFile: killedFile, now: NOW });
    }, 300_000);

    it("plans clean, and what each store serves carries the 10% split", () => {
        expect(planned(plan).exitCode).toBe(0);
        expect(planned(plan).violations).toEqual([]);
        expect(served(onTenth, "checkoutV2")).toEqual({
            edgeConfig: { enabled: true, rolloutPercent: 10 },
            appConfig: {
                _variants: [
                    {
                        name: "rollout",
                        enabled: true,
                        rule: '(split pct::10 by::$userId seed::"checkoutV2")',
                    },
                    { name: "Default Variant", enabled: false },
                ],
            },
        });
        expect(planned(plan).flags.find((f) => f.name === "checkoutV2")).toMatchObject({
            served: true,
            rolloutPercent: 10,
        });
        expect(formatText(plan)).toMatch(/checkoutV2\s+on\s+-\s+on for 10% \(by userId\)/);
    });

    it("killSwitch serves it off everywhere, rollout or not, and the pack agrees", () => {
        expect(served(killed, "checkoutV2")).toEqual({
            edgeConfig: { enabled: false },
            appConfig: { enabled: false },
        });
        expect(planned(killedPlan).exitCode).toBe(0);
        expect(planned(killedPlan).violations).toEqual([]);
        expect(formatText(killedPlan)).toMatch(/checkoutV2\s+on\s+KILLED\s+off/);
    });
});
