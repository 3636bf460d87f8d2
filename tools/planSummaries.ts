/** The plan's summaries of the model: services, their edge, and databases, as the program builds them. */
import type { CalendarEntry } from "../model/calendar";
import { loginUser, ownerRole, readonlyRole } from "../model/data";
import { accessSummary } from "../model/access";
import type { SystemModel } from "../model/load";
import { userOfGeneration } from "../model/rotation";
import { ORIGIN_SECRET_HEADER } from "../model/rules";
import { imageReference, ServiceModel, vercelFirewallLimit } from "../model/services";
import type { DatabaseSummary, ServiceSummary } from "./planTypes";

/** The services as the plan lists them: what runs where, how many, and what the edge enforces. */
export function serviceSummaries(model: SystemModel): ServiceSummary[] {
    return Object.values(model.services).map((s) => ({
        name: s.name,
        platform: s.platform,
        role: s.role,
        domain: s.domain ?? null,
        healthPath: s.healthPath ?? null,
        source: s.platform === "aws" ? imageReference(s) : (s.repository ?? null),
        release: s.release ?? null,
        command: s.command ?? null,
        tasks:
            s.platform === "aws"
                ? s.paused
                    ? `PAUSED (0; ${s.minTasks}-${s.maxTasks} when resumed)`
                    : `${s.minTasks}-${s.maxTasks}`
                : null,
        paused: s.paused,
        edge: s.public ? edgeSummary(s, model) : null,
    }));
}

/** The databases as the program builds them: roles, users and which one is current. */
export function databaseSummaries(
    model: SystemModel,
    calendar: readonly CalendarEntry[],
): DatabaseSummary[] {
    return Object.values(model.databases).map((db) => {
        const generation =
            calendar.find((entry) => entry.name === db.credentialSecret)?.generation ?? 0;
        const slot = userOfGeneration(generation);
        return {
            name: db.name,
            kind: db.kind,
            dbName: db.dbName,
            ownerRole: ownerRole(db.dbName),
            loginUsers: [loginUser(db.dbName, "a"), loginUser(db.dbName, "b")],
            currentUser: loginUser(db.dbName, slot),
            readonlyRole: readonlyRole(db.dbName),
            consumers: db.consumers,
            connectionLimitPerUser: db.connectionLimits.appUser,
            maxConnections: db.connectionLimits.max,
            protected: model.protect,
            access: accessSummary(db),
        };
    });
}

/** What the edge enforces for a public service: proxy, rate limit (as the plan shapes it), origin lock. */
export function edgeSummary(service: ServiceModel, model: SystemModel): string {
    const edge = model.edge;
    if (!edge || !service.proxied) {
        const dns = edge ? "DNS only" : "DNS elsewhere";
        const firewall = vercelFirewallLimit(service, edge);
        return firewall
            ? `${dns}; Vercel Firewall ${firewall.perMinute}/min per IP`
            : `${dns}; open to the world`;
    }
    const limit = edge.rateLimit;
    const parts = [
        `proxied (${edge.plan})`,
        `${limit.requestsPerPeriod}/${limit.periodSeconds}s per IP${limit.matchesHost ? "" : " (path rule)"}, blocked ${limit.mitigationSeconds}s`,
        service.platform === "aws"
            ? `origin: Cloudflare ranges + ${ORIGIN_SECRET_HEADER}`
            : "Vercel behind a proxy (advisory)",
    ];
    return parts.join("; ");
}
