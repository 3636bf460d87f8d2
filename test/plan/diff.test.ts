/**
 * The diff for review (`tools/diff.ts`) on small plans, and its table of replace-on-change properties
 * (`tools/replaceOnChanges.ts`) against every type the program registers.
 */
import { createHash } from "crypto";
import {
    changedPaths,
    DiffPlan,
    diffPlans,
    DiffResource,
    formatDiff,
    forcingPaths,
    summaryLine,
} from "../../tools/diff";
import { secretDigests } from "../../tools/plan";
import {
    COMPONENT_RULE,
    REPLACE_ON_CHANGES,
    replaceRule,
    UPSTREAM,
} from "../../tools/replaceOnChanges";
import { NOW, planned, runPlan, STACKS } from "./helpers";

const STACK = "urn:pulumi:prod::opsbook::pulumi:pulumi:Stack::opsbook-prod";
const urn = (type: string, name: string, parentType?: string) =>
    `urn:pulumi:prod::opsbook::${parentType ? `${parentType}$` : ""}${type}::${name}`;

const RDS = "aws:rds/instance:Instance";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const PARAMETER = "aws:ssm/parameter:Parameter";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const COMPONENT = "opsbook:index:Database";

function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<DiffResource> = {},
): DiffResource {
    return {
        urn: urn(type, name),
        type,
        name,
        parent: STACK,
        protect: false,
        inputs,
        aliases: [],
        propertyDependencies: {},
        secretDigests: {},
        ...extra,
    };
}

function plan(resources: DiffResource[], extra: Partial<DiffPlan> = {}): DiffPlan {
    return { stack: "prod", now: "2026-11-24T00:00:00.000Z", resources, secrets: [], ...extra };
}

const task = (cpu: string) =>
    resource(TASK, "api-task", {
        cpu,
        family: "api",
        containerDefinitions: JSON.stringify([{ name: "api", cpu: Number(cpu), image: "a:1" }]),
        tags: { team: "core" },
    });
const service = resource(
    SERVICE,
    "api",
    { cluster: "arn:cluster", taskDefinition: "arn:aws:mock:::api-task", desiredCount: 2 },
    { propertyDependencies: { taskDefinition: [urn(TASK, "api-task")] } },
);

describe("changed paths", () => {
    const none = { before: {}, after: {} };

    it("names nested properties and list items, and nothing when equal", () => {
        const before = { a: 1, b: { c: [1, 2], d: "x" } };
        expect(changedPaths(before, structuredClone(before), none)).toEqual([]);
        expect(changedPaths(before, { a: 1, b: { c: [1, 3, 4], d: "x" }, e: true }, none)).toEqual([
            "b.c[1]",
            "b.c[2]",
            "e",
        ]);
    });

    it("looks inside JSON documents held as strings (container definitions, policies)", () => {
        const before = { doc: JSON.stringify([{ name: "api", cpu: 256 }]) };
        const after = { doc: JSON.stringify([{ name: "api", cpu: 512 }]) };
        expect(changedPaths(before, after, none)).toEqual(["doc[0].cpu"]);
    });

    it("compares secrets by digest: changed, unchanged, or not claimed when a digest is missing", () => {
        const inputs = { value: "[secret]" };
        expect(
            changedPaths(inputs, inputs, { before: { value: "d1" }, after: { value: "d2" } }),
        ).toEqual(["value"]);
        expect(
            changedPaths(inputs, inputs, { before: { value: "d1" }, after: { value: "d1" } }),
        ).toEqual([]);
        expect(changedPaths(inputs, inputs, { before: {}, after: { value: "d1" } })).toEqual([]);
    });
});

