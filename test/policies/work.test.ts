/** opsbook-alerts-work-watched: queues and scheduled jobs keep their alarms, known ids or a first preview. */
import { workWatched } from "../../policies/rules/alerts/workWatched";
import { captureFixture, mutate } from "./fixture";
import { FixtureResource, stackViolations } from "./harness";

const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];
/** The prod stack with its worker's queues declared and a nightly job running as the api. */
const withWork = (system: any) => {
    system.services.worker.queues = ["default", { name: "email", failedPercent: 5 }];
    system.jobs = {
        cleanup: {
            service: "api",
            command: ["python", "-m", "app.cleanup"],
            schedule: "rate(1 day)",
        },
    };
};

describe.each(MODES)("opsbook-alerts-work-watched with %s", (_mode, firstPreview) => {
    let compliant: FixtureResource[];
    beforeAll(async () => {
        compliant = await captureFixture(withWork, undefined, { firstPreview });
    });
    const violations = (edit: (r: FixtureResource) => FixtureResource | null | undefined) =>
        stackViolations(workWatched, mutate(compliant, edit)).map((v) => v.message);

    it("passes every declared queue and the job, as the program builds them", () => {
        // Per queue: four rule alarms, the seen alarm and the composite that pages for silence.
        expect(compliant.filter((r) => r.name.startsWith("queues-worker-"))).toHaveLength(12);
        expect(stackViolations(workWatched, compliant)).toEqual([]);
    });

    it("refuses a queue without its missing-metrics alarm", () => {
        expect(
            violations((r) => (r.name === "queues-worker-email-metrics-missing" ? null : r)),
        ).toEqual([
            "service worker, queue email: no queue-metrics-missing alarm; every queue in opsbook:system.services.worker.queues is watched by all four.",
        ]);
    });

    it("refuses a missing-metrics alarm that stays quiet on silence", () => {
        expect(
            violations((r) =>
                r.name === "queues-worker-default-metrics-missing"
                    ? { ...r, props: { ...r.props, treatMissingData: "notBreaching" } }
                    : r,
            ),
        ).toEqual([
            "queues-worker-default-metrics-missing: treats missing data as notBreaching; a worker that stops publishing must page (breaching).",
        ]);
    });

    it("refuses a missing-metrics alarm whose composite (armed by the first datapoint) is gone", () => {
        expect(
            violations((r) => (r.name === "queues-worker-email-metrics-missing-armed" ? null : r)),
        ).toEqual([
            "queues-worker-email-metrics-missing: pages through queues-worker-email-metrics-missing-armed, which does not exist; nobody would hear a silent worker.",
        ]);
    });

    it("refuses a declared queue nothing watches", () => {
        expect(
            violations((r) =>
                r.type === "opsbook:index:EcsService" && r.name === "worker"
                    ? { ...r, props: { ...r.props, queues: ["default", "email", "reports"] } }
                    : r,
            ),
        ).toEqual([
            "service worker, queue reports: no queue-metrics-missing, queue-failed, queue-backlog, queue-oldest-waiting alarm; every queue in opsbook:system.services.worker.queues is watched by all four.",
        ]);
    });

    it("refuses a job whose failure reaches no topic", () => {
        expect(violations((r) => (r.name === "job-cleanup-failed-warning" ? null : r))).toEqual([
            "job-cleanup: a failed run alerts nobody; the job needs its failure rule and its target topic.",
        ]);
    });

    it("refuses a job without a missed-run alarm that breaches on silence", () => {
        expect(
            violations((r) =>
                r.name === "job-cleanup-missed-run"
                    ? { ...r, props: { ...r.props, treatMissingData: "ignore" } }
                    : r,
            ),
        ).toEqual([
            "job-cleanup: its missed-run alarm does not treat silence as breaching; a job that stops running must alert.",
        ]);
        expect(violations((r) => (r.name === "job-cleanup-missed-run" ? null : r))).toEqual([
            "job-cleanup: no missed-run alarm; a job that stops running must alert.",
        ]);
    });
});
