import { envSensitive } from "../../policies/rules/secrets/envSensitive";
import { minimumStrength, passwordEntropyBits } from "../../policies/rules/secrets/minimumStrength";
import { periodWithinClass } from "../../policies/rules/secrets/periodWithinClass";
import { vendorDueSoon } from "../../policies/rules/secrets/vendorDueSoon";
import { vendorOverdue } from "../../policies/rules/secrets/vendorOverdue";
import { policies } from "../../policies/rules";
import { generatedLength, secretClassesOfKind } from "../../model/rules";
import { liveValues } from "../../policies/rules/secrets/liveValues";
import { captureFixture, mutate } from "./fixture";
import { SAMPLES } from "../model/credentialSamples";
import { FixtureResource, resourceViolations, stackViolations, UNKNOWN_VALUE } from "./harness";

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";

/** What RotatingSecret registers for SECRET_KEY: the compliant fixture. */
function signingKeyPassword(): Record<string, any> {
    return {
        length: generatedLength("signing-key"),
        special: false,
        upper: true,
        lower: true,
        numeric: true,
        keepers: { generation: "12", class: "signing-key" },
    };
}

const password = (props: Record<string, any>) => ({
    type: RANDOM_PASSWORD,
    name: "SECRET_KEY-a",
    props,
});

describe("the pack", () => {
    it("names every policy opsbook-<area>-<rule>, once", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(name).toMatch(/^opsbook-[a-z]+-[a-z0-9-]+$/);
    });
});

/** What RotatingSecret registers for SECRET_KEY as its own inputs: the schedule the policies read. */
const rotatingSecret = (props: Record<string, unknown> = {}) => ({
    type: "opsbook:index:RotatingSecret",
    name: "SECRET_KEY",
    props: {
        secret: "SECRET_KEY",
        class: "signing-key",
        scheme: "key-set",
        periodDays: 90,
        generation: 12,
        ...props,
    },
});

describe("opsbook-secrets-period-within-class", () => {
    it("passes a signing key rotated every 90 days", () => {
        expect(resourceViolations(periodWithinClass, rotatingSecret())).toEqual([]);
    });

    it("refuses a signing key rotated every 120 days", () => {
        expect(resourceViolations(periodWithinClass, rotatingSecret({ periodDays: 120 }))).toEqual([
            "SECRET_KEY: rotates every 120 days, longer than the signing-key maximum of 90; set the secret's periodDays to at most 90.",
        ]);
    });

    it("judges the schedule, not the random resources, whose keepers carry no period", () => {
        expect(
            resourceViolations(
                periodWithinClass,
                password({ length: 8, keepers: { periodDays: "999" } }),
            ),
        ).toEqual([]);
    });
});

describe.each([
    ["known ids", false],
    ["a first preview (ids unknown)", true],
])("opsbook-secrets-live-values, with %s", (_mode, firstPreview) => {
    let compliant: FixtureResource[];
    beforeAll(async () => {
        compliant = await captureFixture(undefined, undefined, { firstPreview });
    });
    const ring = (r: FixtureResource) =>
        r.type === RANDOM_PASSWORD && r.name.startsWith("MASTER_ENCRYPTION_KEY-g");

    it("passes every secret of the prod program, with its protected key ring", () => {
        expect(compliant.filter(ring).length).toBeGreaterThanOrEqual(3);
        expect(stackViolations(liveValues, compliant)).toEqual([]);
    });

    it("refuses a key ring that lost an unretired key, and says how to retire keys", () => {
        const lost = compliant.filter(ring)[1].name;
        const violations = stackViolations(
            liveValues,
            mutate(compliant, (r) => (r.name === lost ? null : r)),
        );
        expect(violations).toHaveLength(1);
        expect(violations[0].message).toMatch(
            new RegExp(
                `^MASTER_ENCRYPTION_KEY: key ${lost.replace("MASTER_ENCRYPTION_KEY-", "")} \\(\\w+\\) is not retired but is missing: data encrypted with it could never be read again\\. To retire keys: .*retiredThrough.*pulumi state unprotect`,
            ),
        );
    });

    it("refuses an unprotected key in production", () => {
        const key = compliant.filter(ring)[0].name;
        const violations = stackViolations(
            liveValues,
            mutate(compliant, (r) => (r.name === key ? { ...r, protect: false } : r)),
        );
        expect(violations.map((v) => v.message)).toEqual([
            expect.stringMatching(
                new RegExp(
                    `^MASTER_ENCRYPTION_KEY: key ${key.replace("MASTER_ENCRYPTION_KEY-", "")} is not protected`,
                ),
            ),
        ]);
    });

    it("refuses a key set without its next value", () => {
        const component = compliant.find(
            (r) => r.type === "opsbook:index:RotatingSecret" && r.name === "API_SECRET",
        )!.props as { live: { generation: number; role: string }[] };
        const next = component.live[0];
        expect(next.role).toBe("next");
        const violations = stackViolations(
            liveValues,
            mutate(compliant, (r) => (r.name === `API_SECRET-g${next.generation}` ? null : r)),
        );
        expect(violations.map((v) => v.message)).toEqual([
            `API_SECRET: its next value (g${next.generation}) is missing; consumers must hold every live value (next, current, previous), or old and new instances reject each other's during a rollout.`,
        ]);
    });
});

