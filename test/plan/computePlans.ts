/**
 * Plans stacks once for the whole test run, each in both modes at NOW, and writes each PlanResult (v8
 * serialized) to the directory given: `ts-node computePlans.ts DIR STACK...`. One pack per stack serves
 * both of its modes (same stack, same policy config), from the run's broker. Run by the jest global setup.
 */
import * as fs from "fs";
import { isDeepStrictEqual } from "util";
import * as v8 from "v8";
import { runPlan } from "../../tools/plan";
import { sharedPacks } from "./packBroker";
import { MODES, NOW, planFile, STACKS } from "./stacks";

async function main(dir: string, names: string[]) {
    const packs = sharedPacks();
    try {
        for (const name of names) {
            const stack = STACKS.find(([n]) => n === name);
            if (!stack) throw new Error(`unknown stack ${name}`);
            for (const mode of MODES) {
                const result = await runPlan({
                    stackFile: stack[1],
                    now: NOW,
                    firstPreview: mode === "firstPreview",
                    packs,
                });
                const data = v8.serialize(result);
                // The tests read these instead of planning: a lossy copy would change what they assert.
                if (!isDeepStrictEqual(v8.deserialize(data), result))
                    throw new Error(`${name} (${mode}): the plan does not survive serialization`);
                fs.writeFileSync(planFile(dir, name, mode), data);
            }
        }
    } finally {
        await packs.close();
    }
}

const [dir, ...names] = process.argv.slice(2);
main(dir, names).then(
    () => process.exit(0),
    (error) => {
        console.error(error instanceof Error ? error.stack : String(error));
        process.exit(1);
    },
);
