/**
 * What a first `pulumi up` needs of the order the engine creates things in, checked on a plan's resources
 * and their dependency graph. The engine runs a resource's create or update once everything it depends
 * on is done, and nothing else orders them: two resources with no path between them run in parallel.
 *
 * A resource waits for (the graph's edges):
 * - its `dependsOn` and the resources its inputs were read from (`propertyDependencies`): the SDK awaits
 *   their URNs before it registers the resource, and a URN resolves when the engine finished that
 *   resource (@pulumi/pulumi 3.248 runtime/resource.js 629, 704-711);
 * - its parent: the SDK awaits the parent's URN too, so children of a component wait for what the
 *   component waits for.
 *
 * Pure: plan resources in, problems out.
 */
import { TYPES } from "../policies/rules/types";

/** What the check reads of a planned resource (the plan's `--json` resources have these fields). */
export interface OrderedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly provider?: string | null;
    readonly inputs: unknown;
    readonly dependsOn: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface OrderingProblem {
    readonly rule: "database" | "credential" | "rollout";
    readonly urn: string;
    /** The resource it must wait for. */
    readonly needs: string;
    readonly message: string;
}

const PG_DATABASE = TYPES.postgresql.Database;
/**
 * Inputs that make a generated value valid where it is checked: a PostgreSQL role's password (the
 * provider runs `ALTER ROLE ... PASSWORD`), an ElastiCache group's AUTH token (`ModifyReplicationGroup`).
 * Until that resource is done, a published copy of the value is refused by the server.
 */
const APPLIERS: Readonly<Record<string, readonly string[]>> = {
    [TYPES.postgresql.Role]: ["password"],
    [TYPES.aws.elasticache.ReplicationGroup]: ["authToken"],
};
const GENERATED = TYPES.random.RandomPassword;
const VERCEL_DEPLOYMENT = TYPES.vercel.Deployment;
const VERCEL_VARIABLE = TYPES.vercel.ProjectEnvironmentVariable;
const TASK_DEFINITION = TYPES.aws.ecs.TaskDefinition;
const SSM_PARAMETER = TYPES.aws.ssm.Parameter;

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** The resources each one waits for directly: dependsOn, property dependencies and parent. */
export function directDependencies(resource: OrderedResource): Set<string> {
    const edges = new Set<string>(resource.dependsOn);
    for (const urns of Object.values(resource.propertyDependencies))
        for (const u of urns) edges.add(u);
    if (resource.parent) edges.add(resource.parent);
    return edges;
}

/** `waitsFor(a, b)`: a's create or update starts only after b's is done (a path of edges from a to b). */
export function dependencyGraph(
    resources: readonly OrderedResource[],
): (from: string, to: string) => boolean {
    const edges = new Map(resources.map((r) => [r.urn, directDependencies(r)]));
    const reach = new Map<string, Set<string>>();
    const reachable = (urn: string): Set<string> => {
        const known = reach.get(urn);
        if (known) return known;
        const seen = new Set<string>();
        const stack = [...(edges.get(urn) ?? [])];
        while (stack.length) {
            const next = stack.pop()!;
            if (seen.has(next)) continue;
            seen.add(next);
            stack.push(...(edges.get(next) ?? []));
        }
        reach.set(urn, seen);
        return seen;
    };
    return (from, to) => reachable(from).has(to);
}

const record = (value: unknown): Record<string, unknown> =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/**
 * Everything the plan shows wrong about the order of a first `pulumi up`. `arnOf` gives the ARN a
 * resource's outputs carry in this plan (the offline plan's mock ARN), to see which parameters a task
 * definition names.
 */
export function orderingProblems(
    resources: readonly OrderedResource[],
    arnOf: (resourceName: string) => string,
): OrderingProblem[] {
    const waitsFor = dependencyGraph(resources);
    return [
        ...databaseProblems(resources, waitsFor),
        ...credentialProblems(resources, waitsFor),
        ...rolloutProblems(resources, waitsFor, arnOf),
    ];
}

/**
 * A PostgreSQL resource with a `database` argument runs its statements in a connection to that
 * database: terraform-provider-postgresql (cyrilgdn, ff936b9, the pin of pulumi-postgresql 3.18.x)
 * resource_postgresql_grant.go 171-173 and resource_postgresql_default_privileges.go 145-148 call
 * `startTransaction(db.client, database)`, which opens a new client on that database (helpers.go
 * 390-394; config.go 254-270 puts it in the DSN's path). Before the database exists that fails with
 * `database "…" does not exist`. So each must wait for the `postgresql.Database` it names, on its server.
 */
function databaseProblems(
    resources: readonly OrderedResource[],
    waitsFor: (from: string, to: string) => boolean,
): OrderingProblem[] {
    const databases = resources.filter((r) => r.type === PG_DATABASE);
    const problems: OrderingProblem[] = [];
    for (const resource of resources) {
        if (!resource.type.startsWith("postgresql:") || resource.type === PG_DATABASE) continue;
        const name = record(resource.inputs).database;
        if (typeof name !== "string") continue;
        for (const database of databases) {
            if (record(database.inputs).name !== name) continue;
            if ((database.provider ?? null) !== (resource.provider ?? null)) continue;
            if (waitsFor(resource.urn, database.urn)) continue;
            problems.push({
                rule: "database",
                urn: resource.urn,
                needs: database.urn,
                message: `${resource.name} connects to database "${name}" but does not depend on ${database.name}, which creates it: a first up can fail with database "${name}" does not exist (pass the Database's name output, or dependsOn)`,
            });
        }
    }
    return problems;
}

