/**
 * One Cloudflare zone, several stacks. A zone has one entry-point ruleset per phase (`http_ratelimit`,
 * `http_request_late_transform`, `http_request_cache_settings`): Cloudflare refuses a second one (error
 * 20217, and the provider has no fallback since 5.19; `components/edge/edge.ts`), and whoever writes it
 * writes every rule of the phase. So exactly one stack owns the zone's rulesets (`dns.owner: true`, the
 * default) and names the stacks it carries (`dns.tenants`); a tenant (`dns.owner: <stack>`) creates its DNS
 * records only and exports what it needs from the phases (`ZoneShare`: its hosts and rate limit, and its
 * origin secret as a secret output). The owner reads each tenant's exports through a `pulumi.StackReference`
 * and writes a rule per tenant: the tenant's own origin secret on the tenant's hosts only.
 *
 * Why this and not per-hostname authenticated origin pulls (a client certificate per hostname, checked by
 * the load balancer's mutual TLS): the rate limit and the cache rule are phase singletons too, so a stack
 * reference to the owner is needed whatever locks the origin, and one mechanism is simpler to review than
 * two. It keeps the lock the pack already judges (`opsbook-edge-origin-locked`), needs no certificate
 * authority, trust store bucket or private key in state, and a tenant can break nothing but its own
 * origin: it writes no ruleset, the owner lists it by name, and the owner drops any host the tenant
 * claims that is not under the zone or that the owner or an earlier tenant serves.
 *
 * Rotation: a tenant's load balancer accepts its key set's next, current and previous values, and the owner
 * sends the value that was current at the owner's last `up`; the next value is published a full period
 * before it becomes current and the previous stays a full period after, so the owner's daily apply keeps
 * every tenant's requests accepted. Pure: no resources.
 */
import { ConfigError, asRecord, describeValue, joinPath, quoteList } from "./errors";
import { CLOUDFLARE_RATE_LIMITS, CloudflarePlan } from "./rules";
import type { EdgeModel, EdgeRateLimit, ZoneOwnership } from "./edgeTypes";

/** Pulumi's stack names: "only alphanumeric characters, hyphens, underscores, or periods" (pulumi.com/docs/iac/concepts/stacks). */
export const STACK_NAME = /^[A-Za-z0-9._-]+$/;

/** The stack outputs a tenant exports for its zone's owner. */
export const ZONE_SHARE_OUTPUT = "zoneShare";
export const ZONE_ORIGIN_SECRET_OUTPUT = "zoneOriginSecret";

/** Who writes the zone's rulesets: this stack (carrying `tenants`), or `owner`. */
export type { ZoneOwnership } from "./edgeTypes";

/** `dns.owner` and `dns.tenants` as the model holds them (after `checkZoneOwnership`). */
export function toZoneOwnership(dns: { owner?: unknown; tenants?: unknown }): ZoneOwnership {
    return typeof dns.owner === "string"
        ? { role: "tenant", owner: dns.owner }
        : { role: "owner", tenants: Array.isArray(dns.tenants) ? (dns.tenants as string[]) : [] };
}

/** What `dns.owner` and `dns.tenants` may say; `stack` is the stack being loaded, when known. */
export function checkZoneOwnership(dns: Record<string, unknown>, stack?: string): ConfigError[] {
    const errors: ConfigError[] = [];
    const owner = dns.owner;
    const ownerPath = joinPath(["dns", "owner"]);
    const tenantsPath = joinPath(["dns", "tenants"]);
    if (owner !== undefined && owner !== true && !(typeof owner === "string")) {
        errors.push({
            path: ownerPath,
            message: `${describeValue(owner)} is not allowed; expected true (this stack writes the zone's rulesets) or the name of the stack that does`,
        });
    } else if (typeof owner === "string" && !STACK_NAME.test(owner)) {
        errors.push({
            path: ownerPath,
            message: `${describeValue(owner)} is not a stack name; expected letters, digits, '-', '_' or '.'`,
        });
    } else if (typeof owner === "string" && owner === stack) {
        errors.push({
            path: ownerPath,
            message: `${describeValue(owner)} is this stack; expected true, or the name of the other stack that writes the zone's rulesets`,
        });
    }
    const tenants = dns.tenants;
    if (tenants === undefined) return errors;
    if (typeof owner === "string") {
        errors.push({
            path: tenantsPath,
            message: `is for the zone's owner only; this stack is a tenant of ${describeValue(owner)} (${ownerPath}), whose stack file lists its tenants`,
        });
        return errors;
    }
    if (!Array.isArray(tenants)) {
        errors.push({
            path: tenantsPath,
            message: `${describeValue(tenants)} is not allowed; expected a list of stack names`,
        });
        return errors;
    }
    const seen = new Set<unknown>();
    tenants.forEach((tenant, i) => {
        const path = joinPath(["dns", "tenants", i]);
        if (typeof tenant !== "string" || !STACK_NAME.test(tenant)) {
            errors.push({
                path,
                message: `${describeValue(tenant)} is not a stack name; expected letters, digits, '-', '_' or '.'`,
            });
        } else if (tenant === stack) {
            errors.push({
                path,
                message: `${describeValue(tenant)} is this stack; list the other stacks on the zone`,
            });
        } else if (seen.has(tenant)) {
            errors.push({ path, message: `${describeValue(tenant)} is listed twice` });
        }
        seen.add(tenant);
    });
    return errors;
}

