/** The Cloudflare types in the replace table: DNS records, R2 buckets and rules, rulesets. */
import { at, pulumi, ReplaceRule, tf } from "./rule";

export const CLOUDFLARE: Readonly<Record<string, ReplaceRule>> = {
    // A CNAME is the only record at its name: Cloudflare refuses a second one (error 81054), so a
    // replacement that keeps the name fails create-before-delete. The program's records are CNAMEs of a
    // fixed type, so nothing replaces one in place of itself.
    "cloudflare:index/dnsRecord:DnsRecord": {
        replaceOn: ["zoneId", "type"],
        key: {
            inputs: ["zoneId", "name"],
            when: { input: "type", values: ["CNAME"] },
            what: "a CNAME's name in its zone (a CNAME is the only record at its name)",
            conflict:
                "Cloudflare refuses the new record while the old one holds the name (error 81054), so the up fails",
            source: "https://developers.cloudflare.com/dns/manage-dns-records/troubleshooting/records-with-same-name/",
        },
        docs: pulumi("cloudflare", "dnsrecord"),
        upstream: tf("cloudflare/cloudflare", "dns_record"),
        // zone_id L47, type L98.
        source: at("cloudflare", "internal/services/dns_record/schema.go", "L44-L98"),
    },
    // `jurisdiction` has no RequiresReplace here (L91-L103): the provider updates it in place.
    "cloudflare:index/r2Bucket:R2Bucket": {
        replaceOn: ["accountId", "name", "location"],
        stateful: "bucket (every object in it)",
        docs: pulumi("cloudflare", "r2bucket"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket"),
        // id L62, name L67, account_id L72, location L89 (RequiresReplaceIfConfigured).
        source: at("cloudflare", "internal/services/r2_bucket/schema.go", "L59-L103"),
    },
    "cloudflare:index/r2BucketCors:R2BucketCors": {
        replaceOn: ["accountId", "bucketName"],
        docs: pulumi("cloudflare", "r2bucketcors"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket_cors"),
        // account_id L28, bucket_name L33; jurisdiction (L35) updates in place.
        source: at("cloudflare", "internal/services/r2_bucket_cors/schema.go", "L25-L45"),
    },
    "cloudflare:index/r2BucketLifecycle:R2BucketLifecycle": {
        replaceOn: ["accountId", "bucketName"],
        docs: pulumi("cloudflare", "r2bucketlifecycle"),
        upstream: tf("cloudflare/cloudflare", "r2_bucket_lifecycle"),
        // account_id L27, bucket_name L32; jurisdiction (L34) updates in place.
        source: at("cloudflare", "internal/services/r2_bucket_lifecycle/schema.go", "L24-L44"),
    },
    // A zone has at most one entry-point ruleset per phase. Create POSTs a new ruleset (resource.go
    // L61-L106) with no fallback: the 20217 fallback to the phase's entry point (b92500b) was reverted
    // (42c0c12) before v5.19.0. So a create-before-delete replacement, or a zone whose entry point was
    // made in the dashboard, fails with error 20217; such an entry point is imported instead
    // (docs/services.md, "The edge", "One entry point per phase").
    "cloudflare:index/ruleset:Ruleset": {
        replaceOn: ["accountId", "zoneId", "kind", "phase", "name"],
        key: {
            inputs: ["phase"],
            scope: ["zoneId", "accountId"],
            when: { input: "kind", values: ["zone", "root"] },
            what: "the entry-point ruleset of a phase (one per zone or account and phase)",
            conflict:
                "Cloudflare refuses a second entry point for the phase (error 20217) and the provider has no fallback, so the up fails",
            source: "https://developers.cloudflare.com/ruleset-engine/about/rulesets/#entry-point-ruleset",
        },
        docs: pulumi("cloudflare", "ruleset"),
        upstream: tf("cloudflare/cloudflare", "ruleset"),
        // account_id L58, zone_id L69, kind L82, name L90, phase L123.
        source: at("cloudflare", "internal/services/ruleset/schema.go", "L48-L123"),
    },
};
