/**
 * Adopting an existing system: the stack file marks what already exists (a Vercel project and its domain,
 * DNS records, the zone's entry-point rulesets) with the ids the providers import by, and the plan writes
 * the `pulumi import --file` document for exactly those (`tools/importFile.ts`). Pure.
 */
import { z } from "zod";
import { asRecord, ConfigError, describeValue, joinPath, quoteList } from "./errors";

/** The zone entry-point phases the edge creates a ruleset in (`components/edge/edge.ts`). */
export const EDGE_RULESET_PHASES = [
    "http_ratelimit",
    "http_request_late_transform",
    "http_request_cache_settings",
] as const;
export type EdgeRulesetPhase = (typeof EDGE_RULESET_PHASES)[number];

/** Cloudflare's ids (zone, record, ruleset) are 32 hex characters. */
const cloudflareId = z
    .string()
    .regex(/^[0-9a-f]{32}$/, { message: "expected a 32-character hex Cloudflare id" });

export const adoptSchema = z.strictObject({
    /** Existing Vercel projects by service: the project id (`prj_…`), its team, whether its domain is attached. */
    vercelProjects: z
        .record(
            z.string(),
            z.strictObject({
                projectId: z
                    .string()
                    .regex(/^prj_[A-Za-z0-9]+$/, { message: "expected a project id, prj_…" }),
                /** The team that owns it (`team_…`); omit when the provider's team is the owner. */
                teamId: z
                    .string()
                    .regex(/^team_[A-Za-z0-9]+$/, { message: "expected a team id, team_…" })
                    .optional(),
                /** The service's domain is already attached to the project (default false). */
                domain: z.boolean().optional(),
            }),
        )
        .optional(),
    /** Existing DNS records of the zone, by hostname: the record id (`dns.zoneId` is their zone). */
    dnsRecords: z.record(z.string(), cloudflareId).optional(),
    /** The zone's existing entry-point rulesets, by phase (one of `EDGE_RULESET_PHASES`): the ruleset id. */
    rulesets: z.record(z.string(), cloudflareId).optional(),
});

export type AdoptInput = z.infer<typeof adoptSchema>;

export interface AdoptModel {
    readonly vercelProjects: Readonly<
        Record<string, { projectId: string; teamId?: string; domain: boolean }>
    >;
    readonly dnsRecords: Readonly<Record<string, string>>;
    readonly rulesets: Readonly<Partial<Record<EdgeRulesetPhase, string>>>;
}

export function toAdoptModel(input: AdoptInput | undefined): AdoptModel {
    return {
        vercelProjects: Object.fromEntries(
            Object.entries(input?.vercelProjects ?? {}).map(([name, p]) => [
                name,
                { projectId: p.projectId, teamId: p.teamId, domain: p.domain === true },
            ]),
        ),
        dnsRecords: input?.dnsRecords ?? {},
        rulesets: (input?.rulesets ?? {}) as AdoptModel["rulesets"],
    };
}

/** Each adopted thing must be one the stack describes: a vercel service, a service's domain, a zone. */
export function checkAdopt(raw: Record<string, unknown>): ConfigError[] {
    const adopt = asRecord(raw.adopt);
    if (!adopt) return [];
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(["adopt", ...path]), message });
    const services = asRecord(raw.services) ?? {};
    const vercel = Object.keys(services).filter(
        (name) => asRecord(services[name])?.platform === "vercel",
    );
    for (const [name, entry] of Object.entries(asRecord(adopt.vercelProjects) ?? {})) {
        if (!vercel.includes(name)) {
            error(
                ["vercelProjects", name],
                `${describeValue(name)} is not a vercel service of this stack; ${vercel.length > 0 ? `expected one of ${quoteList(vercel)}` : "it has none"}`,
            );
        } else if (
            asRecord(entry)?.domain === true &&
            asRecord(services[name])?.domain === undefined
        ) {
            error(
                ["vercelProjects", name, "domain"],
                `is true, but services.${name} has no domain to adopt; remove it or set the domain`,
            );
        }
    }
    const dns = asRecord(raw.dns);
    const domains = Object.values(services)
        .map((s) => asRecord(s)?.domain)
        .filter((d): d is string => typeof d === "string");
    for (const host of Object.keys(asRecord(adopt.dnsRecords) ?? {})) {
        if (!dns) error(["dnsRecords"], "needs dns (the zone the records are in)");
        else if (!domains.includes(host))
            error(
                ["dnsRecords", host],
                `${describeValue(host)} is not a service domain of this stack; expected one of ${quoteList(domains)}`,
            );
    }
    const phases = Object.keys(asRecord(adopt.rulesets) ?? {});
    if (!dns && phases.length > 0)
        error(["rulesets"], "needs dns (the zone the rulesets belong to)");
    for (const phase of phases.filter(
        (p) => !(EDGE_RULESET_PHASES as readonly string[]).includes(p),
    ))
        error(
            ["rulesets", phase],
            `is not a phase opsbook creates a ruleset in; expected one of ${quoteList([...EDGE_RULESET_PHASES])}`,
        );
    return errors;
}