/** A host the edge serves, as the program builds it (`components/services/build.ts`). */
export interface EdgeHost {
    readonly domain: string;
    readonly proxied: boolean;
    readonly platform: "aws" | "vercel";
}

/** What a tenant exports for its zone's owner: plain data (its origin secret travels apart, as a secret). */
export interface ZoneShare {
    readonly zoneId: string;
    readonly zone: string;
    readonly plan: CloudflarePlan;
    readonly rateLimit: EdgeRateLimit;
    /** The runbook's limit the rule is shaped from (requests a minute per client). */
    readonly rateLimitPerMinute: number;
    /** Proxied hosts: rate limited at the edge. */
    readonly rateLimited: readonly string[];
    /** Proxied hosts of load balancers: they get the tenant's origin secret. */
    readonly originLocked: readonly string[];
    /** Proxied Vercel hosts: Vercel's paths bypass the cache, and ACME stays out of the rate limit. */
    readonly vercelProxied: readonly string[];
}

export function zoneShareOf(edge: EdgeModel, hosts: readonly EdgeHost[]): ZoneShare {
    const proxied = hosts.filter((h) => h.proxied);
    return {
        zoneId: edge.zoneId,
        zone: edge.zone,
        plan: edge.plan,
        rateLimit: edge.rateLimit,
        rateLimitPerMinute: edge.rateLimitPerMinute,
        rateLimited: proxied.map((h) => h.domain),
        originLocked: proxied.filter((h) => h.platform === "aws").map((h) => h.domain),
        vercelProxied: proxied.filter((h) => h.platform === "vercel").map((h) => h.domain),
    };
}

const inZone = (host: string, zone: string) => host === zone || host.endsWith(`.${zone}`);
const stringList = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;

/**
 * A tenant's exported share as the owner may use it: nothing when it is absent (the tenant has not run
 * `up` yet) or is not a share of this zone, and only hosts under the zone that nobody else serves.
 * `claimed` holds the hosts already served (the owner's, earlier tenants'); it grows by what is accepted.
 */
export function readZoneShare(
    stack: string,
    value: unknown,
    owner: EdgeModel,
    claimed: Set<string>,
): { share?: ZoneShare; notes: string[] } {
    const record = asRecord(value);
    if (value === undefined || value === null)
        return {
            notes: [
                `${stack} exports no ${ZONE_SHARE_OUTPUT} yet: its hosts get their rules at this stack's first up after ${stack}'s`,
            ],
        };
    const rateLimit = asRecord(record?.rateLimit);
    const lists = ["rateLimited", "originLocked", "vercelProxied"].map((k) =>
        stringList(record?.[k]),
    );
    if (
        !record ||
        !rateLimit ||
        lists.some((l) => l === undefined) ||
        typeof record.rateLimitPerMinute !== "number" ||
        !["periodSeconds", "requestsPerPeriod", "mitigationSeconds"].every(
            (k) => typeof rateLimit[k] === "number",
        )
    )
        return { notes: [`${stack}'s ${ZONE_SHARE_OUTPUT} is not a zone share; ignored`] };
    if (record.zoneId !== owner.zoneId)
        return {
            notes: [
                `${stack} shares zone ${describeValue(record.zoneId)}, not this stack's ${owner.zoneId} (${owner.zone}); ignored`,
            ],
        };
    const notes: string[] = [];
    const accepted = new Set<string>();
    for (const host of new Set(lists.flat() as string[])) {
        if (!inZone(host, owner.zone))
            notes.push(`${stack}: ${host} is not in ${owner.zone}; ignored`);
        else if (claimed.has(host))
            notes.push(`${stack}: ${host} is served by another stack on the zone; ignored`);
        else accepted.add(host);
    }
    for (const host of accepted) claimed.add(host);
    const keep = (list: string[] | undefined) => (list ?? []).filter((h) => accepted.has(h));
    return {
        share: {
            zoneId: owner.zoneId,
            zone: owner.zone,
            plan: owner.plan,
            rateLimit: {
                matchesHost: owner.rateLimit.matchesHost,
                periodSeconds: Number(rateLimit.periodSeconds),
                requestsPerPeriod: Number(rateLimit.requestsPerPeriod),
                mitigationSeconds: Number(rateLimit.mitigationSeconds),
            },
            rateLimitPerMinute: Number(record.rateLimitPerMinute),
            rateLimited: keep(lists[0]),
            originLocked: keep(lists[1]),
            vercelProxied: keep(lists[2]),
        },
        notes,
    };
}

