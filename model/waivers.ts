/**
 * Waivers: a stack's recorded decision to loosen one runbook value, or to run with an overdue vendor
 * secret, until a date. The value and its waiver sit together in the stack file (`{ value, waiver }`, or
 * a vendor secret's `waiver`), so a waiver names exactly what it loosens and goes when the value goes.
 * The pack reports an active waiver (advisory) and refuses one past its `until` (mandatory). Pure.
 */
import { asRecord, ConfigError, describeValue, joinPath } from "./errors";
import { ALERT_RULES, AlertRuleId, DAY_MS, WAIVER_MAX_DAYS } from "./rules";
import { parseIsoDate } from "./rotation";

export interface Waiver {
    readonly reason: string;
    readonly by: string;
    /** ISO date: the first instant (a bare date: midnight UTC) at which the waiver no longer holds. */
    readonly until: string;
    /** The waiver's config path (`opsbook:system.services.api.alerts.errorRateWarningPercent.waiver`). */
    readonly path: string;
}

/** A waiver with what it loosens, for the plan, the runbook's calendar and the pack's messages. */
export interface WaiverEntry extends Waiver {
    /** What is loosened, in words: `api error-rate-warning threshold` or `STRIPE_KEY maximum age`. */
    readonly subject: string;
    /** The value the stack sets and the runbook's, where the waiver loosens a number. */
    readonly value?: number;
    readonly runbookValue?: number;
}

/** The tags naming an alarm's waiver (its config path and its `until`), read by the pack. */
export const WAIVER_TAG = "opsbook:waiver";
export const WAIVER_UNTIL_TAG = "opsbook:waiver-until";

export type WaiverStatus = "active" | "expired";

/** Active while `now` is before `until`; expired from then on. */
export function waiverStatus(until: string, now: Date): WaiverStatus {
    return now.getTime() < parseIsoDate(until).getTime() ? "active" : "expired";
}

/** A waivable input's number and waiver: `2` or `{ value: 2, waiver }`; undefined when not a number. */
export function waivedValue(
    input: unknown,
): { readonly value: number; readonly waiver?: Record<string, unknown> } | undefined {
    if (typeof input === "number") return { value: input };
    const record = asRecord(input);
    if (record && typeof record.value === "number") {
        return { value: record.value, waiver: asRecord(record.waiver) };
    }
    return undefined;
}

/** The model's waiver of a parsed `{ reason, by, until }` at `path` (the value's path). */
export function toWaiver(
    waiver: { reason: string; by: string; until: string } | undefined,
    path: readonly PropertyKey[],
): Waiver | undefined {
    return waiver
        ? {
              reason: waiver.reason.trim(),
              by: waiver.by.trim(),
              until: waiver.until,
              path: joinPath([...path, "waiver"]),
          }
        : undefined;
}

/**
 * Every `waiver` in the stack file: its `until` at most `WAIVER_MAX_DAYS` after `now`, so a waiver is
 * decided again at least once a quarter. A past `until` loads: the pack refuses it, naming it.
 */
export function checkWaiverDates(raw: unknown, now: Date): ConfigError[] {
    const errors: ConfigError[] = [];
    const latest = new Date(
        Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) +
            (WAIVER_MAX_DAYS + 1) * DAY_MS,
    );
    const walk = (value: unknown, path: PropertyKey[]) => {
        if (Array.isArray(value)) {
            value.forEach((item, index) => walk(item, [...path, index]));
            return;
        }
        const record = asRecord(value);
        if (!record) return;
        for (const [key, child] of Object.entries(record)) {
            const waiver = key === "waiver" ? asRecord(child) : undefined;
            const until = waiver?.until;
            if (typeof until === "string" && parseIsoDate(until).getTime() > latest.getTime()) {
                errors.push({
                    path: joinPath([...path, key, "until"]),
                    message: `${describeValue(until)} is too far ahead; a waiver holds at most ${WAIVER_MAX_DAYS} days: expected a date on or before ${new Date(latest.getTime() - DAY_MS).toISOString().slice(0, 10)}, and decide it again then`,
                });
            }
            walk(child, [...path, key]);
        }
    };
    walk(raw, []);
    return errors;
}

/** The message for a looser value without a waiver: what is allowed, and how to record a waiver. */
export function looserMessage(
    value: number,
    runbookValue: number,
    rule: string,
    direction: "above" | "below",
    owner: "a service" | "a queue",
): string {
    return `${value} is looser than the runbook's ${runbookValue} (${rule}); ${owner} may make it stricter (expected ${direction === "above" ? "at most" : "at least"} ${runbookValue}), or loosen it with a waiver: { value: ${value}, waiver: { reason, by, until } }`;
}

interface WaivedThresholds {
    readonly name: string;
    readonly thresholds: Readonly<Record<string, number>>;
    readonly waivers: Readonly<Partial<Record<string, Waiver>>>;
}

/** What `listWaivers` reads of a `SystemModel` (structurally, so the pack need not type-check the loader). */
export interface WaiverSources {
    readonly services: Readonly<
        Record<string, WaivedThresholds & { readonly queues: readonly WaivedThresholds[] }>
    >;
    readonly secrets: Readonly<
        Record<
            string,
            { readonly name: string; readonly periodDays: number; readonly waiver?: Waiver }
        >
    >;
}

/** Every waiver of the model with its `until`, soonest first: the plan's list and the runbook's calendar. */
export function listWaivers(model: WaiverSources): WaiverEntry[] {
    const entries: WaiverEntry[] = [];
    for (const service of Object.values(model.services)) {
        for (const [rule, waiver] of Object.entries(service.waivers)) {
            if (!waiver) continue;
            entries.push({
                ...waiver,
                subject: `${service.name} ${rule} threshold`,
                value: service.thresholds[rule],
                runbookValue: ALERT_RULES[rule as AlertRuleId].threshold,
            });
        }
        for (const queue of service.queues) {
            for (const [rule, waiver] of Object.entries(queue.waivers)) {
                if (!waiver) continue;
                entries.push({
                    ...waiver,
                    subject: `${service.name} queue ${queue.name} ${rule} threshold`,
                    value: queue.thresholds[rule],
                    runbookValue: ALERT_RULES[rule as AlertRuleId].threshold,
                });
            }
        }
    }
    for (const secret of Object.values(model.secrets)) {
        if (secret.waiver) {
            entries.push({
                ...secret.waiver,
                subject: `${secret.name} maximum age (${secret.periodDays} days)`,
            });
        }
    }
    return entries.sort(
        (x, y) =>
            parseIsoDate(x.until).getTime() - parseIsoDate(y.until).getTime() ||
            x.path.localeCompare(y.path),
    );
}
