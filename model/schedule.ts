/**
 * How often an AWS schedule expression runs: the longest gap between two runs, so a backup's interval can
 * be held against its database's RPO and a restore drill's against the quarterly rule. Pure.
 */

// The package ships no types: its one export throws an Error naming the bad field, or returns the fields.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { awsCronExpressionValidator } = require("aws-cron-expression-validator") as {
    awsCronExpressionValidator: (fields: string) => unknown;
};

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

/**
 * Why EventBridge Scheduler would refuse an expression at `pulumi up`, or undefined when it accepts it.
 * The mock runtime and the provider accept any string (the provider checks only its length), so a bad
 * expression would plan clean and fail at create. Grammar from the Scheduler guide, "Schedule types"
 * (docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html): `rate(value unit)` with a
 * positive value and unit minute(s)|hour(s)|day(s); `cron(...)` with six fields (minutes hours
 * day-of-month month day-of-week year), where `*` may not stand in both day fields and one of them
 * must be `?`. The cron fields are checked by aws-cron-expression-validator (ISC, no dependencies: the
 * field grammar and the `?` rule of that page), pinned in package.json.
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
    const rate = /^rate\((\S+) (\S+)\)$/.exec(expression);
    if (rate) {
        if (!/^[1-9]\d*$/.test(rate[1]))
            return `the rate value ${JSON.stringify(rate[1])} is not a positive whole number`;
        if (!/^(minute|hour|day)s?$/.test(rate[2]))
            return `the rate unit ${JSON.stringify(rate[2])} is not minutes, hours or days`;
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(expression);
    if (!cron) return "it is neither rate(...) nor cron(...)";
    const fields = cron[1].split(" ");
    if (fields.length !== 6)
        return `cron needs six fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
    try {
        awsCronExpressionValidator(cron[1]);
        return undefined;
    } catch (error) {
        return (error as Error).message.replace(/\.$/, "");
    }
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
