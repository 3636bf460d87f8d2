/**
 * Words from the schema: every pattern says what it expects, a missing value says what it should have
 * been, and a long list of problems shows the first few of each kind with a count of the rest.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { loadStackModel } from "../../components/stackModel";
import { loadSystem, LoadResult } from "../../model/load";
import { formatProblems, problemCount, problemKind, SHOWN_PER_KIND } from "../../model/issues";
import { everySchema, patternsOf, walkPath } from "../../model/schemaWalk";
import { systemSchema } from "../../model/schema";
import { ConfigError, SYSTEM_KEY } from "../../model/errors";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });

function errorsOf(result: LoadResult) {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors;
}

describe("the schema's patterns", () => {
    const patterns = [...everySchema(systemSchema)].flatMap(patternsOf);

    it("are all found by the walk (the test below is not vacuous)", () => {
        // Record keys, nested objects, unions and optional fields: a walk that missed one would find fewer.
        expect(patterns.length).toBeGreaterThan(30);
        const sources = patterns.map((p) => p.pattern.source);
        expect(sources).toContain("^vpc-[0-9a-f]{8,17}$"); // network (object in an optional)
        expect(sources).toContain("^[a-z_][a-z0-9_]{0,62}$"); // databases.*.dbName (record value)
        expect(sources).toContain("^prj_[A-Za-z0-9]+$"); // adopt.vercelProjects (model/adopt.ts)
    });

    it("each carry their own hint, an 'expected …' message", () => {
        const bare = patterns.filter((p) => !p.message?.startsWith("expected "));
        expect(bare.map((p) => p.pattern.source)).toEqual([]);
    });

    it("find a bare pattern when there is one", () => {
        const bare = z.strictObject({
            a: z.record(z.string(), z.string().regex(/^x$/)).optional(),
        });
        expect([...everySchema(bare)].flatMap(patternsOf)).toEqual([
            { pattern: /^x$/, message: undefined },
        ]);
    });
});

describe("loadSystem's words for a value that does not match", () => {
    it("tells dbName what a PostgreSQL name may be", () => {
        const system = validSystem();
        system.databases = { main: { kind: "external", consumers: ["api"], dbName: "Main-DB" } };
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.databases.main.dbName",
            message:
                "\"Main-DB\" is not allowed; expected a PostgreSQL name: lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters, such as main_db",
        });
    });

    it("tells vpcId what a VPC id looks like", () => {
        const system = validSystem();
        system.network.vpcId = "vpc_123";
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.network.vpcId",
            message:
                "\"vpc_123\" is not allowed; expected an id such as vpc-0123456789abcdef0 ('vpc-' and 8 to 17 hex digits)",
        });
    });

    it("uses the schema's words wherever the field is, not a guess from its name", () => {
        const system = validSystem();
        // A `domain` and a queue name inside a service, an image tag: each in its own schema's words.
        system.services.api.imageTag = "-bad";
        system.services.worker.queues = ["has space"];
        system.dns = { zoneId: "0123456789abcdef0123456789abcdef", zone: "Example", plan: "pro" };
        const errors = errorsOf(load(system));
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.services.api.imageTag",
                    message: expect.stringMatching(
                        /^"-bad" is not allowed; expected an image tag of/,
                    ),
                },
                {
                    path: "opsbook:system.services.worker.queues.0",
                    message: expect.stringMatching(
                        /^"has space" is not allowed; expected a queue name of/,
                    ),
                },
                {
                    path: "opsbook:system.dns.zone",
                    message:
                        '"Example" is not allowed; expected a lower-case hostname such as example.com',
                },
            ]),
        );
    });
});

describe("loadSystem's words for a missing value", () => {
    it("says it is required and what is expected: a pattern's hint, the choices, the type", () => {
        const system = validSystem();
        delete system.services.web.platform;
        delete system.network.vpcId;
        system.secrets.API_SECRET.waiver = { reason: "r", by: "b" };
        const errors = errorsOf(load(system));
        expect(errors).toEqual(
            expect.arrayContaining([
                {
                    path: "opsbook:system.services.web.platform",
                    message: 'is required; expected one of "vercel", "aws"',
                },
                {
                    path: "opsbook:system.network.vpcId",
                    message:
                        "is required; expected an id such as vpc-0123456789abcdef0 ('vpc-' and 8 to 17 hex digits)",
                },
                {
                    path: "opsbook:system.secrets.API_SECRET.waiver.until",
                    message: "is required; expected an ISO date such as 2026-03-01",
                },
            ]),
        );
        expect(errors.map((e) => e.message)).not.toContainEqual(
            expect.stringContaining("nothing is not allowed"),
        );
    });

    it("names the type where the schema has no more to say", () => {
        const system = validSystem();
        delete system.services;
        expect(errorsOf(load(system))).toContainEqual({
            path: "opsbook:system.services",
            message: "is required; expected a map of names to entries",
        });
    });
});

describe("the schema at a config path", () => {
    it("generalises map keys and list places, and keeps what the schema does not know", () => {
        const at = (path: string) => walkPath(systemSchema, path.split(".")).general.join(".");
        expect(at("env.api.LOG_LEVEL")).toBe("env.*.*");
        expect(at("rotation.incidents.12.id")).toBe("rotation.incidents.*.id");
        expect(at("services.api.queues.0.name")).toBe("services.*.queues.*.name");
        expect(at("services.api.sevrice")).toBe("services.*.sevrice");
        expect(at("constructor.x")).toBe("constructor.x");
    });
});

describe("a long list of problems", () => {
    const problem = (path: string, message: string): ConfigError => ({
        path: `opsbook:system.${path}`,
        message,
    });
    const badName = (i: number) =>
        problem(`env.api.b_${i}`, `"b_${i}" is not a valid name; expected a variable name`);
    const missing = (i: number) =>
        problem(`env.worker.S${i}.secret`, `"M${i}" is not a secret; expected one of "A", "B"`);

    it("shows the first few of each kind, in order, then how many more there are like it", () => {
        const problems = [
            ...Array.from({ length: 10 }, (_, i) => [badName(i), missing(i)]).flat(),
            problem("dns.zone", "is required; expected a lower-case hostname"),
        ];
        const lines = formatProblems(problems, { whereAll: "--json lists them all" });
        expect(lines).toEqual([
            `  opsbook:system.env.api.b_0: "b_0" is not a valid name; expected a variable name`,
            `  opsbook:system.env.worker.S0.secret: "M0" is not a secret; expected one of "A", "B"`,
            `  opsbook:system.env.api.b_1: "b_1" is not a valid name; expected a variable name`,
            `  opsbook:system.env.worker.S1.secret: "M1" is not a secret; expected one of "A", "B"`,
            `  opsbook:system.env.api.b_2: "b_2" is not a valid name; expected a variable name`,
            "  … and 7 more problems like this (at opsbook:system.env.*.*; --json lists them all)",
            `  opsbook:system.env.worker.S2.secret: "M2" is not a secret; expected one of "A", "B"`,
            "  … and 7 more problems like this (at opsbook:system.env.*.*.secret; --json lists them all)",
            "  opsbook:system.dns.zone: is required; expected a lower-case hostname",
        ]);
        expect(SHOWN_PER_KIND).toBe(3);
    });

    it("lists everything when no kind has more than a few", () => {
        const problems = [badName(1), missing(1), badName(2)];
        expect(formatProblems(problems)).toEqual(problems.map((p) => `  ${p.path}: ${p.message}`));
    });

    it("keeps apart problems that say different things at the same place", () => {
        const a = problemKind(problem("services.api.domain", '"X" is not allowed; expected a'));
        const b = problemKind(problem("services.web.domain", '"Y" is not allowed; expected a'));
        const c = problemKind(problem("services.web.domain", "is required: web is public"));
        expect(a.kind).toBe(b.kind);
        expect(a.where).toBe("opsbook:system.services.*.domain");
        expect(c.kind).not.toBe(a.kind);
        // A path outside opsbook:system (a plain config key) is its own place.
        expect(problemKind({ path: "opsbook:TOKEN", message: "m" }).where).toBe("opsbook:TOKEN");
    });

    it("counts with thousands separators", () => {
        expect(problemCount(1)).toBe("1 problem");
        expect(problemCount(120000)).toBe("120,000 problems");
        const many = Array.from({ length: 1003 }, (_, i) => badName(i));
        expect(formatProblems(many)).toContain(
            "  … and 1,000 more problems like this (at opsbook:system.env.*.*)",
        );
    });

    it("is how the program refuses the stack at `pulumi preview` too", () => {
        const system = validSystem();
        for (let i = 0; i < 5; i++) system.env.api[`bad_${i}`] = "x";
        pulumi.runtime.setAllConfig(
            { [SYSTEM_KEY]: JSON.stringify(system), "opsbook:STRIPE_SECRET_KEY": "sk" },
            ["opsbook:STRIPE_SECRET_KEY"],
        );
        const hint = `is not a valid name; expected a variable name of upper-case letters, digits and '_', starting with a letter, such as LOG_LEVEL`;
        expect(() => loadStackModel(NOW)).toThrow(
            [
                "the stack's config has 5 problems; nothing was changed:",
                ...[0, 1, 2].map((i) => `  opsbook:system.env.api.bad_${i}: "bad_${i}" ${hint}`),
                "  … and 2 more problems like this (at opsbook:system.env.*.*; `npm run plan -- --json` lists them all)",
            ].join("\n"),
        );
    });
});
