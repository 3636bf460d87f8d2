/**
 * opsbook-data-bucket-private on the prod program whose R2 assets bucket is declared public at a custom
 * domain: compliant, and one mutation per failing test, with known ids and as a first preview sees it.
 */
import { bucketPrivate } from "../../policies/rules/data/bucketPrivate";
import { captureFixture, mutate } from "./fixture";
import { FixtureResource, stackViolations } from "./harness";

const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];
const DOMAIN = "cloudflare:index/r2CustomDomain:R2CustomDomain";

describe.each(MODES)("opsbook-data-bucket-private with %s", (_mode, firstPreview) => {
    let compliant: FixtureResource[];
    const messages = (resources: FixtureResource[]) =>
        stackViolations(bucketPrivate, resources).map((v) => v.message);
    const withProps = (name: string, props: Record<string, unknown>) =>
        mutate(compliant, (r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));

    beforeAll(async () => {
        compliant = await captureFixture(
            (system) =>
                Object.assign(system.buckets.assets, {
                    public: true,
                    publicReason: "logos and images on the marketing site",
                    domain: "assets.example.com",
                }),
            {},
            { firstPreview },
        );
    });

    it("passes: the declared assets bucket is public at its domain, the uploads bucket has none", () => {
        expect(messages(compliant)).toEqual([]);
        const domains = compliant.filter((r) => r.type === DOMAIN);
        expect(domains.map((r) => [r.name, r.parent, r.props.domain, r.props.enabled])).toEqual([
            [
                "bucket-assets-domain",
                "opsbook:index:Bucket::bucket-assets",
                "assets.example.com",
                true,
            ],
        ]);
        expect(domains[0].props.minTls).toBe("1.2");
    });

    it("refuses a public domain on a bucket not declared public with a reason", () => {
        expect(
            messages(
                withProps("bucket-assets", {
                    public: { reason: "", domain: "assets.example.com" },
                }),
            ),
        ).toEqual([
            "bucket-assets-domain: serves bucket assets to anyone, but it is not declared public with a reason (opsbook:system.buckets.assets.public: true and publicReason).",
        ]);
    });

    it("refuses a public domain on a bucket of users' data", () => {
        expect(messages(withProps("bucket-assets", { purpose: "uploads" }))).toEqual([
            "bucket-assets-domain: serves bucket assets to anyone, but it holds uploads (users' data), which stays private; only an assets bucket may be public.",
        ]);
    });

    it("refuses a domain other than the declared one", () => {
        expect(messages(withProps("bucket-assets-domain", { domain: "cdn.example.com" }))).toEqual([
            "bucket-assets-domain: serves bucket assets at cdn.example.com, but it is declared public at assets.example.com only.",
        ]);
    });

    it("refuses the r2.dev address, even for a public bucket", () => {
        const managed: FixtureResource = {
            type: "cloudflare:index/r2ManagedDomain:R2ManagedDomain",
            name: "bucket-assets-r2dev",
            props: { enabled: true, bucketName: "assets", accountId: "a" },
            parent: "opsbook:index:Bucket::bucket-assets",
        };
        expect(messages([...compliant, managed])).toEqual([
            "bucket-assets-r2dev: serves bucket assets to anyone at its r2.dev address, which Cloudflare rate-limits and does not support in production; a public bucket is served at a custom domain (opsbook:system.buckets.assets.domain).",
        ]);
        expect(messages([...compliant, { ...managed, props: { enabled: false } }])).toEqual([]);
    });
});
