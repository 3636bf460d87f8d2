import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { ORIGIN_SECRET_HEADER } from "../../model/rules";
import { EdgeModel, EdgeRateLimit } from "../../model/services";
import { ZoneShare, zoneRules, zoneShareOf } from "../../model/zoneShare";

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
    /** This stack's name: it names the rules the owner writes for itself. */
    readonly stack: string;
    /**
     * The zone's owner only: the tenants' shares as read from their stacks (`model/zoneShare.ts`), each
     * with its origin secret. Default none.
     */
    readonly tenants?: readonly ZoneTenant[];
}

/** A tenant's rules as its stack exported them, checked by `readZoneShare`. */
export interface ZoneTenant {
    readonly stack: string;
    readonly share: ZoneShare;
    readonly originSecret?: pulumi.Input<string>;
}

const hostList = (hosts: readonly string[]) => `{${hosts.map((h) => `"${h}"`).join(" ")}}`;

/** The rate limiting rule's expression: the proxied hosts, or (Free: path only) every path. */
export function rateLimitExpression(edge: EdgeModel, records: readonly EdgeRecord[]): string {
    const proxied = records.filter((r) => r.proxied);
    return hostsRateLimitExpression(
        edge.rateLimit,
        proxied.map((r) => r.domain),
        proxied.some((r) => r.platform === "vercel"),
    );
}

function hostsRateLimitExpression(
    limit: EdgeRateLimit,
    hosts: readonly string[],
    vercel: boolean,
): string {
    const scope = limit.matchesHost
        ? `(http.host in ${hostList(hosts)})`
        : `(http.request.uri.path contains "/")`;
    // Vercel issues certificates over HTTP on this path: a limit there could fail a renewal.
    return vercel
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
        const ownership = args.edge.ownership;
        super(
            "opsbook:index:Edge",
            name,
            {
                zone: args.edge.zone,
                plan: args.edge.plan,
                rateLimitPerMinute: args.edge.rateLimitPerMinute,
                proxiedHosts: proxied.map((r) => r.domain),
                originLockedHosts: proxied.filter((r) => r.platform === "aws").map((r) => r.domain),
                // The pack reads it: a tenant's zone is rate limited by its owner's ruleset.
                zoneId: args.edge.zoneId,
                zoneRole: ownership.role,
                zoneOwner: ownership.role === "owner" ? args.stack : ownership.owner,
                zoneTenants: ownership.role === "owner" ? ownership.tenants : [],
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
        // A tenant writes no ruleset: its owner's carry its hosts (model/zoneShare.ts), so it can neither
        // collide with the owner's entry points nor overwrite another stack's origin secret.
        if (ownership.role === "tenant") {
            this.rulesetId = undefined;
            this.registerOutputs({ rulesetId: this.rulesetId });
            return;
        }
        const tenants = args.tenants ?? [];
        const rules = zoneRules(
            { stack: args.stack, share: zoneShareOf(args.edge, args.records) },
            tenants,
        );
        const secretOf = new Map<string, pulumi.Input<string> | undefined>([
            [args.stack, args.originSecret],
            ...tenants.map((t): [string, pulumi.Input<string> | undefined] => [
                t.stack,
                t.originSecret,
            ]),
        ]);
        // Each ruleset is its zone's entry point for a phase, of which Cloudflare allows one: a replacement
        // deletes the old one first (create-before-delete would be refused, error 20217, and the provider
        // has no fallback since 5.19). Their names are constants, since a new name replaces the ruleset.
        const entryPoint = { parent: this, deleteBeforeReplace: true };
        const ruleset =
            rules.rateLimits.length > 0
                ? new cloudflare.Ruleset(
                      `${name}-rate-limit`,
                      {
                          zoneId: args.edge.zoneId,
                          kind: "zone",
                          phase: "http_ratelimit",
                          name: "opsbook rate limit",
                          description: `Per-client request limit on the proxied services (${args.edge.plan} plan)`,
                          rules: rules.rateLimits.map((rule) => ({
                              action: "block",
                              description: `More than ${rule.perMinute} requests a minute from one client${tenants.length > 0 ? ` (${rule.stacks.join(", ")})` : ""}`,
                              enabled: true,
                              expression: hostsRateLimitExpression(
                                  rule.limit,
                                  rule.hosts,
                                  rule.vercel,
                              ),
                              ratelimit: {
                                  characteristics: ["ip.src", "cf.colo.id"],
                                  period: rule.limit.periodSeconds,
                                  requestsPerPeriod: rule.limit.requestsPerPeriod,
                                  mitigationTimeout: rule.limit.mitigationSeconds,
                              },
                          })),
                      },
                      entryPoint,
                  )
                : undefined;
        // One rule per stack, each on that stack's hosts with that stack's secret: a tenant's secret never
        // reaches another stack's load balancer, and hosts never overlap (`readZoneShare`).
        const origins = rules.origins.flatMap((o) => {
            const value = secretOf.get(o.stack);
            return value === undefined ? [] : [{ ...o, value }];
        });
        if (origins.length > 0) {
            new cloudflare.Ruleset(
                `${name}-origin-secret`,
                {
                    zoneId: args.edge.zoneId,
                    kind: "zone",
                    phase: "http_request_late_transform",
                    name: "opsbook origin secret",
                    description:
                        "Proves to the load balancers that a request came through Cloudflare",
                    rules: origins.map((origin) => ({
                        action: "rewrite",
                        description: `Add ${ORIGIN_SECRET_HEADER} for the load balancers${tenants.length > 0 ? ` of ${origin.stack}` : ""}`,
                        enabled: true,
                        expression: `(http.host in ${hostList(origin.hosts)})`,
                        actionParameters: {
                            headers: {
                                [ORIGIN_SECRET_HEADER]: {
                                    operation: "set",
                                    value: origin.value,
                                },
                            },
                        },
                    })),
                },
                entryPoint,
            );
        }
        if (rules.vercelHosts.length > 0) {
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
                            expression: `(http.host in ${hostList(rules.vercelHosts)} and http.request.uri.path contains "${VERCEL_INTERNAL_PATH}")`,
                            actionParameters: { cache: false },
                        },
                    ],
                },
                entryPoint,
            );
        }
        for (const note of rules.notes) pulumi.log.warn(note, this);
        this.rulesetId = ruleset?.id;
        this.registerOutputs({ rulesetId: this.rulesetId });
    }
}
