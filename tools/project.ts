/** Where the project is and what the engine calls it: the plan, the runbook and the other tools read these. */
import * as path from "path";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const PROJECT = "opsbook";
/** The policy pack the plan judges with (`policies/`). */
export const PACK_DIR = path.join(PROJECT_ROOT, "policies");
