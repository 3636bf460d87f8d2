/**
 * The plan's JSON carries each resource's engine options as the SDK sends them to the engine, and the
 * dependency graph they make satisfies what the providers need on a first `pulumi up`.
 */
import { MOCK_NAMED } from "../../tools/capture";
import { dependencyGraph, orderingProblems } from "../../tools/ordering";
import { formatJson, PlannedResource, PlanResult } from "../../tools/plan";
import { planExample, planned, planProd, STACKS } from "./helpers";

const planOf = async (stack: string) =>
    planned(stack === "prod" ? await planProd() : await planExample(stack));
/** The plan as the JSON a reviewer or a CI step reads. */
const resourcesOf = (result: PlanResult): PlannedResource[] =>
    (JSON.parse(formatJson(result)) as { resources: PlannedResource[] }).resources;

const byName = (resources: readonly PlannedResource[], name: string) => {
    const found = resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}`);
    return found;
};

describe("engine options in the plan's JSON", () => {
    it("carries dependsOn (a component standing for its custom children) and the replace options", async () => {
        const result = planned(await planExample("vercel-supabase"));
        const json = JSON.parse(formatJson(result)) as { resources: PlannedResource[] };
        const deployment = byName(json.resources, "web-rollout-deployment");
        const variables = json.resources
            .filter(
                (r) =>
                    r.type === "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
            )
            .filter((r) => r.name.startsWith("web-env-"))
            .map((r) => r.urn)
            .sort();
        expect(variables.length).toBeGreaterThan(3);
        // VercelRollout passes the ServiceEnvironment component: the engine waits for each variable.
        expect(deployment.dependsOn).toEqual(variables);
        expect(deployment.replaceOnChanges).toEqual(["meta"]);
        expect(deployment.deleteBeforeReplace).toBe(false);
        expect(deployment.retainOnDelete).toBe(false);
        // What no option was set on carries the engine's defaults.
        const project = byName(json.resources, "web");
        expect(project).toMatchObject({
            dependsOn: [],
            deleteBeforeReplace: false,
            ignoreChanges: [],
            replaceOnChanges: [],
            retainOnDelete: false,
        });
    });

    it("carries ignoreChanges, retainOnDelete and protect as set", async () => {
        const result = planned(await planProd());
        const json = JSON.parse(formatJson(result)) as { resources: PlannedResource[] };
        const database = json.resources.find(
            (r) => r.type === "postgresql:index/database:Database",
        )!;
        expect(database).toMatchObject({ protect: true, retainOnDelete: true });
        const service = json.resources.find((r) => r.type === "aws:ecs/service:Service")!;
        expect(service.ignoreChanges).toEqual(["desiredCount"]);
        const password = json.resources.find(
            (r) => r.type === "random:index/randomPassword:RandomPassword",
        )!;
        expect(password.ignoreChanges).toEqual(["keepers"]);
    });
});

describe.each(STACKS.map(([stack]) => stack))("first-up order of %s", (stack) => {
    it("has no ordering problem", async () => {
        const resources = resourcesOf(await planOf(stack));
        expect(orderingProblems(resources, MOCK_NAMED.arn).map((p) => p.message)).toEqual([]);
    });

    it("runs every grant and default privilege of a created database after the database", async () => {
        const result = await planOf(stack);
        const resources = resourcesOf(result);
        const waitsFor = dependencyGraph(resources);
        for (const summary of result.databases.filter((d) => d.kind === "rds")) {
            const database = resources.find(
                (r) =>
                    r.type === "postgresql:index/database:Database" &&
                    (r.inputs as { name: string }).name === summary.dbName,
            )!;
            expect(database).toBeDefined();
            const inside = resources.filter(
                (r) =>
                    (r.type === "postgresql:index/grant:Grant" ||
                        r.type === "postgresql:index/defaultPrivileges:DefaultPrivileges") &&
                    r.provider === database.provider,
            );
            expect(inside.length).toBeGreaterThanOrEqual(6);
            for (const r of inside) {
                expect((r.inputs as { database: string }).database).toBe(summary.dbName);
                expect([r.name, waitsFor(r.urn, database.urn)]).toEqual([r.name, true]);
            }
        }
    });

    it("publishes DATABASE_URL only after the role whose password it carries", async () => {
        const result = await planOf(stack);
        const resources = resourcesOf(result);
        const waitsFor = dependencyGraph(resources);
        for (const summary of result.databases) {
            const role = resources.find(
                (r) =>
                    r.type === "postgresql:index/role:Role" &&
                    (r.inputs as { name: string }).name === summary.currentUser,
            )!;
            expect(role).toBeDefined();
            // SSM parameters say where a value comes from in `description`, Vercel variables in `comment`.
            const holders = resources.filter((r) => {
                const inputs = r.inputs as { description?: string; comment?: string };
                return [inputs.description, inputs.comment].some((text) =>
                    text?.startsWith(`opsbook: databases.${summary.name} (`),
                );
            });
            if (summary.consumers.length > 0) expect(holders.length).toBeGreaterThan(0);
            for (const holder of holders)
                expect([holder.name, waitsFor(holder.urn, role.urn)]).toEqual([holder.name, true]);
        }
    });
});

describe.each(["alcom", "fork-knife", "legacyvideo"])("Redis URLs of %s", (stack) => {
    it("are published only after the replication group that accepts their token", async () => {
        const result = await planOf(stack);
        const resources = resourcesOf(result);
        const waitsFor = dependencyGraph(resources);
        expect(result.redis.length).toBeGreaterThan(0);
        for (const redis of result.redis) {
            const group = resources.find(
                (r) =>
                    r.type === "aws:elasticache/replicationGroup:ReplicationGroup" &&
                    r.name === `redis-${redis.name}-group`,
            )!;
            expect(group).toBeDefined();
            const holders = resources.filter((r) => {
                const inputs = r.inputs as { description?: string; comment?: string };
                return [inputs.description, inputs.comment].some((text) =>
                    text?.startsWith(`opsbook: redis.${redis.name} (`),
                );
            });
            expect(holders.length).toBeGreaterThan(0);
            for (const holder of holders)
                expect([holder.name, waitsFor(holder.urn, group.urn)]).toEqual([holder.name, true]);
        }
    });
});

describe("the first-up check", () => {
    /** Prod's plan with one resource's dependencies edited. */
    const edited = async (name: string, edit: (r: PlannedResource) => PlannedResource) =>
        resourcesOf(planned(await planProd())).map((r) => (r.name === name ? edit(r) : r));

    it("names a grant that does not wait for its database", async () => {
        const resources = await edited("db-main-readonly-usage", (r) => ({
            ...r,
            dependsOn: r.dependsOn.filter((u) => !u.endsWith("::db-main-database")),
        }));
        expect(orderingProblems(resources, MOCK_NAMED.arn)).toEqual([
            expect.objectContaining({
                rule: "database",
                urn: expect.stringMatching(/::db-main-readonly-usage$/),
                needs: expect.stringMatching(/::db-main-database$/),
            }),
        ]);
    });

    it("names a published URL that does not wait for the role applying its password", async () => {
        const resources = await edited("worker-env-DATABASE_URL", (r) => ({
            ...r,
            propertyDependencies: {
                ...r.propertyDependencies,
                value: r.propertyDependencies.value.filter((u) => !/::db-main-login-[ab]$/.test(u)),
            },
        }));
        const problems = orderingProblems(resources, MOCK_NAMED.arn);
        expect(problems).toEqual([
            expect.objectContaining({
                rule: "credential",
                urn: expect.stringMatching(/::worker-env-DATABASE_URL$/),
                needs: expect.stringMatching(/::db-main-login-[ab]$/),
            }),
        ]);
    });

    it("names a task definition that does not wait for a parameter it reads", async () => {
        const resources = await edited("api-task", (r) => ({
            ...r,
            propertyDependencies: {
                ...r.propertyDependencies,
                containerDefinitions: r.propertyDependencies.containerDefinitions.filter(
                    (u) => !u.endsWith("::api-env-DATABASE_URL"),
                ),
            },
        }));
        expect(orderingProblems(resources, MOCK_NAMED.arn)).toEqual([
            expect.objectContaining({
                rule: "rollout",
                urn: expect.stringMatching(/::api-task$/),
                needs: expect.stringMatching(/::api-env-DATABASE_URL$/),
            }),
        ]);
    });

    it("names a Vercel deployment that does not wait for a variable of its project", async () => {
        let dropped = "";
        const resources = await edited("web-rollout-deployment", (r) => {
            dropped = r.dependsOn[0];
            return { ...r, dependsOn: r.dependsOn.slice(1) };
        });
        expect(dropped).toMatch(/ProjectEnvironmentVariable::web-env-/);
        expect(orderingProblems(resources, MOCK_NAMED.arn)).toEqual([
            expect.objectContaining({
                rule: "rollout",
                urn: expect.stringMatching(/::web-rollout-deployment$/),
                needs: dropped,
            }),
        ]);
    });
});
