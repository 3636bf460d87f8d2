/**
 * Loads `opsbook:system` into a typed SystemModel. Never throws on user input: it returns every problem at
 * once, each with its config path, the bad value (never a secret) and what is allowed.
 */
import { checkAdopt, toAdoptModel } from "./adopt";
import { checkPromotion, toPromotionModel } from "./promotion";
import { SECRET_CLASSES, SecretClass, ORIGIN_SECRET_HEADER, ORIGIN_SECRET_NAME } from "./rules";
import { asRecord, CONFIG_NAMESPACE, dedupe, describeValue, SYSTEM_KEY } from "./errors";
import { databaseAccess, toBucketModel, toDatabaseModel } from "./data";
import { checkData } from "./dataChecks";
import { checkAlertRoutes } from "./routeChecks";
import { checkServices, toEdgeModel, toServiceModel } from "./services";
import { checkJobs, toJobModel } from "./jobs";
import { checkWaiverDates, toWaiver } from "./waivers";
import { checkAwsRegion } from "./region";
import { checkCloudNames } from "./cloudNames";
import { checkQueues } from "./queues";
import { toFlagModels } from "./flags";
import { checkFlags } from "./flagChecks";
import { checkRedis, toRedisModel } from "./redis";
import { checkVariableOwners } from "./variables";
import { variableSources } from "./variableSources";
import { parseParts } from "./parts";
import { toEnvEntry } from "./env";
import { checkEnvironment, resolveEnvironmentRules } from "./environment";
import { scanStackStrings } from "./secretScan";
import { formatIssue } from "./issues";
import { checkReferencesAndRules } from "./crossChecks";
import { dateList, periodHistory } from "./secretChecks";
import { systemSchema } from "./schema";

export { CONFIG_NAMESPACE, SYSTEM_KEY, describeValue } from "./errors";
export type { ConfigError } from "./errors";
export { checkFormerPeriods, periodHistory } from "./secretChecks";

export type { ServiceModel } from "./services";

export type {
    ConfigView,
    EnvEntry,
    LoadOptions,
    LoadResult,
    SecretModel,
    SystemModel,
} from "./types";
import type { LoadOptions, LoadResult, SecretModel, SystemModel } from "./types";

/** Validates and normalises `opsbook:system`. */
/** The generated credential a data store owns (login users, an AUTH token), rotated on its class's scheme. */
function storeCredential(
    credential: Pick<
        SecretModel,
        "name" | "periodDays" | "formerPeriods" | "consumers" | "description" | "owner"
    > & {
        readonly class: "database-credential" | "redis-auth-token";
        readonly delivery: "database" | "redis";
    },
): SecretModel {
    return {
        ...credential,
        kind: "generated",
        scheme: SECRET_CLASSES[credential.class].scheme,
        earlyRotations: [],
    };
}

