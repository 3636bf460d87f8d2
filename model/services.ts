/**
 * Services, the edge and alert routing in the model: defaults from the rules, per-service thresholds
 * (overridable only toward stricter), and the checks that span entries. Pure.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import type { Parts } from "./parts";
import {
    ALERT_RULES,
    AlertRule,
    AlertRuleId,
    CLOUDFLARE_RATE_LIMITS,
    CloudflarePlan,
    DEFAULT_CONTAINER_PORT,
    DEFAULT_RATE_LIMIT_PER_MINUTE,
    RATE_LIMIT_MITIGATION_SECONDS,
    RATE_LIMIT_PERIOD_SECONDS,
    RATE_LIMIT_PERIODS_SECONDS,
    RATE_LIMIT_TIMEOUTS_SECONDS,
    DEFAULT_MAX_TASKS_FACTOR,
    DEFAULT_MIN_TASKS,
    DEFAULT_TASK_CPU,
    DEFAULT_TASK_MEMORY,
    isStricter,
    EnvironmentRules,
    Severity,
} from "./rules";
import { QueueModel, toQueueModels } from "./queues";
import { ServiceInput, SystemInput, WaiverInput } from "./schema";

type DnsInput = NonNullable<SystemInput["dns"]>;
import { checkZoneOwnership, toZoneOwnership } from "./zoneShare";
import type { EdgeModel, EdgeRateLimit } from "./edgeTypes";
import { CommandModel, toCommand } from "./command";
import { looserMessage, toWaiver, Waiver, waivedValue } from "./waivers";

type WaivableInput = number | { value: number; waiver: WaiverInput };

export interface ServiceModel {
    readonly name: string;
    readonly platform: "vercel" | "aws";
    readonly role: "web" | "api" | "worker";
    readonly domain?: string;
    readonly healthPath?: string;
    /** Has a domain and a health path: gets DNS, a health check and, on AWS, a load balancer. */
    readonly public: boolean;
    /**
     * Behind Cloudflare's proxy when the stack has a zone: always for aws (the load balancer then admits
     * only the edge), opt-in for vercel (Vercel advises against a proxy in front of it).
     */
    readonly proxied: boolean;
    /** The emergency pause: no tasks, a 503 at the load balancer, alarms silenced. */
    readonly paused: boolean;
    readonly repository?: string;
    /** vercel: the project's name when the stack file keeps one (default `<service>-<stack>`). */
    readonly projectName?: string;
    /** vercel */
    readonly framework: string;
    readonly productionBranch: string;
    /** aws */
    readonly imageTag?: string;
    readonly port: number;
    /** The container's command (exec or shell form); undefined runs the image's CMD. */
    readonly command?: CommandModel;
    /** Run to completion before the service's container starts (migrations). */
    readonly release?: CommandModel;
    readonly cpu: number;
    readonly memory: number;
    readonly minTasks: number;
    readonly maxTasks: number;
    readonly logRetentionDays: number;
    /** Every alert threshold for this service: the rule's, a stricter override, or a waived looser one. */
    readonly thresholds: Readonly<Record<AlertRuleId, number>>;
    /** The waivers of looser thresholds, by rule. */
    readonly waivers: Readonly<Partial<Record<AlertRuleId, Waiver>>>;
    /** aws: the queues it works, each watched through the metrics its worker publishes. */
    readonly queues: readonly QueueModel[];
}

export type { AlertRoute } from "./routes";

export type { EdgeModel, EdgeRateLimit } from "./edgeTypes";

/**
 * The runbook's limit on the zone's plan: on Free a 10 s period (the per-minute limit converted, rounded
 * up so no client the runbook allows is blocked) and a 10 s timeout, matched on the path; on higher plans
 * the runbook's numbers (or the stack's, where the plan allows them), matched on the hosts.
 */
