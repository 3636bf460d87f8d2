/** Environments: what production holds and staging or development may relax. */

import {
    BACKUP_DEFAULT_RETENTION_DAYS,
    BACKUP_MIN_RETENTION_DAYS,
    BACKUP_MONTHLY_RETENTION_DAYS,
    RDS_MAX_BACKUP_RETENTION_DAYS,
} from "./data";
import {
    ACCESS_LOG_MIN_RETENTION_DAYS,
    ACCESS_LOG_RETENTION_DAYS,
    LOG_RETENTION_DAYS,
} from "./hardening";

export const ENVIRONMENTS = ["production", "staging", "development"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A rule's value in one environment: its default, and what a stack file may choose instead. */
export type EnvironmentChoice =
    | { readonly default: boolean; readonly allowed: readonly boolean[] }
    | { readonly default: number; readonly min: number; readonly max: number };

export interface EnvironmentRule {
    /** What the rule decides, for the docs/environments.md table and the load errors. */
    readonly description: string;
    readonly production: EnvironmentChoice;
    /** Staging and development alike: the rest are "not production". */
    readonly other: EnvironmentChoice;
}

const fixed = (value: boolean) => ({ default: value, allowed: [value] }) as const;
const optional = (value: boolean) => ({ default: value, allowed: [true, false] }) as const;

/**
 * What differs between production and the rest. Components take their defaults from it, the loader holds a
 * stack file's choices (`opsbook:system.environmentRules.<rule>`, and the per-entry fields named in each
 * description) within it, and the pack enforces it from the stack's `opsbook:index:Environment` resource.
 * The environments table of docs/environments.md is rendered from this object
 * (test/model/environment.test.ts).
 */
export const ENVIRONMENT_RULES = {
    restoreDrills: {
        description: "every database is restored in a scheduled drill (quarterly)",
        production: fixed(true),
        other: optional(false),
    },
    backupRetentionDays: {
        description:
            "days automated backups are kept (default of `databases.<name>.retentionDays`)",
        production: {
            default: BACKUP_DEFAULT_RETENTION_DAYS,
            min: BACKUP_MIN_RETENTION_DAYS,
            max: RDS_MAX_BACKUP_RETENTION_DAYS,
        },
        other: {
            default: BACKUP_MIN_RETENTION_DAYS,
            min: BACKUP_MIN_RETENTION_DAYS,
            max: RDS_MAX_BACKUP_RETENTION_DAYS,
        },
    },
    monthlyBackupRetentionDays: {
        description: "days the monthly recovery points of an RDS database are kept (0: none taken)",
        production: {
            default: BACKUP_MONTHLY_RETENTION_DAYS,
            min: BACKUP_MONTHLY_RETENTION_DAYS,
            max: 3650,
        },
        other: { default: 0, min: 0, max: 3650 },
    },
    logRetentionDays: {
        description: "days CloudWatch keeps logs (default of `services.<name>.logRetentionDays`)",
        production: { default: LOG_RETENTION_DAYS, min: LOG_RETENTION_DAYS, max: 3653 },
        other: { default: 7, min: 1, max: 3653 },
    },
    accessLogRetentionDays: {
        description: "days the access-log bucket keeps S3 and load-balancer access logs",
        production: {
            default: ACCESS_LOG_RETENTION_DAYS,
            min: ACCESS_LOG_MIN_RETENTION_DAYS,
            max: 3650,
        },
        other: { default: 30, min: 1, max: 3650 },
    },
    multiAz: {
        description: "RDS runs a standby in a second zone (default of `databases.<name>.multiAz`)",
        production: fixed(true),
        other: optional(false),
    },
    deletionProtection: {
        description:
            "stateful resources carry Pulumi's `protect` and the provider's deletion protection",
        production: fixed(true),
        other: optional(false),
    },
    pagingRoute: {
        description:
            "`alerts.routes.critical` must hold a paging route (a protocol other than chat or e-mail)",
        production: fixed(true),
        other: optional(false),
    },
    criticalToChat: {
        description:
            "critical alarms may go to a chat channel (`slack`, `teams`, or its e-mail: `email`, `email-json`), or to the warning routes when `critical` is absent",
        production: fixed(false),
        other: optional(true),
    },
    healthChecks: {
        description: "every public service has a Route 53 health check whose alarm is critical",
        production: fixed(true),
        other: optional(false),
    },
    dailyApplyHeartbeat: {
        description:
            "the `daily-apply` alarms page when the daily `pulumi up` misses a day or fails",
        production: fixed(true),
        other: optional(false),
    },
} as const satisfies Record<string, EnvironmentRule>;

export type EnvironmentRuleName = keyof typeof ENVIRONMENT_RULES;
export const ENVIRONMENT_RULE_NAMES = Object.keys(ENVIRONMENT_RULES) as EnvironmentRuleName[];
/** The resolved rules of one stack: each rule's value. */
export type EnvironmentRules = {
    readonly [K in EnvironmentRuleName]: (typeof ENVIRONMENT_RULES)[K]["production"]["default"] extends boolean
        ? boolean
        : number;
};
/** Route protocols that reach a chat channel (its e-mail integration), not a pager. */
export const CHAT_PROTOCOLS: readonly string[] = ["email", "email-json", "slack", "teams"];
/** The stack-level resource that carries the environment and its rules to the pack. */
export const ENVIRONMENT_RESOURCE_TYPE = "opsbook:index:Environment";