/** One rate limiting rule of the owner's ruleset: a limit and the hosts it covers. */
export interface RateLimitRule {
    readonly limit: EdgeRateLimit;
    /** The limit of the stack that made the rule, in requests a minute. */
    readonly perMinute: number;
    readonly hosts: readonly string[];
    readonly stacks: readonly string[];
    /** A Vercel host is among them: ACME stays out of the limit. */
    readonly vercel: boolean;
}

export interface ZoneRules {
    readonly rateLimits: readonly RateLimitRule[];
    /** One origin-secret rule per stack with load balancers: whose secret, on which hosts. */
    readonly origins: readonly { readonly stack: string; readonly hosts: readonly string[] }[];
    readonly vercelHosts: readonly string[];
    readonly notes: readonly string[];
}

const sameLimit = (a: EdgeRateLimit, b: EdgeRateLimit) =>
    a.periodSeconds === b.periodSeconds &&
    a.requestsPerPeriod === b.requestsPerPeriod &&
    a.mitigationSeconds === b.mitigationSeconds;

/**
 * The owner's rules for the whole zone: its own and each tenant's. Tenants with the same limit share a
 * rule; a distinct limit gets a rule of its own while the zone's plan has room (`CLOUDFLARE_RATE_LIMITS`
 * `.rules`), and otherwise its hosts join the owner's rule, so no host goes unlimited.
 */
export function zoneRules(
    owner: { readonly stack: string; readonly share: ZoneShare },
    tenants: readonly { readonly stack: string; readonly share: ZoneShare }[],
): ZoneRules {
    const all = [owner, ...tenants];
    const notes: string[] = [];
    const plan = owner.share.plan;
    const room = CLOUDFLARE_RATE_LIMITS[plan].rules;
    const rules: {
        limit: EdgeRateLimit;
        perMinute: number;
        hosts: string[];
        stacks: string[];
        vercel: boolean;
    }[] = [];
    for (const { stack, share } of all) {
        if (share.rateLimited.length === 0) continue;
        const vercel = share.vercelProxied.length > 0;
        // Free matches on the path only: the owner's one rule already covers every host of the zone.
        let rule = owner.share.rateLimit.matchesHost
            ? rules.find((r) => sameLimit(r.limit, share.rateLimit))
            : rules[0];
        const full = !rule && rules.length >= room;
        if (full) {
            rule = rules[0];
            notes.push(
                `${stack}: the ${plan} plan allows ${room} rate limiting rule(s); its hosts share ${rule.stacks[0]}'s limit`,
            );
        }
        if (!rule) {
            rules.push({
                limit: share.rateLimit,
                perMinute: share.rateLimitPerMinute,
                hosts: [...share.rateLimited],
                stacks: [stack],
                vercel,
            });
            continue;
        }
        if (!full && !sameLimit(rule.limit, share.rateLimit))
            notes.push(
                `${stack}: the ${plan} plan matches paths only; ${rule.stacks[0]}'s rule limits its hosts`,
            );
        rule.hosts.push(...share.rateLimited);
        rule.stacks.push(stack);
        rule.vercel ||= vercel;
    }
    return {
        rateLimits: rules,
        origins: all
            .filter(({ share }) => share.originLocked.length > 0)
            .map(({ stack, share }) => ({ stack, hosts: share.originLocked })),
        vercelHosts: all.flatMap(({ share }) => share.vercelProxied),
        notes,
    };
}

/** How the plan words the zone's ownership. */
export function ownershipLine(edge: EdgeModel & { ownership: ZoneOwnership }): string {
    return edge.ownership.role === "owner"
        ? `zone ${edge.zone}: this stack owns its rulesets${edge.ownership.tenants.length > 0 ? `, carrying ${quoteList(edge.ownership.tenants)}` : ""}`
        : `zone ${edge.zone}: owned by stack ${edge.ownership.owner}, whose rulesets carry this stack's hosts`;
}

/**
 * The hosts the program serves at the edge, from the model alone: what `buildServices` records (an aws
 * service's load balancer needs public subnets; a Vercel project's domain is a record). The offline plan
 * reads a tenant's share from its stack file with it; `test/plan/zoneShare.test.ts` holds it to the
 * tenant's planned records.
 */
export function edgeHostsOf(model: {
    readonly services: Readonly<
        Record<
            string,
            {
                readonly platform: "aws" | "vercel";
                readonly public: boolean;
                readonly proxied: boolean;
                readonly domain?: string;
            }
        >
    >;
    readonly network?: { readonly publicSubnetIds?: readonly string[] };
}): EdgeHost[] {
    return Object.values(model.services).flatMap((s) =>
        s.public &&
        s.domain !== undefined &&
        (s.platform === "vercel" || model.network?.publicSubnetIds !== undefined)
            ? [{ domain: s.domain, proxied: s.proxied, platform: s.platform }]
            : [],
    );
}