describe("secret digests", () => {
    const SIG = "4dabf18193072939515e22adb298388d";
    const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

    it("are stable, differ with the value, and never contain it", () => {
        const value = "postgresql://app_a:[computed]@db/app";
        const digests = secretDigests(PARAMETER, { name: "/x", value: secret(value) });
        expect(Object.keys(digests)).toEqual(["value"]);
        expect(digests.value).toMatch(/^[0-9a-f]{32}$/);
        expect(secretDigests(PARAMETER, { value: secret(value) })).toEqual(digests);
        expect(
            secretDigests(PARAMETER, { value: secret(value.replace("app_a", "app_b")) }),
        ).not.toEqual(digests);
        expect(JSON.stringify(digests)).not.toContain("app_a");
    });

    it("are labelled by type and path: not the bare sha256 of the value", () => {
        const value = secret("hunter2");
        const bare = createHash("sha256").update(JSON.stringify("hunter2")).digest("hex");
        const digest = secretDigests(PARAMETER, { value }).value;
        expect(bare.startsWith(digest)).toBe(false);
        expect(secretDigests(PASSWORD, { value }).value).not.toBe(digest);
        expect(secretDigests(PARAMETER, { other: value }).other).not.toBe(digest);
    });

    it("name nested secrets by path, and skip unknown values (a first preview)", () => {
        const digests = secretDigests(PARAMETER, {
            rules: [{ header: { values: secret(["s"]) } }],
            other: secret(Symbol("unknown")),
        });
        expect(Object.keys(digests)).toEqual(["rules[0].header.values"]);
    });
});

describe("forcing paths", () => {
    it("matches a property and everything under it, ignoring list indices", () => {
        const rule = {
            replaceOn: ["s3Import.bucketName", "engine"],
            docs: "",
            upstream: "",
            source: "",
        };
        expect(forcingPaths(rule, ["engine", "s3Import[0].bucketName", "s3Import[0].x"])).toEqual([
            "engine",
            "s3Import[0].bucketName",
        ]);
        expect(forcingPaths(rule, ["s3Import"])).toEqual(["s3Import"]);
    });

    it("treats every input as forcing for an immutable resource, less its exceptions", () => {
        const rule = REPLACE_ON_CHANGES[TASK];
        expect(forcingPaths(rule, ["cpu", "containerDefinitions[0].image", "tags.team"])).toEqual([
            "cpu",
            "containerDefinitions[0].image",
        ]);
    });
});

