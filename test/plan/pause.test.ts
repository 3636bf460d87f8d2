/**
 * The emergency pause (Alcom's `railway service pause`) on Alcom's api: zero tasks, a 503 at the load
 * balancer, alarms and health check silenced but kept; lifting it restores the plan exactly.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { PlanResult, PROJECT_ROOT } from "../../tools/plan";
import { NOW, planned, planStack, runPlan, scratchDirectory } from "./helpers";

const ALCOM = path.join(PROJECT_ROOT, "examples", "Pulumi.alcom.yaml");
const scratch = scratchDirectory("pause");
const inputs = (result: PlanResult, name: string, type?: string) =>
    planned(result).resources.find((r) => r.name === name && (!type || r.type === type))
        ?.inputs as Record<string, any>;

/** Alcom's stack file with `edit` applied to its api service, in a directory of its own. */
function alcomWith(name: string, edit: (api: Record<string, unknown>) => void): string {
    const doc = parse(fs.readFileSync(ALCOM, "utf8"));
    edit(doc.config["opsbook:system"].services.api);
    const dir = path.join(scratch(), name);
    fs.mkdirSync(dir);
    const file = path.join(dir, "Pulumi.alcom.yaml");
    fs.writeFileSync(file, stringify(doc));
    return file;
}

describe("paused: true on Alcom's api", () => {
    let normal: PlanResult;
    let paused: PlanResult;
    let resumed: PlanResult;
    beforeAll(async () => {
        normal = await planStack("alcom");
        paused = await runPlan({
            stackFile: alcomWith("paused", (api) => (api.paused = true)),
            now: NOW,
        });
        resumed = await runPlan({
            stackFile: alcomWith("resumed", (api) => (api.paused = false)),
            now: NOW,
        });
    });

    it("holds the ECS service at zero tasks", () => {
        expect(inputs(paused, "api", "aws:ecs/service:Service").desiredCount).toBe(0);
        expect(inputs(paused, "api-scaling")).toMatchObject({ minCapacity: 0, maxCapacity: 0 });
        expect(inputs(normal, "api-scaling").minCapacity).toBeGreaterThan(0);
        expect(planned(paused).services.find((s) => s.name === "api")).toMatchObject({
            paused: true,
        });
    });

    it("silences every alarm of the service and its health check, keeping them", () => {
        const alarms = planned(paused).resources.filter(
            (r) =>
                r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" &&
                (r.name.startsWith("alarms-api-") || r.name.startsWith("health-api")),
        );
        expect(alarms.length).toBeGreaterThanOrEqual(5);
        for (const alarm of alarms) {
            expect(inputs(paused, alarm.name)).toMatchObject({ actionsEnabled: false });
            expect(inputs(paused, alarm.name).alarmActions).toEqual(
                inputs(normal, alarm.name).alarmActions,
            );
        }
        const check = "aws:route53/healthCheck:HealthCheck";
        expect(inputs(paused, "health-api", check).disabled).toBe(true);
        // The web service is not paused: its check still pages.
        expect(inputs(paused, "health-web", check).disabled).toBeUndefined();
    });

    it("answers 503 at the load balancer instead of forwarding", () => {
        expect(inputs(paused, "api-lb-from-edge").actions).toEqual([
            expect.objectContaining({
                type: "fixed-response",
                fixedResponse: expect.objectContaining({ statusCode: "503" }),
            }),
        ]);
    });

    it("is an advisory in the verdict, not a refusal", () => {
        expect(planned(paused).exitCode).toBe(0);
        expect(
            planned(paused).violations.map((v) => [v.policy, v.enforcementLevel]),
        ).toContainEqual(["opsbook-services-paused", "advisory"]);
    });

    it("restores the plan exactly when lifted", () => {
        expect(JSON.stringify(planned(resumed).resources)).toBe(
            JSON.stringify(planned(normal).resources),
        );
        expect(planned(resumed).violations).toEqual(planned(normal).violations);
    });
});
