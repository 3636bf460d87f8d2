/**
 * Where the code sends a reader. The README is a front door and the guides are docs/*.md, so a source
 * comment names the guide's page (`docs/queues-and-jobs.md`) and, in quotes after it, its section: a
 * heading or a bullet's bold lead-in (`docs/services.md ("The edge", "One zone, several stacks")`). A
 * README named in source is a folder's own (`components/data/README.md`), never the front door.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT, SOURCE_FILES } from "./sourceFiles";

const ROOT = PROJECT_ROOT;
const SOURCES = SOURCE_FILES;

/** A file's text with comment line breaks joined, so a reference wrapped over two lines reads as one. */
const joined = (text: string) => text.replace(/\n\s*(?:\/\/|\*(?!\/))?\s*/g, " ");

/** The sections a page offers: its headings and the bold lead-ins of its bullets and paragraphs. */
function sectionsOf(page: string): Set<string> {
    const text = fs.readFileSync(path.join(ROOT, page), "utf8");
    const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, h]) => h.trim());
    const leads = [...text.matchAll(/^(?:\s*- )?\*\*([^*]+?)\.?\*\*/gm)].map(([, l]) => l.trim());
    return new Set([...headings, ...leads]);
}

/** The guide references of a text: `docs/page.md` and the quoted sections right after it. */
export function docRefs(text: string): { page: string; sections: string[] }[] {
    return [...joined(text).matchAll(/docs\/([\w.-]+\.md)((?:(?:, | \(|, and )"[^"]+")*)/g)].map(
        ([, page, quoted]) => ({
            page: `docs/${page}`,
            sections: [...quoted.matchAll(/"([^"]+)"/g)].map(([, s]) => s),
        }),
    );
}

/** Mentions of a README that are not a path to a folder's README.md. */
export function frontDoorRefs(text: string): string[] {
    return [...text.matchAll(/(?<![\w./-])(?:[\w.-]+\/)*README(?:\.md)?/g)]
        .map(([ref]) => ref)
        .filter((ref) => !/^[\w.-]+(\/[\w.-]+)*\/README\.md$/.test(ref));
}

describe("docRefs and frontDoorRefs", () => {
    it("read a wrapped reference with its sections", () => {
        const comment = `// The guide (docs/services.md ("The edge", "One zone,\n    // several stacks")) says so.`;
        expect(docRefs(comment)).toEqual([
            { page: "docs/services.md", sections: ["The edge", "One zone, several stacks"] },
        ]);
        expect(docRefs(`/** see docs/data.md. */`)).toEqual([
            { page: "docs/data.md", sections: [] },
        ]);
    });

    it("tell the front door from a folder's README", () => {
        expect(
            frontDoorRefs(`// (README: the queue metric contract), README.md "Services"`),
        ).toEqual(["README", "README.md"]);
        expect(frontDoorRefs(`// components/data/README.md says what it may import`)).toEqual([]);
    });
});

describe("source comments", () => {
    it("name a docs/ page for a guide, never the README", () => {
        const offending = SOURCES.flatMap((file) =>
            frontDoorRefs(fs.readFileSync(path.join(ROOT, file), "utf8")).map(
                (ref) => `${file}: ${ref}`,
            ),
        );
        expect(offending).toEqual([]);
    });

    it("name pages and sections that exist", () => {
        const refs = SOURCES.flatMap((file) =>
            docRefs(fs.readFileSync(path.join(ROOT, file), "utf8")).map((ref) => ({
                file,
                ...ref,
            })),
        );
        expect(refs.length).toBeGreaterThan(5);
        const missing = refs.flatMap(({ file, page, sections }) => {
            if (!fs.existsSync(path.join(ROOT, page))) return [`${file}: ${page} does not exist`];
            const offered = sectionsOf(page);
            return sections
                .filter((section) => !offered.has(section))
                .map((section) => `${file}: ${page} has no section "${section}"`);
        });
        expect(missing).toEqual([]);
    });
});