describe("the diff of two plans", () => {
    it("finds nothing between a plan and itself", () => {
        const base = plan([task("256"), service]);
        const diff = diffPlans(base, structuredClone(base));
        expect(diff.changes).toEqual([]);
        expect(diff.blocking).toBe(0);
        expect(summaryLine(diff.counts)).toBe(
            "0 to create, 0 to update, 0 to replace, 0 to delete",
        );
    });

    it("replaces a task definition on cpu, and updates the service that reads its new ARN", () => {
        const diff = diffPlans(plan([task("256"), service]), plan([task("512"), service]));
        expect(diff.changes).toEqual([
            expect.objectContaining({
                name: "api-task",
                action: "replace",
                paths: ["containerDefinitions[0].cpu", "cpu"],
                forcedBy: ["containerDefinitions[0].cpu", "cpu"],
                blocking: false,
                reason: null,
            }),
            expect.objectContaining({
                name: "api",
                action: "update",
                paths: ["taskDefinition"],
                causedBy: ["api-task"],
                blocking: false,
            }),
        ]);
        expect(summaryLine(diff.counts)).toBe(
            "0 to create, 1 to update, 1 to replace, 0 to delete",
        );
    });

    it("sees no change in an input that only starts waiting on a resource that already exists", () => {
        // DATABASE_URL reading its user from the login role: the same outputs, one more ordering edge.
        const role = resource("postgresql:index/role:Role", "db-main-login-a", { name: "app_a" });
        const url = (deps: string[]) =>
            resource(
                PARAMETER,
                "api-env-DATABASE_URL",
                { value: "[secret]" },
                {
                    propertyDependencies: { value: deps },
                },
            );
        const password = urn(PASSWORD, "db-main-g1");
        const base = plan([role, url([password])]);
        expect(diffPlans(base, plan([role, url([password, role.urn])])).changes).toEqual([]);
        // A dependency that is new in this change, or one dropped, still changes the input.
        const created = resource("postgresql:index/role:Role", "db-main-login-b", { name: "b" });
        expect(
            diffPlans(base, plan([role, created, url([password, created.urn])])).changes,
        ).toContainEqual(
            expect.objectContaining({
                name: "api-env-DATABASE_URL",
                action: "update",
                paths: ["value"],
            }),
        );
        expect(diffPlans(base, plan([role, url([])])).changes).toContainEqual(
            expect.objectContaining({
                name: "api-env-DATABASE_URL",
                action: "update",
                paths: ["value"],
            }),
        );
    });

    it("updates in place what the provider updates (a tag of the task definition)", () => {
        const tagged = { ...task("256"), inputs: { ...(task("256").inputs as object), tags: {} } };
        const diff = diffPlans(plan([task("256"), service]), plan([tagged, service]));
        expect(diff.changes).toEqual([
            expect.objectContaining({ name: "api-task", action: "update", paths: ["tags.team"] }),
        ]);
    });

    it("blocks replacing the RDS instance (its dbName forces it) and lists it first, with the reason", () => {
        const db = (dbName: string) =>
            resource(RDS, "db-main-instance", { dbName, engine: "postgres" }, { protect: true });
        const diff = diffPlans(
            plan([db("app"), task("256"), service]),
            plan([db("app2"), task("512"), service]),
        );
        expect(diff.blocking).toBe(1);
        expect(diff.changes[0]).toEqual(
            expect.objectContaining({
                urn: urn(RDS, "db-main-instance"),
                type: RDS,
                action: "replace",
                paths: ["dbName"],
                blocking: true,
                reason: "replaces a protected database server (every database on it); forced by dbName",
            }),
        );
        expect(diff.changes.slice(1).every((c) => !c.blocking)).toBe(true);
    });

    it("blocks an RDS identifier change as the in-place rename it is: the endpoint moves", () => {
        // rds/instance.go since v5: identifier is not ForceNew; Update sends NewDBInstanceIdentifier.
        const db = (identifier: string) =>
            resource(
                RDS,
                "db-main-instance",
                { identifier, engine: "postgres" },
                { protect: true },
            );
        const diff = diffPlans(plan([db("opsbook-prod-main")]), plan([db("opsbook-prod-main2")]));
        expect(diff.blocking).toBe(1);
        expect(diff.changes[0]).toEqual(
            expect.objectContaining({ action: "update", paths: ["identifier"], blocking: true }),
        );
        expect(diff.changes[0].reason).toMatch(/renames the RDS instance in place.*endpoint moves/);
    });

    it("blocks deleting a stateful resource even unprotected, and any protected one", () => {
        const bucket = resource("aws:s3/bucket:Bucket", "bucket-uploads", {});
        const lock = resource(
            "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
            "lock",
            {},
            { protect: true },
        );
        const diff = diffPlans(plan([bucket, lock, service]), plan([service]));
        expect(diff.changes.map((c) => [c.name, c.action, c.reason])).toEqual([
            [
                "lock",
                "delete",
                "deletes a protected resource (pulumi up refuses until it is unprotected)",
            ],
            ["bucket-uploads", "delete", "deletes a bucket (every object in it)"],
        ]);
        expect(diff.counts.delete).toBe(2);
    });

    it("blocks deleting an encryption key, not a signing key it does not hold", () => {
        const key = resource(PASSWORD, "MASTER_ENCRYPTION_KEY-g1", { length: 64 });
        const signing = resource(PASSWORD, "SECRET_KEY-g10", { length: 64 });
        const secrets = [
            {
                name: "MASTER_ENCRYPTION_KEY",
                class: "encryption-key",
                kind: "generated",
                generation: 2,
                rotatedAt: "2026-01-01T00:00:00.000Z",
                slots: [{ slot: "K", generation: 1, role: "previous", resource: key.name }],
                rollouts: [],
            },
        ] as unknown as DiffPlan["secrets"];
        const diff = diffPlans(plan([key, signing], { secrets }), plan([], { secrets }));
        expect(diff.changes.map((c) => [c.name, c.blocking])).toEqual([
            ["MASTER_ENCRYPTION_KEY-g1", true],
            ["SECRET_KEY-g10", false],
        ]);
        expect(diff.changes[0].reason).toContain("encryption key");
    });

    it("follows a rename through a component's alias: its children move, nothing is deleted", () => {
        const component = (name: string, aliases: string[] = []) =>
            resource(COMPONENT, name, {}, { aliases });
        const child = (parent: string) =>
            resource(
                RDS,
                `${parent}-instance`,
                { engine: "postgres", kmsKeyId: `arn:aws:mock:::${parent}-key` },
                {
                    urn: urn(RDS, `${parent}-instance`, COMPONENT),
                    parent: urn(COMPONENT, parent),
                    protect: true,
                },
            );
        const KEY = "aws:kms/key:Key";
        const key = (parent: string) =>
            resource(
                KEY,
                `${parent}-key`,
                {},
                { urn: urn(KEY, `${parent}-key`, COMPONENT), parent: urn(COMPONENT, parent) },
            );
        const system = (name: string, aliases: string[] = []) => [
            component(name, aliases),
            key(name),
            child(name),
        ];
        const base = plan(system("db-main"));
        // The offline plan's ids and ARNs carry the name; the real ones stay with the renamed resource.
        const namedValues = (name: string) => [`arn:aws:mock:::${name}`];
        const renamed = diffPlans(base, plan(system("db-primary", ["db-main"])), { namedValues });
        expect(renamed.blocking).toBe(0);
        expect(renamed.changes.map((c) => [c.name, c.action, c.renamedFrom])).toEqual([
            ["db-primary", "update", urn(COMPONENT, "db-main")],
            ["db-primary-key", "update", urn(KEY, "db-main-key", COMPONENT)],
            ["db-primary-instance", "update", urn(RDS, "db-main-instance", COMPONENT)],
        ]);
        expect(renamed.changes.every((c) => c.paths.length === 0)).toBe(true);
        const unaliased = diffPlans(base, plan(system("db-primary")), { namedValues });
        expect(unaliased.changes.map((c) => [c.name, c.action, c.blocking])).toEqual([
            ["db-main-key", "delete", true],
            ["db-main-instance", "delete", true],
            ["db-main", "delete", false],
            ["db-primary", "create", false],
            ["db-primary-key", "create", false],
            ["db-primary-instance", "create", false],
        ]);
    });

    it("shows a secret value's change as a secret path, from its digest or its new source", () => {
        const parameter = (digest: string, from: string) =>
            resource(
                PARAMETER,
                "api-env-SECRET_KEY",
                { name: "/opsbook/prod/api/SECRET_KEY", value: "[secret]" },
                {
                    secretDigests: { value: digest },
                    propertyDependencies: { value: [urn(PASSWORD, from)] },
                },
            );
        const byDigest = diffPlans(
            plan([parameter("d1", "SECRET_KEY-g11")]),
            plan([parameter("d2", "SECRET_KEY-g11")]),
        );
        expect(byDigest.changes[0]).toMatchObject({ paths: ["value"], secretPaths: ["value"] });
        const bySource = diffPlans(
            plan([parameter("d1", "SECRET_KEY-g11")]),
            plan([parameter("d1", "SECRET_KEY-g12")]),
        );
        expect(bySource.changes[0]).toMatchObject({ action: "update", paths: ["value"] });
    });

    it("lists the rotations a change causes and the consumers each rolls", () => {
        const entry = (generation: number) => ({
            name: "SECRET_KEY",
            class: "signing-key",
            kind: "generated",
            generation,
            rotatedAt: "2026-09-28T00:00:00.000Z",
            slots: [generation + 1, generation, generation - 1].map((g) => ({
                slot: "SECRET_KEY",
                generation: g,
                role: "current",
                resource: `SECRET_KEY-g${g}`,
            })),
            rollouts: [{ consumer: "api", mechanism: "ecs-rolling-deployment" }],
        });
        const secrets = (g: number) => [entry(g)] as unknown as DiffPlan["secrets"];
        const diff = diffPlans(
            plan([], { secrets: secrets(11) }),
            plan([], { secrets: secrets(12) }),
        );
        expect(diff.rotations).toEqual([
            {
                secret: "SECRET_KEY",
                class: "signing-key",
                from: "g11",
                to: "g12",
                created: ["SECRET_KEY-g13"],
                dropped: ["SECRET_KEY-g10"],
                consumers: [{ consumer: "api", mechanism: "ecs-rolling-deployment" }],
                blocking: false,
                reason: null,
            },
        ]);
        expect(
            diffPlans(plan([], { secrets: secrets(11) }), plan([], { secrets: secrets(11) }))
                .rotations,
        ).toEqual([]);
    });

    it("says when the two plans were made on different dates", () => {
        const diff = diffPlans(plan([]), plan([], { now: "2026-12-30T00:00:00.000Z" }));
        expect(diff.notes).toEqual([expect.stringContaining("plan both with the same --now")]);
    });
});

