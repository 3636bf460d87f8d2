/**
 * Adopting an existing system: the Vercel project's name kept (a change is an in-place rename), and the
 * `pulumi import --file` document the plan writes for exactly what `adopt` marks, each id in its
 * provider's import format and each entry landing on the URN the program registers.
 */
import * as fs from "fs";
import * as path from "path";
import { toAdoptModel } from "../../model/adopt";
import { diffAgainst, formatJson, formatText } from "../../tools/plan";
import { ImportEntry, importDocument } from "../../tools/importFile";
import {
    NOW,
    planCli,
    planned,
    planProd,
    runPlan,
    scratchDirectory,
    systemVariant,
} from "./helpers";

const scratch = scratchDirectory("adopt");
const ZONE = "00112233445566778899aabbccddeeff";
const RECORD = "372e67954025e0ba6aaa6d586b9e0b59";
const RATE_LIMIT = "2c0fc9fa937b11eaa1b71c4d701ab86e";
const ORIGIN = "9a5bc1c4d5e6f708192a3b4c5d6e7f80";
const ADOPT = {
    vercelProjects: { web: { projectId: "prj_AbC123", teamId: "team_Xyz789", domain: true } },
    dnsRecords: { "app.example.com": RECORD },
    rulesets: { http_ratelimit: RATE_LIMIT, http_request_late_transform: ORIGIN },
};

/**
 * The URN `pulumi import` gives an entry: its type under its parent entry's qualified type, as the CLI's
 * `parseImportFile` computes it (pulumi/pulumi pkg/cmd/pulumi/operations/import.go, `resource.NewURN`).
 */
function importedUrn(entries: readonly ImportEntry[], entry: ImportEntry): string {
    const qualified = (e: ImportEntry): string => {
        const parent = entries.find((p) => p.name === e.parent);
        return parent ? `${qualified(parent)}$${e.type}` : e.type;
    };
    return `urn:pulumi:prod::opsbook::${qualified(entry)}::${entry.logicalName}`;
}

