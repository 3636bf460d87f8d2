import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { RATE_LIMIT_MITIGATION_SECONDS } from "../model/rules";
import { EdgeModel } from "../model/services";

/** Vercel's target for a custom domain. */
export const VERCEL_CNAME = "cname.vercel-dns.com";

export interface EdgeArgs {
    readonly edge: EdgeModel;
    /** Each public service's hostname and where it points (an ALB's DNS name, or Vercel). */
    readonly records: readonly {
        readonly service: string;
        readonly domain: string;
        readonly target: pulumi.Input<string>;
    }[];
}

/**
 * The Cloudflare edge of the system: a proxied record per public service, and a rate-limiting rule on
 * the zone (the Alcom runbook's answer to 429 floods: clients over the limit are blocked for 10 minutes).
 */
export class Edge extends pulumi.ComponentResource {
    public readonly rulesetId: pulumi.Output<string>;

    constructor(name: string, args: EdgeArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(
            "opsbook:index:Edge",
            name,
            { zone: args.edge.zone, rateLimitPerMinute: args.edge.rateLimitPerMinute },
            opts,
        );
        for (const record of args.records) {
            new cloudflare.DnsRecord(
                `${name}-${record.service}`,
                {
                    zoneId: args.edge.zoneId,
                    name: record.domain,
                    type: "CNAME",
                    content: record.target,
                    proxied: true,
                    ttl: 1, // automatic: required for proxied records
                    comment: `opsbook: service ${record.service}`,
                },
                { parent: this },
            );
        }
        const hosts = args.records.map((r) => `"${r.domain}"`).join(" ");
        const ruleset = new cloudflare.Ruleset(
            `${name}-rate-limit`,
            {
                zoneId: args.edge.zoneId,
                kind: "zone",
                phase: "http_ratelimit",
                name: "opsbook rate limit",
                description: "Per-client request limit on the public services",
                rules: [
                    {
                        action: "block",
                        description: `More than ${args.edge.rateLimitPerMinute} requests a minute from one client`,
                        enabled: true,
                        expression: hosts ? `(http.host in {${hosts}})` : "true",
                        ratelimit: {
                            characteristics: ["ip.src", "cf.colo.id"],
                            period: 60,
                            requestsPerPeriod: args.edge.rateLimitPerMinute,
                            mitigationTimeout: RATE_LIMIT_MITIGATION_SECONDS,
                        },
                    },
                ],
            },
            { parent: this },
        );
        this.rulesetId = ruleset.id;
        this.registerOutputs({ rulesetId: this.rulesetId });
    }
}
