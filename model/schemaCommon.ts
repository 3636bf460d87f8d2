/**
 * Pieces every part of the stack schema uses: dates, waivers, hostnames and the names of entries and
 * variables. Each pattern carries its own "expected …" hint, which is what a user reads when a value
 * does not match (model/issues.ts words the problem from it, never from the field's name).
 */
import { z } from "zod";
import { ENV_NAME, ENV_NAME_RULE, SERVICE_NAME, SERVICE_NAME_RULE } from "./rules";

/** A calendar date (`2026-03-01`) or an instant (`2026-03-01T12:00:00Z`), always UTC-anchored. */
export const ISO_DATE =
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** True for a date that exists: `2026-02-30` parses (as March 2) but is not one. */
export function isCalendarDate(value: string): boolean {
    const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    return (
        !Number.isNaN(parsed) &&
        new Date(Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10)))
            .toISOString()
            .startsWith(value.slice(0, 10))
    );
}

export const isoDate = z
    .string()
    .regex(ISO_DATE, { message: "expected an ISO date such as 2026-03-01" })
    .refine(isCalendarDate, { message: "expected a real calendar date" });

/**
 * A recorded decision to loosen one runbook value (or run with an overdue vendor secret) until a date:
 * who decided, why, and until when. The pack reports it while `until` is ahead and refuses it after.
 */
export const waiverSchema = z
    .strictObject({
        /** Why the runbook's value does not fit, e.g. "5xx from a flaky partner API, fix in PROJ-123". */
        reason: z.string().trim().min(1).max(300),
        /** Who decided: a person or a team, e.g. "alice (on-call lead)". */
        by: z.string().trim().min(1).max(100),
        /** The first day (UTC) the waiver no longer holds: at most `WAIVER_MAX_DAYS` ahead. */
        until: isoDate,
    })
    .describe("A recorded decision to loosen a runbook value until a date: reason, by, until.");

/**
 * A runbook value that a stack may make stricter freely, or looser with a waiver naming it:
 * `errorRateWarningPercent: 0.5`, or `errorRateWarningPercent: { value: 2, waiver: { reason, by, until } }`.
 */
export function waivable<T extends z.ZodType<number>>(value: T) {
    return z.union([value, z.strictObject({ value, waiver: waiverSchema })]);
}

/** A period a secret had before, in force until `until`: editing a period keeps the old one here. */
export const formerPeriodSchema = z.strictObject({
    periodDays: z.number().int().positive(),
    until: isoDate,
});

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A DNS name; `example` names what it is for in the hint. */
export function hostname(example = "api.example.com") {
    return z
        .string()
        .regex(HOSTNAME, { message: `expected a lower-case hostname such as ${example}` });
}

/** An environment variable or secret name (`rules.ts` ENV_NAME); `what` and `example` word the hint. */
export function envName(what = "a variable name", example = "API_SECRET") {
    return z.string().regex(ENV_NAME, {
        message: `expected ${what} of ${ENV_NAME_RULE}, such as ${example}`,
    });
}

/** The name of a service or another entry (`rules.ts` SERVICE_NAME): it becomes resource names. */
export function entryName(what = "an entry name", example = "main") {
    return z.string().regex(SERVICE_NAME, {
        message: `expected ${what} of ${SERVICE_NAME_RULE}, such as ${example}`,
    });
}