describe("the import document", () => {
    it("lists exactly the marked resources with each provider's import id, under their components", async () => {
        const prod = planned(await planProd());
        const { document, errors } = importDocument(prod.resources, toAdoptModel(ADOPT));
        expect(errors).toEqual([]);
        const vercel = JSON.parse(
            fs.readFileSync(require.resolve("@pulumiverse/vercel/package.json"), "utf8"),
        ).version;
        const cloudflare = JSON.parse(
            fs.readFileSync(require.resolve("@pulumi/cloudflare/package.json"), "utf8"),
        ).version;
        expect(document.resources).toEqual([
            {
                type: "opsbook:index:VercelProject",
                name: "web (VercelProject)",
                logicalName: "web",
                component: true,
            },
            {
                type: "opsbook:index:Edge",
                name: "edge (Edge)",
                logicalName: "edge",
                component: true,
            },
            {
                type: "vercel:index/project:Project",
                name: "web",
                logicalName: "web",
                id: "team_Xyz789/prj_AbC123",
                parent: "web (VercelProject)",
                version: vercel,
            },
            {
                type: "vercel:index/projectDomain:ProjectDomain",
                name: "web-domain",
                logicalName: "web-domain",
                id: "team_Xyz789/prj_AbC123/app.example.com",
                parent: "web (VercelProject)",
                version: vercel,
            },
            {
                type: "cloudflare:index/dnsRecord:DnsRecord",
                name: "edge-web",
                logicalName: "edge-web",
                id: `${ZONE}/${RECORD}`,
                parent: "edge (Edge)",
                version: cloudflare,
            },
            {
                type: "cloudflare:index/ruleset:Ruleset",
                name: "edge-rate-limit",
                logicalName: "edge-rate-limit",
                id: `zones/${ZONE}/${RATE_LIMIT}`,
                parent: "edge (Edge)",
                version: cloudflare,
            },
            {
                type: "cloudflare:index/ruleset:Ruleset",
                name: "edge-origin-secret",
                logicalName: "edge-origin-secret",
                id: `zones/${ZONE}/${ORIGIN}`,
                parent: "edge (Edge)",
                version: cloudflare,
            },
        ]);
        // Each entry lands where the program registers it (the mock runtime's URNs keep the root
        // stack's type in front; the engine leaves it out for the stack's direct children).
        const planUrns = new Set(
            prod.resources.map((r) => r.urn.replace("::pulumi:pulumi:Stack$", "::")),
        );
        for (const entry of document.resources)
            expect(planUrns).toContain(importedUrn(document.resources, entry));
        // Nothing unmarked: api's record, the project's retention and firewall stay to be created.
        expect(document.resources.map((r) => r.name)).not.toContain("edge-api");
    });

    it("refuses a mark that names nothing this stack plans, with its config path", async () => {
        const prod = planned(await planProd());
        const { errors } = importDocument(
            prod.resources,
            toAdoptModel({
                rulesets: { http_request_cache_settings: RATE_LIMIT },
                dnsRecords: { "api.example.com": RECORD },
            }),
        );
        expect(errors).toEqual([
            {
                path: "opsbook:system.adopt.rulesets.http_request_cache_settings",
                message:
                    "this stack plans no http_request_cache_settings ruleset (the zone's entry point for that phase); nothing to import for it (remove the entry)",
            },
        ]);
    });

    it("is written by `npm run plan -- --import-file`, and the plan says what it adopts and where its tags come from", async () => {
        const stackFile = systemVariant(scratch(), "adopt", (s) => {
            s.adopt = ADOPT;
            s.services.web.projectName = "acme-web";
            // The same plan shows where the stack's tags come from and the recorded hotfix.
            s.promotion = {
                from: "staging",
                hotfixes: [
                    {
                        service: "api",
                        imageTag: "2026.11.24-hotfix1",
                        reason: "INC-42: webhook signatures rejected",
                        date: "2026-11-24",
                    },
                ],
            };
        });
        const out = path.join(scratch(), "import.json");
        const result = await planCli(["--stack-file", stackFile, "--import-file", out]);
        expect(result.code).toBe(0);
        const written = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(written.resources.filter((r: ImportEntry) => !r.component)).toHaveLength(5);
        expect(result.stdout).toContain(
            "Adopt: 5 existing resource(s) to import before the first `pulumi up`",
        );
        expect(result.stdout).toContain(
            `  cloudflare:index/ruleset:Ruleset edge-rate-limit ← zones/${ZONE}/${RATE_LIMIT}`,
        );
        expect(result.stdout).toContain(
            "Promotion: image tags come from stack staging (npm run promotion-check in each pull request)\n" +
                "  hotfix 2026-11-24: api 2026.11.24-hotfix1, not run in staging first: INC-42: webhook signatures rejected",
        );
    });

    it("refuses an adopt entry for a service that is not a vercel one at load", async () => {
        const stackFile = systemVariant(scratch(), "adopt-bad", (s) => {
            s.adopt = { vercelProjects: { api: { projectId: "prj_1" } } };
        });
        const result = await runPlan({ stackFile, now: NOW, judge: false });
        expect(!result.ok && result.errors).toEqual([
            {
                path: "opsbook:system.adopt.vercelProjects.api",
                message: '"api" is not a vercel service of this stack; expected one of "web"',
            },
        ]);
    });
});

describe("the Vercel project's name", () => {
    it("defaults to <service>-<stack>, can be kept, and a change renames the project in place", async () => {
        const prod = planned(await planProd());
        const project = (r: typeof prod) =>
            r.resources.find((x) => x.type === "vercel:index/project:Project")!;
        expect((project(prod).inputs as { name: string }).name).toBe("web-prod");
        const baseline = path.join(scratch(), "base.json");
        fs.writeFileSync(baseline, formatJson(prod));
        const stackFile = systemVariant(scratch(), "rename", (s) => {
            s.services.web.projectName = "acme-web";
        });
        const renamed = planned(
            diffAgainst(await runPlan({ stackFile, now: NOW, judge: false }), baseline),
        );
        expect((project(renamed).inputs as { name: string }).name).toBe("acme-web");
        // terraform-provider-vercel v5.4.1 `name` has no RequiresReplace: an update, never a new project.
        expect(renamed.diff!.result.changes).toEqual([
            expect.objectContaining({
                name: "web",
                type: "vercel:index/project:Project",
                action: "update",
                paths: ["name"],
                blocking: false,
            }),
        ]);
        expect(formatText(renamed)).toContain(
            "0 to create, 1 to update, 0 to replace, 0 to delete",
        );
    });
});
