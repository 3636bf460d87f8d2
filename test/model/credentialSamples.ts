/** Shared by the credential tests: one credential-shaped sample per vendor rule. */
import { generateKeyPairSync } from "crypto";

/**
 * Credential-shaped samples, one per vendor the README names. Built from parts so this file itself holds
 * no literal a repository scanner would flag; each is random-looking, not a documented example value
 * (the rules skip those: secretlint-rule-aws's BUILTIN_IGNORED, the connection-string rule's example check).
 */
const ALNUM = "q8W7e6R5t4Y3u2I1o0P9a8S7d6F5g4H3j2K1l0Z9x8C7v6B5n4M3";
const rsaKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
export const SAMPLES: Record<string, { text: string; label?: string; rule: string }> = {
    stripe: { text: ["sk", "live", ALNUM.slice(0, 28)].join("_"), rule: "stripe" },
    slackWebhook: {
        text: `https://hooks.slack.com/${["services", "T0ABCDEFG", "B0ABCDEFG", ALNUM.slice(0, 24)].join("/")}`,
        rule: "slack",
    },
    slackToken: {
        text: ["xoxb", "1234567890123", "1234567890123", ALNUM.slice(0, 24)].join("-"),
        rule: "slack",
    },
    aws: {
        text: ALNUM.slice(0, 40),
        label: ["AWS", "SECRET", "ACCESS", "KEY"].join("_"),
        rule: "aws",
    },
    vercel: { text: ["vcp", ALNUM.slice(0, 24)].join("_"), rule: "vercel" },
    cloudflare: { text: ["cfat", ALNUM.slice(0, 40) + "0123abcd"].join("_"), rule: "cloudflare" },
    sendgrid: { text: ["SG", ALNUM.slice(0, 22), ALNUM.slice(2, 45)].join("."), rule: "sendgrid" },
    github: { text: ["ghp", ALNUM.slice(0, 36)].join("_"), rule: "github" },
    privateKey: { text: rsaKey, rule: "privatekey" },
    // A GCP service-account key pasted as JSON: its embedded PEM is found (the GCP rule reads .json files).
    gcpServiceAccount: {
        text: JSON.stringify({ type: "service_account", private_key: rsaKey }),
        rule: "privatekey",
    },
    postgres: {
        text: `postgresql://${["billing_rw", "Zq8xVb2nLm4kPw7s"].join(":")}@db-7.internal.acme.io:5432/app`,
        rule: "database-connection-string",
    },
};
