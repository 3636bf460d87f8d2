/**
 * The README is a front door to docs/*.md: every relative link in them (outside code blocks) names a file
 * that exists and, with a `#fragment`, a heading of that file (GitHub's anchor: lower case, punctuation
 * dropped, spaces as '-', a repeated heading numbered).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..");
const PAGES = [
    "README.md",
    ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join("docs", f)),
];

/** The text outside fenced code blocks. */
function prose(markdown: string): string[] {
    let fenced = false;
    return markdown.split("\n").filter((line) => {
        if (line.startsWith("```")) fenced = !fenced;
        return !fenced && !line.startsWith("```");
    });
}

function anchorsOf(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    for (const line of prose(markdown)) {
        const heading = /^#{1,6} (.*)$/.exec(line);
        if (!heading) continue;
        const slug = heading[1]
            .trim()
            .toLowerCase()
            .replace(/[^\p{L}\p{N}_\- ]/gu, "")
            .replace(/ /g, "-");
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    return anchors;
}

function relativeLinks(markdown: string): string[] {
    return (
        prose(markdown)
            .join("\n")
            .replace(/`[^`\n]*`/g, "")
            .match(/\]\(([^)\s]+)\)/g) ?? []
    )
        .map((link) => link.slice(2, -1))
        .filter((target) => !/^[a-z]+:/.test(target));
}

describe("links between the README and docs/", () => {
    it("computes GitHub's anchors", () => {
        expect([...anchorsOf("# How `pulumi up` reaches X\n## A: b, c\n## A: b, c\n")]).toEqual([
            "how-pulumi-up-reaches-x",
            "a-b-c",
            "a-b-c-1",
        ]);
    });

    it("has the README link every docs page", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const linked = new Set(relativeLinks(readme).map((l) => path.normalize(l.split("#")[0])));
        expect(PAGES.filter((p) => p !== "README.md" && !linked.has(p))).toEqual([]);
    });

    it.each(PAGES)("resolves every relative link of %s", (page) => {
        const text = fs.readFileSync(path.join(ROOT, page), "utf8");
        const broken = relativeLinks(text).filter((target) => {
            const [file, fragment] = target.split("#");
            const resolved = file
                ? path.resolve(ROOT, path.dirname(page), file)
                : path.join(ROOT, page);
            if (!fs.existsSync(resolved)) return true;
            if (fragment === undefined) return false;
            return !anchorsOf(fs.readFileSync(resolved, "utf8")).has(fragment);
        });
        expect(broken).toEqual([]);
    });
});

/** Every leaf of `excerpt` is the value at the same path of `whole` (lists compared whole). */
function isExcerpt(excerpt: unknown, whole: unknown): boolean {
    if (typeof excerpt !== "object" || excerpt === null || Array.isArray(excerpt)) {
        return JSON.stringify(excerpt) === JSON.stringify(whole);
    }
    if (typeof whole !== "object" || whole === null) return false;
    return Object.entries(excerpt).every(([key, value]) =>
        isExcerpt(value, (whole as Record<string, unknown>)[key]),
    );
}

describe("the README's first stack", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Write your first stack"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const example = fs.readFileSync(
        path.join(ROOT, "examples/Pulumi.vercel-supabase.yaml"),
        "utf8",
    );

    it("is an excerpt of examples/Pulumi.vercel-supabase.yaml, which the plan tests plan", () => {
        expect(section).toContain("examples/Pulumi.vercel-supabase.yaml");
        expect(isExcerpt(parse(block), parse(example))).toBe(true);
        expect(block.split("\n")[0]).toBe(example.split("\n")[0]);
    });

    it("would notice a value the example does not have", () => {
        expect(
            isExcerpt(parse(block.replace("imageTag: 0.31.4", "imageTag: 9.9.9")), parse(example)),
        ).toBe(false);
    });
});
