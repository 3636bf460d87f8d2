/**
 * The generated references of docs/: the policy list with levels, the alert thresholds and the
 * stack-model reference, rendered from their sources (tools/references.ts) into the pages between
 * markers, so the hand-written prose around them stays:
 *
 *   <!-- generated:NAME … -->
 *   (written by `npm run docs`)
 *   <!-- /generated:NAME -->
 *
 *   npm run docs -- [--check]
 *
 * A drift test (test/docsReferences.test.ts) regenerates them in memory and fails naming this command.
 */
import * as fs from "fs";
import * as path from "path";
import { CliIO, CommandSpec, EXIT, runMain, startCommand } from "./cli";
import { formatMarkdown } from "./markdown";
import { alertThresholdsReference, policiesReference, stackModelSection } from "./references";

const ROOT = path.join(__dirname, "..");

export const DOCS_RUN = "npm run docs";

export interface GeneratedSection {
    /** The page, relative to the repository. */
    readonly page: string;
    /** The marker's name: `<!-- generated:NAME -->`. */
    readonly name: string;
    /** Where its facts come from, written into the opening marker. */
    readonly source: string;
    readonly render: () => string;
}

export const SECTIONS: readonly GeneratedSection[] = [
    {
        page: "docs/policies.md",
        name: "policies",
        source: "policies/rules/index.ts and policies/config/*.json",
        render: () => policiesReference(),
    },
    {
        page: "docs/alerts.md",
        name: "alert-thresholds",
        source: "model/rules.ts",
        render: alertThresholdsReference,
    },
    {
        page: "docs/stack-model.md",
        name: "stack-model",
        source: "model/schema.ts through its JSON Schema",
        render: stackModelSection,
    },
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `text` with the section `name` replaced by `body`. The markers must each appear once, in order; the
 * opening one is rewritten too, so it always says where the section comes from.
 */
export function replaceSection(
    text: string,
    name: string,
    source: string,
    body: string,
    page = "the page",
): string {
    const open = new RegExp(`<!-- generated:${escapeRegExp(name)}(?: [^\\n]*?)? -->`, "g");
    const close = `<!-- /generated:${name} -->`;
    const opens = [...text.matchAll(open)];
    const closeAt = text.indexOf(close);
    if (opens.length !== 1 || closeAt < 0 || text.indexOf(close, closeAt + 1) >= 0) {
        throw new Error(
            `${page}: expected one "<!-- generated:${name} -->" and one "${close}" after it, to write the section between`,
        );
    }
    const start = opens[0].index;
    if (closeAt < start) throw new Error(`${page}: "${close}" comes before its opening marker`);
    const marker = `<!-- generated:${name} by \`${DOCS_RUN}\` from ${source}; edit the source, not this section -->`;
    return `${text.slice(0, start)}${marker}\n\n${body.trimEnd()}\n\n${text.slice(closeAt)}`;
}

export interface PageState {
    readonly page: string;
    readonly committed: string;
    readonly generated: string;
}

/** Every page with generated sections: its text now and as `npm run docs` would write it. */
export async function generatePages(root = ROOT): Promise<PageState[]> {
    const pages = [...new Set(SECTIONS.map((s) => s.page))];
    return Promise.all(
        pages.map(async (page) => {
            const committed = fs.readFileSync(path.join(root, page), "utf8");
            let generated = committed;
            for (const section of SECTIONS.filter((s) => s.page === page)) {
                const body = await formatMarkdown(section.render());
                generated = replaceSection(generated, section.name, section.source, body, page);
            }
            return { page, committed, generated };
        }),
    );
}

/** Why a page is stale, with the first line that differs and the command that fixes it. */
export function staleness(state: PageState): string | undefined {
    if (state.committed === state.generated) return undefined;
    const now = state.committed.split("\n");
    const then = state.generated.split("\n");
    let line = 0;
    while (line < now.length && now[line] === then[line]) line++;
    return [
        `${state.page} is stale: run \`${DOCS_RUN}\` and commit the page.`,
        `  line ${line + 1}, committed: ${now[line] ?? "(end of file)"}`,
        `  line ${line + 1}, generated: ${then[line] ?? "(end of file)"}`,
    ].join("\n");
}

export const DOCS_COMMAND: CommandSpec = {
    command: DOCS_RUN,
    summary:
        "Writes the generated references into docs/: the policy list with levels (docs/policies.md), the alert thresholds (docs/alerts.md) and the stack-model reference (docs/stack-model.md), between their <!-- generated:NAME --> markers.",
    options: {
        check: {
            type: "boolean",
            description: "write nothing; exit 1 naming each page that is stale",
        },
    },
};

export async function docsCommand(argv: readonly string[], io: CliIO): Promise<number> {
    const values = startCommand(DOCS_COMMAND, argv, io);
    if (typeof values === "number") return values;
    const states = await generatePages();
    if (values.check === true) {
        const stale = states.map(staleness).filter((s): s is string => s !== undefined);
        io.stdout(
            stale.length ? `${stale.join("\n")}\n` : "the generated references are current\n",
        );
        return stale.length ? EXIT.refused : EXIT.ok;
    }
    for (const state of states) {
        if (state.generated === state.committed) {
            io.stdout(`${state.page}: up to date\n`);
        } else {
            fs.writeFileSync(path.join(ROOT, state.page), state.generated);
            io.stdout(`wrote ${state.page}\n`);
        }
    }
    return EXIT.ok;
}

if (require.main === module) runMain("docs", docsCommand);