export function edgeRateLimit(input: {
    plan: CloudflarePlan;
    rateLimitPerMinute?: number;
    rateLimitPeriodSeconds?: number;
    rateLimitMitigationSeconds?: number;
}): EdgeRateLimit {
    const limits = CLOUDFLARE_RATE_LIMITS[input.plan];
    const perMinute = input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    const periodSeconds =
        input.rateLimitPeriodSeconds ??
        Math.min(RATE_LIMIT_PERIOD_SECONDS, limits.maxPeriodSeconds);
    return {
        matchesHost: limits.hostField,
        periodSeconds,
        requestsPerPeriod: Math.ceil((perMinute * periodSeconds) / 60),
        mitigationSeconds:
            input.rateLimitMitigationSeconds ??
            Math.min(RATE_LIMIT_MITIGATION_SECONDS, limits.maxMitigationSeconds),
    };
}

export const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384];

export function toServiceModel(
    name: string,
    input: ServiceInput,
    rules: Pick<EnvironmentRules, "logRetentionDays">,
): ServiceModel {
    const overrides = (input.alerts ?? {}) as Record<string, WaivableInput | undefined>;
    const waivers: Partial<Record<AlertRuleId, Waiver>> = {};
    for (const [id, rule] of Object.entries(ALERT_RULES) as [AlertRuleId, AlertRule][]) {
        const override = rule.override ? overrides[rule.override] : undefined;
        const waiver =
            typeof override === "object"
                ? toWaiver(override.waiver, ["services", name, "alerts", rule.override!])
                : undefined;
        if (waiver) waivers[id] = waiver;
    }
    const thresholds = Object.fromEntries(
        (Object.entries(ALERT_RULES) as [AlertRuleId, AlertRule][]).map(([id, rule]) => [
            id,
            (rule.override && waivedValue(overrides[rule.override])?.value) ?? rule.threshold,
        ]),
    ) as Record<AlertRuleId, number>;
    const minTasks = input.minTasks ?? DEFAULT_MIN_TASKS[input.role];
    return {
        name,
        platform: input.platform,
        role: input.role,
        domain: input.domain,
        healthPath: input.healthPath,
        public: input.domain !== undefined && input.healthPath !== undefined,
        proxied: input.platform === "aws" ? input.domain !== undefined : input.proxied === true,
        paused: input.paused === true,
        repository: input.repository,
        projectName: input.projectName,
        framework: input.framework ?? "nextjs",
        productionBranch: input.productionBranch ?? "main",
        imageTag: input.imageTag,
        port: input.port ?? DEFAULT_CONTAINER_PORT,
        command: toCommand(input.command),
        release: toCommand(input.release),
        cpu: input.cpu ?? DEFAULT_TASK_CPU,
        memory: input.memory ?? DEFAULT_TASK_MEMORY,
        minTasks,
        maxTasks: input.maxTasks ?? minTasks * DEFAULT_MAX_TASKS_FACTOR,
        logRetentionDays: input.logRetentionDays ?? rules.logRetentionDays,
        thresholds,
        waivers,
        queues: toQueueModels(name, input.queues),
    };
}

/** The image an aws service runs, `<repository>:<tag>`: the tag is config, so a rollback is a one-line change. */
export function imageReference(service: Pick<ServiceModel, "repository" | "imageTag">): string {
    return `${service.repository}:${service.imageTag}`;
}

/** The per-client limit of a Vercel Firewall rate limiting rule. */
export interface VercelFirewallLimit {
    readonly perMinute: number;
    readonly mitigationSeconds: number;
}

/**
 * The limit the Vercel Firewall enforces for a public Vercel service that Cloudflare does not front (the
 * stack has no zone, or the service is not proxied): the runbook's, or the zone's `rateLimitPerMinute`.
 * Undefined for any other service: the zone's rule limits it, or it is not public, or it is not on Vercel.
 */
export function vercelFirewallLimit(
    service: ServiceModel,
    edge: EdgeModel | undefined,
): VercelFirewallLimit | undefined {
    if (service.platform !== "vercel" || !service.public || (service.proxied && edge))
        return undefined;
    return {
        perMinute: edge?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        mitigationSeconds: RATE_LIMIT_MITIGATION_SECONDS,
    };
}

