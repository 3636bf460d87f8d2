/**
 * Credentials recognised by what they are, not only by their variable's name: secretlint's recommended
 * preset (`@secretlint/secretlint-rule-preset-recommend`, MIT; Stripe, Slack, AWS, GCP, Vercel, Cloudflare,
 * SendGrid, GitHub, private keys, connection strings and more), run synchronously over one string at a time.
 *
 * Why not `@secretlint/core`'s `lintSource`: it is asynchronous, and the loader (like every caller of it)
 * is synchronous. The rules themselves are not: a rule is `create(context, options)` returning a `file`
 * handler that reads `source.content` and calls `context.report` (the rule API of `@secretlint/types`,
 * `SecretLintRule.d.ts`). Every scanner of the preset reports synchronously for a text source with no file
 * behind it (the one asynchronous path, GCP's `.p12` check, runs only for binary `.p12` files); a handler
 * that returns a promise is a programming error here, and test/model/credentials.test.ts checks this
 * driver against `lintSource` itself.
 *
 * Nothing here keeps or returns a value or a rule's message (messages quote the secret): only which rule
 * and which of its message ids matched.
 */
import type {
    SecretLintRuleContext,
    SecretLintRuleCreator,
    SecretLintRuleReportHandler,
    SecretLintSourceCode,
} from "@secretlint/types";
import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import { SECRET_LOOKING_NAME } from "./rules";

/** One rule's finding: the rule and its message id, never the text it matched. */
export interface CredentialMatch {
    /** The secretlint rule, e.g. `@secretlint/secretlint-rule-stripe`. */
    readonly rule: string;
    /** The rule's message id, e.g. `STRIPE_SECRET_KEY_LIVE`. */
    readonly messageId: string;
}

/**
 * `secretlint-rule-filter-comments` honours `secretlint-disable` comments written into the scanned text (it
 * calls `context.ignore`; its meta says "scanner" all the same): a value must not be able to switch off
 * its own scan, so it is left out. The only way to let a credential-shaped value through is a public
 * declaration in the model.
 */
const SELF_DISABLING_RULE = "@secretlint/secretlint-rule-filter-comments";

/** The preset's scanners of text. */
export const CREDENTIAL_RULES: readonly SecretLintRuleCreator[] = (
    recommendedRules as unknown as SecretLintRuleCreator[]
).filter(
    (rule) =>
        rule.meta.id !== SELF_DISABLING_RULE &&
        rule.meta.type === "scanner" &&
        rule.meta.supportedContentTypes.some((type) => type === "text" || type === "all"),
);

/** Rule ids of the scanners, for messages and tests. */
export const CREDENTIAL_RULE_IDS: readonly string[] = CREDENTIAL_RULES.map((r) => r.meta.id);

/** A text source with no file behind it, as secretlint's core builds one for `lintSource`. */
function textSource(content: string): SecretLintSourceCode {
    const lineStarts = [0];
    for (let i = 0; i < content.length; i++) if (content[i] === "\n") lineStarts.push(i + 1);
    const indexToPosition = (index: number) => {
        let line = 0;
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= index) line++;
        return { line: line + 1, column: index - lineStarts[line] };
    };
    const positionToIndex = (pos: { line: number; column: number }) =>
        (lineStarts[pos.line - 1] ?? content.length) + pos.column;
    return {
        hasBOM: false,
        content,
        filePath: undefined,
        physicalFilePath: undefined,
        contentType: "text",
        ext: "",
        getFilePath: () => undefined,
        getPhysicalFilePath: () => undefined,
        indexToPosition,
        positionToIndex,
        rangeToLocation: ([start, end]) => ({
            start: indexToPosition(start),
            end: indexToPosition(end),
        }),
        locationToRange: (loc) => [positionToIndex(loc.start), positionToIndex(loc.end)],
    };
}

/**
 * The rules that match `text`. With `label` (the field or variable name it sits under), the text is scanned
 * as the line `label: text`, the shape several rules need: AWS recognises a secret access key only after
 * an `AWS_SECRET_ACCESS_KEY`-like name (secretlint-rule-aws, `reportAWSSecretAccessKey`).
 */
export function credentialMatches(text: string, label?: string): CredentialMatch[] {
    const scanned = label === undefined ? text : `${label}: ${text}`;
    // The same strings come back on every load (a plan loads its stack more than once, a simulation
    // once a day): a result is the rules' alone, so it is kept (bounded).
    const known = recentMatches.get(scanned);
    if (known) return [...known];
    const matches = scan(scanned);
    if (recentMatches.size >= RECENT_MATCHES_LIMIT) recentMatches.clear();
    recentMatches.set(scanned, matches);
    return [...matches];
}

// One load scans a string more than once (the file-wide scan, then each problem's path and value), so
// the bound holds a whole large stack: with 10,000 a stack of 120,000 problems rescanned nearly every
// string (its load went from about 20 s to 12 s on a busy machine). An entry is a string of the stack
// file and a (mostly empty) list, so the cache stays within a few times the file's size.
const RECENT_MATCHES_LIMIT = 200_000;
const recentMatches = new Map<string, readonly CredentialMatch[]>();

function scan(scanned: string): CredentialMatch[] {
    const source = textSource(scanned);
    const found = new Map<string, CredentialMatch>();
    sink = (match) => found.set(`${match.rule}#${match.messageId}`, match);
    try {
        for (const { rule, handler } of scanners()) {
            const returned: unknown = handler.file?.(source);
            if (returned instanceof Promise) {
                throw new Error(
                    `secretlint rule ${rule} answered asynchronously; model/credentials.ts runs rules synchronously`,
                );
            }
        }
    } finally {
        sink = undefined;
    }
    return [...found.values()];
}

/** Where the rules' reports go during one `credentialMatches` call. */
let sink: ((match: CredentialMatch) => void) | undefined;
let created: { rule: string; handler: SecretLintRuleReportHandler }[] | undefined;

/**
 * Each rule's handler, created once: `create` only builds its translator and options (no state between
 * files), and reports go to the current call's sink.
 */
function scanners() {
    created ??= CREDENTIAL_RULES.map((rule) => {
        const context: SecretLintRuleContext = {
            sharedOptions: {},
            // The message text quotes the match: keep only its id.
            createTranslator: () =>
                ((messageId: string) => ({ message: "", messageId, data: undefined })) as never,
            report: (descriptor) =>
                sink?.({ rule: rule.meta.id, messageId: descriptor.message.messageId }),
            ignore: () => undefined,
        };
        return { rule: rule.meta.id, handler: rule.create(context, {}) };
    });
    return created;
}

/** True when `text` (under `label`) matches a rule of the preset. */
export function looksLikeCredential(text: string, label?: string): boolean {
    return credentialMatches(text, label).length > 0;
}

/** True when a variable's name says it holds a credential (`SECRET_LOOKING_NAME` in model/rules.ts). */
export function nameLooksSecret(name: string): boolean {
    return SECRET_LOOKING_NAME.test(name);
}

/** How a match is named in messages: the rule and its message id. */
export function describeMatches(matches: readonly CredentialMatch[]): string {
    return matches.map((m) => `secretlint rule ${m.rule} (${m.messageId})`).join(", ");
}

/** What an error or plan line shows for a value that must not be printed. */
export const REDACTED = "a value that looks like a credential (not shown)";
