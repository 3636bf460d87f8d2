/**
 * Scheduled jobs in the model: what runs (a service's image and environment, or an image), when, and how
 * a failed or missed run is noticed. Pure.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import type { Parts } from "./parts";
import {
    ALARM_MAX_RANGE_SECONDS,
    ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS,
    DEFAULT_JOB_CPU,
    DEFAULT_JOB_MEMORY,
    JOB_MISSED_RUN_INTERVALS,
} from "./rules";
import { scheduleExpressionProblem, scheduleIntervalMinutes } from "./schedule";
import { JobInput } from "./schema";
import { CommandModel, commandText, toCommand } from "./command";
import { FARGATE_CPU, imageReference, ServiceModel } from "./services";

export interface JobModel {
    readonly name: string;
    /** The aws service whose image, environment and security group the job uses; absent with `image`. */
    readonly service?: string;
    /** What runs: `repository:tag`. */
    readonly image: string;
    readonly command?: CommandModel;
    readonly schedule: string;
    /** The longest gap between two runs (minutes). */
    readonly intervalMinutes: number;
    readonly cpu: number;
    readonly memory: number;
    readonly description?: string;
    /** It runs as a paused service: its schedule is disabled and its missed-run alarm silenced. */
    readonly paused: boolean;
    /** The missed-run alarm's evaluation: no success in `periods` × `periodSeconds` (2 intervals). */
    readonly missedRun: { readonly periodSeconds: number; readonly periods: number };
}

/**
 * The missed-run alarm's period and count: two intervals, as periods CloudWatch accepts (a multiple of a
 * minute, at most a day; a range of at most 7 days, and at most a day while periods are under an hour).
 * Undefined when two intervals do not fit.
 */
export function missedRunWindow(
    intervalMinutes: number,
): { periodSeconds: number; periods: number } | undefined {
    const range = intervalMinutes * 60 * JOB_MISSED_RUN_INTERVALS;
    if (range > ALARM_MAX_RANGE_SECONDS) return undefined;
    const periodSeconds = Math.min(intervalMinutes * 60, ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS);
    const periods = Math.ceil(range / periodSeconds);
    if (periodSeconds < 3600 && periods * periodSeconds > ALARM_MAX_SHORT_PERIOD_RANGE_SECONDS)
        return undefined;
    return { periodSeconds, periods };
}

/**
 * The window of an external database's missed-dump alarm: two dump intervals, or, for an interval longer
 * than half the longest window CloudWatch evaluates (7 days), that whole window in days; none beyond it
 * (the loader refuses such an RPO).
 */
export function missedDumpWindow(
    rpoMinutes: number,
): { periodSeconds: number; periods: number } | undefined {
    const window = missedRunWindow(rpoMinutes);
    if (window) return window;
    if (rpoMinutes * 60 > ALARM_MAX_RANGE_SECONDS) return undefined;
    return { periodSeconds: 24 * 60 * 60, periods: ALARM_MAX_RANGE_SECONDS / (24 * 60 * 60) };
}

/**
 * ECS task family of a service: stack-qualified, since a family is one namespace per account and region
 * and two stacks in one account would interleave revisions of `api` (`plan --all` checks it). Renaming
 * it replaces the task definition, as every image tag or variable change does (task definitions are
 * immutable: tools/replaceOnChanges.ts, `replaceOn: "any"`); the ECS service takes the new ARN in place
 * and rolls its tasks under the circuit breaker. Nothing stateful is replaced.
 */
