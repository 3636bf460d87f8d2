/**
 * `plan --all`: the cross-stack check as a pure function over the shared plans (prod, staging and the
 * examples, and copies of prod under other stack names), the repository's shared zone (prod owns it,
 * staging is its tenant), and the command line on a copy of the repository where two stacks own one zone.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { PlanResult, PlannedResource } from "../../tools/plan";
import { crossStackFindings, StackPlan, stackPlacement } from "../../tools/planAll";
import { PROD, planCli, planStack, scratchDirectory, STACKS } from "./helpers";

// The command-line test plans a pair of stacks (as the user runs it): two prod-sized plans.
jest.setTimeout(300_000);

const scratch = scratchDirectory("plan-all");

const stackPlan = async (name: string, file: string): Promise<StackPlan> => ({
    stack: name,
    file,
    result: await planStack(name),
    ...stackPlacement(file),
});

/** `plan` as if planned under the stack name `stack`: what two stacks built from one file would register. */
function renamed(plan: StackPlan, stack: string): StackPlan {
    const text = JSON.stringify(plan.result).replace(/(?<![A-Za-z])prod(?![A-Za-z])/g, stack);
    return { ...plan, stack, result: JSON.parse(text) as PlanResult };
}

/** The two stacks' files: prod owning the zone (and listing `mirror` when shared), mirror on its own hosts. */
function zonePair(dir: string, shared: boolean): void {
    fs.mkdirSync(dir, { recursive: true });
    const prod = parse(fs.readFileSync(PROD, "utf8"));
    const mirror = parse(fs.readFileSync(PROD, "utf8"));
    const [p, m] = [prod, mirror].map((doc) => doc.config["opsbook:system"]);
    // Only this pair on the zone: prod's own tenants (staging) are not in the directory.
    for (const system of [p, m]) delete system.dns.tenants;
    if (shared) {
        p.dns.tenants = ["mirror"];
        m.dns.owner = "prod";
    }
    m.services.api.domain = "api.mirror.example.com";
    m.services.web.domain = "app.mirror.example.com";
    m.env.web.NEXT_PUBLIC_API_URL = "https://api.mirror.example.com";
    m.env.web.NEXT_PUBLIC_SITE_URL = "https://app.mirror.example.com";
    m.env.api.WEB_ORIGIN = "https://app.mirror.example.com";
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), stringify(prod));
    fs.writeFileSync(path.join(dir, "Pulumi.mirror.yaml"), stringify(mirror));
}

