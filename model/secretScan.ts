/**
 * Every string the user typed into `opsbook:system` (env literals, descriptions, names, keys: anything) is
 * scanned for credentials by value (model/credentials.ts). A hit is a load error naming the config path and
 * the rule, never the value. An env literal whose name says it holds a credential is refused too: such a
 * value belongs in `secrets`. A value that looks like a credential but is public by design (a Sentry DSN, a
 * browser's publishable key) is declared so explicitly in env, `{ value: ..., public: <why> }`, and the
 * plan lists every such declaration.
 */
import { asRecord, ConfigError, joinPath, SYSTEM_KEY } from "./errors";
import { credentialMatches, describeMatches, nameLooksSecret } from "./credentials";

/** How a public-by-design env value is written: the value and why it is public. */
export const PUBLIC_VALUE_FORM = "{ value: TEXT, public: WHY }";

/** An env entry declaring its value public by design. */
function publicDeclaration(value: unknown): { value: unknown; because: unknown } | undefined {
    const record = asRecord(value);
    return record && "public" in record
        ? { value: record.value, because: record.public }
        : undefined;
}

const HOW_TO_FIX_ENV = (variable: string) =>
    `a secret never goes in the stack file: declare it in secrets (kind: vendor) and run \`pulumi config set --secret ${variable} <value>\`, or, if it is public by design, write it as ${PUBLIC_VALUE_FORM}`;

/**
 * Scans every string (and every map key) of the raw `opsbook:system` value. Runs on malformed input too,
 * so a pasted key is reported together with every other problem.
 */
export function scanStackStrings(raw: Record<string, unknown>): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(path), message });
    const isEnvVariable = (path: readonly PropertyKey[]) => path.length === 3 && path[0] === "env";

    const walk = (value: unknown, path: PropertyKey[], label: string | undefined) => {
        if (typeof value === "string") {
            const matches = credentialMatches(value, label);
            if (matches.length > 0) {
                error(
                    path,
                    `holds a value that looks like a credential (${describeMatches(matches)}); ${
                        isEnvVariable(path)
                            ? HOW_TO_FIX_ENV(String(path[2]))
                            : "remove it: a secret never goes in the stack file"
                    }`,
                );
            } else if (isEnvVariable(path) && nameLooksSecret(String(path[2]))) {
                error(
                    path,
                    `is a plain value, but its name looks like a credential; ${HOW_TO_FIX_ENV(String(path[2]))}`,
                );
            }
            return;
        }
        if (Array.isArray(value)) {
            value.forEach((item, index) => walk(item, [...path, index], label));
            return;
        }
        const record = asRecord(value);
        if (!record) return;
        const declared = isEnvVariable(path) ? publicDeclaration(record) : undefined;
        for (const [key, child] of Object.entries(record)) {
            const keyMatches = credentialMatches(key);
            if (keyMatches.length > 0) {
                // The key itself would print in the path: name the map instead.
                error(
                    path,
                    `has a key that looks like a credential (${describeMatches(keyMatches)}); remove it: a secret never goes in the stack file`,
                );
                continue;
            }
            // The declared value is public by declaration; its reason is scanned like any text.
            if (declared && key === "value") continue;
            walk(child, [...path, key], key);
        }
        if (declared) errors.push(...checkPublicDeclaration(path, declared.value));
    };
    walk(raw, [], undefined);
    return errors;
}

/** A public declaration must declare something: a value that would otherwise be refused. */
function checkPublicDeclaration(path: PropertyKey[], value: unknown): ConfigError[] {
    if (typeof value !== "string") return []; // the schema reports its type
    const variable = String(path[2]);
    if (nameLooksSecret(variable) || credentialMatches(value, variable).length > 0) return [];
    return [
        {
            path: joinPath([...path, "public"]),
            message: `declares a public value, but neither ${variable} nor its value looks like a credential; write the value as a plain literal`,
        },
    ];
}

/** A declared public value, as the plan lists it (never the value itself). */
export interface PublicValueSummary {
    readonly service: string;
    readonly variable: string;
    /** Why it is public, as declared. */
    readonly because: string;
    /** What would refuse it without the declaration: its name, and the rules its value matches. */
    readonly wouldBeRefusedBy: readonly string[];
}

/** The public declarations of a loaded model's env, in file order. */
export function publicValueSummaries(
    env: Readonly<
        Record<string, Readonly<Record<string, { kind: string; value?: string; public?: string }>>>
    >,
): PublicValueSummary[] {
    return Object.entries(env).flatMap(([service, variables]) =>
        Object.entries(variables).flatMap(([variable, entry]) =>
            entry.kind === "literal" && entry.public !== undefined
                ? [
                      {
                          service,
                          variable,
                          because: entry.public,
                          wouldBeRefusedBy: [
                              ...(nameLooksSecret(variable) ? ["its name"] : []),
                              ...credentialMatches(entry.value ?? "", variable).map(
                                  (m) => `${m.rule} (${m.messageId})`,
                              ),
                          ],
                      },
                  ]
                : [],
        ),
    );
}

/** A value under a name that says it holds a credential (an env variable such as `API_TOKEN`): never shown. */
export function sitsWhereSecretBelongs(path: readonly PropertyKey[]): boolean {
    return path[0] === "env" && path.length >= 3 && nameLooksSecret(String(path[2]));
}

/**
 * The stack's other plain config values (`aws:region`, a project key set without `--secret`), scanned like
 * `opsbook:system`'s strings: a hit names the key and the rule. Secret config is what such values are for,
 * so secret keys are skipped, and `opsbook:system` is the loader's to scan.
 */
export function scanPlainConfig(
    values: Readonly<Record<string, string>>,
    isSecret: (key: string) => boolean,
): ConfigError[] {
    return Object.entries(values).flatMap(([key, value]) => {
        if (key === SYSTEM_KEY || isSecret(key)) return [];
        const matches = credentialMatches(value, key.replace(/^[^:]*:/, ""));
        return matches.length > 0
            ? [
                  {
                      path: key,
                      message: `holds a value that looks like a credential (${describeMatches(matches)}) in plain text; set it with \`pulumi config set --secret ${key} <value>\`, or remove it`,
                  },
              ]
            : [];
    });
}
