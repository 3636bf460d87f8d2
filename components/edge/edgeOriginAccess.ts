import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES } from "../../model/rules";

export interface EdgeOriginAccessArgs {
    /** The name prefix of the prefix lists; default the component's name. */
    readonly description?: string;
}

/**
 * Cloudflare's published address ranges as two AWS managed prefix lists (IPv4, IPv6), read with the
 * Cloudflare provider's `getIpRanges` at every preview, so a change in Cloudflare's ranges is a reviewed
 * diff. A load balancer's security group then admits the edge with one rule per port and family.
 */
export class EdgeOriginAccess extends pulumi.ComponentResource {
    public readonly prefixListIds: {
        readonly ipv4: pulumi.Output<string>;
        readonly ipv6: pulumi.Output<string>;
    };

    constructor(
        name: string,
        args: EdgeOriginAccessArgs = {},
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:EdgeOriginAccess", name, {}, opts);
        const ranges = cloudflare.getIpRangesOutput({}, { parent: this });
        const list = (family: "ipv4" | "ipv6", cidrs: pulumi.Output<string[]>) =>
            new aws.ec2.ManagedPrefixList(
                `${name}-${family}`,
                {
                    name: `${name}-cloudflare-${family}`,
                    addressFamily: family === "ipv4" ? "IPv4" : "IPv6",
                    maxEntries: CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES[family],
                    entries: cidrs.apply((list) =>
                        [...list].sort().map((cidr) => ({
                            cidr,
                            description: args.description ?? "Cloudflare edge",
                        })),
                    ),
                },
                { parent: this },
            );
        this.prefixListIds = {
            ipv4: list("ipv4", ranges.ipv4Cidrs).id,
            ipv6: list("ipv6", ranges.ipv6Cidrs).id,
        };
        this.registerOutputs({ prefixListIds: this.prefixListIds });
    }
}
