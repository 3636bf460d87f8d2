/**
 * The hardening policies (issue 22) on the real program's output: prod plus an external database (so the
 * dump and drill tasks and their SecureString are there too), compliant as registered, and one mutation per
 * failing test, each in both preview modes: known ids, and a first preview where ids, ARNs and generated
 * names are unknown and the policies decide from parents, declarations and dependencies.
 */
import { lbAccessLogs } from "../../policies/rules/edge/lbAccessLogs";
import { lbProtected } from "../../policies/rules/edge/lbProtected";
import { rdsInsightsKey } from "../../policies/rules/data/rdsInsightsKey";
import { rdsLogGroups } from "../../policies/rules/data/rdsLogGroups";
import { rdsMonitoring } from "../../policies/rules/data/rdsMonitoring";
import { readOnlyRoot } from "../../policies/rules/services/readOnlyRoot";
import { securityGroupRules } from "../../policies/rules/services/securityGroupRules";
import { parameterKey } from "../../policies/rules/secrets/parameterKey";
import { accessLogBucket } from "../../policies/rules/data/accessLogBucket";
import { captureFixture, EXTERNAL_ADMIN_URL, mutate, withExternalDatabase } from "./fixture";
import {
    eachViolations,
    FixtureResource,
    inEnvironment,
    stackViolations,
    UNKNOWN_VALUE,
} from "./harness";

const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];

const LB = "aws:lb/loadBalancer:LoadBalancer::api-lb";
const COMPONENT = "opsbook:index:EcsService";

