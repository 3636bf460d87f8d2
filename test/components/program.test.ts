/**
 * The whole program (`index.ts`) under the mock runtime: an invalid model registers nothing and stops with
 * every problem listed, as a `RunError` (no stack trace for a user mistake).
 */
import * as pulumi from "@pulumi/pulumi";
import { SYSTEM_KEY } from "../../model/load";
import { validSystem } from "../model/fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const program = require("../../index") as () => Promise<Record<string, unknown>>;
const registered: string[] = [];

/**
 * Configures the mocks and the stack's config, then runs the program: inside the root stack as the
 * language host does, or bare (`inStack: false`) where it is expected to fail, since the SDK's root stack
 * would also report the failure as an unhandled rejection.
 */
async function run(system: unknown, inStack = true, secretKeys = ["opsbook:STRIPE_SECRET_KEY"]) {
    registered.length = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args.type);
                // A bucket's generated name, as the provider computes it: the log bucket's is an output.
                const bucket = args.type === "aws:s3/bucket:Bucket" ? { bucket: args.name } : {};
                return { id: `${args.name}-id`, state: { ...args.inputs, ...bucket } };
            },
            call: (args) => args.inputs,
        },
        "opsbook",
        "test",
        true,
    );
    const values: Record<string, string> = { [SYSTEM_KEY]: JSON.stringify(system) };
    for (const key of secretKeys) values[key] = "placeholder";
    pulumi.runtime.setAllConfig(values, secretKeys);
    return inStack ? pulumi.runtime.runInPulumiStack(program) : program();
}

afterEach(() => {
    delete process.env.OPSBOOK_NOW;
});

describe("index.ts", () => {
    it("registers nothing when the model is invalid, and lists every problem", async () => {
        process.env.OPSBOOK_NOW = "2026-11-24";
        const system = validSystem();
        system.secrets.SECRET_KEY.periodDays = 120;
        system.secrets.API_SECRET.consumers = ["billing"];
        const failure = run(system, false);
        await expect(failure).rejects.toBeInstanceOf(pulumi.RunError);
        await expect(failure).rejects.toThrow(
            /2 problems; nothing was changed:\n {2}opsbook:system.secrets.SECRET_KEY.periodDays: 120 is longer[^\n]*\n {2}opsbook:system.secrets.API_SECRET.consumers.0: "billing" is not a service/,
        );
        expect(registered).toEqual([]);
    });

    it("stops cleanly on a bad OPSBOOK_NOW", async () => {
        process.env.OPSBOOK_NOW = "yesterday";
        await expect(run(validSystem(), false)).rejects.toThrow(
            new pulumi.RunError(
                'OPSBOOK_NOW: "yesterday" is not a date; expected an ISO date such as 2026-11-24',
            ),
        );
        expect(registered).toEqual([]);
    });

    it("exports the rotation calendar, with no value in it", async () => {
        process.env.OPSBOOK_NOW = "2026-11-24";
        const outputs = (await run(validSystem())) as Record<string, any>;
        const calendar = outputs.rotationCalendar as Record<string, unknown>[];
        expect(calendar.map((entry) => entry.name)).toEqual([
            "SECRET_KEY",
            "API_SECRET",
            "CRON_SECRET",
            "STRIPE_SECRET_KEY",
        ]);
        expect(JSON.stringify(calendar)).not.toContain("placeholder");
    });
});
