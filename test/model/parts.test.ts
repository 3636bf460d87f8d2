/**
 * The cross-entry checks read the parts of the stack file that parsed (model/parts.ts): an entry with a
 * broken field keeps its other fields, every entry keeps its name, and the problems of both kinds (the
 * schema's and the checks') are listed in one pass, the one owner per variable included.
 */
import { loadSystem, LoadResult } from "../../model/load";
import { parseParts } from "../../model/parts";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });
function errorsOf(result: LoadResult): string[] {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe("the parts that parsed", () => {
    it("keeps an entry's good fields, leaves out its broken ones, and names every entry", () => {
        const parts = parseParts({
            services: {
                api: { platform: "aws", role: "api", port: "eighty", cpu: 256 },
                web: "not an object",
            },
            databases: { main: { kind: "rds", consumers: ["api"], dbName: "Main-DB", extra: 1 } },
            env: { api: { LOG_LEVEL: "info", "bad name": "x", REF: { secret: 1 } } },
            network: { vpcId: "vpc_123", privateSubnetIds: ["subnet-0123456789abcdef0"] },
        });
        expect(parts.services).toEqual({ api: { platform: "aws", role: "api", cpu: 256 } });
        expect(parts.names.services).toEqual(["api", "web"]);
        expect(parts.databases).toEqual({ main: { kind: "rds", consumers: ["api"] } });
        // Variables one by one: the good one stays; a bad name is the record key's problem, not the value's.
        expect(parts.env).toEqual({ api: { LOG_LEVEL: "info", "bad name": "x" } });
        // vpcId is broken; the subnet list's one item is a good subnet (too few is the list's own problem).
        expect(parts.network).toEqual({ privateSubnetIds: ["subnet-0123456789abcdef0"] });
        expect(parts.written(["network", "vpcId"])).toBe(true);
        expect(parts.written(["network", "publicSubnetIds"])).toBe(false);
        expect(parts.redis).toEqual({});
    });

    it("checks a broken entry's other fields, and refers to a broken entry by its name", () => {
        const system = validSystem();
        system.databases = {
            main: { kind: "rds", consumers: ["api", "nobody"], dbName: "Main-DB", rpoMinutes: 60 },
        };
        system.services.worker.port = "eighty";
        system.secrets.API_SECRET.consumers = ["api", "worker"];
        const errors = errorsOf(load(system));
        expect(errors).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^opsbook:system\.databases\.main\.dbName: /),
                expect.stringMatching(/^opsbook:system\.services\.worker\.port: /),
                'opsbook:system.databases.main.consumers.1: "nobody" is not a service; expected one of "web", "api", "worker"',
            ]),
        );
        // worker did not parse whole, and is still a service its secret may name.
        expect(errors.filter((e) => e.includes("secrets.API_SECRET.consumers"))).toEqual([]);
    });

    it("lists a variable's two sources beside the schema's problems, in one pass", () => {
        const system = validSystem();
        system.redis = { cache: { consumers: ["api"] } };
        system.databases = {
            main: { kind: "rds", consumers: ["api"], urlVariable: "REDIS_URL", rpoMinutes: 60 },
        };
        system.services.web.healthPath = "no-slash";
        expect(errorsOf(load(system))).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^opsbook:system\.services\.web\.healthPath: /),
                "opsbook:system.redis.cache.urlVariable: gives api the variable REDIS_URL, which databases.main already gives; one variable has one source: rename one of them",
            ]),
        );
    });

    it("claims no variable for an entry whose variable name did not parse", () => {
        const system = validSystem();
        system.databases = {
            main: { kind: "rds", consumers: ["api"], rpoMinutes: 60 },
            other: { kind: "rds", consumers: ["api"], urlVariable: "lower-case", rpoMinutes: 60 },
        };
        const errors = errorsOf(load(system));
        expect(errors).toEqual([
            expect.stringMatching(/^opsbook:system\.databases\.other\.urlVariable: /),
        ]);
    });

    it("parses a list item by item: a broken item is a hole, the others typed at their index", () => {
        const parts = parseParts({
            services: {
                worker: {
                    platform: "aws",
                    queues: ["email", 3, { name: "sms", failedPercent: "x" }],
                },
            },
            alerts: {
                routes: {
                    critical: [
                        { protocol: "carrier-pigeon" },
                        { protocol: "email", endpointSecret: "OPS_EMAIL" },
                    ],
                },
            },
        });
        const queues = parts.services.worker.queues ?? [];
        expect(queues).toHaveLength(3);
        expect(1 in queues).toBe(false);
        // A broken item of the `name | { name, ... }` union keeps its good fields, like an entry.
        expect([queues[0], queues[2]]).toEqual(["email", { name: "sms" }]);
        const critical = parts.alerts?.routes?.critical ?? [];
        // An object item with a broken field keeps the others (here none: the check skips it).
        expect(critical[0]).toEqual({});
        expect(critical[1]).toEqual({ protocol: "email", endpointSecret: "OPS_EMAIL" });
    });

    it("checks the good items of a list with a broken one, and lists the broken one's problem too", () => {
        const system = validSystem();
        system.services.worker.queues = [
            "email",
            3,
            { name: "email", failedPercent: "x" },
            { name: "sms", failedPercent: 99 },
        ] as never;
        system.alerts = {
            routes: {
                ...system.alerts?.routes,
                warning: [{ protocol: "slack", workspaceId: "lower" }, { protocol: "email" }],
            },
        } as never;
        expect(errorsOf(load(system))).toEqual([
            "opsbook:system.services.worker.queues.1: 3 is not allowed; expected a queue name or { name: QUEUE, ... }",
            'opsbook:system.services.worker.queues.2.failedPercent: "x" is not allowed; expected a queue name or { name: QUEUE, ... }',
            'opsbook:system.alerts.routes.warning.0.workspaceId: "lower" is not allowed; expected a Slack workspace id, e.g. T07EA123LEP',
            // The checks read the typed items at their stack-file index: 2 and 3, past the hole at 1.
            // A route with a broken field is still checked: its written fields count, the broken one too.
            "opsbook:system.alerts.routes.warning.0.channelId: is required for protocol slack (it takes workspaceId, channelId)",
            "opsbook:system.alerts.routes.warning.1.endpointSecret: is required for protocol email (it takes endpointSecret)",
            'opsbook:system.services.worker.queues.2: "email" is listed twice; expected each queue once',
            "opsbook:system.services.worker.queues.3.failedPercent: 99 is looser than the runbook's 10 (queue-failed); a queue may make it stricter (expected at most 10), or loosen it with a waiver: { value: 99, waiver: { reason, by, until } }",
            // The fixture is a production stack that writes no critical route.
            "opsbook:system.alerts.routes.critical: is required in production (rule pagingRoute): the route that pages on-call",
        ]);
    });
});
