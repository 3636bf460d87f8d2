/**
 * The access-log policies on the real program's output (prod plus an external database, so a user bucket
 * and a dump bucket both log), on one mutation per failing test, and on a first preview, where no bucket's
 * id is known yet and the policies must decide from parents and property dependencies.
 */
import { accessLogBucket } from "../../policies/rules/data/accessLogBucket";
import { accessLogs } from "../../policies/rules/data/accessLogs";
import { captureFixture, EXTERNAL_ADMIN_URL, mutate, withExternalDatabase } from "./fixture";
import { FixtureResource, stackViolations, UNKNOWN_VALUE, inEnvironment } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LOG_BUCKET = `${BUCKET}::access-logs`;

let compliant: FixtureResource[];
let firstPreview: FixtureResource[];

beforeAll(async () => {
    compliant = await captureFixture(withExternalDatabase, EXTERNAL_ADMIN_URL);
    firstPreview = await captureFixture(withExternalDatabase, EXTERNAL_ADMIN_URL, {
        firstPreview: true,
    });
});

/** `resources` with the logging of `bucket` changed by `edit` (null drops it). */
function editLogging(
    resources: readonly FixtureResource[],
    bucket: string,
    edit: (r: FixtureResource) => FixtureResource | null,
) {
    return mutate(resources, (r) =>
        r.type === LOGGING && r.name === `${bucket}-access-logs` ? edit(r) : r,
    );
}

/** The logging of `bucket` pointed at `target` (a `type::name` key), by its value and its dependency. */
function logInto(resources: readonly FixtureResource[], bucket: string, target: string) {
    const targetBucket = resources.find((r) => `${r.type}::${r.name}` === target)!;
    return editLogging(resources, bucket, (r) => ({
        ...r,
        props: { ...r.props, targetBucket: targetBucket.props.bucket ?? r.props.bucket },
        propertyDependencies: { ...r.propertyDependencies, targetBucket: [target] },
    }));
}

const inComponent = (resources: readonly FixtureResource[], component: string) =>
    resources.filter((r) => r.parent?.endsWith(`::${component}`));

