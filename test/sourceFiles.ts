/** The project's TypeScript files as the layout tests read them: paths relative to the project root. */
import * as fs from "fs";
import * as path from "path";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Every `.ts` file below a folder of the project, recursively. */
export function tsFiles(folder: string): string[] {
    return fs
        .readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true })
        .flatMap((entry) =>
            entry.isDirectory()
                ? tsFiles(path.join(folder, entry.name))
                : entry.name.endsWith(".ts")
                  ? [path.join(folder, entry.name)]
                  : [],
        );
}

/** Every non-test source file: the program, the pack, the model and the tools. */
export const SOURCE_FILES: readonly string[] = [
    "index.ts",
    "policies/index.ts",
    ...["model", "components", "policies/rules", "tools"].flatMap(tsFiles),
];
