/** Stops the run's packs and removes the plans the global setup wrote. */
import * as fs from "fs";
import { PackBroker } from "./packBroker";
import { PLANS_DIR_VARIABLE } from "./stacks";

export default async function globalTeardown(): Promise<void> {
    await (globalThis as { opsbookPackBroker?: PackBroker }).opsbookPackBroker?.close();
    const dir = process.env[PLANS_DIR_VARIABLE];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
