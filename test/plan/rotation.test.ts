/**
 * Rotation as `pulumi up` would carry it out, read from two offline plans of prod: what changes across a
 * boundary, an incident, a period edit, and who rolls.
 */
import { PlanResult } from "../../tools/plan";
import { NOW, planned, planProd, PROD, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("rotation");
const PASSWORD = "random:index/randomPassword:RandomPassword";
type Resource = ReturnType<typeof planned>["resources"][number];

const byName = (result: PlanResult) =>
    new Map(planned(result).resources.map((r) => [r.name, r] as const));
const secretOf = (result: PlanResult, name: string) =>
    planned(result).secrets.find((s) => s.name === name)!;
/** Resources only: these tests compare two plans; the verdicts are checked where they matter. */
const at = (when: Date, stackFile = PROD) => runPlan({ stackFile, now: when, judge: false });
const judged = (when: Date, stackFile = PROD) => runPlan({ stackFile, now: when });
const DAY = 24 * 60 * 60 * 1000;

/** Resources whose inputs differ, that appear or that disappear between two plans. */
function changes(before: PlanResult, after: PlanResult) {
    const x = byName(before);
    const y = byName(after);
    const same = (a: Resource, b: Resource) =>
        JSON.stringify(a.inputs) === JSON.stringify(b.inputs);
    return {
        changed: [...y.values()]
            .filter((r) => x.has(r.name) && !same(x.get(r.name)!, r))
            .map((r) => r.name),
        created: [...y.keys()].filter((n) => !x.has(n)),
        deleted: [...x.keys()].filter((n) => !y.has(n)),
    };
}

/** The plans one day before and one day after a secret's next rotation. */
async function acrossNextRotation(secret: string) {
    const next = new Date(secretOf(await planProd(), secret).nextRotation);
    return {
        before: await at(new Date(next.getTime() - DAY)),
        after: await at(new Date(next.getTime() + DAY)),
    };
}

const taskChanged = (c: ReturnType<typeof changes>, service: string) =>
    c.changed.includes(`${service}-task`);
const passwordsOf = (result: PlanResult, prefix: string) =>
    planned(result)
        .resources.filter((r) => r.type === PASSWORD && r.name.startsWith(`${prefix}-g`))
        .map((r) => r.name);

describe("consumers roll with the rotation that changes what they read", () => {
    it("API_SECRET: the task definitions of api and worker change, web is not touched", async () => {
        const { before, after } = await acrossNextRotation("API_SECRET");
        const c = changes(before, after);
        expect(taskChanged(c, "api")).toBe(true);
        expect(taskChanged(c, "worker")).toBe(true);
        expect(
            [...c.changed, ...c.created, ...c.deleted].filter((n) => n.startsWith("web-")),
        ).toEqual([]);
        // Only the versions carrier differs in the task definition: no image, size or other change.
        const versions = (r: PlanResult) =>
            JSON.stringify(byName(r).get("worker-task")!.inputs).match(/API_SECRET=g\d+/)![0];
        expect(versions(before)).not.toBe(versions(after));
    });

    it("CRON_SECRET: web gets a new production deployment, built after its variables", async () => {
        const { before, after } = await acrossNextRotation("CRON_SECRET");
        const deployment = (r: PlanResult) =>
            byName(r).get("web-rollout-deployment")! as { inputs: Record<string, unknown> };
        expect(deployment(before).inputs).toMatchObject({ production: true, ref: "main" });
        expect(JSON.stringify(deployment(after).inputs.meta)).not.toBe(
            JSON.stringify(deployment(before).inputs.meta),
        );
        expect(changes(before, after).changed).toContain("web-rollout-deployment");
    });

    it("SECRET_KEY: the worker, which does not read it, is not redeployed", async () => {
        const { before, after } = await acrossNextRotation("SECRET_KEY");
        const c = changes(before, after);
        expect(taskChanged(c, "api")).toBe(true);
        expect(taskChanged(c, "worker")).toBe(false);
        expect(c.changed).not.toContain("web-rollout-deployment");
    });
});

describe("key sets across a boundary", () => {
    for (const name of ["SECRET_KEY", "API_SECRET"]) {
        it(`${name}: the new current value was accepted before, the old one still is, one value arrives and one leaves`, async () => {
            const { before, after } = await acrossNextRotation(name);
            const b = secretOf(before, name);
            const a = secretOf(after, name);
            const role = (entry: typeof b, role: string) =>
                entry.slots.find((s) => s.role === role)!.generation;
            expect(role(a, "current")).toBe(role(b, "next"));
            expect(role(a, "previous")).toBe(role(b, "current"));
            const c = changes(before, after);
            const values = (names: string[]) => names.filter((n) => n.startsWith(`${name}-g`));
            expect(values(c.created)).toEqual([`${name}-g${role(a, "next")}`]);
            expect(values(c.deleted)).toEqual([`${name}-g${role(b, "previous")}`]);
            expect(values(c.changed)).toEqual([]);
        });
    }
});

describe("the encryption key ring", () => {
    it("loses no key to an incident: every existing key stays, a fresh one becomes current", async () => {
        const calm = await planProd();
        const incident = await judged(
            NOW,
            systemVariant(scratch(), "incident", (system) => {
                system.rotation = { incidents: [{ id: "INC-2026-11-24", at: "2026-11-24" }] };
            }),
        );
        const c = changes(calm, incident);
        const ring = (names: string[]) =>
            names.filter((n) => n.startsWith("MASTER_ENCRYPTION_KEY-g"));
        expect(ring(c.deleted)).toEqual([]);
        expect(ring(c.changed)).toEqual([]);
        const key = secretOf(incident, "MASTER_ENCRYPTION_KEY");
        const published = secretOf(calm, "MASTER_ENCRYPTION_KEY").slots.map((s) => s.generation);
        expect(published).not.toContain(key.generation);
        // Key sets lose every value they held: a compromised value must not survive as a fallback.
        for (const name of ["SECRET_KEY", "API_SECRET", "CRON_SECRET"]) {
            expect(
                passwordsOf(incident, name).filter((n) => passwordsOf(calm, name).includes(n)),
            ).toEqual([]);
        }
        expect(planned(incident).exitCode).toBe(0);
    });

    it("loses no key two periods later, and every key is protected in production", async () => {
        const now = await planProd();
        const later = await judged(new Date(NOW.getTime() + 2 * 365 * DAY));
        const c = changes(now, later);
        expect(c.deleted.filter((n) => n.startsWith("MASTER_ENCRYPTION_KEY-g"))).toEqual([]);
        expect(passwordsOf(later, "MASTER_ENCRYPTION_KEY").length).toBe(
            passwordsOf(now, "MASTER_ENCRYPTION_KEY").length + 2,
        );
        // Two years on, vendor keys are overdue (their own policy); the key ring is whole.
        expect(
            planned(later).violations.filter((v) => v.policy === "opsbook-secrets-live-values"),
        ).toEqual([]);
        expect(planned(later).policies.map((p) => p.name)).toContain("opsbook-secrets-live-values");
        const keys = planned(later).resources.filter((r) =>
            r.name.startsWith("MASTER_ENCRYPTION_KEY-g"),
        );
        expect(keys.every((r) => r.protect)).toBe(true);
    });
});

describe("editing the schedule", () => {
    it("changing SECRET_KEY's period from 90 to 60 the day after a rotation replaces none of its values", async () => {
        const last = new Date(secretOf(await planProd(), "SECRET_KEY").rotatedAt);
        const dayAfter = new Date(last.getTime() + DAY);
        const edited = systemVariant(scratch(), "period-60", (system) => {
            system.secrets.SECRET_KEY.periodDays = 60;
            system.secrets.SECRET_KEY.formerPeriods = [
                { periodDays: 90, until: dayAfter.toISOString().slice(0, 10) },
            ];
        });
        const before = await at(dayAfter);
        const after = await at(dayAfter, edited);
        const c = changes(before, after);
        const values = (names: string[]) => names.filter((n) => n.startsWith("SECRET_KEY-g"));
        expect([...values(c.created), ...values(c.deleted), ...values(c.changed)]).toEqual([]);
        expect(taskChanged(c, "api")).toBe(false);
        // The next rotation follows the new cadence from the current value's start.
        expect(secretOf(after, "SECRET_KEY").nextRotation).toBe(
            new Date(last.getTime() + 60 * DAY).toISOString(),
        );
    });
});
