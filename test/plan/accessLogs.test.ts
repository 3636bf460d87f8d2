/**
 * The audit trail end to end: the plan shows where each bucket logs (text and JSON), the pack refuses a
 * bucket without logging in its own server, and judges a first preview (every id unknown) correctly from
 * property dependencies, as `pulumi preview` of a new stack would send them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { captureProgram } from "../../tools/capture";
import { formatJson, formatText, PROJECT, PROJECT_ROOT } from "../../tools/plan";
import { readStackFile } from "../../tools/stackFile";
import { judgeWithPack, NOW, packVerdict, planned, planProd, PROD } from "./helpers";

const ACCESS_LOG_POLICIES = ["opsbook-data-access-logs", "opsbook-data-access-log-bucket"];
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

describe("the plan's access logs", () => {
    it("shows where each bucket logs, and that R2 is not logged, in text and JSON", async () => {
        const result = planned(await planProd());
        expect(result.exitCode).toBe(0);
        expect(result.accessLogs).toEqual([
            expect.objectContaining({
                source: "buckets.uploads",
                resource: "bucket-uploads",
                provider: "s3",
                logsTo: "access-logs",
                prefix: "bucket-uploads/",
            }),
            expect.objectContaining({
                source: "buckets.assets",
                resource: "bucket-assets",
                provider: "r2",
                logsTo: null,
                prefix: null,
                note: expect.stringContaining("not logged by opsbook"),
            }),
            expect.objectContaining({ resource: "access-logs", logsTo: null }),
        ]);
        expect(JSON.parse(formatJson(result)).accessLogs).toEqual(result.accessLogs);
        const text = formatText(result);
        expect(text).toMatch(
            /Access logs \(who read, wrote or deleted which object\)\n.*\n {2}bucket-uploads +buckets\.uploads +s3 +access-logs\/bucket-uploads\//,
        );
        expect(text).toMatch(/ {2}bucket-assets +buckets\.assets +r2 +- +not logged by opsbook/);
    });

    it("logs each bucket under the prefix the plan shows, into the log bucket by its dependency", async () => {
        const result = planned(await planProd());
        const logBucket = result.resources.find(
            (r) => r.type === "aws:s3/bucket:Bucket" && r.name === "access-logs",
        )!;
        expect(logBucket.protect).toBe(true);
        const loggings = result.resources.filter((r) => r.type === LOGGING);
        expect(
            loggings.map((r) => [
                r.parent?.split("::").pop(),
                (r.inputs as any).targetPrefix,
                r.propertyDependencies.targetBucket,
            ]),
        ).toEqual(
            result.accessLogs
                .filter((a) => a.prefix)
                .map((a) => [a.resource, a.prefix, [logBucket.urn]]),
        );
    });

    it("is refused by the pack's server when a bucket's logging is removed, naming the bucket", async () => {
        const violations = await packVerdict((resources) =>
            resources.filter((r) => r.name !== "bucket-uploads-access-logs"),
        );
        expect(violations).toEqual([
            expect.objectContaining({
                policy: "opsbook-data-access-logs",
                enforcementLevel: "mandatory",
                urn: expect.stringContaining("aws:s3/bucket:Bucket::bucket-uploads"),
                message: expect.stringContaining("\nbucket-uploads: has no access logging;"),
            }),
        ]);
    });
});

describe("a first preview, where no bucket's id is known yet", () => {
    let captured: Awaited<ReturnType<typeof captureProgram>>;
    const judge = (resources: typeof captured.resources) =>
        judgeWithPack({
            packDir: path.join(PROJECT_ROOT, "policies"),
            project: PROJECT,
            stack: "prod",
            dryRun: true,
            policyConfig: {},
            resources,
        });

    beforeAll(async () => {
        const read = readStackFile(PROD, PROJECT);
        if (!read.ok) throw new Error("the prod stack file is invalid");
        process.env.OPSBOOK_NOW = NOW.toISOString();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require("../../index");
        captured = await captureProgram({
            project: PROJECT,
            stack: "prod",
            config: read.file.config,
            program,
            firstPreview: true,
        });
    });
    afterAll(() => {
        delete process.env.OPSBOOK_NOW;
    });

    it("passes the prod program: the policies run (no 'can't run during preview') and find nothing", async () => {
        const logging = captured.resources.find((r) => r.name === "bucket-uploads-access-logs")!;
        expect(pulumi.isUnknown(logging.inputs.bucket)).toBe(true);
        expect(pulumi.isUnknown(logging.inputs.targetBucket)).toBe(true);
        const verdict = await judge(captured.resources);
        expect(verdict.violations.filter((v) => ACCESS_LOG_POLICIES.includes(v.policy))).toEqual(
            [],
        );
    });

    it("refuses a bucket logging into itself, from property dependencies alone", async () => {
        const source = captured.resources.find(
            (r) => r.type === "aws:s3/bucket:Bucket" && r.name === "bucket-uploads",
        )!;
        const verdict = await judge(
            captured.resources.map((r) =>
                r.name === "bucket-uploads-access-logs"
                    ? {
                          ...r,
                          propertyDependencies: {
                              ...r.propertyDependencies,
                              targetBucket: [source.urn],
                          },
                      }
                    : r,
            ),
        );
        expect(verdict.violations.filter((v) => ACCESS_LOG_POLICIES.includes(v.policy))).toEqual([
            expect.objectContaining({
                policy: "opsbook-data-access-logs",
                enforcementLevel: "mandatory",
                urn: source.urn,
                message: expect.stringContaining("\nbucket-uploads: logs into itself;"),
            }),
        ]);
    });
});