export function toEdgeModel(input: {
    zoneId: string;
    zone: string;
    plan: CloudflarePlan;
    rateLimitPerMinute?: number;
    rateLimitPeriodSeconds?: number;
    rateLimitMitigationSeconds?: number;
    owner?: unknown;
    tenants?: unknown;
}): EdgeModel {
    return {
        ownership: toZoneOwnership(input),
        zoneId: input.zoneId,
        zone: input.zone,
        plan: input.plan,
        rateLimitPerMinute: input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        rateLimit: edgeRateLimit(input),
    };
}

/** What the zone's plan refuses of `dns`: each path, the plan and what the plan allows. */
function checkEdge(dns: Partial<DnsInput>): ConfigError[] {
    const errors: ConfigError[] = [];
    const plan = dns.plan;
    if (plan === undefined) return errors;
    const limits = CLOUDFLARE_RATE_LIMITS[plan];
    const where = `Cloudflare's ${plan} plan`;
    const period = dns.rateLimitPeriodSeconds;
    if (period !== undefined) {
        const allowed = RATE_LIMIT_PERIODS_SECONDS.filter((p) => p <= limits.maxPeriodSeconds);
        if (!allowed.includes(period as (typeof allowed)[number])) {
            errors.push({
                path: joinPath(["dns", "rateLimitPeriodSeconds"]),
                message: `${period} is not allowed on ${where} (opsbook:system.dns.plan); expected one of ${allowed.join(", ")} seconds`,
            });
        }
    }
    const timeout = dns.rateLimitMitigationSeconds;
    if (timeout !== undefined) {
        const allowed = RATE_LIMIT_TIMEOUTS_SECONDS.filter((t) => t <= limits.maxMitigationSeconds);
        if (!allowed.includes(timeout as (typeof allowed)[number])) {
            errors.push({
                path: joinPath(["dns", "rateLimitMitigationSeconds"]),
                message: `${timeout} is not allowed on ${where} (opsbook:system.dns.plan); expected one of ${allowed.join(", ")} seconds`,
            });
        }
    }
    return errors;
}

const AWS_ONLY = [
    "imageTag",
    "port",
    "command",
    "release",
    "cpu",
    "memory",
    "minTasks",
    "maxTasks",
    "logRetentionDays",
] as const;
const VERCEL_ONLY = ["framework", "productionBranch", "projectName"] as const;

