/**
 * The offline plan's result types: what `runPlan` returns and what the text, JSON, diff, import-file and
 * `--all` code read. Their own module so those files import no pipeline, and tools/ stays free of import
 * cycles (test/components/layout.test.ts). Types only.
 */
import type { AccessLogSummary } from "../model/accessLogs";
import type { AlertSummary } from "../model/alerts";
import type { BackupSummary } from "../model/backups";
import type { CalendarEntry } from "../model/calendar";
import type { CommandModel } from "../model/command";
import type { DatabaseAccessSummary } from "../model/access";
import type { ConfigError } from "../model/errors";
import type { FlagSummary } from "../model/flags";
import type { JobSummary } from "../model/jobs";
import type { PromotionModel } from "../model/promotion";
import type { QueueSummary } from "../model/queues";
import type { RedisSummary } from "../model/redis";
import type { Incident } from "../model/rotation";
import type { PublicValueSummary } from "../model/secretScan";
import type { WaiverEntry, WaiverStatus } from "../model/waivers";
import type { PlanDiff } from "./diffTypes";

export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    /** The provider resource's URN (the default provider of its package when the program names none). */
    readonly provider: string | null;
    readonly protect: boolean;
    readonly inputs: unknown;
    /** Former names (a rename with `renamedFrom`): the engine moves the resource instead of replacing it. */
    readonly aliases: readonly string[];
    /** Input property → URNs of the resources its value comes from (known before any id is). */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /**
     * The engine options the program set, as the SDK sends them to the engine. `dependsOn`: URNs of the
     * resources it waits for explicitly (a component stands for the custom resources it parents).
     */
    readonly dependsOn: readonly string[];
    /**
     * The `deleteBeforeReplace` option: a replacement deletes the old resource first. Otherwise the engine
     * creates the replacement first and deletes the old one after (the diff shows which, per replacement).
     */
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    /** Removed from the stack without deleting the cloud resource. */
    readonly retainOnDelete: boolean;
    /**
     * Input path (as the diff names it, `a.b[0]`) → a digest of each secret value (`[secret]` in `inputs`),
     * so a diff sees a secret change without the value: see `secretDigests`.
     */
    readonly secretDigests: Readonly<Record<string, string>>;
}

export interface PlanViolation {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly urn: string | null;
    readonly message: string;
}

/** A policy the pack could not run on a resource (or the stack) because a value it read is unknown. */
export interface NotJudged {
    readonly policy: string;
    readonly urn: string | null;
    readonly reason: string;
}

export interface ServiceSummary {
    readonly name: string;
    readonly platform: "vercel" | "aws";
    readonly role: string;
    readonly domain: string | null;
    readonly healthPath: string | null;
    /** aws: the image running (repository:tag); a rollback changes the tag. vercel: the repository. */
    readonly source: string | null;
    /** aws: the release command and the container's own, each with its form (exec or shell). */
    readonly release: CommandModel | null;
    readonly command: CommandModel | null;
    readonly tasks: string | null;
    /** The emergency pause is on: no tasks, a 503, alarms silenced. */
    readonly paused: boolean;
    /** What protects the service at the edge, in words; null when it is not public. */
    readonly edge: string | null;
}

export interface DatabaseSummary {
    readonly name: string;
    readonly kind: "rds" | "external";
    readonly dbName: string;
    readonly ownerRole: string;
    readonly loginUsers: readonly string[];
    /** The user DATABASE_URL names now; the other stays valid until the next rotation. */
    readonly currentUser: string;
    readonly readonlyRole: string;
    readonly consumers: readonly string[];
    readonly connectionLimitPerUser: number;
    readonly maxConnections: number;
    readonly protected: boolean;
    /** How `pulumi up` reaches the server; `via: null` with an advisory when the stack does not say. */
    readonly access: DatabaseAccessSummary;
}

export interface ImportEntry {
    readonly type: string;
    readonly name: string;
    readonly logicalName: string;
    readonly id?: string;
    readonly parent?: string;
    readonly component?: true;
    /** The provider plugin version the program uses (the pinned package's). */
    readonly version?: string;
}

export interface ImportDocument {
    readonly resources: readonly ImportEntry[];
}

export type PlanResult =
    | { readonly ok: false; readonly exitCode: 2; readonly errors: readonly ConfigError[] }
    | {
          readonly ok: true;
          readonly exitCode: 0 | 1;
          readonly stack: string;
          /** The environment the stack file declares: how the pack judges it (`ENVIRONMENT_RULES`). */
          readonly environment: string;
          /** The policy config the plan passed the pack (enforcement levels), or `none: defaults`. */
          readonly policyConfig: string;
          readonly now: string;
          readonly resources: readonly PlannedResource[];
          readonly secrets: readonly CalendarEntry[];
          /** Incidents declared so far (`rotation.incidents`): the diff tells a declared one from an edit. */
          readonly incidents: readonly Incident[];
          readonly services: readonly ServiceSummary[];
          readonly alerts: readonly AlertSummary[];
          readonly databases: readonly DatabaseSummary[];
          readonly redis: readonly RedisSummary[];
          readonly backups: readonly BackupSummary[];
          /** Where each bucket's access log goes (S3: the log bucket and a prefix; R2: not logged). */
          readonly accessLogs: readonly AccessLogSummary[];
          /** The queues services work, where their worker's metrics land, and the alarms on them. */
          readonly queues: readonly QueueSummary[];
          /** Scheduled jobs: what runs when, where its logs are, and how a failed or missed run alerts. */
          readonly jobs: readonly JobSummary[];
          readonly missingVendorValues: readonly string[];
          /** Env values declared public by design (`{ value, public: WHY }`): why, never the value. */
          readonly publicValues: readonly PublicValueSummary[];
          /** Waivers (`model/waivers.ts`), soonest `until` first, each with whether it holds at `now`. */
          readonly waivers: readonly (WaiverEntry & { readonly status: WaiverStatus })[];
          /** Feature flags: declared, killed, served, and the stores that serve them. */
          readonly flags: readonly FlagSummary[];
          /** The stack this one promotes from and its recorded hotfixes (`model/promotion.ts`). */
          readonly promotion?: PromotionModel;
          /** The `pulumi import --file` document for what `adopt` marks (`tools/importFile.ts`). */
          readonly adoption: ImportDocument;
          /** Which stack writes the zone's rulesets (`model/zoneShare.ts`); absent without a zone. */
          readonly zone?: string;
          readonly violations: readonly PlanViolation[];
          /** Policies the pack could not run on a resource because a value was unknown (a preview). */
          readonly notJudged: readonly NotJudged[];
          /** Planned as a first preview: every id and computed output unknown. */
          readonly firstPreview: boolean;
          readonly policies: readonly { name: string; enforcementLevel: string }[];
          /** With `--diff-against`: what changes against the base plan (`tools/diff.ts`). */
          readonly diff?: { readonly baseline: string; readonly result: PlanDiff };
          readonly timings: {
              /** Wall time from the pack's boot to the verdict: boot and capture overlap. */
              planMs: number;
              captureMs: number;
              policyStartMs: number;
              analyzeMs: number;
              analyzeStackMs: number;
          };
      };

/** A plan of a valid stack: what the text sections and the JSON read. */
export type PlannedSystem = Extract<PlanResult, { ok: true }>;
