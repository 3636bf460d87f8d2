/** Buckets in the team's terms: the application's variable name, kept across a rename; public assets only as declared. */
import { loadSystem, LoadResult } from "../../model/load";
import { serviceEnv } from "../../model/env";
import { configView, NOW, validSystem } from "./fixtures";

const load = (raw: unknown) => loadSystem(raw, { now: NOW, config: configView() });
const errorsOf = (result: LoadResult) => {
    if (result.ok) throw new Error("expected the model to be refused");
    return result.errors.map((e) => `${e.path}: ${e.message}`);
};
const withBuckets = (
    buckets: Record<string, unknown>,
    edit: (s: any) => void = () => undefined,
) => {
    const system: any = {
        ...validSystem(),
        cloudflare: { accountId: "0123456789abcdef0123456789abcdef" },
        dns: { zoneId: "0123456789abcdef0123456789abcdef", zone: "example.com", plan: "pro" },
        buckets,
    };
    edit(system);
    return system;
};
const ok = (system: unknown) => {
    const result = load(system);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
};

describe("a bucket's variable", () => {
    it("is <NAME>_BUCKET by default, or the stack file's own name", () => {
        const model = ok(
            withBuckets({
                uploads: { provider: "s3", consumers: ["api"] },
                media: { provider: "s3", consumers: ["api"], variable: "S3_MEDIA" },
            }),
        );
        expect(model.buckets.uploads.envVariable).toBe("UPLOADS_BUCKET");
        expect(model.buckets.media.envVariable).toBe("S3_MEDIA");
        expect(Object.keys(serviceEnv(model, "api"))).toEqual(
            expect.arrayContaining(["UPLOADS_BUCKET", "S3_MEDIA"]),
        );
    });

    it("keeps the variable of the entry's oldest name across a rename", () => {
        const model = ok(
            withBuckets({
                "user-files": {
                    provider: "s3",
                    consumers: ["api"],
                    renamedFrom: ["user-uploads", "uploads"],
                },
            }),
        );
        expect(model.buckets["user-files"].envVariable).toBe("UPLOADS_BUCKET");
        expect(serviceEnv(model, "api").UPLOADS_BUCKET).toEqual({
            kind: "bucket",
            bucket: "user-files",
        });
    });

    it("refuses a variable another source already gives the consumer, or that is no variable name", () => {
        expect(
            errorsOf(
                load(
                    withBuckets({
                        media: { provider: "s3", consumers: ["api"], variable: "LOG_LEVEL" },
                        other: { provider: "s3", consumers: ["api"], variable: "lower-case" },
                    }),
                ),
            ),
        ).toEqual([
            expect.stringContaining("opsbook:system.buckets.other.variable"),
            "opsbook:system.buckets.media.variable: gives api the variable LOG_LEVEL, which env.api.LOG_LEVEL already gives; one variable has one source: rename one of them",
        ]);
    });
});

describe("a public assets bucket", () => {
    const assets = {
        provider: "r2",
        purpose: "assets",
        public: true,
        publicReason: "logos and images on the marketing site",
        domain: "assets.example.com",
    };

    it("is public at its domain in the zone, with its reason", () => {
        expect(ok(withBuckets({ marketing: assets })).buckets.marketing.public).toEqual({
            reason: "logos and images on the marketing site",
            domain: "assets.example.com",
        });
        expect(
            ok(withBuckets({ marketing: { provider: "r2", purpose: "assets" } })).buckets.marketing
                .public,
        ).toBeUndefined();
    });

    it("refuses public user data, a public S3 bucket, and a declaration without its reason or domain", () => {
        const path = "opsbook:system.buckets";
        expect(
            errorsOf(
                load(
                    withBuckets({
                        uploads: { ...assets, purpose: "uploads" },
                        backups: { ...assets, purpose: "backups", domain: "b.example.com" },
                        site: { ...assets, provider: "s3", domain: "site.example.com" },
                        bare: { provider: "r2", purpose: "assets", public: true },
                        elsewhere: { ...assets, domain: "assets.other.com" },
                        private: {
                            provider: "r2",
                            publicReason: "why not",
                            domain: "p.example.com",
                        },
                    }),
                ),
            ),
        ).toEqual([
            `${path}.uploads.public: is not allowed for a bucket of purpose "uploads": it holds users' data and stays private; only purpose "assets" may be public`,
            `${path}.backups.public: is not allowed for a bucket of purpose "backups": it holds users' data and stays private; only purpose "assets" may be public`,
            `${path}.site.public: is not allowed on s3: every S3 bucket blocks all public access (opsbook-data-s3-secure); serve public assets from provider "r2" with a domain in the Cloudflare zone`,
            `${path}.bare.publicReason: is required with public: true: say why anyone may read it, e.g. "logos and images on the marketing site"`,
            `${path}.bare.domain: is required with public: true: the hostname it is served at in the Cloudflare zone (R2's r2.dev address is rate-limited and not for production)`,
            `${path}.elsewhere.domain: "assets.other.com" is not in the zone "example.com"; expected a name under it`,
            `${path}.private.publicReason: is for public buckets only (public: true); remove it`,
            `${path}.private.domain: is for public buckets only (public: true); remove it`,
        ]);
    });

    it("needs the Cloudflare zone its domain lives in", () => {
        expect(errorsOf(load(withBuckets({ marketing: assets }, (s) => delete s.dns)))).toEqual([
            "opsbook:system.buckets.marketing.domain: needs opsbook:system.dns: the custom domain is a record in the Cloudflare zone",
        ]);
    });
});
