/**
 * How often an AWS schedule expression runs: the longest gap between two runs, so a backup's interval can
 * be held against its database's RPO and a restore drill's against the quarterly rule. Pure.
 */

const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };
/** Month lengths in a leap year: the longest gaps. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Values a cron field matches within [min, max], or undefined for syntax this reader does not know. */
function fieldValues(field: string, min: number, max: number): number[] | undefined {
    if (field === "*" || field === "?") return undefined;
    const values = new Set<number>();
    for (const part of field.split(",")) {
        const step = /^(\*|\d+)\/(\d+)$/.exec(part);
        const range = /^(\d+)-(\d+)$/.exec(part);
        if (step) {
            const start = step[1] === "*" ? min : Number(step[1]);
            for (let v = start; v <= max; v += Number(step[2])) values.add(v);
        } else if (range) {
            for (let v = Number(range[1]); v <= Number(range[2]); v++) values.add(v);
        } else if (/^\d+$/.test(part)) {
            values.add(Number(part));
        } else {
            return [Number.NaN];
        }
    }
    return [...values].sort((a, b) => a - b);
}

/** The longest cyclic gap between sorted values within a period, each step weighted by `length`. */
function longestGap(
    values: readonly number[],
    period: number,
    length: (from: number, to: number) => number,
): number {
    if (values.length === 1) return length(values[0], values[0] + period);
    let longest = 0;
    values.forEach((value, index) => {
        const next = index + 1 < values.length ? values[index + 1] : values[0] + period;
        longest = Math.max(longest, length(value, next));
    });
    return longest;
}

/** The longest gap between runs of `rate(...)` or `cron(...)` (AWS syntax), in minutes; undefined if unknown. */
export function scheduleIntervalMinutes(expression: string): number | undefined {
    const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
    if (rate) return Number(rate[1]) * UNIT_MINUTES[rate[2]];
    const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+)(?: (\S+))?\)$/.exec(expression.trim());
    if (!cron) return undefined;
    const [, minute, hour, dayOfMonth, month, dayOfWeek] = cron;
    const fields = [
        fieldValues(minute, 0, 59),
        fieldValues(hour, 0, 23),
        fieldValues(dayOfMonth, 1, 31),
        fieldValues(month, 1, 12),
        fieldValues(dayOfWeek, 1, 7),
    ];
    if (fields.some((values) => values?.some(Number.isNaN))) return undefined;
    const [minutes, hours, days, months, weekdays] = fields;
    const linear = (from: number, to: number) => to - from;
    if (!minutes) return 1;
    if (minutes.length > 1) return longestGap(minutes, 60, linear);
    if (!hours) return 60;
    if (hours.length > 1) return longestGap(hours, 24, linear) * 60;
    if (weekdays) return longestGap(weekdays, 7, linear) * 1440;
    if (!days) return 1440;
    if (days.length > 1) return undefined; // several days a month: rare enough to refuse to guess
    if (!months) return 31 * 1440;
    const monthSpan = (from: number, to: number) => {
        let total = 0;
        for (let m = from; m < to; m++) total += MONTH_DAYS[(m - 1) % 12];
        return total;
    };
    return longestGap(months, 12, monthSpan) * 1440;
}

/** `rate(...)` for an interval in minutes, in the largest whole unit. */
export function rateExpression(minutes: number): string {
    const [amount, unit] =
        minutes % 1440 === 0
            ? [minutes / 1440, "day"]
            : minutes % 60 === 0
              ? [minutes / 60, "hour"]
              : [minutes, "minute"];
    return `rate(${amount} ${unit}${amount === 1 ? "" : "s"})`;
}
