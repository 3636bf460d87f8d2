/**
 * The stacks the plan tests read and the date they plan at. No jest here: the global setup's child process
 * (`computePlans.ts`) imports it too.
 */
import * as path from "path";
import { PROJECT_ROOT } from "../../tools/plan";

export const NOW = new Date("2026-11-24T00:00:00Z");
export const PROD = path.join(PROJECT_ROOT, "Pulumi.prod.yaml");
/** The staging stack beside prod: the same system, judged by its environment's rules (no policy config). */
export const STAGING = path.join(PROJECT_ROOT, "Pulumi.staging.yaml");
export const EXAMPLES = [
    "alcom",
    "fork-knife",
    "kolamba",
    "legacyvideo",
    "vercel-supabase",
] as const;
/** Prod, staging and every example stack, as [name, stack file]. */
export const STACKS: [string, string][] = [
    ["prod", PROD],
    ["staging", STAGING],
    ...EXAMPLES.map((name): [string, string] => [
        name,
        path.join(PROJECT_ROOT, "examples", `Pulumi.${name}.yaml`),
    ]),
];
/** How a stack is planned: with the values a stack has (`known`) or as its first preview. */
export const MODES = ["known", "firstPreview"] as const;
export type PlanMode = (typeof MODES)[number];

/** Where the global setup wrote the plans of this run, when it ran (`test/plan/globalSetup.ts`). */
export const PLANS_DIR_VARIABLE = "OPSBOOK_TEST_PLANS";
export const planFile = (dir: string, stack: string, mode: PlanMode) =>
    path.join(dir, `${stack}.${mode}.plan`);
