import { commandProblem, commandText, SHELL, toCommand } from "../../model/command";
import { loadSystem, LoadResult } from "../../model/load";
import { configView, NOW, validSystem } from "./fixtures";
import { SAMPLES } from "./credentialSamples";

const load = (system: unknown) => loadSystem(system, { now: NOW, config: configView() });
function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("commands: the exec form unless the shell is asked for", () => {
    it("runs a list as is and a { shell } line through /bin/sh -c", () => {
        expect(toCommand(["migrate", "up"])).toEqual({ form: "exec", argv: ["migrate", "up"] });
        expect(toCommand({ shell: "alembic upgrade head && ./seed" })).toEqual({
            form: "shell",
            argv: ["/bin/sh", "-c", "alembic upgrade head && ./seed"],
        });
        expect(SHELL).toEqual(["/bin/sh", "-c"]);
        expect(toCommand(undefined)).toBeUndefined();
    });

    it("names the form in what the plan shows", () => {
        expect(commandText(toCommand(["migrate", "up"]))).toBe('exec ["migrate","up"]');
        expect(commandText(toCommand({ shell: "a && b" }))).toBe('shell "a && b"');
    });

    it("refuses a bare string with both forms written out for it", () => {
        expect(commandProblem("alembic upgrade head")).toBe(
            '"alembic upgrade head" is a string, which opsbook does not guess at (a shell line or a list of words?); expected the exec form [alembic, upgrade, head] (run as is, no shell) or the shell form { shell: "alembic upgrade head" } (run by /bin/sh -c; the image must have a shell)',
        );
        // A line using the shell's syntax cannot be split into words: only a placeholder list is offered.
        expect(commandProblem("migrate && seed")).toContain(
            'expected the exec form [program, arg, ...] (run as is, no shell) or the shell form { shell: "migrate && seed" }',
        );
    });

    it("never echoes a credential-looking line", () => {
        // The shared sample, built from parts: the repository holds no credential-shaped literal.
        const line = `migrate --password ${SAMPLES.stripe.text}`;
        const message = commandProblem(line);
        expect(message).not.toContain("sk_live_");
        expect(message).toContain('{ shell: "line" }');
    });

    it("loads release, command and a job's command in either form", () => {
        const system = validSystem();
        system.services.api.release = ["migrate", "up"];
        system.services.api.command = { shell: "exec gunicorn app:app" };
        system.jobs = {
            cleanup: {
                service: "worker",
                command: ["python", "-m", "cleanup"],
                schedule: "rate(1 day)",
            },
        };
        const result = load(system);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.model.services.api.release).toEqual({
            form: "exec",
            argv: ["migrate", "up"],
        });
        expect(result.model.services.api.command).toEqual({
            form: "shell",
            argv: ["/bin/sh", "-c", "exec gunicorn app:app"],
        });
        expect(result.model.jobs.cleanup.command?.argv).toEqual(["python", "-m", "cleanup"]);
    });

    it("refuses a string release, command or job command at its path, all at once", () => {
        const system = validSystem();
        system.services.api.release = "alembic upgrade head";
        system.services.worker.command = "python -m app.worker";
        system.jobs = {
            cleanup: { service: "worker", command: "python -m cleanup", schedule: "rate(1 day)" },
        };
        expect(errorsOf(load(system))).toEqual([
            {
                path: "opsbook:system.services.api.release",
                message: commandProblem("alembic upgrade head"),
            },
            {
                path: "opsbook:system.services.worker.command",
                message: commandProblem("python -m app.worker"),
            },
            {
                path: "opsbook:system.jobs.cleanup.command",
                message: commandProblem("python -m cleanup"),
            },
        ]);
    });

    it.each([
        [[], "opsbook:system.services.api.release", "expected at least 1 entries"],
        [["migrate", ""], "opsbook:system.services.api.release.1", "expected at least 1"],
        [{ shell: " " }, "opsbook:system.services.api.release.shell", "expected at least 1"],
        [{ shel: "x" }, "opsbook:system.services.api.release.shel", "is not a known key"],
        [42, "opsbook:system.services.api.release", "42 is not allowed; expected the exec form"],
    ])("refuses release %j inside out", (value, path, message) => {
        const system = validSystem();
        system.services.api.release = value;
        const errors = errorsOf(load(system));
        expect(errors).toContainEqual({ path, message: expect.stringContaining(message) });
    });
});
