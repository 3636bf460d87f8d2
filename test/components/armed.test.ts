/**
 * Alarms on silence page only once their metric has been seen: the inputs the program registers (queue
 * metrics, the daily-apply heartbeat), replayed through CloudWatch's state rules (model/alarmEval.ts).
 */
import { ApplyHeartbeat } from "../../components/alerts/applyHeartbeat";
import { QueueAlarms } from "../../components/alerts/queueAlarms";
import {
    AlarmState,
    compositeStates,
    MetricAlarmInputs,
    metricAlarmStates,
    pages,
    Series,
} from "../../model/alarmEval";
import { loadSystem } from "../../model/load";
import { CapturedResource } from "../../tools/analyzer";
import { MOCK_NAMED } from "../../tools/capture";
import { configView, NOW, validSystem } from "../model/fixtures";
import { registered } from "./registered";

const topicArns = { critical: "arn:critical", warning: "arn:warning", info: "arn:info" };

/** The composite `name` and the states it would take over a series of its metric's values. */
function replay(resources: CapturedResource[], name: string, series: Series): AlarmState[] {
    const composite = resources.find(
        (r) => r.type === "aws:cloudwatch/compositeAlarm:CompositeAlarm" && r.name === name,
    )!;
    const metricAlarms = resources.filter(
        (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm",
    );
    const states: Record<string, AlarmState[]> = {};
    for (const alarm of metricAlarms) {
        const inputs = alarm.inputs as unknown as MetricAlarmInputs & { statistic: string };
        // The seen alarm reads SampleCount (1 wherever a value exists), the silent one its own statistic.
        const values =
            inputs.statistic === "SampleCount"
                ? series.map((v) => (v === undefined ? v : 1))
                : series;
        states[MOCK_NAMED.arn(alarm.name)] = metricAlarmStates(inputs, values);
    }
    return compositeStates(String(composite.inputs.alarmRule), states);
}

const missing = (n: number): Series => Array<undefined>(n).fill(undefined);
const published = (n: number, value = 1): Series => Array<number>(n).fill(value);

describe("queue metrics-missing", () => {
    let resources: CapturedResource[];
    beforeAll(async () => {
        const result = loadSystem(
            (() => {
                const s = validSystem();
                s.services.worker.queues = ["email"];
                return s;
            })(),
            { now: NOW, config: configView() },
        );
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        resources = await registered(() => {
            new QueueAlarms("queues-worker", {
                service: "worker",
                queues: result.model.services.worker.queues,
                stack: "prod",
                topicArns,
            });
        });
    });
    const composite = "queues-worker-email-metrics-missing-armed";

    it("does not page a worker that has never published (a day of minutes)", () => {
        expect(pages(replay(resources, composite, missing(24 * 60)))).toEqual([]);
    });

    it("pages once the worker that published falls silent, and from then on", () => {
        // Published for 30 minutes (after a silent first hour), then silent for 30: ALARM 5 minutes in.
        const states = replay(resources, composite, [
            ...missing(60),
            ...published(30),
            ...missing(30),
        ]);
        expect(pages(states)).toEqual([60 + 30 + 4]);
        expect(states.at(-1)).toBe("ALARM");
        // A second outage after a recovery pages again.
        const twice = replay(resources, composite, [
            ...published(10),
            ...missing(10),
            ...published(10),
            ...missing(10),
        ]);
        expect(pages(twice)).toEqual([14, 34]);
    });

    it("would page from day one without the seen alarm (the silent alarm alone breaches on nothing)", () => {
        const silent = resources.find((r) => r.name === "queues-worker-email-metrics-missing")!;
        const states = metricAlarmStates(
            silent.inputs as unknown as MetricAlarmInputs,
            missing(10),
        );
        expect(pages(states)).toEqual([4]);
    });
});

describe("daily-apply", () => {
    it("does not page before the first successful daily run, and pages a day without one after it", async () => {
        const resources = await registered(() => {
            new ApplyHeartbeat("daily-apply", { stack: "prod", criticalTopicArn: "arn:critical" });
        });
        // Periods of 6 hours: a week with no daily run (a manual first `up`), then two days of runs
        // (one success a day), then nothing.
        const day = (success: boolean): Series => [success ? 1 : undefined, ...missing(3)];
        const series = [...missing(28), ...day(true), ...day(true), ...missing(8)];
        const states = replay(resources, "daily-apply-armed", series);
        expect(pages(states.slice(0, 28))).toEqual([]);
        // The last success is at period 32; four empty periods (24 h) later, at 36, the page.
        expect(pages(states)).toEqual([36]);
    });
});
