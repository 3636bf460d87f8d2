/**
 * The stack file's JSON Schema (docs/stack-file.schema.json, `npm run schema`): committed as generated,
 * named by every stack file for editors, and accepting every stack the repository plans while refusing
 * what the loader's schema refuses. Validated with ajv (draft-07, as the YAML language server reads it).
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import * as os from "os";
import { SCHEMA_FILE, schemaCommand, stackFileSchemaText } from "../tools/schema";

const ROOT = path.join(__dirname, "..");
const STACK_FILES = [
    ...fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
    ...fs.readdirSync(path.join(ROOT, "examples")).map((f) => path.join("examples", f)),
];

const validate = new Ajv({ allErrors: true }).compile(
    JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as object,
);
const read = (file: string) => parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as unknown;

describe("docs/stack-file.schema.json", () => {
    it("is what `npm run schema` generates from model/schema.ts", () => {
        expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(stackFileSchemaText());
    });

    it("is found in the repository's stack files", () => {
        expect(STACK_FILES).toContain("Pulumi.prod.yaml");
        expect(STACK_FILES.length).toBeGreaterThan(3);
    });

    it.each(STACK_FILES)("is named on the first line of %s, by a path that resolves", (file) => {
        const first = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n")[0];
        const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
        expect(match).not.toBeNull();
        expect(path.resolve(ROOT, path.dirname(file), match![1])).toBe(SCHEMA_FILE);
    });

    it.each(STACK_FILES)("accepts %s", (file) => {
        expect(validate(read(file)) ? [] : validate.errors).toEqual([]);
    });

    it("refuses an unknown key, a wrong type and a missing opsbook:system", () => {
        const withUnknown = read("Pulumi.prod.yaml") as { config: Record<string, any> };
        withUnknown.config["opsbook:system"].servises = {};
        expect(validate(withUnknown)).toBe(false);

        const wrongType = read("Pulumi.prod.yaml") as { config: Record<string, any> };
        wrongType.config["opsbook:system"].secrets = ["not", "a", "map"];
        expect(validate(wrongType)).toBe(false);

        expect(validate({ config: { "aws:region": "us-east-1" } })).toBe(false);
    });

    it("leaves other config keys free (provider settings, vendor secrets)", () => {
        const other = read("Pulumi.prod.yaml") as { config: Record<string, unknown> };
        other.config["opsbook:STRIPE_SECRET_KEY"] = { secure: "v1:abc" };
        other.config["cloudflare:apiToken"] = "x";
        expect(validate(other)).toBe(true);
    });
});

describe("the patterns' hints in the schema", () => {
    /** Every subschema with a `pattern`, by its JSON path. */
    function patterned(node: unknown, at = ""): [string, Record<string, unknown>][] {
        if (Array.isArray(node)) return node.flatMap((n, i) => patterned(n, `${at}/${i}`));
        if (!node || typeof node !== "object") return [];
        const here = node as Record<string, unknown>;
        const own: [string, Record<string, unknown>][] =
            typeof here.pattern === "string" ? [[at, here]] : [];
        return [...own, ...Object.entries(here).flatMap(([k, v]) => patterned(v, `${at}/${k}`))];
    }
    const schema = JSON.parse(stackFileSchemaText()) as unknown;

    it("carry each pattern's own message as patternErrorMessage (what VS Code shows)", () => {
        const dbName = patterned(schema).find(([at]) => at.endsWith("/dbName"))![1];
        expect(dbName.patternErrorMessage).toMatch(/^expected a PostgreSQL name: /);
        // zod's formats (uuid, date) write their own regex beside `format`, with no message.
        const unhinted = patterned(schema).filter(
            ([, s]) => s.patternErrorMessage === undefined && s.format === undefined,
        );
        expect(unhinted.map(([at]) => at)).toEqual([]);
        expect(patterned(schema).length).toBeGreaterThan(50);
    });
});

describe("npm run schema", () => {
    const io = () => {
        const out = { stdout: "", stderr: "" };
        return {
            out,
            io: {
                stdout: (t: string) => void (out.stdout += t),
                stderr: (t: string) => void (out.stderr += t),
            },
        };
    };

    it("writes the schema to --out", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-schema-"));
        const target = path.join(dir, "schema.json");
        const { io: streams } = io();
        expect(schemaCommand(["--out", target], streams)).toBe(0);
        expect(fs.readFileSync(target, "utf8")).toBe(stackFileSchemaText());
        fs.rmSync(dir, { recursive: true });
    });

    it("lists its options on --help and refuses an unknown one (exit 2), writing nothing", () => {
        const help = io();
        expect(schemaCommand(["--help"], help.io)).toBe(0);
        expect(help.out.stdout).toContain("--out");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-schema-"));
        const bad = io();
        expect(schemaCommand(["--out", path.join(dir, "s.json"), "--bogus"], bad.io)).toBe(2);
        expect(bad.out.stderr).toContain("usage error: --bogus: is not an option");
        expect(fs.readdirSync(dir)).toEqual([]);
        fs.rmSync(dir, { recursive: true });
    });
});