describe.each(MODES)("with %s", (_mode, firstPreview) => {
    let compliant: FixtureResource[];
    beforeAll(async () => {
        compliant = await captureFixture(withExternalDatabase, EXTERNAL_ADMIN_URL, {
            firstPreview,
        });
    });
    /** By `name`, or by `type::name` where a component and its resource share the name. */
    const is = (r: FixtureResource, name: string) =>
        name.includes("::") ? `${r.type}::${r.name}` === name : r.name === name;
    const named = (name: string) => compliant.find((r) => is(r, name))!;
    /** The fixture with resource `name`'s props (or the whole resource) changed. */
    const edit = (name: string, change: (r: FixtureResource) => FixtureResource | null) =>
        mutate(compliant, (r) => (is(r, name) ? change(r) : r));
    const withProps = (name: string, props: Record<string, unknown>) =>
        edit(name, (r) => ({ ...r, props: { ...r.props, ...props } }));
    const messages = (violations: { message: string }[]) => violations.map((v) => v.message);

    it("passes every hardening policy on the program as registered", () => {
        for (const policy of [
            lbAccessLogs,
            readOnlyRoot,
            securityGroupRules,
            rdsInsightsKey,
            rdsMonitoring,
            rdsLogGroups,
            parameterKey,
            accessLogBucket,
        ])
            expect([policy.name, stackViolations(policy, compliant)]).toEqual([policy.name, []]);
        expect(eachViolations(lbProtected, named(LB))).toEqual([]);
    });

    describe("opsbook-edge-lb-access-logs", () => {
        it("refuses a load balancer without access logs", () => {
            const lb = named(LB);
            const resources = withProps(LB, {
                accessLogs: { ...(lb.props.accessLogs as object), enabled: false },
            });
            expect(messages(stackViolations(lbAccessLogs, resources))).toEqual([
                expect.stringMatching(/^api-lb: writes no access logs;/),
            ]);
        });

        it("refuses logs into a bucket that is not the access-log bucket", () => {
            const resources = edit(LB, (r) => ({
                ...r,
                props: {
                    ...r.props,
                    accessLogs: { ...(r.props.accessLogs as object), bucket: "someone-elses" },
                },
                propertyDependencies: { ...r.propertyDependencies, accessLogs: [] },
            }));
            expect(messages(stackViolations(lbAccessLogs, resources))).toEqual([
                "api-lb: logs into a bucket outside the stack, not the stack's access-log bucket (SSE-S3, private, kept a year).",
            ]);
        });

        it("refuses a load balancer created before the grant it needs", () => {
            // The bucket named from the bucket itself, not from its policy's output: the engine's
            // dependencies (dependsOn and property dependencies) then name the bucket, not its policy.
            const resources = edit(LB, (r) => ({
                ...r,
                propertyDependencies: {
                    ...r.propertyDependencies,
                    accessLogs: ["aws:s3/bucket:Bucket::access-logs"],
                },
                dependencies: [
                    ...(r.dependencies ?? []).filter(
                        (d) => !d.startsWith("aws:s3/bucketPolicy:BucketPolicy::"),
                    ),
                    "aws:s3/bucket:Bucket::access-logs",
                ],
            }));
            expect(messages(stackViolations(lbAccessLogs, resources))).toEqual([
                expect.stringMatching(
                    /^api-lb: is not created after access-logs's bucket policy \(take accessLogs.bucket from it\);/,
                ),
            ]);
        });

        it("refuses logs under the bucket's root (no prefix of its own)", () => {
            const lb = named(LB);
            const resources = withProps(LB, {
                accessLogs: { ...(lb.props.accessLogs as object), prefix: "" },
            });
            expect(messages(stackViolations(lbAccessLogs, resources))[0]).toMatch(
                /^api-lb: logs under prefix "";/,
            );
        });

        if (!firstPreview) {
            it("refuses a bucket policy without ELB delivery under the prefix", () => {
                const policy = named("access-logs-policy");
                const document = policy.props.policy as { Statement: { Sid?: string }[] };
                const resources = withProps("access-logs-policy", {
                    policy: {
                        ...document,
                        Statement: document.Statement.filter((s) => !s.Sid?.startsWith("Elb")),
                    },
                });
                expect(messages(stackViolations(lbAccessLogs, resources))).toEqual([
                    "api-lb: access-logs's bucket policy grants ELB no delivery under elb/api/AWSLogs/; no log would arrive.",
                ]);
            });

            it("grants the region's ELB account under the prefix, and the bucket policy rule refuses a grant on the whole bucket", () => {
                const document = named("access-logs-policy").props.policy as {
                    Statement: { Sid?: string; Principal?: unknown; Resource?: unknown }[];
                };
                const grant = document.Statement.find((s) => s.Sid?.startsWith("Elb"))!;
                // us-east-1 is a region from before August 2022: its legacy ELB account delivers.
                expect(grant.Principal).toEqual({ AWS: "arn:aws:iam::127311923021:root" });
                expect(grant.Resource).toBe(
                    "arn:aws:mock:::access-logs/elb/api/AWSLogs/123456789012/*",
                );
                const resources = withProps("access-logs-policy", {
                    policy: {
                        ...document,
                        Statement: document.Statement.map((s) =>
                            s === grant ? { ...s, Resource: "arn:aws:mock:::access-logs/*" } : s,
                        ),
                    },
                });
                expect(messages(stackViolations(accessLogBucket, resources))).toEqual([
                    expect.stringMatching(
                        /^access-logs: grants ELB log delivery on arn:aws:mock:::access-logs\/\*; scope it/,
                    ),
                ]);
            });
        }
    });

    if (!firstPreview) {
        describe("opsbook-data-access-log-bucket, for a log bucket that only load balancers write", () => {
            const withoutS3Delivery = () => {
                const document = named("access-logs-policy").props.policy as {
                    Statement: { Principal?: { Service?: string } }[];
                };
                return withProps("access-logs-policy", {
                    policy: {
                        ...document,
                        Statement: document.Statement.filter(
                            (s) => s.Principal?.Service !== "logging.s3.amazonaws.com",
                        ),
                    },
                });
            };

            it("requires no S3 delivery grant when no bucket logs there", () => {
                const resources = mutate(withoutS3Delivery(), (r) =>
                    r.type === "aws:s3/bucketLogging:BucketLogging" ? null : r,
                );
                expect(stackViolations(accessLogBucket, resources)).toEqual([]);
            });

            it("still refuses a log bucket without S3's grant while a bucket logs there", () => {
                expect(messages(stackViolations(accessLogBucket, withoutS3Delivery()))).toEqual([
                    "access-logs: its bucket policy does not grant log delivery to logging.s3.amazonaws.com; no log would arrive.",
                ]);
            });
        });
    }

    describe("opsbook-edge-lb-protected", () => {
        it("refuses a production load balancer without deletion protection", () => {
            const lb = named(LB);
            expect(
                eachViolations(lbProtected, {
                    ...lb,
                    props: { ...lb.props, enableDeletionProtection: false },
                }),
            ).toEqual([
                "api-lb: deletion protection is off in production (rule deletionProtection); set enableDeletionProtection: true.",
            ]);
        });

        it("refuses an unprotected production load balancer, and allows both outside production", () => {
            const lb = { ...named(LB), protect: false };
            expect(eachViolations(lbProtected, lb)).toEqual([
                "api-lb: is not protected in production (rule deletionProtection); a refactor could delete it and change the API's DNS name.",
            ]);
            expect(
                eachViolations(
                    lbProtected,
                    { ...lb, props: { ...lb.props, enableDeletionProtection: false } },
                    "staging",
                ),
            ).toEqual([]);
        });
    });

    describe("opsbook-services-read-only-root", () => {
        /** A task definition's component declaring `container` writable instead of read-only. */
        const declaredWritable = (component: string, task: string, container: string) =>
            edit(component, (r) => {
                const filesystems = r.props.taskFilesystems as Record<
                    string,
                    { readOnly: string[]; writable: string[] }
                >;
                const declared = filesystems[task];
                return {
                    ...r,
                    props: {
                        ...r.props,
                        taskFilesystems: {
                            ...filesystems,
                            [task]: {
                                readOnly: declared.readOnly.filter((c) => c !== container),
                                writable: [...declared.writable, container],
                            },
                        },
                    },
                };
            });

        it("exempts the tunnel task's SSM agent host, by name", () => {
            const access = named("db-access").props.taskFilesystems as Record<string, unknown>;
            expect(access["db-access-task"]).toEqual({ readOnly: [], writable: ["access"] });
            if (!firstPreview) {
                const containers = JSON.parse(
                    String(named("db-access-task").props.containerDefinitions),
                );
                expect(containers[0].readonlyRootFilesystem).toBe(false);
            }
        });

        it.each([
            [`${COMPONENT}::api`, "api-task", "api"],
            ["backup-legacy", "backup-legacy-dump", "upload"],
        ])("refuses a writable root in %s's %s (container %s)", (component, task, container) => {
            let resources = declaredWritable(component, task, container);
            if (!firstPreview) {
                // A known plan judges the JSON: make the container itself writable too.
                resources = mutate(resources, (r) => {
                    if (r.name !== task) return r;
                    const containers = JSON.parse(String(r.props.containerDefinitions));
                    for (const c of containers)
                        if (c.name === container) c.readonlyRootFilesystem = false;
                    return {
                        ...r,
                        props: { ...r.props, containerDefinitions: JSON.stringify(containers) },
                    };
                });
            }
            expect(messages(stackViolations(readOnlyRoot, resources))).toEqual([
                `${task}: container ${container} runs with a writable root filesystem; set readonlyRootFilesystem: true and mount ephemeral volumes for the paths it writes (/tmp, caches).`,
            ]);
        });

        if (!firstPreview) {
            it("refuses a declaration that does not match the containers (what a first preview relies on)", () => {
                const resources = declaredWritable(`${COMPONENT}::worker`, "worker-task", "worker");
                expect(messages(stackViolations(readOnlyRoot, resources))).toEqual([
                    expect.stringMatching(
                        /^worker-task: its component declares read-only \[\] and writable \[worker\], but its containers are read-only \[worker\]/,
                    ),
                ]);
            });

            it("refuses a mount of a volume the task does not declare", () => {
                const resources = withProps("api-task", { volumes: [] });
                expect(messages(stackViolations(readOnlyRoot, resources))).toEqual([
                    "api-task: container release mounts scratch-tmp, which the task does not declare as a volume.",
                    "api-task: container api mounts scratch-tmp, which the task does not declare as a volume.",
                ]);
            });
        }
    });

    describe("opsbook-data-rds-insights-key", () => {
        it("refuses Performance Insights on the AWS-managed key", () => {
            const resources = edit("db-main-instance", (r) => {
                const { performanceInsightsKmsKeyId: _, ...props } = r.props;
                return { ...r, props };
            });
            expect(messages(stackViolations(rdsInsightsKey, resources))).toEqual([
                expect.stringMatching(
                    /^db-main-instance: Performance Insights uses the AWS-managed aws\/rds key;/,
                ),
            ]);
        });

        it("refuses Performance Insights on another key than the database's", () => {
            const other = firstPreview
                ? UNKNOWN_VALUE
                : "arn:aws:kms:us-east-1:123456789012:key/other";
            const resources = edit("db-main-instance", (r) => ({
                ...r,
                props: { ...r.props, performanceInsightsKmsKeyId: other },
                propertyDependencies: {
                    ...r.propertyDependencies,
                    performanceInsightsKmsKeyId: ["aws:kms/key:Key::parameters"],
                },
            }));
            expect(messages(stackViolations(rdsInsightsKey, resources))).toEqual([
                "db-main-instance: Performance Insights is encrypted with another key than the database's; use kmsKeyId's key for both.",
            ]);
        });
    });

    describe("opsbook-data-rds-monitoring", () => {
        it("refuses a production database without Enhanced Monitoring, and allows it elsewhere", () => {
            const resources = withProps("db-main-instance", { monitoringInterval: 0 });
            expect(messages(stackViolations(rdsMonitoring, resources))).toEqual([
                expect.stringMatching(
                    /^db-main-instance: Enhanced Monitoring is off in production;/,
                ),
            ]);
            expect(stackViolations(rdsMonitoring, inEnvironment(resources, "staging"))).toEqual([]);
        });

        it("refuses a monitoring role that RDS monitoring cannot assume", () => {
            const resources = withProps("db-main-monitoring", {
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "ecs-tasks.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                },
            });
            expect(messages(stackViolations(rdsMonitoring, resources))).toEqual([
                expect.stringMatching(
                    /^db-main-instance: its monitoringRoleArn is not a role of the stack trusted by monitoring.rds.amazonaws.com/,
                ),
            ]);
        });
    });

    describe("opsbook-data-rds-log-groups", () => {
        it("creates each exported log's group, named by the identifier, with the stack's retention, before the instance", () => {
            const instance = named("db-main-instance");
            expect(instance.props.identifier).toBe("opsbook-test-main");
            expect(named("db-main-log-postgresql").props).toMatchObject({
                name: "/aws/rds/instance/opsbook-test-main/postgresql",
                retentionInDays: 30,
            });
            expect(instance.props.enabledCloudwatchLogsExports).toEqual(["postgresql", "upgrade"]);
            expect(instance.propertyDependencies?.enabledCloudwatchLogsExports).toEqual([
                "aws:cloudwatch/logGroup:LogGroup::db-main-log-postgresql",
                "aws:cloudwatch/logGroup:LogGroup::db-main-log-upgrade",
            ]);
        });

        it("refuses an exported log without its log group", () => {
            const resources = edit("db-main-log-upgrade", () => null);
            expect(messages(stackViolations(rdsLogGroups, resources))).toEqual([
                "db-main-instance: exports upgrade into /aws/rds/instance/opsbook-test-main/upgrade, which the program does not create; RDS would create it without expiry.",
            ]);
        });

        it("refuses a log group without retention", () => {
            const resources = withProps("db-main-log-postgresql", { retentionInDays: undefined });
            expect(messages(stackViolations(rdsLogGroups, resources))).toEqual([
                "db-main-instance: /aws/rds/instance/opsbook-test-main/postgresql has no retention; its logs would never expire.",
            ]);
        });

        it("refuses an instance created before its log groups", () => {
            const resources = edit("db-main-instance", (r) => ({
                ...r,
                dependencies: [],
                propertyDependencies: {
                    ...r.propertyDependencies,
                    enabledCloudwatchLogsExports: [],
                },
            }));
            expect(messages(stackViolations(rdsLogGroups, resources))).toHaveLength(2);
        });

        it("refuses an identifier generated at create", () => {
            const resources = withProps("db-main-instance", { identifier: undefined });
            expect(messages(stackViolations(rdsLogGroups, resources))).toEqual([
                expect.stringMatching(
                    /^db-main-instance: exports logs but its identifier is generated at create/,
                ),
            ]);
        });
    });

    describe("opsbook-secrets-parameter-key", () => {
        it("encrypts every SecureString, the services' and the dump's, with the stack's one key", () => {
            const secure = compliant.filter(
                (r) => r.type === "aws:ssm/parameter:Parameter" && r.props.type === "SecureString",
            );
            expect(secure.length).toBeGreaterThan(20);
            expect(secure.map((r) => r.name)).toContain("backup-legacy-admin-url");
            for (const r of secure)
                expect(r.propertyDependencies?.keyId).toEqual(["aws:kms/key:Key::parameters"]);
            expect(named("aws:kms/key:Key::parameters").props.enableKeyRotation).toBe(true);
        });

        it("refuses a SecureString on the AWS-managed key", () => {
            const resources = edit("api-env-STRIPE_SECRET_KEY", (r) => {
                const { keyId: _, ...props } = r.props;
                return {
                    ...r,
                    props,
                    propertyDependencies: { ...r.propertyDependencies, keyId: [] },
                };
            });
            expect(messages(stackViolations(parameterKey, resources))).toEqual([
                "api-env-STRIPE_SECRET_KEY: SecureString encrypted with the AWS-managed aws/ssm key; use the stack's parameter key, whose policy and CloudTrail scope who decrypts it.",
            ]);
        });

        it("refuses the key without rotation", () => {
            const resources = withProps("aws:kms/key:Key::parameters", {
                enableKeyRotation: false,
            });
            expect(messages(stackViolations(parameterKey, resources))).toEqual([
                "parameters: key rotation is off; set enableKeyRotation: true.",
            ]);
        });

        if (!firstPreview) {
            it("lets each execution role decrypt only under its own parameters' ARNs, and refuses an unconditioned grant", () => {
                const policy = named("api-execution-parameters").props.policy as {
                    Statement: { Action: string[]; Condition?: unknown }[];
                };
                const decrypt = policy.Statement.find((s) => s.Action.includes("kms:Decrypt"))!;
                expect(decrypt.Condition).toEqual({
                    StringLike: {
                        "kms:EncryptionContext:PARAMETER_ARN":
                            "arn:aws:ssm:*:*:parameter/opsbook/test/api/*",
                    },
                });
                const resources = withProps("api-execution-parameters", {
                    policy: {
                        ...policy,
                        Statement: policy.Statement.map((s) =>
                            s === decrypt ? { ...s, Condition: undefined } : s,
                        ),
                    },
                });
                expect(messages(stackViolations(parameterKey, resources))).toEqual([
                    "api-execution-parameters: allows kms:Decrypt with the parameter key without a kms:EncryptionContext:PARAMETER_ARN condition; the role could decrypt every parameter of the stack.",
                ]);
            });
        }
    });

    describe("opsbook-services-security-group-rules", () => {
        it("refuses a rule without a description", () => {
            const resources = withProps("db-main-client-0", { description: undefined });
            expect(messages(stackViolations(securityGroupRules, resources))).toEqual([
                "db-main-client-0: has no description; say what the rule admits and why.",
            ]);
        });

        it("refuses load-balancer egress to the internet", () => {
            const lbOut = named("api-lb-out");
            const { referencedSecurityGroupId: _, ...props } = lbOut.props;
            const resources = withProps("api-lb-out", {
                ...props,
                referencedSecurityGroupId: undefined,
                cidrIpv4: "0.0.0.0/0",
            });
            expect(messages(stackViolations(securityGroupRules, resources))).toEqual([
                "api-lb-out: the load balancer's egress goes to cidrIpv4 0.0.0.0/0; it talks to its targets only: reference their security group.",
            ]);
        });

        it("refuses load-balancer egress on more than the target port", () => {
            const resources = withProps("api-lb-out", {
                ipProtocol: "-1",
                fromPort: undefined,
                toPort: undefined,
            });
            expect(messages(stackViolations(securityGroupRules, resources))).toEqual([
                expect.stringMatching(
                    /^api-lb-out: the load balancer's egress allows -1 undefined-undefined; its targets listen on tcp \d+ only\.$/,
                ),
            ]);
        });
    });
});