/**
 * A generated value that a server must accept (a role's password, an AUTH token) is valid only once the
 * resource applying it is done. Anything else that reads it (an SSM parameter, a Vercel variable, a task
 * definition, a composed URL) must wait for that resource, or consumers roll onto a value the server
 * does not accept yet (or never, if the apply fails).
 */
function credentialProblems(
    resources: readonly OrderedResource[],
    waitsFor: (from: string, to: string) => boolean,
): OrderingProblem[] {
    // Generated value → the resources that apply it where it is checked.
    const appliers = new Map<string, OrderedResource[]>();
    for (const resource of resources) {
        for (const property of APPLIERS[resource.type] ?? []) {
            for (const urn of resource.propertyDependencies[property] ?? []) {
                appliers.set(urn, [...(appliers.get(urn) ?? []), resource]);
            }
        }
    }
    const generated = new Set(
        resources.filter((r) => r.type === GENERATED && appliers.has(r.urn)).map((r) => r.urn),
    );
    const problems: OrderingProblem[] = [];
    for (const resource of resources) {
        const read = new Set(Object.values(resource.propertyDependencies).flat());
        for (const value of [...read].filter((urn) => generated.has(urn))) {
            const by = appliers.get(value)!;
            if (by.some((a) => a.urn === resource.urn)) continue;
            if (by.some((a) => waitsFor(resource.urn, a.urn))) continue;
            problems.push({
                rule: "credential",
                urn: resource.urn,
                needs: by[0].urn,
                message: `${resource.name} publishes ${nameOf(value)} but does not depend on ${by.map((a) => a.name).join(" or ")}, which makes it valid: consumers may read it before the server accepts it (build the value from ${by[0].name}'s output)`,
            });
        }
    }
    return problems;
}

/**
 * A rollout reads values at its start: a Vercel deployment builds with the project's variables as they
 * are then; an ECS task definition names the parameters its containers read. Each must wait for every
 * value it reads, or it rolls out the old one.
 */
function rolloutProblems(
    resources: readonly OrderedResource[],
    waitsFor: (from: string, to: string) => boolean,
    arnOf: (resourceName: string) => string,
): OrderingProblem[] {
    const problems: OrderingProblem[] = [];
    const projectOf = (r: OrderedResource) =>
        JSON.stringify(r.propertyDependencies.projectId ?? record(r.inputs).projectId ?? null);
    const variables = resources.filter((r) => r.type === VERCEL_VARIABLE);
    for (const deployment of resources.filter((r) => r.type === VERCEL_DEPLOYMENT)) {
        for (const variable of variables.filter((v) => projectOf(v) === projectOf(deployment))) {
            if (waitsFor(deployment.urn, variable.urn)) continue;
            problems.push({
                rule: "rollout",
                urn: deployment.urn,
                needs: variable.urn,
                message: `${deployment.name} builds with ${variable.name} but does not depend on it: it may build with the old value`,
            });
        }
    }
    const parameters = resources.filter((r) => r.type === SSM_PARAMETER);
    for (const task of resources.filter((r) => r.type === TASK_DEFINITION)) {
        const read = parameterReferences(record(task.inputs).containerDefinitions);
        for (const parameter of parameters) {
            const name = record(parameter.inputs).name;
            if (typeof name !== "string") continue;
            // ECS takes a parameter's name or ARN (`arn:aws:ssm:<region>:<account>:parameter/<path>`).
            const named = [...read].some(
                (ref) =>
                    ref === name ||
                    ref === arnOf(parameter.name) ||
                    ref.endsWith(`:parameter${name.startsWith("/") ? "" : "/"}${name}`),
            );
            if (!named) continue;
            if (waitsFor(task.urn, parameter.urn)) continue;
            problems.push({
                rule: "rollout",
                urn: task.urn,
                needs: parameter.urn,
                message: `${task.name} reads ${name} but does not depend on ${parameter.name}: tasks may start with the old value`,
            });
        }
    }
    return problems;
}

/** Every `secrets[].valueFrom` of a task definition's containers (its JSON text, as planned). */
function parameterReferences(containerDefinitions: unknown): Set<string> {
    let containers: unknown;
    try {
        containers = JSON.parse(String(containerDefinitions ?? "[]"));
    } catch {
        return new Set();
    }
    const refs = new Set<string>();
    for (const container of Array.isArray(containers) ? containers : []) {
        const secrets = record(container).secrets;
        for (const secret of Array.isArray(secrets) ? secrets : []) {
            const from = record(secret).valueFrom;
            if (typeof from === "string") refs.add(from);
        }
    }
    return refs;
}
