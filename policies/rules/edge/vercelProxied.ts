import { StackValidationPolicy } from "@pulumi/policy";
import { ofType, peek } from "../data/stack";
import { TYPES } from "../types";

const VERCEL_TARGET = "cname.vercel-dns.com";

/**
 * Vercel does not recommend a proxy in front of a project ("Reverse Proxy Servers and Vercel"): its
 * firewall loses sight of clients, responses are cached twice, and certificate renewal needs its paths
 * untouched. opsbook then keeps those paths out of the rate limit and the cache; this says why to avoid it.
 */
export const vercelProxied: StackValidationPolicy = {
    name: "opsbook-edge-vercel-proxied",
    description:
        "A Vercel domain is DNS-only, protected by the Vercel Firewall, unless there is a reason.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const record of ofType(args.resources, TYPES.cloudflare.DnsRecord)) {
            // A load balancer's record points at its DNS name, unknown until it exists; Vercel's is a literal.
            if (
                record.props.proxied === true &&
                peek(() => record.props.content) === VERCEL_TARGET
            ) {
                reportViolation(
                    `${String(record.props.name)} is proxied in front of Vercel, which Vercel does not recommend: its firewall sees Cloudflare instead of clients and content is cached twice. opsbook keeps /.well-known/acme-challenge/ out of the rate limit and /.well-known/vercel/ out of the cache; remove \`proxied: true\` to use the Vercel Firewall instead.`,
                    record.urn,
                );
            }
        }
    },
};
