/**
 * The pack's type tokens (`policies/rules/types.ts`) against what registers them: each provider token is
 * the `__pulumiType` of the SDK class at the same path (the string the class passes to `super`, and what
 * its `isInstance` compares), each `opsbook` token is what a component of `components/` registers, and no
 * token is written as a literal elsewhere in the pack. A misspelt token would make its policy silently
 * never fire.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as postgresql from "@pulumi/postgresql";
import * as random from "@pulumi/random";
import * as vercel from "@pulumiverse/vercel";
import { StackReference } from "@pulumi/pulumi";
import { rootPulumiStackTypeName } from "@pulumi/pulumi/runtime/stack";
import * as modelRules from "../../model/rules";
import { TYPES } from "../../policies/rules/types";

const ROOT = path.resolve(__dirname, "../..");
const RULES = path.join(ROOT, "policies/rules");
/** The shape of a resource type token (`package:module:Type`). */
const TOKEN = /^[a-z0-9-]+:[A-Za-z0-9/]+:[A-Za-z0-9]+$/;
const SDKS = { aws, cloudflare, postgresql, random, vercel };
const PROVIDERS = Object.keys(SDKS) as (keyof typeof SDKS)[];

/** Every token of a section of the table, with its path below the section (`rds.Instance`). */
function leaves(section: object, at: string[] = []): { path: string[]; token: string }[] {
    return Object.entries(section).flatMap(([key, value]) =>
        typeof value === "string"
            ? [{ path: [...at, key], token: value }]
            : leaves(value as object, [...at, key]),
    );
}

function sourcesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sourcesUnder(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

/** String literals of a source file (template literals without substitutions too), with their line. */
function stringLiterals(file: string): { text: string; line: number }[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
    const found: { text: string; line: number }[] = [];
    const visit = (node: ts.Node) => {
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
            found.push({
                text: node.text,
                line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
            });
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/**
 * The types the components register: the first argument of each `super(...)` call under `components/`,
 * a literal or a constant of `model/rules.ts` (the stack environment's token is owned by the model).
 */
function componentTokens(): Set<string> {
    const constants = modelRules as Record<string, unknown>;
    return new Set(
        sourcesUnder(path.join(ROOT, "components")).flatMap((file) =>
            [
                ...fs
                    .readFileSync(file, "utf8")
                    .matchAll(/\bsuper\(\s*(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))\s*,/g),
            ].map(([, literal, constant]) => literal ?? constants[constant]),
        ),
    ) as Set<string>;
}

describe("the pack's table of type tokens", () => {
    const providers = PROVIDERS.flatMap((pkg) =>
        leaves(TYPES[pkg]).map((leaf) => ({ pkg, ...leaf })),
    );

    it("covers every section of the table", () => {
        expect(Object.keys(TYPES).sort()).toEqual([...PROVIDERS, "opsbook", "pulumi"].sort());
        expect(providers.length).toBeGreaterThan(40);
    });

    it.each(providers.map((p) => [`${p.pkg}.${p.path.join(".")}`, p] as const))(
        "%s is the provider class's own token",
        (_, { pkg, path: at, token }) => {
            const resourceClass = at.reduce<unknown>(
                (scope, key) => (scope as Record<string, unknown> | undefined)?.[key],
                SDKS[pkg] as unknown,
            ) as { __pulumiType?: string } | undefined;
            expect(resourceClass?.__pulumiType).toBe(token);
        },
    );

    it("names the engine's own types as the SDK does", () => {
        expect(TYPES.pulumi.Stack).toBe(rootPulumiStackTypeName);
        // StackReference has no static token: its constructor passes the literal to `super`.
        expect(String(StackReference)).toContain(
            `super(${JSON.stringify(TYPES.pulumi.StackReference)},`,
        );
        expect(Object.keys(TYPES.pulumi).sort()).toEqual(["Stack", "StackReference"]);
    });

    it("names each component by the token it registers", () => {
        const registered = componentTokens();
        const unregistered = leaves(TYPES.opsbook)
            .filter(({ token }) => !registered.has(token))
            .map(({ path: at, token }) => `${at.join(".")}: ${token}`);
        expect(unregistered).toEqual([]);
    });

    it("holds only well-formed tokens, each once", () => {
        const tokens = leaves(TYPES).map((leaf) => leaf.token);
        expect(tokens.filter((token) => !TOKEN.test(token))).toEqual([]);
        expect(tokens.filter((token, i) => tokens.indexOf(token) !== i)).toEqual([]);
    });

    it("is the only place in the pack that writes a type token as a literal", () => {
        const table = path.join(RULES, "types.ts");
        const literals = sourcesUnder(RULES)
            .filter((file) => file !== table)
            .flatMap((file) =>
                stringLiterals(file)
                    .filter(({ text }) => TOKEN.test(text))
                    .map(({ text, line }) => `${path.relative(ROOT, file)}:${line} "${text}"`),
            );
        expect(literals).toEqual([]);
    });
});
