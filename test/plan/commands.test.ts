/**
 * Commands without a shell, through the offline plan: a release and a service command reach the task
 * definition exactly as listed, the shell only when asked for, and the plan says which form each uses.
 */
import { formatJson, formatText } from "../../tools/plan";
import { NOW, planned, planProd, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("commands");
const containersOf = (result: Awaited<ReturnType<typeof planProd>>, task: string) => {
    const definition = planned(result).resources.find(
        (r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === task,
    )!;
    return JSON.parse((definition.inputs as any).containerDefinitions) as any[];
};

describe("release and command in the task definition", () => {
    it("runs release: [migrate, up] as exactly [migrate, up], and a { shell } command through /bin/sh -c", async () => {
        const result = await runPlan({
            stackFile: systemVariant(scratch(), "forms", (s) => {
                s.services.api.release = ["migrate", "up"];
                s.services.worker.command = { shell: "exec python -m app.worker" };
            }),
            now: NOW,
        });
        expect(planned(result).exitCode).toBe(0);
        const api = containersOf(result, "api-task");
        const release = api.find((c) => c.name === "release");
        expect(release.command).toEqual(["migrate", "up"]);
        // The image's ENTRYPOINT is left alone (as `docker run IMAGE migrate up`): none is set.
        expect(release.entryPoint).toBeUndefined();
        expect(api.find((c) => c.name === "api").command).toBeUndefined();
        const worker = containersOf(result, "worker-task").find((c) => c.name === "worker");
        expect(worker.command).toEqual(["/bin/sh", "-c", "exec python -m app.worker"]);
        const json = JSON.parse(formatJson(planned(result)));
        expect(json.services.find((s: any) => s.name === "api")).toMatchObject({
            release: { form: "exec", argv: ["migrate", "up"] },
            command: null,
        });
        expect(json.services.find((s: any) => s.name === "worker").command).toEqual({
            form: "shell",
            argv: ["/bin/sh", "-c", "exec python -m app.worker"],
        });
        const text = formatText(planned(result));
        expect(text).toContain('exec ["migrate","up"]');
        expect(text).toContain('shell "exec python -m app.worker"');
    });

    it("prod's release is its list, with no shell", async () => {
        const release = containersOf(await planProd(), "api-task").find(
            (c) => c.name === "release",
        );
        expect(release.command).toEqual(["alembic", "upgrade", "head"]);
    });

    it("refuses a stack file still holding a string release, naming the path and both forms", async () => {
        const result = await runPlan({
            stackFile: systemVariant(scratch(), "string-release", (s) => {
                s.services.api.release = "alembic upgrade head";
            }),
            now: NOW,
        });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            'opsbook:system.services.api.release: "alembic upgrade head" is a string, which opsbook does not guess at (a shell line or a list of words?); expected the exec form [alembic, upgrade, head] (run as is, no shell) or the shell form { shell: "alembic upgrade head" }',
        );
    });
});
