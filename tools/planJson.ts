/** The plan as JSON (`--json`): the plan without its exit code and timings, and the diff when there is one. */
import type { PlanResult } from "./planTypes";

export function formatJson(result: PlanResult): string {
    if (!result.ok) return JSON.stringify({ errors: result.errors }, null, 2);
    const { ok: _ok, exitCode: _exitCode, timings: _timings, diff, ...body } = result;
    if (!diff) return JSON.stringify(body, null, 2);
    const d = diff.result;
    return JSON.stringify(
        {
            ...body,
            baseline: diff.baseline,
            diff: d.changes.map((c) => ({
                urn: c.urn,
                type: c.type,
                action: c.action,
                paths: c.paths,
                blocking: c.blocking,
                reason: c.reason,
                secretPaths: c.secretPaths,
                forcedBy: c.forcedBy,
                order: c.order,
                causedBy: c.causedBy,
                renamedFrom: c.renamedFrom,
            })),
            rotations: d.rotations,
            diffSummary: { ...d.counts, blocking: d.blocking, notes: d.notes },
        },
        null,
        2,
    );
}