export function loadSystem(raw: unknown, options: LoadOptions): LoadResult {
    if (raw === undefined) {
        return {
            ok: false,
            errors: [
                {
                    path: SYSTEM_KEY,
                    message:
                        "is not set; describe the system in Pulumi.<stack>.yaml under config: opsbook:system",
                },
            ],
        };
    }
    const parsed = systemSchema.safeParse(raw, { reportInput: true });
    const errors = parsed.success ? [] : parsed.error.issues.flatMap(formatIssue);
    const rawRecord = asRecord(raw);
    if (!rawRecord) {
        return {
            ok: false,
            errors: [
                {
                    path: SYSTEM_KEY,
                    message: `${describeValue(raw)} is not allowed; expected an object with services, secrets and env`,
                },
            ],
        };
    }
    // The cross-entry checks read the parts that parsed, typed (model/parts.ts).
    const parts = parseParts(rawRecord);
    errors.push(
        ...checkAwsRegion(options.awsRegion),
        ...checkCloudNames(parts),
        ...checkReferencesAndRules(parts, options),
        ...checkData(parts),
        ...checkRedis(parts),
        ...checkServices(parts),
        ...checkAlertRoutes(parts, options.alertEndpoint ?? (() => undefined)),
        ...checkServices(parts, options.stack),
        ...checkQueues(parts),
        ...checkJobs(parts),
        ...checkFlags(parts),
        ...checkEnvironment(parts),
        ...checkPromotion(rawRecord),
        ...checkAdopt(rawRecord),
        ...checkWaiverDates(rawRecord, options.now),
        // Credentials by value, anywhere in the file (model/secretScan.ts).
        ...scanStackStrings(rawRecord),
        // One owner per variable (model/variables.ts): the only collision check.
        ...checkVariableOwners(variableSources(parts)),
    );
    if (!parsed.success || errors.length > 0) {
        return { ok: false, errors: dedupe(errors) };
    }
    const input = parsed.data;
    const environment = input.environment ?? "production";
    const rules = resolveEnvironmentRules(environment, input.environmentRules);
    const services = Object.fromEntries(
        Object.entries(input.services).map(([name, s]) => [name, toServiceModel(name, s, rules)]),
    );
    const secrets = Object.fromEntries(
        Object.entries(input.secrets ?? {}).map(([name, s]) => {
            const secretClass = s.class as SecretClass;
            const rule = SECRET_CLASSES[secretClass];
            const model: SecretModel = {
                name,
                kind: s.kind,
                class: secretClass,
                ...periodHistory(s.periodDays, s.formerPeriods, rule),
                scheme: rule.scheme,
                rotatedAt: s.rotatedAt,
                earlyRotations: dateList("promotion" in rule ? (s.promotions ?? []) : s.rotateNow),
                ...("promotion" in rule ? { promotedOnly: true } : {}),
                retiredThrough: s.retiredThrough,
                consumers: s.consumers ?? [],
                configKey: s.kind === "vendor" ? `${CONFIG_NAMESPACE}:${name}` : undefined,
                description: s.description,
                waiver: toWaiver(s.waiver, ["secrets", name]),
                owner: name,
                delivery: "env",
            };
            return [name, model];
        }),
    );
    const access = databaseAccess(input.databases ?? {});
    const databases = Object.fromEntries(
        Object.entries(input.databases ?? {}).map(([name, d]) => [
            name,
            toDatabaseModel(name, d, access[name], rules),
        ]),
    );
    // Each database's login passwords rotate like any generated secret, and show in the calendar.
    for (const database of Object.values(databases)) {
        secrets[database.credentialSecret] = storeCredential({
            name: database.credentialSecret,
            class: "database-credential",
            periodDays: database.credentialPeriodDays,
            formerPeriods: database.credentialFormerPeriods,
            consumers: database.consumers,
            description: `login users of database ${database.name}`,
            owner: `db-${database.name}-credential`,
            delivery: "database",
        });
    }
    // Each Redis's AUTH token rotates the same way (two accepted tokens, like the two login users).
    const redis = Object.fromEntries(
        Object.entries(input.redis ?? {}).map(([name, r]) => [name, toRedisModel(name, r)]),
    );
    for (const entry of Object.values(redis)) {
        secrets[entry.tokenSecret] = storeCredential({
            name: entry.tokenSecret,
            class: "redis-auth-token",
            periodDays: entry.tokenPeriodDays,
            formerPeriods: entry.tokenFormerPeriods,
            consumers: entry.consumers,
            description: `AUTH token of redis ${entry.name}`,
            owner: `redis-${entry.name}-token`,
            delivery: "redis",
        });
    }
    // The edge proves a request came through it with a rotating origin secret, when a load balancer is
    // behind a proxied record: the program generates it, like the login passwords.
    if (
        input.dns &&
        Object.values(services).some((s) => s.platform === "aws" && s.public && s.proxied)
    ) {
        const rule = SECRET_CLASSES["origin-secret"];
        secrets[ORIGIN_SECRET_NAME] = {
            name: ORIGIN_SECRET_NAME,
            kind: "generated",
            class: "origin-secret",
            ...periodHistory(undefined, undefined, rule),
            scheme: rule.scheme,
            earlyRotations: [],
            consumers: [],
            description: `sent by Cloudflare as ${ORIGIN_SECRET_HEADER}, checked by the load balancers`,
            owner: ORIGIN_SECRET_NAME,
            delivery: "edge",
        };
    }
    const domains = Object.fromEntries(
        Object.entries(input.services).map(([name, s]) => [name, s.domain]),
    );
    const buckets = Object.fromEntries(
        Object.entries(input.buckets ?? {}).map(([name, b]) => [
            name,
            toBucketModel(name, b, domains),
        ]),
    );
    const env = Object.fromEntries(
        Object.entries(input.env ?? {}).map(([service, variables]) => [
            service,
            Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, toEnvEntry(v)])),
        ]),
    );
    const routes = input.alerts?.routes ?? {};
    return {
        ok: true,
        model: {
            environment,
            rules,
            protect: rules.deletionProtection,
            network: input.network,
            cloudflare: input.cloudflare,
            databases,
            buckets,
            redis,
            services,
            edge: input.dns ? toEdgeModel(input.dns) : undefined,
            // Each route's fields per protocol were checked above (model/routes.ts). Without a paging route
            // (allowed outside production: rule criticalToChat), critical alarms go where warnings go.
            alertRoutes: (routes.critical === undefined && rules.criticalToChat && routes.warning
                ? { ...routes, critical: routes.warning }
                : routes) as SystemModel["alertRoutes"],
            secrets,
            incidents: input.rotation?.incidents ?? [],
            env,
            jobs: Object.fromEntries(
                Object.entries(input.jobs ?? {}).map(([name, j]) => [
                    name,
                    toJobModel(name, j, services),
                ]),
            ),
            flags: toFlagModels(
                input.flags ?? {},
                Object.fromEntries(Object.values(services).map((s) => [s.name, s.platform])),
            ),
            promotion: toPromotionModel(input.promotion),
            adopt: toAdoptModel(input.adopt),
        },
    };
}
