/**
 * Replacements that keep a key only one resource may hold (issue 21): a flag's Edge Config key, a zone's
 * entry-point rulesets, a vault's lock. Planned end to end, as `--diff-against` shows them in review.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { diffAgainst, formatJson, formatText, PROJECT_ROOT } from "../../tools/plan";
import {
    NOW,
    planExample,
    planned,
    planProd,
    runPlan,
    scratchDirectory,
    systemVariant,
} from "./helpers";

// Each test plans once or twice (10-20 s a plan, more on a busy machine).
jest.setTimeout(240_000);

const scratch = scratchDirectory("replace-order");
const EXAMPLE = "vercel-supabase";

/** The example's stack file with `edit` applied to `opsbook:system`, in a directory of its own. */
function exampleVariant(name: string, edit: (system: any) => void): string {
    const file = path.join(PROJECT_ROOT, "examples", `Pulumi.${EXAMPLE}.yaml`);
    const doc = parse(fs.readFileSync(file, "utf8"));
    edit(doc.config["opsbook:system"]);
    fs.mkdirSync(path.join(scratch(), name));
    const out = path.join(scratch(), name, `Pulumi.${EXAMPLE}.yaml`);
    fs.writeFileSync(out, stringify(doc));
    return out;
}

describe("a flag's kill switch in the Vercel + Supabase example", () => {
    it("replaces its Edge Config item delete-before-replace: the new item is the key's last write, nothing blocks", async () => {
        const baseline = path.join(scratch(), "example.json");
        fs.writeFileSync(baseline, formatJson(await planExample(EXAMPLE)));
        const stackFile = exampleVariant("kill", (s) => (s.flags.ai_summaries.killSwitch = true));
        const result = planned(diffAgainst(await runPlan({ stackFile, now: NOW }), baseline));
        const diff = result.diff!.result;
        const item = diff.changes.find(
            (c) => c.type === "vercel:index/edgeConfigItem:EdgeConfigItem",
        );
        // terraform-provider-vercel v5.4.1: value_json is RequiresReplaceIfConfigured and Update errors.
        expect(item).toMatchObject({
            action: "replace",
            forcedBy: ["valueJson.enabled"],
            order: "delete-before-replace",
            blocking: false,
        });
        expect(item!.name).toMatch(/-edge-ai_summaries$/);
        // Nothing keyed by the flag is replaced create-before-delete, and nothing blocks.
        expect(diff.blocking).toBe(0);
        expect(
            diff.changes.filter((c) => c.action === "replace").map((c) => [c.type, c.order]),
        ).not.toContainEqual([
            "vercel:index/edgeConfigItem:EdgeConfigItem",
            "create-before-delete",
        ]);
        expect(result.exitCode).toBe(0);
        expect(formatText(result)).toContain(`${item!.name} (delete-before-replace)`);
        const json = JSON.parse(formatJson(result));
        expect(json.diff).toContainEqual(
            expect.objectContaining({ urn: item!.urn, order: "delete-before-replace" }),
        );
    });
});

describe("prod's replacements that keep a key", () => {
    it("records deleteBeforeReplace in the plan's JSON for every resource whose key a replacement keeps", async () => {
        const prod = planned(await planProd());
        const byType = (type: string) => prod.resources.filter((r) => r.type === type);
        const rulesets = byType("cloudflare:index/ruleset:Ruleset");
        expect(rulesets.length).toBeGreaterThan(0);
        for (const ruleset of rulesets) {
            expect(ruleset).toMatchObject({ deleteBeforeReplace: true });
            // A new name replaces the ruleset (schema.go L90): names are constants, never from config.
            expect((ruleset.inputs as { name: string }).name).toMatch(/^opsbook /);
        }
        const locks = byType("aws:backup/vaultLockConfiguration:VaultLockConfiguration");
        expect(locks.length).toBeGreaterThan(0);
        for (const lock of locks) expect(lock).toMatchObject({ deleteBeforeReplace: true });
        const vercelVariables = byType(
            "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
        );
        expect(vercelVariables.length).toBeGreaterThan(0);
        for (const variable of vercelVariables)
            expect(variable).toMatchObject({ deleteBeforeReplace: true });
        // What keeps no key is left to the engine's default.
        expect(byType("aws:ecs/taskDefinition:TaskDefinition")[0]).toMatchObject({
            deleteBeforeReplace: false,
        });
    });

    it("replaces the vault lock delete-first on a retention edit, and no up refuses it", async () => {
        const baseline = path.join(scratch(), "prod.json");
        fs.writeFileSync(baseline, formatJson(await planProd()));
        const stackFile = systemVariant(
            scratch(),
            "retention",
            (s) => (s.databases.main.retentionDays = 21),
        );
        const result = planned(diffAgainst(await runPlan({ stackFile, now: NOW }), baseline));
        const lock = result.diff!.result.changes.find(
            (c) => c.type === "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
        );
        expect(lock).toMatchObject({
            action: "replace",
            forcedBy: ["minRetentionDays"],
            order: "delete-before-replace",
            blocking: false,
        });
        // Not protected: a protected lock would make every daily up refuse the replacement.
        expect(result.resources.find((r) => r.urn === lock!.urn)).toMatchObject({ protect: false });
        expect(result.diff!.result.blocking).toBe(0);
    });
});
