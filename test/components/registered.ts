import { CapturedResource } from "../../tools/analyzer";
import { captureProgram } from "../../tools/capture";

/**
 * Runs `build` under the mock runtime and returns every resource it registered (the stack itself
 * excepted), with its inputs as the SDK sent them: secrets keep their value here, in the runtime's
 * secret envelope, because nothing is redacted for printing.
 */
export async function registered(build: () => void): Promise<CapturedResource[]> {
    const { resources } = await captureProgram({
        project: "opsbook",
        stack: "test",
        config: { values: {}, secretKeys: [] },
        program: async () => build(),
    });
    return resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
}
