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
        expect(parts.network).toEqual({});
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
});
