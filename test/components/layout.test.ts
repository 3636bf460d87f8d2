import * as fs from "fs";
import * as path from "path";

const COMPONENTS = path.resolve(__dirname, "../../components");
const ROOT = path.dirname(COMPONENTS);

/** The folders a README line allows, below the project root. */
const foldersIn = (line: string) =>
    [...line.matchAll(/\b([a-z]+)\//g)].map(([, dir]) =>
        dir === "model" ? "model" : `components/${dir}`,
    );

/**
 * What a concern's README allows a file of its folder to import: its `May import:` line, and for its
 * `build.ts` (the wiring `index.ts` calls) also its "`build.ts` ... may also import:" line.
 */
function allowedImports(folder: string, file: string): string[] {
    const readme = fs.readFileSync(path.join(COMPONENTS, folder, "README.md"), "utf8");
    const line = /^May import: (.*)$/m.exec(readme);
    if (!line) throw new Error(`components/${folder}/README.md has no "May import:" line`);
    const build = /^Its `build.ts` .* may also import: (.*)$/m.exec(readme);
    return [...foldersIn(line[1]), ...(file === "build.ts" && build ? foldersIn(build[1]) : [])];
}

const folders = fs
    .readdirSync(COMPONENTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

/** Where each relative import of a file lands, as a folder below the project root. */
function importedFolders(file: string): string[] {
    const source = fs.readFileSync(file, "utf8");
    return [...source.matchAll(/from "(\.{1,2}\/[^"]+)"/g)].map(([, spec]) =>
        path.relative(ROOT, path.dirname(path.resolve(path.dirname(file), spec))),
    );
}

describe("the components layout", () => {
    it("groups every component by concern, each folder saying what lives there", () => {
        const flat = fs
            .readdirSync(COMPONENTS)
            .filter((name) => name.endsWith(".ts") && name !== "stackModel.ts");
        expect(flat).toEqual([]);
        expect(folders.sort()).toEqual([
            "alerts",
            "compute",
            "data",
            "edge",
            "secrets",
            "services",
        ]);
    });

    it.each(folders)("keeps %s/ to the imports its README allows", (folder) => {
        const offending = fs
            .readdirSync(path.join(COMPONENTS, folder))
            .filter((name) => name.endsWith(".ts"))
            .flatMap((name) => {
                const allowed = new Set([`components/${folder}`, ...allowedImports(folder, name)]);
                return importedFolders(path.join(COMPONENTS, folder, name))
                    .filter((target) => !allowed.has(target))
                    .map((target) => `${name} imports ${target}/`);
            });
        expect(offending).toEqual([]);
    });
});
