/**
 * The import rules beside the components' (layout.test.ts): `model/` stays pure (it imports only `model/`,
 * zod and the pure libraries listed below), and the source folders import each other without a cycle.
 * Imports are read by TypeScript's own scanner (`ts.preProcessFile`): `import`, `import type`,
 * `export ... from`, dynamic `import()` and `require()` alike, since a type-only import cycle still ties
 * two files together.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_ROOT, SOURCE_FILES, tsFiles } from "../sourceFiles";

const ROOT = PROJECT_ROOT;

/**
 * What `model/` may import besides `model/` itself. Each entry is a library without resources, I/O or
 * Pulumi runtime, so loading the model stays a pure computation:
 */
const MODEL_MAY_IMPORT: Readonly<Record<string, string>> = {
    // The stack schema (model/schema.ts and the schemas beside it).
    zod: "validation, no I/O",
    // Stable hashes: a secret's rotation anchor and a flag's rollout bucket (model/flags.ts, rollout.ts).
    crypto: "hashing only",
    // Credential detection (model/credentials.ts): the recommended rule set's patterns, run on strings;
    // its one import besides its types is node:path, for `path.basename` of a file name.
    "@secretlint/secretlint-rule-preset-recommend": "regular expressions over strings",
    "@secretlint/types": "types only",
    // EventBridge cron syntax (model/schedule.ts): no dependencies, one parsing function.
    "aws-cron-expression-validator": "parses a string",
    // Never a `@pulumi/*` module: they register resources and start the runtime. The region list is data
    // in model/region.ts, held to the provider's `Region` enum by test/model/region.test.ts.
};

/** The specifiers a file imports, as written. */
function specifiers(file: string): string[] {
    const source = fs.readFileSync(path.join(ROOT, file), "utf8");
    return ts.preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName);
}

/** A relative specifier as a project file (`model/load.ts`), or as its resolved path when no file matches. */
function resolveRelative(from: string, spec: string): string {
    const base = path.join(path.dirname(from), spec);
    const found = [`${base}.ts`, base, path.join(base, "index.ts")].find(
        (candidate) =>
            fs.existsSync(path.join(ROOT, candidate)) &&
            fs.statSync(path.join(ROOT, candidate)).isFile(),
    );
    return path.normalize(found ?? base);
}

const isRelative = (spec: string) => spec.startsWith("./") || spec.startsWith("../");

/** Import edges among the given files (imports of files outside them are left out). */
function importGraph(files: readonly string[]): Map<string, string[]> {
    const known = new Set(files);
    return new Map(
        files.map((file) => [
            file,
            specifiers(file)
                .filter(isRelative)
                .map((spec) => resolveRelative(file, spec))
                .filter((target) => known.has(target)),
        ]),
    );
}

/**
 * The cycles of a graph, one path per strongly connected component (Tarjan), written
 * `a.ts -> b.ts -> a.ts` so a failure says which imports to cut.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const components: string[][] = [];
    const visit = (node: string) => {
        index.set(node, index.size);
        low.set(node, index.get(node)!);
        stack.push(node);
        onStack.add(node);
        for (const next of graph.get(node) ?? []) {
            if (!index.has(next)) {
                visit(next);
                low.set(node, Math.min(low.get(node)!, low.get(next)!));
            } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
        }
        if (low.get(node) === index.get(node)) {
            const component: string[] = [];
            let member: string;
            do {
                member = stack.pop()!;
                onStack.delete(member);
                component.push(member);
            } while (member !== node);
            if (component.length > 1 || (graph.get(node) ?? []).includes(node))
                components.push(component);
        }
    };
    for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
    return components.map((component) => {
        // A path through the component: from its first file, follow imports that stay inside it.
        const members = new Set(component);
        const start = [...component].sort()[0];
        const walk = [start];
        const seen = new Set([start]);
        for (;;) {
            const next = (graph.get(walk[walk.length - 1]) ?? []).filter((n) => members.has(n));
            const back = next.find((n) => seen.has(n));
            const onward = next.find((n) => !seen.has(n));
            if (onward === undefined || back === start) {
                walk.push(back ?? start);
                break;
            }
            walk.push(onward);
            seen.add(onward);
        }
        return walk.join(" -> ");
    });
}

const MODEL_FILES = tsFiles("model");

describe("model/ imports", () => {
    const imports = MODEL_FILES.flatMap((file) => specifiers(file).map((spec) => ({ file, spec })));

    it("imports only model/ files and the pure libraries it lists", () => {
        const offending = imports
            .filter(({ file, spec }) =>
                isRelative(spec)
                    ? resolveRelative(file, spec).split(path.sep)[0] !== "model"
                    : !(spec.replace(/^node:/, "") in MODEL_MAY_IMPORT),
            )
            .map(({ file, spec }) => `${file} imports ${spec}`);
        expect(offending).toEqual([]);
    });

    it("lists only libraries it uses", () => {
        const used = new Set(imports.map(({ spec }) => spec.replace(/^node:/, "")));
        expect(Object.keys(MODEL_MAY_IMPORT).filter((lib) => !used.has(lib))).toEqual([]);
    });
});

describe("model/rules.ts", () => {
    // The one import point for the runbook's numbers: its areas (model/rules/*.ts) are read through it, so
    // a rule moving between areas never changes an importer, and every number has one public name.
    it("is the only way into model/rules/", () => {
        const files = [
            "index.ts",
            ...["model", "components", "policies/rules", "tools", "test"].flatMap(tsFiles),
        ];
        const offending = files
            .filter((file) => file !== "model/rules.ts" && !file.startsWith("model/rules/"))
            .flatMap((file) =>
                specifiers(file)
                    .filter(isRelative)
                    .filter((spec) => resolveRelative(file, spec).startsWith("model/rules/"))
                    .map((spec) => `${file} imports ${spec}`),
            );
        expect(files).toContain("policies/rules/alerts/thresholds.ts");
        expect(offending).toEqual([]);
    });
});

describe("the import graph", () => {
    it("finds a cycle and names its path", () => {
        const graph = new Map([
            ["a.ts", ["b.ts"]],
            ["b.ts", ["c.ts"]],
            ["c.ts", ["a.ts", "d.ts"]],
            ["d.ts", []],
        ]);
        expect(importCycles(graph)).toEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
        expect(
            importCycles(
                new Map([
                    ["a.ts", ["b.ts"]],
                    ["b.ts", []],
                ]),
            ),
        ).toEqual([]);
    });

    it("has no cycle among model/, components/, policies/rules/ and tools/", () => {
        const files = ["model", "components", "policies/rules", "tools"].flatMap(tsFiles);
        expect(files).toContain("model/load.ts");
        expect(importCycles(importGraph(files))).toEqual([]);
    });
});

describe("source file size", () => {
    // Issue #24: a file doing many jobs is split along its seams; past this a file is due for it.
    const MAX_LINES = 450;

    it(`keeps every non-test source file within ${MAX_LINES} lines`, () => {
        const files = SOURCE_FILES;
        expect(files).toContain("tools/plan.ts");
        const long = files
            .map((file) => ({
                file,
                lines: fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").length - 1,
            }))
            .filter(({ lines }) => lines > MAX_LINES)
            .map(({ file, lines }) => `${file}: ${lines} lines`);
        expect(long).toEqual([]);
    });
});
