/**
 * The plan's JSON carries each resource's engine options as the SDK sends them to the engine, and the
 * dependency graph they make satisfies what the providers need on a first `pulumi up`.
 */
import { formatJson, PlannedResource } from "../../tools/plan";
import { planExample, planned, planProd } from "./helpers";

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
