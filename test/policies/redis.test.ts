/**
 * The Redis policies, each on a compliant fixture (what the program registers for the prod system with a
 * `redis` entry, captured offline, with known ids and as a first preview) and one mutation per failing test.
 */
import { redisAlarms } from "../../policies/rules/data/redisAlarms";
import { redisAuth } from "../../policies/rules/data/redisAuth";
import { redisEncrypted } from "../../policies/rules/data/redisEncrypted";
import { redisSnapshots } from "../../policies/rules/data/redisSnapshots";
import { captureFixture, mutate } from "./fixture";
import { FixtureResource, stackViolations, eachViolations, inEnvironment } from "./harness";

const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];
const GROUP = "redis-cache-group";

describe.each(MODES)("with %s", (_mode, firstPreview) => {
    let compliant: FixtureResource[];
    beforeAll(async () => {
        compliant = await captureFixture(
            (system) => {
                system.redis = { cache: { consumers: ["api", "worker"] } };
            },
            {},
            { firstPreview },
        );
    });
    const group = () => compliant.find((r) => r.name === GROUP)!;
    const withGroup = (props: Record<string, unknown>, protect?: boolean) => ({
        ...group(),
        props: { ...group().props, ...props },
        ...(protect === undefined ? {} : { protect }),
    });

    it("registers the replication group the policies judge", () => {
        expect(group()).toMatchObject({
            type: "aws:elasticache/replicationGroup:ReplicationGroup",
            protect: true,
        });
    });

    describe("opsbook-data-redis-encrypted", () => {
        it("passes the group as registered", () => {
            expect(eachViolations(redisEncrypted, group())).toEqual([]);
        });
        it.each([
            ["transitEncryptionEnabled", false, "transit encryption is off"],
            ["transitEncryptionMode", "preferred", 'transitEncryptionMode "preferred"'],
            ["atRestEncryptionEnabled", false, "storage and snapshots are not encrypted"],
        ])("refuses %s = %s", (prop, value, message) => {
            const [violation, ...rest] = eachViolations(
                redisEncrypted,
                withGroup({ [prop]: value }),
            );
            expect(violation).toContain(message);
            expect(rest).toEqual([]);
        });
        it("refuses an unprotected group in production, and allows it elsewhere", () => {
            const unprotected = withGroup({}, false);
            expect(eachViolations(redisEncrypted, unprotected)).toEqual([
                `${GROUP}: is not protected in production (rule deletionProtection); Pulumi could delete it.`,
            ]);
            expect(eachViolations(redisEncrypted, unprotected, "staging")).toEqual([]);
        });
    });

    describe("opsbook-data-redis-auth", () => {
        it("passes the group as registered", () => {
            expect(stackViolations(redisAuth, compliant)).toEqual([]);
        });
        it("refuses a group without an AUTH token", () => {
            const violations = stackViolations(
                redisAuth,
                mutate(compliant, (r) =>
                    r.name === GROUP
                        ? {
                              ...r,
                              props: { ...r.props, authToken: undefined },
                              propertyDependencies: {},
                          }
                        : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                `${GROUP}: no AUTH token; any client inside the VPC could read and write it.`,
            ]);
        });
        it("refuses a token that no redis-auth-token secret generates (a literal in the program)", () => {
            const violations = stackViolations(
                redisAuth,
                mutate(compliant, (r) =>
                    r.name === GROUP
                        ? {
                              ...r,
                              props: { ...r.props, authToken: "a-literal-token-in-code" },
                              propertyDependencies: { ...r.propertyDependencies, authToken: [] },
                          }
                        : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                `${GROUP}: its AUTH token does not come from an opsbook redis-auth-token secret, so nothing rotates it.`,
            ]);
        });
        it("refuses the DELETE strategy", () => {
            const violations = stackViolations(
                redisAuth,
                mutate(compliant, (r) =>
                    r.name === GROUP
                        ? { ...r, props: { ...r.props, authTokenUpdateStrategy: "DELETE" } }
                        : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                `${GROUP}: authTokenUpdateStrategy "DELETE"; expected ROTATE (SET after an incident), so a rotation keeps consumers connected.`,
            ]);
        });
    });

    describe("opsbook-data-redis-snapshots", () => {
        it("passes the group as registered (daily, 7 days)", () => {
            expect(eachViolations(redisSnapshots, group())).toEqual([]);
        });
        it("refuses snapshots kept 1 day in production, and allows it elsewhere", () => {
            const short = withGroup({ snapshotRetentionLimit: 1 });
            expect(eachViolations(redisSnapshots, short)).toEqual([
                `${GROUP}: snapshots are kept 1 days; expected at least 7 (set the redis entry's snapshotRetentionDays).`,
            ]);
            expect(eachViolations(redisSnapshots, short, "staging")).toEqual([]);
        });
        it("refuses a group without a snapshot window", () => {
            expect(
                eachViolations(redisSnapshots, withGroup({ snapshotWindow: undefined })),
            ).toEqual([`${GROUP}: no daily snapshot window; set snapshotWindow.`]);
        });
    });

    describe("opsbook-data-redis-alarms", () => {
        it("passes: every rule on both nodes", () => {
            expect(stackViolations(redisAlarms, compliant)).toEqual([]);
        });
        it("refuses a group whose replica has no memory alarm", () => {
            const violations = stackViolations(
                redisAlarms,
                mutate(compliant, (r) =>
                    r.name === "alarms-redis-cache-002-redis-memory-critical" ? null : r,
                ),
            );
            expect(violations.map((v) => v.message)).toEqual([
                "redis cache: missing alarms on some of its 2 nodes: redis-memory-critical.",
            ]);
        });
        it("refuses a group without its alarms component, in production only", () => {
            const bare = mutate(compliant, (r) =>
                r.name.startsWith("alarms-redis-cache") ? null : r,
            );
            expect(stackViolations(redisAlarms, bare).map((v) => v.message)).toEqual([
                "redis cache: missing alarms on some of its 2 nodes: redis-memory-warning, redis-memory-critical, redis-evictions, redis-connections, redis-engine-cpu, redis-replication-lag.",
            ]);
            expect(stackViolations(redisAlarms, inEnvironment(bare, "staging"))).toEqual([]);
        });
    });
});
