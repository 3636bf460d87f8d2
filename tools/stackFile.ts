/**
 * Reads a `Pulumi.<stack>.yaml` the way the CLI hands it to a program, without decrypting anything:
 * secure values become placeholders that stay Pulumi secrets.
 */
import * as fs from "fs";
import * as path from "path";
import { isScalar, LineCounter, parseDocument, visit } from "yaml";
import type { StackConfig } from "./capture";
import { CONFIG_NAMESPACE, ConfigError, SYSTEM_KEY } from "../model/load";

export interface StackFile {
    readonly stack: string;
    readonly path: string;
    readonly config: StackConfig;
    /** The raw `opsbook:system` value. */
    readonly system: unknown;
    /** Vendor secrets the model declares whose value is not in the file (set later with `config set --secret`). */
    readonly missingVendorValues: readonly string[];
}

export type StackFileResult = { ok: true; file: StackFile } | { ok: false; errors: ConfigError[] };

/**
 * What a program sees for a secret config value the plan cannot (and must not) decrypt: shaped like the
 * real value where the program parses it (an admin URL), opaque otherwise. It stays a Pulumi secret.
 */
export function secretPlaceholder(key: string, secretClass?: unknown): string {
    return secretClass === "database-admin-url"
        ? "postgresql://offline:placeholder@offline.invalid:5432/postgres"
        : `offline-placeholder-for-${key}`;
}

function isSecure(value: unknown): boolean {
    return (
        typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value
    );
}

/** The stack name of `Pulumi.<stack>.yaml`. */
export function stackNameOf(file: string): string {
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    return match ? match[1] : path.basename(file).replace(/\.ya?ml$/, "");
}

/**
 * The YAML document as a value, refusing a map key given twice as `parse` does, but in one pass: yaml's
 * own check compares each key with every key before it (yaml 2.9.1 `dist/compose/util-map-includes.js`,
 * called from `resolve-block-map.js` L63), so reading a map of 40,000 keys took most of a minute.
 */
export function parseYaml(text: string): unknown {
    const lines = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
    if (doc.errors.length > 0) throw doc.errors[0];
    let duplicate: string | undefined;
    visit(doc, {
        Map(_, map) {
            const seen = new Set<unknown>();
            for (const { key } of map.items) {
                const value = isScalar(key) ? key.value : key;
                if (!seen.has(value)) {
                    seen.add(value);
                    continue;
                }
                const at = isScalar(key) && key.range ? lines.linePos(key.range[0]) : undefined;
                duplicate = `Map keys must be unique${at ? ` at line ${at.line}, column ${at.col}` : ""}`;
                return visit.BREAK;
            }
            return undefined;
        },
    });
    if (duplicate) throw new Error(duplicate);
    return doc.toJS();
}

export function readStackFile(file: string, project: string): StackFileResult {
    let doc: unknown;
    try {
        doc = parseYaml(fs.readFileSync(file, "utf8"));
    } catch (error) {
        const reason =
            (error as NodeJS.ErrnoException).code === "ENOENT"
                ? "does not exist"
                : `is not valid YAML (${(error as Error).message.split("\n")[0]})`;
        return { ok: false, errors: [{ path: file, message: reason }] };
    }
    const rawConfig = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof rawConfig !== "object" || rawConfig === null || Array.isArray(rawConfig)) {
        return {
            ok: false,
            errors: [{ path: `${file}: config`, message: "is not a map of config keys" }],
        };
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const system = (rawConfig as Record<string, unknown>)[SYSTEM_KEY];
    const secrets = (system as { secrets?: unknown } | undefined)?.secrets;
    const classOf = (key: string) =>
        typeof secrets === "object" && secrets !== null
            ? (secrets as Record<string, { class?: unknown } | undefined>)[
                  key.replace(/^[^:]*:/, "")
              ]?.class
            : undefined;
    for (const [rawKey, value] of Object.entries(rawConfig)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        if (isSecure(value)) {
            values[key] = secretPlaceholder(key, classOf(key));
            secretKeys.push(key);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }

    // Vendor values live in each team's encrypted config, not in the repository; the plan stands in for
    // the missing ones with secret placeholders and lists them, and `pulumi up` refuses until they are set.
    const missingVendorValues: string[] = [];
    if (typeof secrets === "object" && secrets !== null) {
        for (const [name, secret] of Object.entries(secrets)) {
            const key = `${CONFIG_NAMESPACE}:${name}`;
            if ((secret as { kind?: unknown })?.kind === "vendor" && !(key in values)) {
                values[key] = secretPlaceholder(key, (secret as { class?: unknown }).class);
                secretKeys.push(key);
                missingVendorValues.push(name);
            }
        }
    }
    return {
        ok: true,
        file: {
            stack: stackNameOf(file),
            path: file,
            config: { values, secretKeys },
            system,
            missingVendorValues,
        },
    };
}
