import { scheduleIntervalMinutes } from "../../model/schedule";
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
