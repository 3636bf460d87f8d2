/**
 * The edge's model types: the Cloudflare zone and who owns its rulesets. Their own module because both
 * `model/services.ts` (which builds them) and `model/zoneShare.ts` (which checks ownership, and which
 * services.ts calls) read them; with the types in either, the two import each other. Types only.
 */
import type { CloudflarePlan } from "./rules";

export type ZoneOwnership =
    | { readonly role: "owner"; readonly tenants: readonly string[] }
    | { readonly role: "tenant"; readonly owner: string };

export interface EdgeModel {
    readonly zoneId: string;
    readonly zone: string;
    readonly plan: CloudflarePlan;
    /** The runbook's per-client limit. */
    readonly rateLimitPerMinute: number;
    /** The rule as the zone's plan allows it (`edgeRateLimit`). */
    readonly rateLimit: EdgeRateLimit;
    /** Whether this stack writes the zone's rulesets or another stack's carry it (`model/zoneShare.ts`). */
    readonly ownership: ZoneOwnership;
}

/** A rate limiting rule shaped to the zone's plan. */
export interface EdgeRateLimit {
    /** Free matches on the path only; higher plans on the proxied hosts. */
    readonly matchesHost: boolean;
    readonly periodSeconds: number;
    readonly requestsPerPeriod: number;
    readonly mitigationSeconds: number;
}