describe("opsbook-secrets-minimum-strength", () => {
    it("passes the length opsbook generates for each generated class", () => {
        for (const secretClass of secretClassesOfKind("generated")) {
            const fixture = signingKeyPassword();
            const props = {
                ...fixture,
                length: generatedLength(secretClass),
                keepers: { ...fixture.keepers, class: secretClass },
            };
            expect(resourceViolations(minimumStrength, password(props))).toEqual([]);
        }
    });

    it("refuses a signing key of 16 characters", () => {
        const props = signingKeyPassword();
        props.length = 16;
        expect(resourceViolations(minimumStrength, password(props))).toEqual([
            "SECRET_KEY-a: 16 characters give 95 bits of entropy; a signing-key needs at least 256.",
        ]);
    });

    it("counts the alphabet from the provider's defaults", () => {
        expect(passwordEntropyBits({ length: 10, special: false })).toBeCloseTo(10 * Math.log2(62));
        expect(
            passwordEntropyBits({ length: 10, special: false, upper: false, lower: false }),
        ).toBeCloseTo(10 * Math.log2(10));
        expect(passwordEntropyBits({ length: 10, overrideSpecial: "!!" })).toBeCloseTo(
            10 * Math.log2(63),
        );
    });
});

describe("opsbook-secrets-env-sensitive", () => {
    const vercelVar = (props: Record<string, any>) => ({
        type: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
        name: "api-env-X",
        props,
    });
    const parameter = (props: Record<string, any>) => ({
        type: "aws:ssm/parameter:Parameter",
        name: "api-env-X",
        props,
    });

    it("passes sensitive secrets, SecureString secrets and plain non-secret values", () => {
        expect(
            resourceViolations(
                envSensitive,
                vercelVar({ key: "STRIPE_SECRET_KEY", value: "v", sensitive: true }),
            ),
        ).toEqual([]);
        expect(
            resourceViolations(
                envSensitive,
                vercelVar({ key: "LOG_LEVEL", value: "info", sensitive: false }),
            ),
        ).toEqual([]);
        expect(
            resourceViolations(
                envSensitive,
                parameter({
                    name: "/opsbook/prod/api/API_SECRET",
                    type: "SecureString",
                    value: "v",
                }),
            ),
        ).toEqual([]);
        expect(
            resourceViolations(
                envSensitive,
                parameter({ name: "/opsbook/prod/api/LOG_LEVEL", type: "String", value: "info" }),
            ),
        ).toEqual([]);
    });

    it("refuses a secret-looking Vercel variable that is not sensitive", () => {
        const [message] = resourceViolations(
            envSensitive,
            vercelVar({ key: "STRIPE_SECRET_KEY", value: "v", sensitive: false }),
        );
        expect(message).toMatch(/STRIPE_SECRET_KEY looks like a credential but is not sensitive/);
    });

    it("refuses a secret-looking SSM parameter stored as String", () => {
        const [message] = resourceViolations(
            envSensitive,
            parameter({ name: "/opsbook/prod/api/DATABASE_URL", type: "String", value: "v" }),
        );
        expect(message).toMatch(
            /DATABASE_URL looks like a credential but its type is "String"; expected "SecureString"/,
        );
    });

    const LIVE_KEY = SAMPLES.stripe.text;
    const STRIPE_RULE =
        "secretlint rule @secretlint/secretlint-rule-stripe (STRIPE_SECRET_KEY_LIVE)";

    it("refuses a plain Vercel variable whose value looks like a credential, naming the rule only", () => {
        const messages = resourceViolations(
            envSensitive,
            vercelVar({ key: "STRIPE_CONFIG", value: LIVE_KEY, sensitive: false }),
        );
        expect(messages).toEqual([
            `api-env-X: Vercel variable STRIPE_CONFIG holds a value that looks like a credential (${STRIPE_RULE}) but is not sensitive; set sensitive: true (in opsbook, make it a secret, not a literal in env).`,
        ]);
    });

    it("refuses a String SSM parameter whose value looks like a credential, naming the rule only", () => {
        const messages = resourceViolations(
            envSensitive,
            parameter({ name: "/opsbook/prod/api/STRIPE_CONFIG", type: "String", value: LIVE_KEY }),
        );
        expect(messages).toEqual([
            `api-env-X: SSM parameter /opsbook/prod/api/STRIPE_CONFIG holds a value that looks like a credential (${STRIPE_RULE}) but its type is "String"; expected "SecureString" (in opsbook, make it a secret, not a literal in env).`,
        ]);
    });

    it("refuses insecureValue holding a credential under a neutral name", () => {
        const [message] = resourceViolations(
            envSensitive,
            parameter({
                name: "/opsbook/prod/api/STRIPE_CONFIG",
                type: "SecureString",
                insecureValue: LIVE_KEY,
            }),
        );
        expect(message).toMatch(/STRIPE_CONFIG sets insecureValue/);
    });

    it("accepts a value the stack model declares public, by the mark the program writes", () => {
        const dsn = "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504";
        expect(
            resourceViolations(
                envSensitive,
                vercelVar({
                    key: "NEXT_PUBLIC_SENTRY_DSN",
                    value: dsn,
                    sensitive: false,
                    comment: "opsbook: env.web.NEXT_PUBLIC_SENTRY_DSN (declared public)",
                }),
            ),
        ).toEqual([]);
        expect(
            resourceViolations(
                envSensitive,
                parameter({
                    name: "/opsbook/prod/api/SENTRY_DSN",
                    type: "String",
                    value: dsn,
                    tags: {
                        "opsbook:source": "env.api.SENTRY_DSN",
                        "opsbook:public": "declared public",
                    },
                }),
            ),
        ).toEqual([]);
        // Without the mark, the same variables are refused.
        expect(
            resourceViolations(
                envSensitive,
                vercelVar({ key: "NEXT_PUBLIC_SENTRY_DSN", value: dsn, sensitive: false }),
            ),
        ).toHaveLength(1);
    });

    it("judges a plain value only when it is known (a bucket's name in a first preview is not)", () => {
        expect(
            resourceViolations(
                envSensitive,
                parameter({
                    name: "/opsbook/prod/api/UPLOADS_BUCKET",
                    type: "String",
                    value: UNKNOWN_VALUE,
                }),
            ),
        ).toEqual([]);
    });

    it("refuses insecureValue on a SecureString", () => {
        const [message] = resourceViolations(
            envSensitive,
            parameter({
                name: "/opsbook/prod/api/API_SECRET",
                type: "SecureString",
                insecureValue: "v",
            }),
        );
        expect(message).toMatch(/insecureValue/);
    });
});

