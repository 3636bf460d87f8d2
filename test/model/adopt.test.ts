/**
 * What the stack file may mark as existing: only what the stack describes, each named by its config path.
 */
import { checkAdopt, toAdoptModel } from "../../model/adopt";
import { systemSchema } from "../../model/schema";

const services = {
    web: { platform: "vercel", domain: "app.example.com" },
    docs: { platform: "vercel" },
    api: { platform: "aws", domain: "api.example.com" },
};
const dns = { zoneId: "00112233445566778899aabbccddeeff", zone: "example.com", plan: "pro" };

describe("adopt", () => {
    it("accepts marks for a vercel project with its domain, a service's record and a ruleset", () => {
        const adopt = {
            vercelProjects: { web: { projectId: "prj_1", domain: true } },
            dnsRecords: { "api.example.com": "372e67954025e0ba6aaa6d586b9e0b59" },
            rulesets: { http_ratelimit: "2c0fc9fa937b11eaa1b71c4d701ab86e" },
        };
        expect(checkAdopt({ services, dns, adopt })).toEqual([]);
        expect(toAdoptModel(adopt).vercelProjects.web).toEqual({
            projectId: "prj_1",
            teamId: undefined,
            domain: true,
        });
    });

    it("refuses a mark for what the stack does not describe, each with its path", () => {
        const adopt = {
            vercelProjects: {
                api: { projectId: "prj_1" },
                docs: { projectId: "prj_2", domain: true },
            },
            dnsRecords: { "www.example.com": "372e67954025e0ba6aaa6d586b9e0b59" },
        };
        expect(checkAdopt({ services, dns, adopt })).toEqual([
            {
                path: "opsbook:system.adopt.vercelProjects.api",
                message:
                    '"api" is not a vercel service of this stack; expected one of "web", "docs"',
            },
            {
                path: "opsbook:system.adopt.vercelProjects.docs.domain",
                message:
                    "is true, but services.docs has no domain to adopt; remove it or set the domain",
            },
            {
                path: "opsbook:system.adopt.dnsRecords.www.example.com",
                message:
                    '"www.example.com" is not a service domain of this stack; expected one of "app.example.com", "api.example.com"',
            },
        ]);
        expect(
            checkAdopt({ services, adopt: { rulesets: { http_ratelimit: "0".repeat(32) } } }),
        ).toEqual([
            {
                path: "opsbook:system.adopt.rulesets",
                message: "needs dns (the zone the rulesets belong to)",
            },
        ]);
    });

    it("takes ids only in the providers' formats, and rulesets only for the edge's phases", () => {
        const parsed = systemSchema.safeParse({
            services: {},
            adopt: {
                vercelProjects: { web: { projectId: "web-prod" } },
                dnsRecords: { "app.example.com": "not-an-id" },
                rulesets: { http_ratelimit: "not-an-id" },
            },
        });
        expect(parsed.success).toBe(false);
        expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual([
            "adopt.vercelProjects.web.projectId",
            "adopt.dnsRecords.app.example.com",
            "adopt.rulesets.http_ratelimit",
        ]);
        expect(
            checkAdopt({
                services,
                dns,
                adopt: { rulesets: { http_request_firewall_custom: "0".repeat(32) } },
            }),
        ).toEqual([
            {
                path: "opsbook:system.adopt.rulesets.http_request_firewall_custom",
                message:
                    'is not a phase opsbook creates a ruleset in; expected one of "http_ratelimit", "http_request_late_transform", "http_request_cache_settings"',
            },
        ]);
    });
});