describe("the order of a replacement and the keys it keeps", () => {
    const ITEM = "vercel:index/edgeConfigItem:EdgeConfigItem";
    const RULESET = "cloudflare:index/ruleset:Ruleset";
    const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
    const flag = (enabled: boolean, extra: Partial<DiffResource> = {}, store = "flags-edge-id") =>
        resource(
            ITEM,
            "flags-edge-ai_summaries",
            { edgeConfigId: store, key: "ai_summaries", valueJson: { enabled } },
            extra,
        );

    it("blocks a flag flip replaced create-before-delete: the old item's delete removes the key", () => {
        const diff = diffPlans(plan([flag(true)]), plan([flag(false)]));
        expect(diff.changes).toEqual([
            expect.objectContaining({
                name: "flags-edge-ai_summaries",
                action: "replace",
                order: "create-before-delete",
                forcedBy: ["valueJson.enabled"],
                blocking: true,
                reason: expect.stringMatching(
                    /^replaces create-before-delete a resource keyed by edgeConfigId \+ key \(a key of an Edge Config store\): the new item upserts the key, then the old item's delete removes it/,
                ),
            }),
        ]);
        const text = formatDiff(diff, "base.json").join("\n");
        expect(text).toContain(
            `± replace ${ITEM} flags-edge-ai_summaries (create-before-delete)\n      BLOCKING: replaces create-before-delete`,
        );
    });

    it("does not block it delete-before-replace, and says so", () => {
        const first = { deleteBeforeReplace: true };
        const diff = diffPlans(plan([flag(true, first)]), plan([flag(false, first)]));
        expect(diff.changes).toEqual([
            expect.objectContaining({
                action: "replace",
                order: "delete-before-replace",
                blocking: false,
                reason: null,
            }),
        ]);
        expect(formatDiff(diff, "base.json")).toContain(
            `  ± replace ${ITEM} flags-edge-ai_summaries (delete-before-replace)`,
        );
    });

    it("does not block a replacement whose key changes (another store): the old delete is elsewhere", () => {
        const diff = diffPlans(plan([flag(true)]), plan([flag(true, {}, "other-store-id")]));
        expect(diff.changes[0]).toMatchObject({
            action: "replace",
            order: "create-before-delete",
            forcedBy: ["edgeConfigId"],
            blocking: false,
        });
    });

    it("blocks renaming an entry-point ruleset create-before-delete (error 20217), not a custom one", () => {
        const ruleset = (name: string, kind: string, extra: Partial<DiffResource> = {}) =>
            resource(
                RULESET,
                "edge-rate-limit",
                { zoneId: "zone", kind, phase: "http_ratelimit", name, rules: [] },
                extra,
            );
        const entry = diffPlans(
            plan([ruleset("opsbook rate limit", "zone")]),
            plan([ruleset("rate limit", "zone")]),
        );
        expect(entry.changes[0]).toMatchObject({
            action: "replace",
            forcedBy: ["name"],
            blocking: true,
            reason: expect.stringContaining("error 20217"),
        });
        const custom = diffPlans(
            plan([ruleset("opsbook rate limit", "custom")]),
            plan([ruleset("rate limit", "custom")]),
        );
        expect(custom.changes[0]).toMatchObject({ action: "replace", blocking: false });
        const first = { deleteBeforeReplace: true };
        const ordered = diffPlans(
            plan([ruleset("opsbook rate limit", "zone", first)]),
            plan([ruleset("rate limit", "zone", first)]),
        );
        expect(ordered.changes[0]).toMatchObject({
            order: "delete-before-replace",
            blocking: false,
        });
    });

    it("blocks a vault lock's retention edit create-before-delete: the vault would end unlocked", () => {
        const lock = (minRetentionDays: number, extra: Partial<DiffResource> = {}) =>
            resource(
                LOCK,
                "db-main-backup-vault-lock",
                { backupVaultName: "vault", minRetentionDays, maxRetentionDays: 365 },
                extra,
            );
        expect(diffPlans(plan([lock(14)]), plan([lock(21)])).changes[0]).toMatchObject({
            action: "replace",
            order: "create-before-delete",
            blocking: true,
            reason: expect.stringContaining("the vault is left unlocked"),
        });
        const first = { deleteBeforeReplace: true };
        expect(
            diffPlans(plan([lock(14, first)]), plan([lock(21, first)])).changes[0],
        ).toMatchObject({ action: "replace", order: "delete-before-replace", blocking: false });
    });

    it("replaces delete-first where the provider always does (a PostgreSQL grant), option or not", () => {
        const grant = (objectType: string) =>
            resource("postgresql:index/grant:Grant", "db-main-grant", {
                database: "app",
                role: "app",
                schema: "public",
                objectType,
                privileges: ["SELECT"],
            });
        expect(
            diffPlans(plan([grant("table")]), plan([grant("sequence")])).changes[0],
        ).toMatchObject({ action: "replace", order: "delete-before-replace" });
    });

    it("does not block an auto-named replacement (its new name is a new key), nor one under a new key", () => {
        const group = (family: string, name?: string) =>
            resource("aws:rds/parameterGroup:ParameterGroup", "db-main-params", {
                family,
                ...(name ? { name } : {}),
                parameters: [],
            });
        // Auto-named: the engine names the replacement anew.
        expect(
            diffPlans(plan([group("postgres16")]), plan([group("postgres17")])).changes[0],
        ).toMatchObject({ action: "replace", order: "create-before-delete", blocking: false });
        // Named: AWS refuses a second group of that name while the old one exists.
        expect(
            diffPlans(plan([group("postgres16", "app")]), plan([group("postgres17", "app")]))
                .changes[0],
        ).toMatchObject({
            action: "replace",
            blocking: true,
            reason: expect.stringContaining("DBParameterGroupAlreadyExists"),
        });
        expect(
            diffPlans(plan([group("postgres16", "app")]), plan([group("postgres17", "app17")]))
                .changes[0],
        ).toMatchObject({ action: "replace", blocking: false });
    });

    it("gives no order to what is not replaced", () => {
        const diff = diffPlans(plan([task("256"), service]), plan([task("512"), service]));
        expect(diff.changes.map((c) => [c.action, c.order])).toEqual([
            ["replace", "create-before-delete"],
            ["update", null],
        ]);
    });
});