describe("vendor secret age", () => {
    const stripe = (rotatedAt: string, periodDays = 365) => ({
        type: "opsbook:index:VendorSecret",
        name: "STRIPE_SECRET_KEY",
        props: { secretClass: "vendor-api-key", rotatedAt, periodDays },
    });
    const asOf = { asOf: "2026-11-24" };

    it("passes a key issued this year", () => {
        expect(stackViolations(vendorOverdue, [stripe("2026-06-01")], asOf)).toEqual([]);
        expect(stackViolations(vendorDueSoon, [stripe("2026-06-01")], asOf)).toEqual([]);
    });

    it("reports a key due within 14 days as due soon, not overdue", () => {
        expect(stackViolations(vendorOverdue, [stripe("2025-12-01")], asOf)).toEqual([]);
        const [violation] = stackViolations(vendorDueSoon, [stripe("2025-12-01")], asOf);
        expect(violation.message).toBe(
            "STRIPE_SECRET_KEY: due for rotation on 2026-12-01, in 7 days.",
        );
        expect(violation.urn).toContain("STRIPE_SECRET_KEY");
    });

    it("refuses a key older than its maximum age", () => {
        const [violation] = stackViolations(vendorOverdue, [stripe("2025-10-01")], asOf);
        expect(violation.message).toMatch(
            /^STRIPE_SECRET_KEY: issued 2025-10-01, 419 days ago; a vendor-api-key may be at most 365 days old/,
        );
    });

    it("never lets the model lengthen the class's maximum age", () => {
        expect(stackViolations(vendorOverdue, [stripe("2025-10-01", 900)], asOf)).toHaveLength(1);
        expect(stackViolations(vendorOverdue, [stripe("2026-06-01", 90)], asOf)).toHaveLength(1);
    });
});
