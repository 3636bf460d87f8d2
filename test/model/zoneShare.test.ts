import { loadSystem } from "../../model/load";
import { toEdgeModel } from "../../model/services";
import {
    edgeHostsOf,
    readZoneShare,
    zoneRules,
    zoneShareOf,
    ZoneShare,
} from "../../model/zoneShare";
import { configView, NOW, validSystem } from "./fixtures";

const ZONE = { zoneId: "00112233445566778899aabbccddeeff", zone: "example.com" };
const load = (dns: Record<string, unknown>, stack = "staging") => {
    const system = validSystem();
    system.dns = { ...ZONE, plan: "pro", ...dns };
    return loadSystem(system, { now: NOW, config: configView(), stack });
};
const errorsOf = (dns: Record<string, unknown>, stack?: string) => {
    const result = load(dns, stack);
    return result.ok ? [] : result.errors;
};

describe("dns.owner and dns.tenants", () => {
    it("default to owning the zone with no tenants; a stack name makes a tenant", () => {
        const owner = load({});
        const tenant = load({ owner: "prod" });
        expect(owner.ok && owner.model.edge!.ownership).toEqual({ role: "owner", tenants: [] });
        expect(tenant.ok && tenant.model.edge!.ownership).toEqual({
            role: "tenant",
            owner: "prod",
        });
    });

    it("names the path, the value and what is allowed, all at once", () => {
        expect(errorsOf({ owner: false, tenants: ["prod", "prod", "bad name"] })).toEqual([
            {
                path: "opsbook:system.dns.owner",
                message:
                    "false is not allowed; expected true (this stack writes the zone's rulesets) or the name of the stack that does",
            },
            { path: "opsbook:system.dns.tenants.1", message: '"prod" is listed twice' },
            {
                path: "opsbook:system.dns.tenants.2",
                message:
                    "\"bad name\" is not a stack name; expected letters, digits, '-', '_' or '.'",
            },
        ]);
    });

    it("refuses a tenant that lists tenants, and a stack that names itself", () => {
        expect(errorsOf({ owner: "prod", tenants: ["qa"] }).map((e) => e.path)).toEqual([
            "opsbook:system.dns.tenants",
        ]);
        expect(errorsOf({ owner: "staging" }, "staging")).toEqual([
            {
                path: "opsbook:system.dns.owner",
                message:
                    '"staging" is this stack; expected true, or the name of the other stack that writes the zone\'s rulesets',
            },
        ]);
    });
});

const prodEdge = toEdgeModel({ ...ZONE, plan: "pro", tenants: ["staging"] });
const share = (hosts: string[], overrides: Partial<ZoneShare> = {}): ZoneShare => ({
    ...zoneShareOf(
        toEdgeModel({ ...ZONE, plan: "pro", owner: "prod" }),
        hosts.map((domain) => ({ domain, proxied: true, platform: "aws" })),
    ),
    ...overrides,
});

describe("readZoneShare", () => {
    it("keeps only hosts under the zone that no other stack serves", () => {
        const claimed = new Set(["api.example.com"]);
        const { share: read, notes } = readZoneShare(
            "staging",
            share(["api.staging.example.com", "api.example.com", "api.evil.com"]),
            prodEdge,
            claimed,
        );
        expect(read!.originLocked).toEqual(["api.staging.example.com"]);
        expect(notes).toEqual([
            "staging: api.example.com is served by another stack on the zone; ignored",
            "staging: api.evil.com is not in example.com; ignored",
        ]);
        expect([...claimed]).toEqual(["api.example.com", "api.staging.example.com"]);
    });

    it("ignores a share of another zone, and says when a tenant has exported nothing yet", () => {
        const other = readZoneShare(
            "staging",
            { ...share(["api.staging.example.com"]), zoneId: "f".repeat(32) },
            prodEdge,
            new Set(),
        );
        expect(other.share).toBeUndefined();
        expect(other.notes[0]).toMatch(
            /^staging shares zone a string of 32 characters, not this stack.s 0011/,
        );
        const none = readZoneShare("staging", undefined, prodEdge, new Set());
        expect(none.share).toBeUndefined();
        expect(none.notes[0]).toMatch(/staging exports no zoneShare yet/);
    });
});

describe("zoneRules", () => {
    const owner = { stack: "prod", share: share(["api.example.com"]) };
    const limited = (requestsPerPeriod: number) => ({
        ...owner.share.rateLimit,
        requestsPerPeriod,
    });

    it("one rule for equal limits; a distinct limit gets its own while the plan has room", () => {
        const rules = zoneRules(owner, [
            { stack: "staging", share: share(["api.staging.example.com"]) },
            {
                stack: "qa",
                share: share(["api.qa.example.com"], { rateLimit: limited(50) }),
            },
        ]);
        expect(rules.rateLimits.map((r) => [r.stacks, r.hosts])).toEqual([
            [
                ["prod", "staging"],
                ["api.example.com", "api.staging.example.com"],
            ],
            [["qa"], ["api.qa.example.com"]],
        ]);
        expect(rules.origins.map((o) => o.stack)).toEqual(["prod", "staging", "qa"]);
    });

    it("past the plan's rule count, a tenant's hosts join the owner's rule, never go unlimited", () => {
        const rules = zoneRules(owner, [
            { stack: "qa", share: share(["api.qa.example.com"], { rateLimit: limited(50) }) },
            { stack: "dev", share: share(["api.dev.example.com"], { rateLimit: limited(20) }) },
        ]);
        expect(rules.rateLimits).toHaveLength(2); // Pro: 2 rules
        expect(rules.rateLimits[0].hosts).toEqual(["api.example.com", "api.dev.example.com"]);
        expect(rules.notes).toEqual([
            "dev: the pro plan allows 2 rate limiting rule(s); its hosts share prod's limit",
        ]);
    });
});

describe("edgeHostsOf", () => {
    it("serves a load balancer only with public subnets, a Vercel domain always", () => {
        const loaded = load({});
        if (!loaded.ok) throw new Error("fixture invalid");
        expect(edgeHostsOf(loaded.model).map((h) => h.domain)).toEqual([
            "app.example.com",
            "api.example.com",
        ]);
        const noSubnets = { ...loaded.model, network: { ...loaded.model.network! } };
        delete (noSubnets.network as { publicSubnetIds?: unknown }).publicSubnetIds;
        expect(edgeHostsOf(noSubnets).map((h) => h.domain)).toEqual(["app.example.com"]);
    });
});
