/**
 * How CloudWatch moves a metric alarm and a composite alarm between states, as far as the alarms that
 * watch for silence depend on it, so tests can replay their real inputs over sample datapoint series.
 * Pure. From the CloudWatch user guide, "Configuring how CloudWatch alarms treat missing data"
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html):
 * - an alarm is created in INSUFFICIENT_DATA;
 * - `breaching`: missing points count as breaching; `notBreaching`: as within the threshold;
 *   `ignore`: "the current alarm state is maintained"; `missing`: if all points in the evaluation range
 *   are missing, the alarm goes to INSUFFICIENT_DATA;
 * - M out of N: ALARM when at least `datapointsToAlarm` of the last `evaluationPeriods` points breach.
 * and from "Creating a composite alarm" (.../Create_Composite_Alarm.html): `ALARM(x)` is true only while
 * alarm x is in ALARM, and the composite is re-evaluated whenever one of its alarms changes state.
 *
 * Simplification, stated so no test leans on more: when some points are present and fewer than M breach,
 * the alarm goes OK (for `ignore`/`missing` only the present points are counted).
 */

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";
export type MissingData = "breaching" | "notBreaching" | "ignore" | "missing";

/** The inputs of an `aws.cloudwatch.MetricAlarm` the evaluation reads. */
export interface MetricAlarmInputs {
    readonly comparisonOperator: string;
    readonly threshold: number;
    readonly evaluationPeriods: number;
    readonly datapointsToAlarm?: number;
    readonly treatMissingData: MissingData;
}

/** One value per period (the alarm's statistic over it), `undefined` where nothing was published. */
export type Series = readonly (number | undefined)[];

function breaches(alarm: MetricAlarmInputs, value: number): boolean {
    switch (alarm.comparisonOperator) {
        case "GreaterThanThreshold":
            return value > alarm.threshold;
        case "GreaterThanOrEqualToThreshold":
            return value >= alarm.threshold;
        case "LessThanThreshold":
            return value < alarm.threshold;
        case "LessThanOrEqualToThreshold":
            return value <= alarm.threshold;
        default:
            throw new Error(`comparison ${alarm.comparisonOperator} is not modelled`);
    }
}

/** The alarm's state after each period of `series`, starting from INSUFFICIENT_DATA. */
export function metricAlarmStates(alarm: MetricAlarmInputs, series: Series): AlarmState[] {
    const n = alarm.evaluationPeriods;
    const m = alarm.datapointsToAlarm ?? n;
    let state: AlarmState = "INSUFFICIENT_DATA";
    return series.map((_, t) => {
        const range = series.slice(Math.max(0, t - n + 1), t + 1);
        const present = range.filter((v): v is number => v !== undefined);
        if (present.length === 0) {
            state = {
                breaching: range.length >= m ? "ALARM" : state,
                notBreaching: "OK",
                ignore: state,
                missing: "INSUFFICIENT_DATA",
            }[alarm.treatMissingData] as AlarmState;
            return state;
        }
        const missingAsBreach = alarm.treatMissingData === "breaching";
        const breaching =
            present.filter((v) => breaches(alarm, v)).length +
            (missingAsBreach ? range.length - present.length : 0);
        state = breaching >= m ? "ALARM" : "OK";
        return state;
    });
}

/**
 * A composite alarm's state per period from its rule, for rules of the form `ALARM(a) AND ALARM(b) ...`
 * (what the program writes); `states` maps each alarm named in the rule to its states per period.
 */
export function compositeStates(
    rule: string,
    states: Readonly<Record<string, readonly AlarmState[]>>,
): AlarmState[] {
    const terms = rule.split(/\s+AND\s+/).map((term) => {
        const match = /^ALARM\("([^"]+)"\)$/.exec(term.trim());
        if (!match) throw new Error(`rule term ${term} is not modelled`);
        const alarm = states[match[1]];
        if (!alarm) throw new Error(`rule names ${match[1]}, which is not given`);
        return alarm;
    });
    return terms[0].map((_, t) => (terms.every((s) => s[t] === "ALARM") ? "ALARM" : "OK"));
}

/** The periods in which a composite or metric alarm enters ALARM (where its actions fire). */
export function pages(states: readonly AlarmState[]): number[] {
    return states.flatMap((s, t) =>
        s === "ALARM" && (t === 0 || states[t - 1] !== "ALARM") ? [t] : [],
    );
}
