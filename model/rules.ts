/**
 * The runbooks' numbers, in one place. Components take their defaults from here, the loader validates
 * against it and the policy pack enforces it: a number restated elsewhere is a bug.
 *
 * This is the one module to import them from. Each area's rules live in its own file below `model/rules/`,
 * which only this file and the other area files import (test/components/imports.test.ts):
 */
export * from "./rules/common"; // DAY_MS, ENV_NAME, SERVICE_NAME, SSM_PREFIX
export * from "./rules/secrets"; // secret classes, key schemes, waivers, generated strength, public values
export * from "./rules/data"; // databases, backups, buckets, Redis
export * from "./rules/databaseAccess"; // how `pulumi up` reaches a database: tunnel, runner, access task
export * from "./rules/hardening"; // log retention, access logs, Enhanced Monitoring, read-only roots
export * from "./rules/alerts"; // alert thresholds, health checks, the daily apply's metrics
export * from "./rules/services"; // edge rate limits and origin secret, ECS and Vercel defaults, releases
export * from "./rules/work"; // queues and scheduled jobs
export * from "./rules/flags"; // feature flags
export * from "./rules/environments"; // what production holds and staging or development may relax
