import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { ORIGIN_SECRET_HEADER } from "../../model/rules";
import { EdgeModel } from "../../model/services";

/** Vercel's target for a custom domain. */
export const VERCEL_CNAME = "cname.vercel-dns.com";

/** Paths Vercel needs untouched behind a proxy: certificate issuance and its own assets. */
export const VERCEL_ACME_PATH = "/.well-known/acme-challenge/";
export const VERCEL_INTERNAL_PATH = "/.well-known/vercel/";

export interface EdgeRecord {
    readonly service: string;
    readonly domain: string;
    /** An ALB's DNS name, or Vercel's CNAME target. */
    readonly target: pulumi.Input<string>;
    readonly proxied: boolean;
    /** `aws`: a load balancer that expects the origin secret; `vercel`: a Vercel project. */
    readonly platform: "aws" | "vercel";
}

export interface EdgeArgs {
    readonly edge: EdgeModel;
    readonly records: readonly EdgeRecord[];
    /** The origin secret's current value: Cloudflare adds it to every request to a load balancer. */
    readonly originSecret?: pulumi.Input<string>;
}

const hostList = (records: readonly EdgeRecord[]) =>
    `{${records.map((r) => `"${r.domain}"`).join(" ")}}`;

/** The rate limiting rule's expression: the proxied hosts, or (Free: path only) every path. */
export function rateLimitExpression(edge: EdgeModel, records: readonly EdgeRecord[]): string {
    const proxied = records.filter((r) => r.proxied);
    const scope = edge.rateLimit.matchesHost
        ? `(http.host in ${hostList(proxied)})`
        : `(http.request.uri.path contains "/")`;
    // Vercel issues certificates over HTTP on this path: a limit there could fail a renewal.
    return proxied.some((r) => r.platform === "vercel")
        ? `${scope} and not (http.request.uri.path contains "${VERCEL_ACME_PATH}")`
        : scope;
}

/**
 * The Cloudflare edge of the system: a record per public service (proxied for load balancers,
 * DNS-only for Vercel unless asked), a rate limiting rule shaped to the zone's plan (the Alcom
 * runbook's answer to 429 floods), the origin secret added to every request bound for a load
 * balancer, and, for a proxied Vercel project, Vercel's paths kept out of the cache.
 */
export class Edge extends pulumi.ComponentResource {
    public readonly rulesetId: pulumi.Output<string> | undefined;

    constructor(name: string, args: EdgeArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const proxied = args.records.filter((r) => r.proxied);
        super(
            "opsbook:index:Edge",
            name,
            {
                zone: args.edge.zone,
                plan: args.edge.plan,
                rateLimitPerMinute: args.edge.rateLimitPerMinute,
                proxiedHosts: proxied.map((r) => r.domain),
                originLockedHosts: proxied.filter((r) => r.platform === "aws").map((r) => r.domain),
            },
            opts,
        );
        const parent = { parent: this };
        for (const record of args.records) {
            new cloudflare.DnsRecord(
                `${name}-${record.service}`,
                {
                    zoneId: args.edge.zoneId,
                    name: record.domain,
                    type: "CNAME",
                    content: record.target,
                    proxied: record.proxied,
                    ttl: 1, // automatic: required for proxied records
                    comment: `opsbook: service ${record.service}`,
                },
                parent,
            );
        }
        // Each ruleset is its zone's entry point for a phase, of which Cloudflare allows one: a replacement
        // deletes the old one first (create-before-delete would be refused, error 20217, and the provider
        // has no fallback since 5.19). Their names are constants, since a new name replaces the ruleset.
        const entryPoint = { parent: this, deleteBeforeReplace: true };
        const limit = args.edge.rateLimit;
        const ruleset =
            proxied.length > 0
                ? new cloudflare.Ruleset(
                      `${name}-rate-limit`,
                      {
                          zoneId: args.edge.zoneId,
                          kind: "zone",
                          phase: "http_ratelimit",
                          name: "opsbook rate limit",
                          description: `Per-client request limit on the proxied services (${args.edge.plan} plan)`,
                          rules: [
                              {
                                  action: "block",
                                  description: `More than ${args.edge.rateLimitPerMinute} requests a minute from one client`,
                                  enabled: true,
                                  expression: rateLimitExpression(args.edge, args.records),
                                  ratelimit: {
                                      characteristics: ["ip.src", "cf.colo.id"],
                                      period: limit.periodSeconds,
                                      requestsPerPeriod: limit.requestsPerPeriod,
                                      mitigationTimeout: limit.mitigationSeconds,
                                  },
                              },
                          ],
                      },
                      entryPoint,
                  )
                : undefined;
        const origins = proxied.filter((r) => r.platform === "aws");
        if (origins.length > 0 && args.originSecret !== undefined) {
            new cloudflare.Ruleset(
                `${name}-origin-secret`,
                {
                    zoneId: args.edge.zoneId,
                    kind: "zone",
                    phase: "http_request_late_transform",
                    name: "opsbook origin secret",
                    description:
                        "Proves to the load balancers that a request came through Cloudflare",
                    rules: [
                        {
                            action: "rewrite",
                            description: `Add ${ORIGIN_SECRET_HEADER} for the load balancers`,
                            enabled: true,
                            expression: `(http.host in ${hostList(origins)})`,
                            actionParameters: {
                                headers: {
                                    [ORIGIN_SECRET_HEADER]: {
                                        operation: "set",
                                        value: args.originSecret,
                                    },
                                },
                            },
                        },
                    ],
                },
                entryPoint,
            );
        }
        const vercelProxied = proxied.filter((r) => r.platform === "vercel");
        if (vercelProxied.length > 0) {
            new cloudflare.Ruleset(
                `${name}-vercel-cache`,
                {
                    zoneId: args.edge.zoneId,
                    kind: "zone",
                    phase: "http_request_cache_settings",
                    name: "opsbook Vercel paths",
                    description: "Vercel's own paths are never cached by Cloudflare",
                    rules: [
                        {
                            action: "set_cache_settings",
                            description: `Bypass the cache for ${VERCEL_INTERNAL_PATH}`,
                            enabled: true,
                            expression: `(http.host in ${hostList(vercelProxied)} and http.request.uri.path contains "${VERCEL_INTERNAL_PATH}")`,
                            actionParameters: { cache: false },
                        },
                    ],
                },
                entryPoint,
            );
        }
        this.rulesetId = ruleset?.id;
        this.registerOutputs({ rulesetId: this.rulesetId });
    }
}
