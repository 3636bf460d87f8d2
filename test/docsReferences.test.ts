/**
 * The generated references of docs/ (`npm run docs`, tools/docs.ts): regenerated in memory from their
 * sources and compared with the committed pages, failing with the command that fixes them; and each
 * source shown to reach its page (a changed threshold, policy level or schema key makes it stale).
 * No pack is booted: the policies are read as objects (policies/rules/index.ts).
 */
import { z } from "zod";
import { ALERT_RULES } from "../model/rules";
import { policies } from "../policies/rules";
import * as schemaTool from "../tools/schema";
import {
    DOCS_RUN,
    docsCommand,
    generatePages,
    PageState,
    replaceSection,
    SECTIONS,
    staleness,
} from "../tools/docs";
import { configuredLevel } from "../tools/references";
import { JsonSchema, referenceRows } from "../tools/stackReference";
import { cell, code } from "../tools/markdown";

const staleOnes = (states: readonly PageState[]) =>
    states.map(staleness).filter((s): s is string => s !== undefined);

function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return {
        io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
        out: () => out.join(""),
        err: () => err.join(""),
    };
}

describe("the generated references (npm run docs)", () => {
    it("are what `npm run docs` writes: the committed pages are current", async () => {
        // On failure the message names the page, the first line that differs and the command to run.
        expect(staleOnes(await generatePages())).toEqual([]);
    });

    it("cover the policy list, the alert thresholds and the stack model, one page each", () => {
        expect(SECTIONS.map((s) => `${s.page}#${s.name}`)).toEqual([
            "docs/policies.md#policies",
            "docs/alerts.md#alert-thresholds",
            "docs/stack-model.md#stack-model",
        ]);
    });

    it("go stale when a threshold of model/rules.ts changes", async () => {
        const rule = ALERT_RULES["error-rate-critical"] as { threshold: number };
        const before = rule.threshold;
        rule.threshold = before + 1;
        try {
            const stale = staleOnes(await generatePages());
            expect(stale).toHaveLength(1);
            expect(stale[0]).toContain("docs/alerts.md is stale: run `npm run docs`");
            expect(stale[0]).toContain(`> ${before + 1}%`);
        } finally {
            rule.threshold = before;
        }
    });

    it("go stale when a policy's own level changes", async () => {
        const policy = policies.find((p) => p.name === "opsbook-secrets-unused")!;
        const before = policy.enforcementLevel;
        expect(before).toBe("advisory");
        policy.enforcementLevel = "mandatory";
        try {
            const stale = staleOnes(await generatePages());
            expect(stale).toHaveLength(1);
            expect(stale[0]).toContain("docs/policies.md is stale: run `npm run docs`");
            expect(stale[0]).toMatch(/`opsbook-secrets-unused` +\| mandatory/);
        } finally {
            policy.enforcementLevel = before;
        }
    });

    it("go stale when the schema changes, and show a key's description", async () => {
        const real = schemaTool.stackFileSchema();
        const spy = jest.spyOn(schemaTool, "stackFileSchema").mockImplementation(() => {
            const copy = JSON.parse(JSON.stringify(real));
            const services =
                copy.properties.config.properties["opsbook:system"].properties.services;
            services.additionalProperties.properties.domain.description = "the public | hostname";
            return copy;
        });
        try {
            const stale = staleOnes(await generatePages());
            expect(stale).toHaveLength(1);
            expect(stale[0]).toContain("docs/stack-model.md is stale: run `npm run docs`");
            const page = (await generatePages()).find((s) => s.page === "docs/stack-model.md")!;
            expect(page.generated).toMatch(
                /`services\.<name>\.domain` .*\| the public \\\| hostname/,
            );
        } finally {
            spy.mockRestore();
        }
    });

    it("keep the prose around a section and rewrite only between its markers", () => {
        const page = "intro\n\n<!-- generated:x -->\nold\n<!-- /generated:x -->\n\noutro\n";
        expect(replaceSection(page, "x", "src.ts", "new table\n")).toBe(
            `intro\n\n<!-- generated:x by \`${DOCS_RUN}\` from src.ts; edit the source, not this section -->\n\nnew table\n\n<!-- /generated:x -->\n\noutro\n`,
        );
        const once = replaceSection(page, "x", "src.ts", "new");
        expect(replaceSection(once, "x", "src.ts", "new")).toBe(once);
        expect(() => replaceSection("no markers", "x", "s", "b", "docs/p.md")).toThrow(
            'docs/p.md: expected one "<!-- generated:x -->" and one "<!-- /generated:x -->" after it',
        );
        expect(() => replaceSection(`${page}${page}`, "x", "s", "b")).toThrow(/expected one/);
        expect(() =>
            replaceSection("<!-- /generated:x -->\n<!-- generated:x -->", "x", "s", "b"),
        ).toThrow(/comes before its opening marker/);
    });

    it("report the first differing line of a stale page", () => {
        expect(staleness({ page: "docs/a.md", committed: "a\nb\n", generated: "a\nc\n" })).toBe(
            "docs/a.md is stale: run `npm run docs` and commit the page.\n" +
                "  line 2, committed: b\n" +
                "  line 2, generated: c",
        );
        expect(staleness({ page: "docs/a.md", committed: "a", generated: "a" })).toBeUndefined();
    });
});

