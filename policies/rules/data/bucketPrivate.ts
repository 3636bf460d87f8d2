import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "./stack";
import { TYPES } from "../types";

/** `bucket-<entry>`: the stack file's key of a Bucket component. */
const entryOf = (component: PolicyResource | undefined) =>
    component?.name.replace(/^bucket-/, "") ?? "<name>";

/**
 * Buckets are private unless the stack file says otherwise: an R2 bucket is readable by anyone only at a
 * custom domain of an `assets` bucket declared `public: true` with a `publicReason`; an r2.dev address
 * (rate-limited, not for production, Cloudflare's own words) never. S3 buckets block all public access
 * (opsbook-data-s3-secure). Decided from inputs the program writes (`enabled`, the component's
 * declaration), so it holds in a first preview.
 */
export const bucketPrivate: StackValidationPolicy = {
    name: "opsbook-data-bucket-private",
    description:
        "A bucket is public only as an assets bucket declared public with a reason, at its custom domain; user data stays private.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
        for (const managed of ofType(args.resources, TYPES.cloudflare.R2ManagedDomain)) {
            if (managed.props.enabled === false) continue;
            const bucket = byUrn.get(managed.parent?.urn ?? "");
            reportViolation(
                `${managed.name}: serves bucket ${entryOf(bucket)} to anyone at its r2.dev address, which Cloudflare rate-limits and does not support in production; a public bucket is served at a custom domain (opsbook:system.buckets.${entryOf(bucket)}.domain).`,
                managed.urn,
            );
        }
        for (const domain of ofType(args.resources, TYPES.cloudflare.R2CustomDomain)) {
            if (domain.props.enabled === false) continue;
            const bucket = byUrn.get(domain.parent?.urn ?? "");
            const entry = entryOf(bucket);
            const declared =
                bucket?.type === TYPES.opsbook.Bucket ? bucket.props.public : undefined;
            if (bucket?.type === TYPES.opsbook.Bucket && bucket.props.purpose !== "assets") {
                reportViolation(
                    `${domain.name}: serves bucket ${entry} to anyone, but it holds ${bucket.props.purpose} (users' data), which stays private; only an assets bucket may be public.`,
                    domain.urn,
                );
            } else if (typeof declared?.reason !== "string" || declared.reason.trim() === "") {
                reportViolation(
                    `${domain.name}: serves bucket ${entry} to anyone, but it is not declared public with a reason (opsbook:system.buckets.${entry}.public: true and publicReason).`,
                    domain.urn,
                );
            } else if (declared.domain !== domain.props.domain) {
                reportViolation(
                    `${domain.name}: serves bucket ${entry} at ${String(domain.props.domain)}, but it is declared public at ${String(declared.domain)} only.`,
                    domain.urn,
                );
            }
        }
    },
};
