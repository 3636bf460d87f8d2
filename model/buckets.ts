/**
 * Buckets in the team's terms: the variable the application reads a bucket's name from, and which bucket
 * may be public. Pure.
 */
import { ConfigError, describeValue, joinPath } from "./errors";
import type { BucketInput, SystemInput } from "./schema";

type DnsInput = NonNullable<SystemInput["dns"]>;

/**
 * The variable a bucket's consumers read its name from: the stack file's `variable`, or `<NAME>_BUCKET` of
 * the entry's oldest name, so a rename of the entry keeps the variable the application was built against.
 */
export function bucketVariable(
    bucket: string,
    input: { readonly variable?: unknown; readonly renamedFrom?: unknown } = {},
): string {
    if (typeof input.variable === "string") return input.variable;
    const former = Array.isArray(input.renamedFrom) ? input.renamedFrom.at(-1) : undefined;
    const name = typeof former === "string" ? former : bucket;
    return `${name.toUpperCase().replace(/-/g, "_")}_BUCKET`;
}

/**
 * `buckets.<name>.public`: only an R2 `assets` bucket, with a reason and a custom domain in the stack's
 * zone. Uploads and backups hold users' data and are never public; S3 buckets block all public access
 * (opsbook-data-s3-secure), so public assets go on R2 behind the zone.
 */
export function checkPublicBucket(
    name: string,
    bucket: Partial<BucketInput>,
    dns: Partial<DnsInput> | undefined,
    written: (key: keyof BucketInput) => boolean,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (key: string, message: string) =>
        errors.push({ path: joinPath(["buckets", name, key]), message });
    if (bucket.public !== true) {
        for (const key of ["publicReason", "domain"] as const)
            if (written(key)) error(key, "is for public buckets only (public: true); remove it");
        return errors;
    }
    const purpose = bucket.purpose ?? "uploads";
    if (purpose !== "assets") {
        error(
            "public",
            `is not allowed for a bucket of purpose ${describeValue(purpose)}: it holds users' data and stays private; only purpose "assets" may be public`,
        );
    } else if (bucket.provider === "s3") {
        error(
            "public",
            'is not allowed on s3: every S3 bucket blocks all public access (opsbook-data-s3-secure); serve public assets from provider "r2" with a domain in the Cloudflare zone',
        );
    }
    if (!written("publicReason"))
        error(
            "publicReason",
            'is required with public: true: say why anyone may read it, e.g. "logos and images on the marketing site"',
        );
    if (!written("domain")) {
        error(
            "domain",
            "is required with public: true: the hostname it is served at in the Cloudflare zone (R2's r2.dev address is rate-limited and not for production)",
        );
    } else if (!dns) {
        error(
            "domain",
            "needs opsbook:system.dns: the custom domain is a record in the Cloudflare zone",
        );
    } else if (
        bucket.domain !== undefined &&
        dns.zone !== undefined &&
        bucket.domain !== dns.zone &&
        !bucket.domain.endsWith(`.${dns.zone}`)
    ) {
        error(
            "domain",
            `${describeValue(bucket.domain)} is not in the zone ${describeValue(dns.zone)}; expected a name under it`,
        );
    }
    return errors;
}
