import {
    rateExpression,
    scheduleExpressionProblem,
    scheduleIntervalMinutes,
} from "../../model/schedule";
import { RESTORE_TEST_MAX_INTERVAL_DAYS, RESTORE_TEST_SCHEDULE } from "../../model/rules";

describe("scheduleIntervalMinutes", () => {
    it.each([
        ["rate(1 hour)", 60],
        ["rate(15 minutes)", 15],
        ["rate(2 days)", 2880],
        ["cron(0 5 ? * * *)", 1440],
        ["cron(0 * * * ? *)", 60],
        ["cron(0 0,12 * * ? *)", 720],
        ["cron(0 6 1 * ? *)", 31 * 1440],
        ["cron(0 6 ? * 2 *)", 7 * 1440],
        ["cron(*/5 * * * ? *)", 5],
    ])("reads %s as %d minutes", (expression, minutes) => {
        expect(scheduleIntervalMinutes(expression)).toBe(minutes);
    });

    it("measures the quarterly drill by its longest real gap (Jul–Oct, Oct–Jan: 92 days)", () => {
        expect(scheduleIntervalMinutes(RESTORE_TEST_SCHEDULE)).toBe(92 * 1440);
        expect(scheduleIntervalMinutes(RESTORE_TEST_SCHEDULE)! / 1440).toBeLessThanOrEqual(
            RESTORE_TEST_MAX_INTERVAL_DAYS,
        );
        expect(scheduleIntervalMinutes("cron(0 6 1 1,7 ? *)")).toBe(184 * 1440);
    });

    it("says it cannot tell rather than guess", () => {
        expect(scheduleIntervalMinutes("at(2030-01-01T00:00:00)")).toBeUndefined();
        expect(scheduleIntervalMinutes("cron(0 6 ? * MON *)")).toBeUndefined();
        expect(scheduleIntervalMinutes("every day")).toBeUndefined();
    });
});

describe("scheduleExpressionProblem (what EventBridge Scheduler refuses at create)", () => {
    it.each([
        "rate(1 minute)",
        "rate(15 minutes)",
        "rate(1 day)",
        "cron(0 3 * * ? *)",
        "cron(0 12 ? * MON-FRI *)",
        "cron(0/15 8-18 ? * 2-6 *)",
        "cron(0 6 L * ? *)",
        "cron(0 6 ? * 2#1 *)",
        RESTORE_TEST_SCHEDULE,
    ])("accepts %s", (expression) => {
        expect(scheduleExpressionProblem(expression)).toBeUndefined();
    });

    it("accepts every rate the program builds from an RPO", () => {
        for (const minutes of [1, 5, 15, 60, 90, 1440, 2880])
            expect(scheduleExpressionProblem(rateExpression(minutes))).toBeUndefined();
    });

    it.each([
        ["cron(0 2 * * *)", "cron needs six fields"],
        ["cron(0 2 * * * *)", "Invalid combination of day-of-month '*' and day-of-week '*'"],
        ["cron(0 2 ? * ? *)", "Invalid combination of day-of-month '?' and day-of-week '?'"],
        ["cron(0 24 * * ? *)", "Invalid hour value '24'"],
        ["cron(0 2 * 13 ? *)", "Invalid month value '13'"],
        ["rate(0 minutes)", 'the rate value "0" is not a positive whole number'],
        ["rate(-5 minutes)", 'the rate value "-5" is not a positive whole number'],
        ["rate(5 weeks)", 'the rate unit "weeks" is not minutes, hours or days'],
        ["every day", "neither rate(...) nor cron(...)"],
    ])("refuses %s: %s", (expression, reason) => {
        expect(scheduleExpressionProblem(expression)).toContain(reason);
    });
});
