/**
 * Reading a stack file (tools/stackFile.ts): the same value as yaml's `parse`, a key given twice refused
 * as before, and a map of many keys read in linear time (yaml's own duplicate check is quadratic).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { parseYaml, readStackFile } from "../tools/stackFile";

const ROOT = path.join(__dirname, "..");
const STACK_FILES = [
    ...fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
    ...fs.readdirSync(path.join(ROOT, "examples")).map((f) => path.join("examples", f)),
];

describe("parseYaml", () => {
    it.each(STACK_FILES)("reads %s as yaml's parse does", (file) => {
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        expect(parseYaml(text)).toEqual(parse(text));
    });

    it("refuses a key given twice in any map, naming where", () => {
        expect(() => parseYaml("a: 1\nb:\n    c: 1\n    d: [{ e: 1, e: 2 }]\n")).toThrow(
            "Map keys must be unique at line 4, column 17",
        );
        expect(() => parseYaml("a: 1\nb: 2\na: 3\n")).toThrow(
            "Map keys must be unique at line 3, column 1",
        );
        // The same text in two spellings is the same key; 1 and "1" are not (as yaml's own check).
        expect(() => parseYaml("a: 1\n'a': 2\n")).toThrow("Map keys must be unique");
        expect(parseYaml("1: x\n'1': y\n")).toEqual({ 1: "y" });
        // yaml's errors still come first.
        expect(() => parseYaml("a: b: c\n")).toThrow(/Nested mappings/);
    });

    it("reads a map of 80,000 keys in linear time", () => {
        // yaml's own check compares each key with all before it: 80,000 keys took minutes. Linear, a
        // few seconds even on a busy machine; the bound leaves a wide margin for one.
        const text = `m:\n${Array.from({ length: 80_000 }, (_, i) => `  K${i}: v\n`).join("")}`;
        const start = performance.now();
        const value = parseYaml(text) as { m: Record<string, string> };
        expect(performance.now() - start).toBeLessThan(20_000);
        expect(Object.keys(value.m)).toHaveLength(80_000);
    }, 60_000);
});

describe("readStackFile", () => {
    it("refuses a stack file with a key given twice as invalid YAML", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-read-"));
        const file = path.join(dir, "Pulumi.dup.yaml");
        fs.writeFileSync(file, "config:\n    aws:region: us-east-1\n    aws:region: eu-west-1\n");
        try {
            expect(readStackFile(file, "opsbook")).toEqual({
                ok: false,
                errors: [
                    {
                        path: file,
                        message: "is not valid YAML (Map keys must be unique at line 3, column 5)",
                    },
                ],
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