describe("crossStackFindings", () => {
    it("finds nothing among the repository's stacks", async () => {
        const plans = await Promise.all(STACKS.map(([name, file]) => stackPlan(name, file)));
        expect(crossStackFindings(plans)).toEqual([]);
    });

    it("two stacks built from one file: the zone, its singletons and every unique name collide", async () => {
        const prod = await stackPlan("prod", PROD);
        // Same names in both: prod's plan under a second stack name still registers prod's names.
        const findings = crossStackFindings([prod, { ...prod, stack: "copy" }]);
        expect(findings.map((f) => f.kind)).toEqual(
            expect.arrayContaining(["zone-owner", "zone-singleton", "dns-record", "name"]),
        );
        expect(findings.find((f) => f.kind === "zone-owner")!.message).toMatch(
            /^zone example\.com \(00112233445566778899aabbccddeeff\): owned by prod and copy;/,
        );
        const names = findings.filter((f) => f.kind === "name").map((f) => f.message);
        expect(names).toEqual(
            expect.arrayContaining([
                expect.stringMatching(
                    /^ECS task family opsbook-prod-api is claimed by prod and copy in one account and region \(us-east-1/,
                ),
                expect.stringMatching(/^SSM parameter \/opsbook\/prod\/api\/API_SECRET is claimed/),
                expect.stringMatching(/^Vercel project web-prod is claimed by prod and copy;/),
            ]),
        );
    });

    it("account-wide names do not collide across pinned accounts; global names do", async () => {
        const prod = await stackPlan("prod", PROD);
        const names = crossStackFindings([
            { ...prod, accountIds: ["111111111111"] },
            { ...prod, stack: "copy", accountIds: ["222222222222"] },
        ]).filter((f) => f.kind === "name");
        expect(names.map((f) => f.message)).toEqual([
            "Vercel project web-prod is claimed by prod and copy; the second create fails",
            "R2 bucket opsbook-prod-assets is claimed by prod and copy; the second create fails",
        ]);
    });

    it("a tenant its owner does not list, and a listed stack that does not name the owner", async () => {
        const prod = await stackPlan("prod", PROD);
        const edge = (plan: StackPlan, inputs: Record<string, unknown>): StackPlan => {
            const result = plan.result as Extract<PlanResult, { ok: true }>;
            return {
                ...plan,
                result: {
                    ...result,
                    resources: result.resources
                        .filter(
                            (r) =>
                                r.type !== "cloudflare:index/ruleset:Ruleset" || !inputs.zoneRole,
                        )
                        .map(
                            (r): PlannedResource =>
                                r.type === "opsbook:index:Edge"
                                    ? { ...r, inputs: { ...(r.inputs as object), ...inputs } }
                                    : r,
                        ),
                },
            };
        };
        // A stack prod's dns.tenants does not list (it lists staging).
        const tenant = edge(renamed(prod, "preview"), { zoneRole: "tenant", zoneOwner: "prod" });
        const zoneFindings = (plans: StackPlan[]) =>
            crossStackFindings(plans).filter((f) => f.kind.startsWith("zone"));
        // prod as if it listed no tenant (the repository's lists staging).
        const unlisting = edge(prod, { zoneTenants: [] });
        expect(zoneFindings([unlisting, tenant]).map((f) => [f.kind, f.stacks, f.message])).toEqual(
            [
                [
                    "zone-tenant",
                    ["preview", "prod"],
                    "zone example.com (00112233445566778899aabbccddeeff): preview names prod as the owner, whose opsbook:system.dns.tenants does not list it: its hosts get no rate limit or origin secret",
                ],
            ],
        );
        const lister = edge(prod, { zoneTenants: ["qa"] });
        expect(crossStackFindings([lister]).map((f) => f.message)).toEqual([
            "zone example.com (00112233445566778899aabbccddeeff): prod lists qa in opsbook:system.dns.tenants, but no planned stack qa is on this zone",
        ]);
    });
});

describe("one zone, two stacks", () => {
    // The repository's own pair, read from the shared plans: prod owns example.com, staging is its tenant.
    it("the owner's rulesets carry the tenant's hosts, which are the tenant's records; the tenant writes none", async () => {
        const owner = await planStack("prod");
        const tenant = await planStack("staging");
        if (!owner.ok || !tenant.ok) throw new Error("the pair does not plan");
        expect([owner.exitCode, tenant.exitCode]).toEqual([0, 0]);
        expect(owner.zone).toBe(
            'zone example.com: this stack owns its rulesets, carrying "staging"',
        );
        expect(tenant.zone).toBe(
            "zone example.com: owned by stack prod, whose rulesets carry this stack's hosts",
        );
        const rulesets = (r: typeof owner) =>
            r.resources.filter((x) => x.type === "cloudflare:index/ruleset:Ruleset");
        expect(rulesets(tenant)).toEqual([]);
        const proxied = tenant.resources
            .filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord")
            .map((r) => r.inputs as { name: string; proxied: boolean })
            .filter((i) => i.proxied)
            .map((i) => i.name);
        const limit = rulesets(owner).find(
            (r) => (r.inputs as { phase: string }).phase === "http_ratelimit",
        )!;
        const rules = (limit.inputs as { rules: { expression: string }[] }).rules;
        expect(proxied).toEqual(["api-staging.example.com"]);
        // Staging keeps a lower limit of its own: one rule per distinct limit, each on its stack's hosts.
        expect(rules.map((r) => r.expression)).toEqual([
            '(http.host in {"api.example.com"})',
            '(http.host in {"api-staging.example.com"})',
        ]);
        const plans = await Promise.all(
            STACKS.filter(([name]) => name === "prod" || name === "staging").map(([name, file]) =>
                stackPlan(name, file),
            ),
        );
        expect(crossStackFindings(plans)).toEqual([]);
    });

    // The command line itself: the one test that plans through `planCommand`.
    it("plan --all on a copy where both stacks own the zone exits 1 naming the zone and both", async () => {
        const dir = path.join(scratch(), "both-own");
        zonePair(dir, false);
        const { code, stdout } = await planCli([
            "--all",
            "--root",
            dir,
            "--now",
            "2026-11-24",
            "--json",
        ]);
        expect(code).toBe(1);
        const out = JSON.parse(stdout);
        expect(
            out.stacks.map((s: { stack: string; exitCode: number }) => [s.stack, s.exitCode]),
        ).toEqual([
            ["mirror", 0],
            ["prod", 0],
        ]);
        expect(out.stacks[1].plan.resources.length).toBeGreaterThan(0);
        expect(out.findings[0]).toEqual({
            kind: "zone-owner",
            stacks: ["mirror", "prod"],
            message: expect.stringMatching(
                /^zone example\.com \(00112233445566778899aabbccddeeff\): owned by mirror and prod;/,
            ),
        });
    });
});