describe("npm run docs", () => {
    it("--check exits 0 on the committed pages and writes nothing", async () => {
        const c = capture();
        expect(await docsCommand(["--check"], c.io)).toBe(0);
        expect(c.out()).toBe("the generated references are current\n");
    });

    it("--help exits 0 listing --check; an unknown flag is a usage error, exit 2", async () => {
        const help = capture();
        expect(await docsCommand(["--help"], help.io)).toBe(0);
        expect(help.out()).toContain("Usage: npm run docs -- [options]");
        expect(help.out()).toContain("--check");
        const bad = capture();
        expect(await docsCommand(["--chek"], bad.io)).toBe(2);
        expect(bad.err()).toMatch(/^usage error: --chek: is not an option/);
        expect(bad.out()).toBe("");
    });
});

describe("the policy levels", () => {
    it("take a named entry over `all`, `all` over the policy's own level", () => {
        const config = {
            all: "mandatory",
            "p-named": "advisory",
            "p-object": { enforcementLevel: "disabled" },
        };
        expect(configuredLevel(config, "p-named", "mandatory")).toBe("advisory");
        expect(configuredLevel(config, "p-object", "mandatory")).toBe("disabled");
        expect(configuredLevel(config, "p-other", "advisory")).toBe("mandatory");
        expect(configuredLevel({}, "p-other", "advisory")).toBe("advisory");
        expect(configuredLevel({ "p-props": { asOf: "2026-01-01" } }, "p-props", "advisory")).toBe(
            "advisory",
        );
    });
});

describe("the stack-model reference", () => {
    const schema = z.toJSONSchema(
        z.strictObject({
            name: z.string().regex(/^a|b$/).describe("what it is called"),
            code: z
                .string()
                .regex(/^[a-z_]+$/, "expected a code of 'a' to 'z' and '_', such as x_y"),
            id: z.uuid(),
            size: z.number().int().min(1).max(5).default(3),
            ratio: z.number().positive(),
            entries: z.record(
                z.string().regex(/^[a-z]+$/),
                z.strictObject({ kind: z.enum(["p", "q"]), tags: z.array(z.string()).min(1) }),
            ),
            steps: z.array(z.strictObject({ run: z.string().min(1).max(9) })).optional(),
            limit: z.union([z.number(), z.strictObject({ value: z.number(), why: z.string() })]),
            other: z.union([z.number(), z.strictObject({ value: z.number(), why: z.string() })]),
        }),
        { io: "input", target: "draft-7", override: schemaTool.patternHints },
    ) as JsonSchema;
    const rows = referenceRows(schema);

    it("lists every key path with its type, whether required, and what is allowed", () => {
        expect(rows.map((r) => [r.path, r.type, r.required, r.allowed])).toEqual([
            ["name", "string", true, "matching `^a\\|b$`"],
            ["code", "string", true, "a code of 'a' to 'z' and '\\_', such as x\\_y: `^[a-z_]+$`"],
            ["id", "string", true, "format uuid"],
            ["size", "integer", false, "1 to 5"],
            ["ratio", "number", true, "> 0"],
            ["entries", "map", true, "keys matching `^[a-z]+$`"],
            ["entries.<name>", "object", false, ""],
            ["entries.<name>.kind", "string", true, "`p`, `q`"],
            ["entries.<name>.tags", "list of string", true, "at least 1 item"],
            ["steps", "list of object", false, ""],
            ["steps[].run", "string", true, "1 to 9 characters"],
            ["limit", "number or object", true, ""],
            ["limit.value", "number", true, ""],
            ["limit.why", "string", true, ""],
            ["other", "number or object", true, "keys as under `limit`"],
        ]);
    });

    it("shows a pattern's own hint (the schema's message, as tools/schema.ts writes it) before its regex", async () => {
        const page = (await generatePages()).find((s) => s.page === "docs/stack-model.md")!;
        // The generated row, not the hand-written table above it: its type column says `string`.
        const dbName = page.generated
            .split("\n")
            .find((line) => /^\| `databases\.<name>\.dbName` +\| string /.test(line));
        expect(dbName).toContain(
            "a PostgreSQL name: lower-case letters, digits and '\\_', starting with a letter or '\\_', at most 63 characters, such as main_db: `^[a-z_][a-z0-9_]{0,62}$`",
        );
    });

    it("shows a description and a default where the schema has one", () => {
        expect(rows.find((r) => r.path === "name")?.description).toBe("what it is called");
        expect(rows.find((r) => r.path === "size")?.default).toBe(3);
        expect(rows.find((r) => r.path === "ratio")).not.toHaveProperty("default");
    });

    it("keeps a table cell on its row: pipes escaped, lines joined, code fenced past backticks", () => {
        expect(cell("a | b\n  c")).toBe("a \\| b c");
        expect(code("x`y")).toBe("``x`y``");
        expect(code("`x")).toBe("`` `x ``");
    });
});
