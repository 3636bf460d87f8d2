/**
 * The loaded model's types: what `loadSystem` returns and what the views over it read. Their own module so
 * that a file needing a type imports no loader (`model/load.ts` re-exports them for existing imports), and
 * the model's import graph stays acyclic (test/components/layout.test.ts). Types only.
 */
import type {
    Environment,
    EnvironmentRules,
    KeyScheme,
    RedisMaxmemoryPolicy,
    SecretClass,
    SecretKind,
} from "./rules";
import type { ConfigError } from "./errors";
import type { FormerPeriod, Incident } from "./rotation";
import type { BucketModel, DatabaseModel } from "./data";
import type { AlertRoute, EndpointLookup } from "./routes";
import type { EdgeModel } from "./edgeTypes";
import type { ServiceModel } from "./services";
import type { JobModel } from "./jobs";
import type { Waiver } from "./waivers";
import type { FlagModel } from "./flags";
import type { PromotionModel } from "./promotion";
import type { AdoptModel } from "./adopt";
import type { NetworkInput } from "./schema";

export interface SecretModel {
    readonly name: string;
    readonly kind: SecretKind;
    readonly class: SecretClass;
    /** The period in force now (generated) or the maximum age (vendor). */
    readonly periodDays: number;
    /** Earlier periods, oldest first: the schedule's history, so an edit never rotates. */
    readonly formerPeriods: readonly FormerPeriod[];
    /** How many values live at once and how consumers read them (`KEY_SCHEMES`). */
    readonly scheme: KeyScheme;
    readonly rotatedAt?: string;
    readonly earlyRotations: readonly string[];
    /** Published keys: rotated only by the recorded promotions (`earlyRotations` holds them). */
    readonly promotedOnly?: boolean;
    /** Key rings: keys of this generation and older are retired (their data was re-encrypted). */
    readonly retiredThrough?: number;
    readonly consumers: readonly string[];
    /** Vendor secrets: the secret config key holding the value (`opsbook:NAME`). */
    readonly configKey?: string;
    readonly description?: string;
    /** Vendor secrets: an acknowledged grace, so an overdue value is advisory until `until`. */
    readonly waiver?: Waiver;
    /** The name of the component holding its generated values (`RotatingSecret`); its children are named from it. */
    readonly owner: string;
    /** `env`: consumers receive it as variables. `database`/`redis`: a data store's credential, delivered inside its URL. */
    readonly delivery: "env" | "database" | "edge" | "redis";
}

export type EnvEntry =
    | {
          readonly kind: "literal";
          readonly value: string;
          /** Declared public by design (`{ value, public: WHY }`): why. */
          readonly public?: string;
      }
    | {
          readonly kind: "secret";
          readonly secret: string;
          /** A key set's values; a key ring's current key, its id (plain) or the whole ring (JSON). */
          readonly slot: "current" | "next" | "previous" | "key-id" | "keyring";
      }
    | { readonly kind: "database"; readonly database: string; readonly url: "pooled" | "direct" }
    | { readonly kind: "bucket"; readonly bucket: string }
    | { readonly kind: "redis"; readonly redis: string };

export interface SystemModel {
    readonly environment: Environment;
    /** The environment's rules with the stack file's choices (`ENVIRONMENT_RULES`, model/environment.ts). */
    readonly rules: EnvironmentRules;
    /** Rule deletionProtection: stateful resources protected (`protect`, deletion protection, vault lock). */
    readonly protect: boolean;
    readonly network?: NetworkInput;
    readonly cloudflare?: { readonly accountId: string };
    readonly databases: Readonly<Record<string, DatabaseModel>>;
    readonly buckets: Readonly<Record<string, BucketModel>>;
    /** ElastiCache replication groups, each with its rotating AUTH token. */
    readonly redis: Readonly<Record<string, RedisModel>>;
    readonly services: Readonly<Record<string, ServiceModel>>;
    /** The Cloudflare zone, its records and rate limit; absent when DNS is managed elsewhere. */
    readonly edge?: EdgeModel;
    /** Subscriptions per severity; endpoints are vendor secrets. */
    readonly alertRoutes: Readonly<
        Partial<Record<"critical" | "warning" | "info", readonly AlertRoute[]>>
    >;
    readonly secrets: Readonly<Record<string, SecretModel>>;
    /** Incidents declared so far, oldest first: each rotates every generated secret on its date. */
    readonly incidents: readonly Incident[];
    /** Variables written per service in `env`; `serviceEnv()` adds the secrets a service consumes. */
    readonly env: Readonly<Record<string, Readonly<Record<string, EnvEntry>>>>;
    /** Scheduled jobs: containers run on a schedule, watched for failed and missed runs. */
    readonly jobs: Readonly<Record<string, JobModel>>;
    /** Feature flags by name, with the stores that serve them and what they serve. */
    readonly flags: Readonly<Record<string, FlagModel>>;
    /** The stack this one promotes from, with its recorded hotfixes; absent when it promotes from none. */
    readonly promotion?: PromotionModel;
    /** What already exists and is imported before the first `up` (`model/adopt.ts`). */
    readonly adopt: AdoptModel;
}

/** What the loader may know of the rest of the stack's config: presence and secrecy, never values. */
export interface ConfigView {
    has(key: string): boolean;
    isSecret(key: string): boolean;
}

export interface LoadOptions {
    readonly now: Date;
    readonly config: ConfigView;
    /** The stack's `aws:region`, when set: a region name is no secret. */
    readonly awsRegion?: unknown;
    /**
     * An alert endpoint's value when the engine decrypted it (`pulumi preview`/`up`), so a route to a
     * webhook that never confirms is refused before anything is created; absent offline.
     */
    readonly alertEndpoint?: EndpointLookup;
    /** The stack's name, when known: a zone's owner and tenants are other stacks. */
    readonly stack?: string;
}

export type LoadResult =
    | { readonly ok: true; readonly model: SystemModel }
    | { readonly ok: false; readonly errors: readonly ConfigError[] };

export interface RedisModel {
    readonly name: string;
    readonly consumers: readonly string[];
    /** The variable consumers receive the URL in; default `REDIS_URL`. */
    readonly urlVariable: string;
    readonly engineVersion: string;
    readonly nodeType: string;
    /** Replicas besides the primary; with one or more, Multi-AZ with automatic failover. */
    readonly replicas: number;
    readonly snapshotRetentionDays: number;
    readonly maxmemoryPolicy: RedisMaxmemoryPolicy;
    readonly tokenPeriodDays: number;
    readonly tokenFormerPeriods: readonly FormerPeriod[];
    /** The generated secret (class redis-auth-token) holding the AUTH token. */
    readonly tokenSecret: string;
}
