/**
 * What AWS refuses at `pulumi up` but the mock runtime and the providers accept: the offline plan refuses it
 * first, exit 2, naming the config path, the value and what is allowed.
 */
import { formatText, runPlan } from "../../tools/plan";
import { NOW, scratchDirectory, systemVariant, variant } from "./helpers";

const scratch = scratchDirectory("offline");

describe("EventBridge Scheduler expressions", () => {
    it("refuses a five-field cron and a zero rate, exit 2, each naming its path", async () => {
        const stackFile = systemVariant(scratch(), "bad-schedules", (system) => {
            system.jobs = {
                nightly: { service: "api", command: ["true"], schedule: "cron(0 2 * * *)" },
                never: { service: "api", command: ["true"], schedule: "rate(0 minutes)" },
                "both-days": { service: "api", command: ["true"], schedule: "cron(0 2 * * * *)" },
            };
        });
        const result = await runPlan({ stackFile, now: NOW });
        expect(result.exitCode).toBe(2);
        const text = formatText(result);
        expect(text).toContain(
            'opsbook:system.jobs.nightly.schedule: "cron(0 2 * * *)" is refused by EventBridge Scheduler: cron needs six fields',
        );
        expect(text).toContain(
            'opsbook:system.jobs.never.schedule: "rate(0 minutes)" is refused by EventBridge Scheduler: the rate value "0" is not a positive whole number',
        );
        expect(text).toContain(
            'opsbook:system.jobs.both-days.schedule: "cron(0 2 * * * *)" is refused by EventBridge Scheduler: Invalid combination of day-of-month',
        );
    });
});

describe("the AWS region", () => {
    it("refuses a region the provider does not know, exit 2, naming aws:region and the regions it could mean", async () => {
        const stackFile = variant(scratch(), "bad-region", (doc) => {
            doc.config["aws:region"] = "eu-middle-1";
        });
        const result = await runPlan({ stackFile, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toMatch(
            /aws:region: "eu-middle-1" is not an AWS region; expected one of eu-central-1, .*eu-west-3/,
        );
    });
});
