/**
 * Markdown pieces of the generated references (tools/docs.ts): table cells that cannot break their row,
 * and the formatting prettier gives the hand-written pages, so a generated table reads like the rest.
 */
import { format } from "prettier/standalone";
import * as markdownPlugin from "prettier/plugins/markdown";
import * as fs from "fs";
import * as path from "path";

/** Text in a table cell: one line, its pipes escaped (GFM splits cells at a bare `|`, even in code). */
export function cell(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/** A code span in a table cell, fenced with more backticks than the text holds. */
export function code(text: string): string {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${cell(text)}${pad}${fence}`;
}

/** A GFM table; prettier pads its columns afterwards. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
    return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The repository's prettier options (.prettierrc.json), for markdown. */
const PRETTIER_OPTIONS = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", ".prettierrc.json"), "utf8"),
) as Record<string, unknown>;

/**
 * Markdown as prettier formats it. The standalone build: prettier's main entry loads itself with a
 * dynamic `import()`, which jest's CommonJS runtime refuses.
 */
export function formatMarkdown(markdown: string): Promise<string> {
    return format(markdown, {
        ...PRETTIER_OPTIONS,
        parser: "markdown",
        plugins: [markdownPlugin],
    });
}