export function serviceFamily(stack: string, service: string): string {
    return `opsbook-${stack}-${service}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** ECS task family of a job: events about its runs are matched by it. */
export function jobFamily(stack: string, job: string): string {
    return `opsbook-${stack}-job-${job}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The log group a job's runs write to (named, so the runbook can say where to look). */
export function jobLogGroup(stack: string, job: string): string {
    return `/opsbook/${stack}/jobs/${job}`;
}

export function toJobModel(
    name: string,
    input: JobInput,
    services: Readonly<Record<string, ServiceModel>>,
): JobModel {
    const service = input.service ? services[input.service] : undefined;
    const intervalMinutes = scheduleIntervalMinutes(input.schedule)!;
    return {
        name,
        service: service?.name,
        image: service ? imageReference(service) : input.image!,
        command: toCommand(input.command),
        schedule: input.schedule,
        intervalMinutes,
        cpu: input.cpu ?? DEFAULT_JOB_CPU,
        memory: input.memory ?? DEFAULT_JOB_MEMORY,
        description: input.description,
        paused: service?.paused === true,
        missedRun: missedRunWindow(intervalMinutes)!,
    };
}

/** Cross-entry rules for `jobs`, over the entries that parsed (model/parts.ts). */
export function checkJobs(parts: Parts): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const awsServices = Object.keys(parts.services).filter(
        (name) => parts.services[name].platform === "aws",
    );
    if (parts.names.jobs.length > 0 && !parts.written(["network"])) {
        error(["network"], "is required: scheduled jobs run as ECS tasks in its private subnets");
    }
    for (const [name, job] of Object.entries(parts.jobs)) {
        const at = (key: string) => ["jobs", name, key];
        const written = (key: string) => parts.written(at(key));
        if (written("service") === written("image")) {
            error(
                at(written("service") ? "image" : "service"),
                !written("service")
                    ? `is required (or image): the aws service whose image and environment the job uses; expected one of ${quoteList(awsServices)}`
                    : "is given with service; a job runs a service's image or its own, not both",
            );
        }
        if (job.service !== undefined && !awsServices.includes(job.service)) {
            error(
                at("service"),
                parts.names.services.includes(job.service)
                    ? `${describeValue(job.service)} is a vercel service; a job runs on ECS: expected one of ${quoteList(awsServices)}`
                    : `${describeValue(job.service)} is not an aws service; expected one of ${quoteList(awsServices)}`,
            );
        }
        if (job.service !== undefined && !written("command")) {
            error(
                at("command"),
                `is required with service: without it the job would start ${describeValue(job.service)} itself and never finish, e.g. [python, -m, app.jobs.cleanup]`,
            );
        }
        const problem =
            job.schedule !== undefined ? scheduleExpressionProblem(job.schedule) : undefined;
        if (problem) {
            // A schedule is no credential: shown whole, however long.
            error(
                at("schedule"),
                `${JSON.stringify(job.schedule)} is refused by EventBridge Scheduler: ${problem}; expected rate(N minutes|hours|days) with N ≥ 1, or cron(minutes hours day-of-month month day-of-week year) with ? in one day field, e.g. "cron(0 3 * * ? *)"`,
            );
        } else if (job.schedule !== undefined) {
            const minutes = scheduleIntervalMinutes(job.schedule);
            if (minutes === undefined) {
                error(
                    at("schedule"),
                    `${describeValue(job.schedule)} is not an EventBridge Scheduler expression this reads; expected rate(N minutes|hours|days) or cron(minutes hours day-of-month month day-of-week year), e.g. "cron(0 3 * * ? *)"`,
                );
            } else if (!missedRunWindow(minutes)) {
                error(
                    at("schedule"),
                    `${describeValue(job.schedule)} runs every ${minutes / 1440} days; a missed run is noticed over ${JOB_MISSED_RUN_INTERVALS} intervals and CloudWatch evaluates at most 7 days: expected a job that runs at least every ${ALARM_MAX_RANGE_SECONDS / 86400 / JOB_MISSED_RUN_INTERVALS} days`,
                );
            }
        }
        if (job.cpu !== undefined && !FARGATE_CPU.includes(job.cpu)) {
            error(
                at("cpu"),
                `${job.cpu} is not a Fargate size; expected one of ${FARGATE_CPU.join(", ")}`,
            );
        }
        const cpu = job.cpu ?? DEFAULT_JOB_CPU;
        if (job.memory !== undefined && (job.memory < cpu * 2 || job.memory > cpu * 8)) {
            error(
                at("memory"),
                `${job.memory} MiB does not fit ${cpu} CPU units on Fargate; expected ${cpu * 2} to ${cpu * 8}`,
            );
        }
    }
    return errors;
}

export interface JobSummary {
    readonly name: string;
    readonly schedule: string;
    readonly every: string;
    readonly runs: string;
    readonly command: string | null;
    readonly service: string | null;
    readonly family: string;
    readonly logGroup: string;
    /** Paused with its service: no run is scheduled and no missed run alerts. */
    readonly paused: boolean;
    /** The failure alert (an event) and the missed-run alarm (no success in two intervals). */
    readonly alerts: { readonly failed: string; readonly missedRun: string };
}

/** `90 min`, `6 h`, `1 d`: an interval in its largest whole unit. */
export function minutesText(minutes: number): string {
    if (minutes % 1440 === 0) return `${minutes / 1440} d`;
    if (minutes % 60 === 0) return `${minutes / 60} h`;
    return `${minutes} min`;
}

export function jobPlan(jobs: Readonly<Record<string, JobModel>>, stack: string): JobSummary[] {
    return Object.values(jobs).map((job) => ({
        name: job.name,
        schedule: job.schedule,
        every: minutesText(job.intervalMinutes),
        runs: job.image,
        command: job.command ? commandText(job.command) : null,
        service: job.service ?? null,
        family: jobFamily(stack, job.name),
        logGroup: jobLogGroup(stack, job.name),
        paused: job.paused,
        alerts: {
            failed: "exit code ≠ 0 or task failed to start",
            missedRun: `no success in ${minutesText((job.missedRun.periodSeconds * job.missedRun.periods) / 60)}`,
        },
    }));
}
