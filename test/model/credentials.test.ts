import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import {
    CREDENTIAL_RULE_IDS,
    credentialMatches,
    looksLikeCredential,
} from "../../model/credentials";
import { SAMPLES } from "./credentialSamples";

const ruleId = (short: string) => `@secretlint/secretlint-rule-${short}`;

/** What @secretlint/core's own (asynchronous) engine reports for `content`, as rule#messageId. */
async function reference(content: string): Promise<string[]> {
    const result = await lintSource({
        source: { filePath: "value.txt", content, ext: ".txt", contentType: "text" },
        options: { config: { rules: [{ id: recommended.meta.id, rule: recommended }] } },
    });
    return [...new Set(result.messages.map((m) => `${m.ruleId}#${m.messageId}`))].sort();
}

const ours = (content: string) =>
    credentialMatches(content)
        .map((m) => `${m.rule}#${m.messageId}`)
        .sort();

/** Every string of a stack file's `opsbook:system`, as `label: value` lines the loader scans. */
function stackStrings(file: string): string[] {
    const out: string[] = [];
    const walk = (value: unknown, label: string) => {
        if (typeof value === "string") out.push(`${label}: ${value}`);
        else if (Array.isArray(value)) value.forEach((v) => walk(v, label));
        else if (typeof value === "object" && value !== null)
            for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(parse(fs.readFileSync(file, "utf8")).config["opsbook:system"], "system");
    return out;
}

describe("credentials by value (secretlint's recommended preset)", () => {
    it.each(Object.entries(SAMPLES))("recognises %s", (_name, sample) => {
        const matches = credentialMatches(sample.text, sample.label);
        expect(matches.map((m) => m.rule)).toContain(ruleId(sample.rule));
        // Only ids come back: never the matched text.
        expect(JSON.stringify(matches)).not.toContain(sample.text.slice(8, 30));
    });

    it("needs the name for an AWS secret access key, as secretlint-rule-aws does", () => {
        expect(looksLikeCredential(SAMPLES.aws.text)).toBe(false);
        expect(looksLikeCredential(SAMPLES.aws.text, SAMPLES.aws.label)).toBe(true);
    });

    it("finds nothing in ordinary values: a Sentry DSN, URLs, image names, descriptions", () => {
        for (const text of [
            "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504",
            "https://api.example.com",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-api",
            "Signs session JWTs; SECRET_KEY_NEXT and SECRET_KEY_PREVIOUS keep sessions alive.",
            "postgresql://db.internal.acme.io:5432/app",
        ]) {
            expect(credentialMatches(text, "X")).toEqual([]);
        }
    });

    it("runs every scanner of the preset except the comment filter", () => {
        const preset = (recommended as unknown as { rules: { meta: { id: string } }[] }).rules;
        expect(CREDENTIAL_RULE_IDS).toEqual(
            preset.map((r) => r.meta.id).filter((id) => id !== ruleId("filter-comments")),
        );
        expect(CREDENTIAL_RULE_IDS).toEqual(
            expect.arrayContaining(
                [
                    "stripe",
                    "slack",
                    "aws",
                    "gcp",
                    "vercel",
                    "cloudflare",
                    "sendgrid",
                    "privatekey",
                ].map(ruleId),
            ),
        );
    });

    it("cannot be switched off from inside the value (secretlint-disable comments)", async () => {
        const text = `# secretlint-disable\n${SAMPLES.stripe.text}`;
        // secretlint's engine honours the comment; the loader must not.
        expect(await reference(text)).toEqual([]);
        expect(looksLikeCredential(text)).toBe(true);
    });

    it("reports what @secretlint/core's lintSource reports, synchronously", async () => {
        const corpus = [
            ...Object.values(SAMPLES).map((s) => (s.label ? `${s.label}: ${s.text}` : s.text)),
            ...stackStrings(path.join(__dirname, "..", "..", "Pulumi.prod.yaml")),
            "LOG_LEVEL: info",
        ];
        for (const content of corpus) {
            expect({ content: content.slice(0, 40), found: ours(content) }).toEqual({
                content: content.slice(0, 40),
                found: await reference(content),
            });
        }
        expect(Object.values(SAMPLES).every((s) => looksLikeCredential(s.text, s.label))).toBe(
            true,
        );
    });
});

describe("the scan's kept results", () => {
    it("hold a whole large stack's strings: a second pass over 30,000 is not a rescan", () => {
        // One load scans a string more than once (the file-wide scan, then each problem's path and
        // value); with too small a bound a large stack rescans everything. Timed against the first pass,
        // so a busy machine slows both alike.
        const texts = Array.from({ length: 30_000 }, (_, i) => `kept-result-${i}`);
        const pass = () => {
            const start = performance.now();
            texts.forEach((text) => credentialMatches(text));
            return performance.now() - start;
        };
        const first = pass();
        const second = pass();
        expect(second).toBeLessThan(first / 5);
    });
});
