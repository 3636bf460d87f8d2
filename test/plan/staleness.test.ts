/**
 * Staleness: a running task or a built Vercel deployment keeps what it read at start, so every value a
 * consumer reads is in its rollout fingerprint (secret versions, one digest of everything else) and a
 * change to any of them rolls it in the same `pulumi up`. Never a value in the fingerprint.
 */
import { ROLLOUT_VARIABLE } from "../../model/rollout";
import { PlanResult } from "../../tools/plan";
import { NOW, planned, planProd, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("staleness");
const plan = (name: string, edit: (system: any) => void) =>
    runPlan({ stackFile: systemVariant(scratch(), name, edit), now: NOW, judge: false });
const inputsOf = (result: PlanResult, name: string) =>
    planned(result).resources.find((r) => r.name === name)!.inputs as any;

/** The fingerprint a Vercel project's deployment carries. */
const deployed = (result: PlanResult, service: string) =>
    inputsOf(result, `${service}-rollout-deployment`).meta[ROLLOUT_VARIABLE] as string;
/** The fingerprint an ECS service's task definition carries (the app container's variable). */
function taskFingerprint(result: PlanResult, service: string): string {
    const containers = JSON.parse(inputsOf(result, `${service}-task`).containerDefinitions);
    const app = containers.find((c: any) => c.name === service);
    return app.environment.find((e: any) => e.name === ROLLOUT_VARIABLE).value;
}

describe("a changed literal rolls its consumers, and only them", () => {
    it("NEXT_PUBLIC_SITE_URL: web gets a new production deployment; api and worker keep their tasks", async () => {
        const before = await planProd();
        const after = await plan("site-url", (s) => {
            s.env.web.NEXT_PUBLIC_SITE_URL = "https://www.example.com";
        });
        // The deployment replaces on `meta` (replaceOnChanges): a new build with the new value.
        expect(deployed(after, "web")).not.toBe(deployed(before, "web"));
        expect(inputsOf(after, "web-rollout-deployment")).toMatchObject({
            production: true,
            ref: "main",
        });
        expect(taskFingerprint(after, "api")).toBe(taskFingerprint(before, "api"));
        expect(taskFingerprint(after, "worker")).toBe(taskFingerprint(before, "worker"));
    });

    it("LOG_LEVEL of api: api's task definition carries a new fingerprint; worker's (its own LOG_LEVEL) does not change", async () => {
        const before = await planProd();
        const after = await plan("log-level", (s) => {
            s.env.api.LOG_LEVEL = "debug";
        });
        expect(taskFingerprint(after, "api")).not.toBe(taskFingerprint(before, "api"));
        expect(taskFingerprint(after, "worker")).toBe(taskFingerprint(before, "worker"));
        expect(deployed(after, "web")).toBe(deployed(before, "web"));
    });

    it("a Vercel project that reads only literals is deployed too (its build inlines them)", async () => {
        const after = await plan("literal-only", (s) => {
            for (const secret of Object.values<any>(s.secrets))
                secret.consumers = (secret.consumers ?? []).filter((c: string) => c !== "web");
            delete s.flags;
        });
        expect(deployed(after, "web")).toMatch(/^values=#[0-9a-f]{12}$/);
    });
});

describe("the fingerprint carries no value", () => {
    it("in prod, each consumer's fingerprint is secret versions, vendor dates and one digest; no literal, name or endpoint shows", async () => {
        const result = planned(await planProd());
        const labels = [
            deployed(result, "web"),
            taskFingerprint(result, "api"),
            taskFingerprint(result, "worker"),
        ];
        const entry = /^([A-Z][A-Z0-9_]*=(g\d+|\d{4}-\d{2}-\d{2}|1)|values=#[0-9a-f]{12})$/;
        for (const label of labels) {
            expect(label.split(",").every((e) => entry.test(e))).toBe(true);
            expect(label).toMatch(/(^|,)values=#[0-9a-f]{12}$/);
            for (const leak of ["example.com", "info", "uploads", "5432", "6379"])
                expect(label).not.toContain(leak);
        }
    });
});