describe("the table of replace-on-change properties", () => {
    it("cites the provider's documentation for every entry", () => {
        for (const [type, rule] of Object.entries(REPLACE_ON_CHANGES)) {
            const [pkg, module, name] = type.split(":");
            const folder = module.split("/")[0];
            if (pkg !== "pulumi") {
                // The registry's page for the type token: package, module (none for index), name.
                const page = `${folder === "index" ? "" : `${folder}/`}${name.toLowerCase()}`;
                expect([type, rule.docs]).toEqual([
                    type,
                    `https://www.pulumi.com/registry/packages/${pkg}/api-docs/${page}/`,
                ]);
            }
            expect(rule.upstream).toMatch(/^https:\/\/registry\.terraform\.io\/providers\//);
            if (rule.replaceOn === "any") expect(Array.isArray(rule.except ?? [])).toBe(true);
            else expect(rule.except).toBeUndefined();
        }
        expect(replaceRule("opsbook:index:Bucket")).toBe(COMPONENT_RULE);
        expect(replaceRule("aws:s3/bucketV2:BucketV2")).toBeUndefined();
    });

    it("cites the provider source read at the release each pinned package wraps, with its lines", () => {
        for (const [type, rule] of Object.entries(REPLACE_ON_CHANGES)) {
            const provider = type.startsWith("pulumi:providers:")
                ? type.split(":")[2]
                : type.split(":")[0];
            const upstream = UPSTREAM[provider as keyof typeof UPSTREAM];
            expect([type, upstream]).toEqual([type, expect.anything()]);
            if (upstream.ref === null) {
                // AWS: the copy read, by commit, and the attributes it marks.
                expect([type, rule.source]).toEqual([
                    type,
                    expect.stringMatching(
                        new RegExp(
                            `^https://github\\.com/${upstream.repo}/blob/[0-9a-f]{40}/internal/service/\\S+\\.go \\(.+\\)$`,
                        ),
                    ),
                ]);
            } else {
                expect([type, rule.source]).toEqual([
                    type,
                    expect.stringMatching(
                        new RegExp(
                            `^https://github\\.com/${upstream.repo}/blob/${upstream.ref}/\\S+\\.go#L\\d+-L\\d+$`,
                        ),
                    ),
                ]);
            }
        }
    });

    it("leaves no entry unread: every source names the copy read, not a branch", () => {
        const unread = Object.entries(REPLACE_ON_CHANGES)
            .filter(([, rule]) => /\/blob\/(main|master)\/|not read/.test(rule.source))
            .map(([type]) => type);
        expect(unread).toEqual([]);
    });

    it("has the arguments the provider source marks, and not those it does not (issue 21)", () => {
        const on = (type: string) => REPLACE_ON_CHANGES[type].replaceOn;
        // terraform-provider-vercel v5.4.1: value and value_json are RequiresReplaceIfConfigured.
        expect(on("vercel:index/edgeConfigItem:EdgeConfigItem")).toEqual(
            expect.arrayContaining(["value", "valueJson"]),
        );
        expect(on("vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable")).toEqual(
            expect.arrayContaining(["key", "customEnvironmentIds", "sensitive"]),
        );
        expect(on("cloudflare:index/ruleset:Ruleset")).toContain("name");
        expect(on("cloudflare:index/dnsRecord:DnsRecord")).toContain("type");
        // terraform-provider-aws acm/certificate.go: validation_option is ForceNew.
        expect(on("aws:acm/certificate:Certificate")).toContain("validationOptions");
        // rds/instance.go (v5 on): identifier renames in place; backup_target is ForceNew.
        expect(on("aws:rds/instance:Instance")).not.toContain("identifier");
        expect(on("aws:rds/instance:Instance")).toContain("backupTarget");
        // pulumi-aws provider/resources.go: a role policy attachment is replaced delete-first.
        expect(
            REPLACE_ON_CHANGES["aws:iam/rolePolicyAttachment:RolePolicyAttachment"]
                .providerDeletesFirst,
        ).toMatch(
            /^https:\/\/github\.com\/pulumi\/pulumi-aws\/blob\/[0-9a-f]{40}\/provider\/resources\.go /,
        );
        // ecs/service.go: deployment_controller.type is ForceNew.
        expect(on("aws:ecs/service:Service")).toContain("deploymentController.type");
        const redis = on("aws:elasticache/replicationGroup:ReplicationGroup");
        expect(redis).toContain("networkType");
        expect(redis).not.toContain("preferredCacheClusterAzs");
        // Default privileges and grants update their privileges in place; everything else replaces.
        for (const type of [
            "postgresql:index/defaultPrivileges:DefaultPrivileges",
            "postgresql:index/grant:Grant",
        ]) {
            expect(on(type)).not.toBe("any");
            expect(on(type)).not.toContain("privileges");
            expect(on(type)).toEqual(expect.arrayContaining(["role", "database", "objectType"]));
        }
    });

    it("names the keys only one resource may hold, and where that is read", () => {
        const keys = Object.fromEntries(
            Object.entries(REPLACE_ON_CHANGES)
                .filter(([, rule]) => rule.key)
                .map(([type, rule]) => [type, rule.key!.inputs]),
        );
        expect(keys).toEqual(
            expect.objectContaining({
                "vercel:index/edgeConfigItem:EdgeConfigItem": ["edgeConfigId", "key"],
                "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": [
                    "projectId",
                    "key",
                ],
                "cloudflare:index/ruleset:Ruleset": ["phase"],
                "cloudflare:index/dnsRecord:DnsRecord": ["zoneId", "name"],
                "aws:backup/vaultLockConfiguration:VaultLockConfiguration": ["backupVaultName"],
                "aws:ssm/parameter:Parameter": ["name"],
            }),
        );
        for (const rule of Object.values(REPLACE_ON_CHANGES).filter((r) => r.key)) {
            expect(rule.key!.source).toMatch(/^https:\/\//);
        }
    });

    it.each(STACKS)("has an entry for every type %s registers", async (_name, stackFile) => {
        const result = planned(await runPlan({ stackFile, now: NOW, judge: false }));
        const missing = [...new Set(result.resources.map((r) => r.type))].filter(
            (type) => replaceRule(type) === undefined,
        );
        expect(missing).toEqual([]);
    });
});