/** Cross-entry rules for services, `dns` and `alerts`, over the parts that parsed (model/parts.ts). */
export function checkServices(parts: Parts, stack?: string): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const dns = parts.dns;
    if (dns) errors.push(...checkEdge(dns), ...checkZoneOwnership(dns, stack));
    for (const [name, service] of Object.entries(parts.services)) {
        const written = (key: keyof ServiceInput) => parts.written(["services", name, key]);
        const platform = service.platform;
        if (platform !== undefined && !written("repository")) {
            error(
                ["services", name, "repository"],
                platform === "aws"
                    ? "is required: the container image repository, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/api"
                    : "is required: the GitHub repository Vercel deploys, e.g. acme/web",
            );
        }
        if (platform === "aws" && !written("imageTag")) {
            error(
                ["services", name, "imageTag"],
                "is required: the image tag to run, e.g. a release or commit sha (a rollback is a change of it)",
            );
        }
        for (const key of platform === "vercel"
            ? AWS_ONLY
            : platform === "aws"
              ? VERCEL_ONLY
              : []) {
            if (written(key))
                error(
                    ["services", name, key],
                    `is for ${platform === "vercel" ? "aws" : "vercel"} services only; remove it`,
                );
        }
        if (service.cpu !== undefined && !FARGATE_CPU.includes(service.cpu)) {
            error(
                ["services", name, "cpu"],
                `${service.cpu} is not a Fargate size; expected one of ${FARGATE_CPU.join(", ")}`,
            );
        }
        const cpu = service.cpu ?? DEFAULT_TASK_CPU;
        if (
            platform === "aws" &&
            service.memory !== undefined &&
            (service.memory < cpu * 2 || service.memory > cpu * 8)
        ) {
            error(
                ["services", name, "memory"],
                `${service.memory} MiB does not fit ${cpu} CPU units on Fargate; expected ${cpu * 2} to ${cpu * 8}`,
            );
        }
        if (
            service.minTasks !== undefined &&
            service.maxTasks !== undefined &&
            service.maxTasks < service.minTasks
        ) {
            error(
                ["services", name, "maxTasks"],
                `${service.maxTasks} is less than minTasks ${service.minTasks}`,
            );
        }
        const overrides: Readonly<Record<string, unknown>> = service.alerts ?? {};
        for (const [id, rule] of Object.entries(ALERT_RULES) as [AlertRuleId, AlertRule][]) {
            const input = rule.override ? waivedValue(overrides[rule.override]) : undefined;
            if (!input) continue;
            const path = ["services", name, "alerts", rule.override!];
            if (!input.waiver && !isStricter(rule, input.value)) {
                error(
                    path,
                    looserMessage(input.value, rule.threshold, id, rule.direction, "a service"),
                );
            } else if (input.waiver && isStricter(rule, input.value)) {
                error(
                    [...path, "waiver"],
                    `waives nothing: ${input.value} is not looser than the runbook's ${rule.threshold} (${id}); write ${rule.override}: ${input.value} and remove the waiver`,
                );
            }
        }
        // Overrides that did not parse are overrides too (the schema words their shape).
        const overridden = service.alerts
            ? Object.keys(service.alerts).length > 0
            : written("alerts");
        if (overridden && platform === "vercel") {
            error(
                ["services", name, "alerts"],
                "is for aws services: Vercel's metrics are not in CloudWatch; only the health check applies",
            );
        }
        if (written("paused") && platform === "vercel") {
            error(
                ["services", name, "paused"],
                "is for aws services: a Vercel project cannot be scaled to zero; use Vercel's deployment protection or remove the domain",
            );
        }
        if (written("proxied") && platform !== "vercel") {
            error(
                ["services", name, "proxied"],
                "is for vercel services only: an aws service with a domain is always behind the edge",
            );
        } else if (service.proxied === true && !dns) {
            error(
                ["services", name, "proxied"],
                "needs opsbook:system.dns: there is no Cloudflare zone to proxy through",
            );
        }
        if (
            dns?.zone !== undefined &&
            service.domain !== undefined &&
            service.domain !== dns.zone &&
            !service.domain.endsWith(`.${dns.zone}`)
        ) {
            error(
                ["services", name, "domain"],
                `${describeValue(service.domain)} is not in the zone ${describeValue(dns.zone)}; expected a name under it`,
            );
        }
    }
    for (const [severity, list] of Object.entries(parts.alerts?.routes ?? {})) {
        (list ?? []).forEach((route, index) => {
            const name = route.endpointSecret;
            if (name === undefined) return;
            const secret = parts.secrets[name];
            const path = ["alerts", "routes", severity, index, "endpointSecret"];
            if (!parts.names.secrets.includes(name))
                error(
                    path,
                    `${describeValue(name)} is not a secret; declare it in secrets with class "alert-endpoint"`,
                );
            else if (secret?.class !== undefined && secret.class !== "alert-endpoint")
                error(
                    path,
                    `${describeValue(name)} is of class ${describeValue(secret.class)}; expected "alert-endpoint"`,
                );
            else if ((secret?.consumers ?? []).length > 0)
                error(
                    ["secrets", name, "consumers"],
                    `must be empty: ${name} is an alert endpoint, not a service's variable`,
                );
        });
    }
    const awsServices = Object.entries(parts.services)
        .filter(([, s]) => s.platform === "aws")
        .map(([n]) => n);
    if (awsServices.length > 0 && !parts.written(["network"])) {
        error(["network"], `is required: ${quoteList(awsServices)} run on ECS in the VPC`);
    }
    const publicAws = Object.entries(parts.services)
        .filter(([n, s]) => s.platform === "aws" && parts.written(["services", n, "domain"]))
        .map(([n]) => n);
    if (publicAws.length > 0 && parts.network && !parts.written(["network", "publicSubnetIds"])) {
        error(
            ["network", "publicSubnetIds"],
            `is required: ${quoteList(publicAws)} is public and its load balancer runs in public subnets`,
        );
    }
    return errors;
}

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "warning", "info"];