describe("the program's access logging", () => {
    it("gives every S3 bucket but the log bucket one BucketLogging into the log bucket, under its own prefix", () => {
        const buckets = compliant.filter((r) => r.type === BUCKET).map((r) => r.name);
        expect(buckets.sort()).toEqual(["access-logs", "backup-legacy-dumps", "bucket-uploads"]);
        const loggings = compliant.filter((r) => r.type === LOGGING);
        expect(
            loggings.map((r) => [
                r.name,
                r.props.targetPrefix,
                r.propertyDependencies?.bucket,
                r.propertyDependencies?.targetBucket,
            ]),
        ).toEqual([
            [
                "backup-legacy-dumps-access-logs",
                "backup-legacy-dumps/",
                [`${BUCKET}::backup-legacy-dumps`],
                [LOG_BUCKET],
            ],
            [
                "bucket-uploads-access-logs",
                "bucket-uploads/",
                [`${BUCKET}::bucket-uploads`],
                [LOG_BUCKET],
            ],
        ]);
        for (const logging of loggings)
            expect(logging.props.targetObjectKeyFormat).toEqual({
                partitionedPrefix: { partitionDateSource: "EventTime" },
            });
    });

    it("builds the log bucket as log delivery requires: SSE-S3, owner-enforced, private, kept 395 days, protected", () => {
        const children = inComponent(compliant, "access-logs");
        const of = (type: string) => children.find((r) => r.type === type)!;
        expect(compliant.find((r) => `${r.type}::${r.name}` === LOG_BUCKET)?.protect).toBe(true);
        expect(
            of(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            ).props.rules,
        ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        expect(of("aws:s3/bucketOwnershipControls:BucketOwnershipControls").props.rule).toEqual({
            objectOwnership: "BucketOwnerEnforced",
        });
        expect(
            (
                of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").props
                    .rules as any[]
            )[0],
        ).toMatchObject({
            status: "Enabled",
            expiration: { days: 395 },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
        });
        const statements = (of("aws:s3/bucketPolicy:BucketPolicy").props.policy as any).Statement;
        const allows = statements.filter((s: any) => s.Effect === "Allow");
        // S3's own delivery, one per source bucket; the load balancer's grant is ELB's (hardening.test.ts).
        const delivery = allows.filter((s: any) => s.Principal.Service);
        expect(delivery).toHaveLength(2);
        expect(allows.filter((s: any) => !s.Principal.Service).map((s: any) => s.Sid)).toEqual([
            "ElbAccessLogselbapi",
        ]);
        for (const statement of delivery) {
            expect(statement.Principal).toEqual({ Service: "logging.s3.amazonaws.com" });
            expect(statement.Action).toBe("s3:PutObject");
            expect(statement.Condition.StringEquals["aws:SourceAccount"]).toBe("123456789012");
        }
        // Each source may write only under its own prefix.
        expect(
            delivery.map((s: any) => [s.Condition.ArnLike["aws:SourceArn"], s.Resource]),
        ).toEqual(
            expect.arrayContaining([
                ["arn:aws:mock:::bucket-uploads", "arn:aws:mock:::access-logs/bucket-uploads/*"],
                [
                    "arn:aws:mock:::backup-legacy-dumps",
                    "arn:aws:mock:::access-logs/backup-legacy-dumps/*",
                ],
            ]),
        );
        expect(compliant.some((r) => r.type === LOGGING && r.name.startsWith("access-logs"))).toBe(
            false,
        );
    });
});

describe("opsbook-data-access-logs", () => {
    it("passes the uploads and dump buckets as registered", () => {
        expect(stackViolations(accessLogs, compliant)).toEqual([]);
    });

    it("refuses a bucket without logging, naming it", () => {
        const violations = stackViolations(
            accessLogs,
            editLogging(compliant, "bucket-uploads", () => null),
        );
        expect(violations).toEqual([
            {
                message:
                    "bucket-uploads: has no access logging; after an incident nobody could tell who read, wrote or deleted its objects. Expected an aws.s3.BucketLogging into the stack's access-log bucket.",
                urn: expect.stringContaining(`${BUCKET}::bucket-uploads`),
            },
        ]);
    });

    it("refuses a bucket logging into itself", () => {
        const [violation, ...rest] = stackViolations(
            accessLogs,
            logInto(compliant, "bucket-uploads", `${BUCKET}::bucket-uploads`),
        );
        expect(rest).toEqual([]);
        expect(violation.message).toMatch(/^bucket-uploads: logs into itself;/);
        expect(violation.urn).toContain(`${BUCKET}::bucket-uploads`);
    });

    it("refuses a bucket logging into another data bucket", () => {
        const [violation] = stackViolations(
            accessLogs,
            logInto(compliant, "backup-legacy-dumps", `${BUCKET}::bucket-uploads`),
        );
        expect(violation.message).toBe(
            "backup-legacy-dumps: logs into bucket-uploads, which is not the stack's access-log bucket; expected access-logs.",
        );
    });

    it("refuses a bucket logging into a bucket outside the stack", () => {
        const [violation] = stackViolations(
            accessLogs,
            editLogging(compliant, "bucket-uploads", (r) => ({
                ...r,
                props: { ...r.props, targetBucket: "someone-elses-logs" },
                propertyDependencies: { bucket: r.propertyDependencies!.bucket },
            })),
        );
        expect(violation.message).toBe(
            "bucket-uploads: logs into someone-elses-logs, which is not the stack's access-log bucket; expected access-logs.",
        );
    });

    it("refuses a stack whose buckets have no log bucket at all", () => {
        const violations = stackViolations(
            accessLogs,
            mutate(compliant, (r) =>
                r.type === LOGGING ||
                r.name === "access-logs" ||
                r.parent?.endsWith("::access-logs")
                    ? null
                    : r,
            ),
        );
        expect(violations.map((v) => v.message).sort()).toEqual([
            expect.stringMatching(/^backup-legacy-dumps: has no access logging/),
            expect.stringMatching(
                /^bucket-uploads: has no access logging.*\(the stack has none\)\.$/,
            ),
        ]);
    });

    describe("in a first preview (no id known)", () => {
        it("sees unknown ids in the fixture, as the engine sends them", () => {
            const logging = firstPreview.find((r) => r.name === "bucket-uploads-access-logs")!;
            expect(logging.props.bucket).toBe(UNKNOWN_VALUE);
            expect(logging.props.targetBucket).toBe(UNKNOWN_VALUE);
        });

        it("passes the program as registered", () => {
            expect(stackViolations(accessLogs, firstPreview)).toEqual([]);
        });

        it("still refuses a bucket without logging", () => {
            const [violation] = stackViolations(
                accessLogs,
                editLogging(firstPreview, "backup-legacy-dumps", () => null),
            );
            expect(violation.message).toMatch(/^backup-legacy-dumps: has no access logging;/);
        });

        it("still refuses a bucket logging into itself, from its property dependencies alone", () => {
            const [violation] = stackViolations(
                accessLogs,
                editLogging(firstPreview, "bucket-uploads", (r) => ({
                    ...r,
                    propertyDependencies: {
                        ...r.propertyDependencies,
                        targetBucket: [`${BUCKET}::bucket-uploads`],
                    },
                })),
            );
            expect(violation.message).toMatch(/^bucket-uploads: logs into itself;/);
        });
    });
});

describe("opsbook-data-access-log-bucket", () => {
    /** The fixture with the log bucket's child of `type` changed by `edit`. */
    const editLogBucket = (
        resources: readonly FixtureResource[],
        type: string,
        edit: (props: Record<string, any>) => Record<string, any>,
    ) =>
        mutate(resources, (r) =>
            r.type === type && r.parent?.endsWith("::access-logs")
                ? { ...r, props: edit(r.props) }
                : r,
        );

    it("passes the log bucket as registered, in production", () => {
        expect(stackViolations(accessLogBucket, compliant)).toEqual([]);
    });

    it("refuses a public log bucket (public access not blocked)", () => {
        const [violation, ...rest] = stackViolations(
            accessLogBucket,
            editLogBucket(
                compliant,
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                (props) => ({ ...props, blockPublicPolicy: false, restrictPublicBuckets: false }),
            ),
        );
        expect(rest).toEqual([]);
        expect(violation).toEqual({
            message:
                "access-logs: public access is not fully blocked (blockPublicPolicy, restrictPublicBuckets); access logs name every key, requester and IP address and must never be public.",
            urn: expect.stringContaining(LOG_BUCKET),
        });
    });

    it("refuses a log bucket whose policy allows everyone", () => {
        const [violation] = stackViolations(
            accessLogBucket,
            editLogBucket(compliant, "aws:s3/bucketPolicy:BucketPolicy", (props) => ({
                ...props,
                policy: {
                    ...props.policy,
                    Statement: [
                        ...props.policy.Statement,
                        { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" },
                    ],
                },
            })),
        );
        expect(violation.message).toBe(
            'access-logs: its bucket policy allows everyone (Principal "*"); access logs must never be public.',
        );
    });

    it("refuses SSE-KMS, which log delivery cannot write into", () => {
        const [violation] = stackViolations(
            accessLogBucket,
            editLogBucket(
                compliant,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                (props) => ({
                    ...props,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
                }),
            ),
        );
        expect(violation.message).toBe(
            "access-logs: is encrypted with aws:kms; S3 log delivery writes only into SSE-S3 (AES256) buckets, so no log would arrive.",
        );
    });

    it("refuses ACL-based ownership", () => {
        const [violation] = stackViolations(
            accessLogBucket,
            editLogBucket(
                compliant,
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                (props) => ({ ...props, rule: { objectOwnership: "ObjectWriter" } }),
            ),
        );
        expect(violation.message).toMatch(
            /^access-logs: objects are not owner-enforced \(ObjectWriter\)/,
        );
    });

    it("refuses a delivery grant not scoped to the source buckets and account", () => {
        const [violation] = stackViolations(
            accessLogBucket,
            editLogBucket(compliant, "aws:s3/bucketPolicy:BucketPolicy", (props) => ({
                ...props,
                policy: {
                    ...props.policy,
                    Statement: props.policy.Statement.map((s: any) =>
                        s.Effect === "Allow" ? { ...s, Condition: undefined } : s,
                    ),
                },
            })),
        );
        expect(violation.message).toBe(
            "access-logs: grants log delivery without aws:SourceArn and aws:SourceAccount; any bucket of any account could write into the audit trail.",
        );
    });

    it("refuses a log bucket without the delivery grant", () => {
        const [violation] = stackViolations(
            accessLogBucket,
            mutate(compliant, (r) => (r.name === "access-logs-policy" ? null : r)),
        );
        expect(violation.message).toBe(
            "access-logs: has no bucket policy granting log delivery to logging.s3.amazonaws.com; no log would arrive.",
        );
    });

    it.each([
        ["as registered", () => compliant],
        ["in a first preview", () => firstPreview],
    ])("refuses a grant that leaves out a source bucket (%s)", (_, fixture) => {
        const withoutDumps = mutate(fixture(), (r) =>
            r.name === "access-logs-policy"
                ? {
                      ...r,
                      propertyDependencies: {
                          ...r.propertyDependencies,
                          policy: r.propertyDependencies!.policy!.filter(
                              (key) => key !== `${BUCKET}::backup-legacy-dumps`,
                          ),
                      },
                  }
                : r,
        );
        expect(stackViolations(accessLogBucket, withoutDumps)).toEqual([
            {
                message:
                    "access-logs: its bucket policy does not grant delivery from backup-legacy-dumps (aws:SourceArn), so that bucket's logs would be refused.",
                urn: expect.stringContaining(LOG_BUCKET),
            },
        ]);
    });

    it("refuses logs kept 30 days in production, and allows it elsewhere", () => {
        const shortLived = editLogBucket(
            compliant,
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            (props) => ({
                ...props,
                rules: props.rules.map((rule: any) =>
                    rule.expiration?.days ? { ...rule, expiration: { days: 30 } } : rule,
                ),
            }),
        );
        expect(stackViolations(accessLogBucket, shortLived)).toEqual([
            {
                message:
                    "access-logs: expires logs after 30 days; production keeps them at least 365 (rule accessLogRetentionDays: the incident window).",
                urn: expect.stringContaining(LOG_BUCKET),
            },
        ]);
        expect(stackViolations(accessLogBucket, inEnvironment(shortLived, "staging"))).toEqual([]);
    });

    it("refuses a log bucket logging into itself", () => {
        const logging = compliant.find((r) => r.name === "bucket-uploads-access-logs")!;
        const selfLogging: FixtureResource = {
            ...logging,
            name: "access-logs-access-logs",
            parent: "opsbook:index:AccessLogBucket::access-logs",
            props: { ...logging.props, targetPrefix: "access-logs/" },
            propertyDependencies: { bucket: [LOG_BUCKET], targetBucket: [LOG_BUCKET] },
        };
        const [violation] = stackViolations(accessLogBucket, [...compliant, selfLogging]);
        expect(violation.message).toBe(
            "access-logs: logs into itself; every log delivery would be logged again, without end.",
        );
    });

    describe("in a first preview (no id known)", () => {
        it("passes the log bucket as registered, without reading its policy's unknown ARNs", () => {
            const policy = firstPreview.find((r) => r.name === "access-logs-policy")!;
            expect(JSON.stringify(policy.props)).toContain(UNKNOWN_VALUE);
            expect(stackViolations(accessLogBucket, firstPreview)).toEqual([]);
        });

        it("still refuses a public log bucket", () => {
            const [violation] = stackViolations(
                accessLogBucket,
                editLogBucket(
                    firstPreview,
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    (props) => ({ ...props, blockPublicAcls: false }),
                ),
            );
            expect(violation.message).toMatch(
                /^access-logs: public access is not fully blocked \(blockPublicAcls\)/,
            );
        });
    });
});
