import { envSensitive } from "../../policies/rules/secrets/envSensitive";
import { minimumStrength, passwordEntropyBits } from "../../policies/rules/secrets/minimumStrength";
import { periodWithinClass } from "../../policies/rules/secrets/periodWithinClass";
import { vendorDueSoon } from "../../policies/rules/secrets/vendorDueSoon";
import { vendorOverdue } from "../../policies/rules/secrets/vendorOverdue";
import { policies } from "../../policies/rules";
import { generatedLength, secretClassesOfKind } from "../../model/rules";
import { resourceViolations, stackViolations } from "./harness";

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";

/** What RotatingSecret registers for SECRET_KEY: the compliant fixture. */
function signingKeyPassword(): Record<string, any> {
    return {
        length: generatedLength("signing-key"),
        special: false,
        upper: true,
        lower: true,
        numeric: true,
        keepers: { generation: "12", periodDays: "90", class: "signing-key" },
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

describe("opsbook-secrets-period-within-class", () => {
    it("passes a signing key rotated every 90 days", () => {
        expect(resourceViolations(periodWithinClass, password(signingKeyPassword()))).toEqual([]);
    });

    it("refuses a signing key rotated every 120 days", () => {
        const props = signingKeyPassword();
        props.keepers.periodDays = "120";
        expect(resourceViolations(periodWithinClass, password(props))).toEqual([
            "SECRET_KEY-a: rotates every 120 days, longer than the signing-key maximum of 90; set the secret's periodDays to at most 90.",
        ]);
    });

    it("ignores random passwords that are not opsbook secrets", () => {
        expect(
            resourceViolations(
                periodWithinClass,
                password({ length: 8, keepers: { periodDays: "999" } }),
            ),
        ).toEqual([]);
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
