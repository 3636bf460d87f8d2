import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { ORIGIN_DENIED_STATUS, ORIGIN_SECRET_HEADER, PAUSED_STATUS } from "../../model/rules";

export interface PublicLoadBalancerArgs {
    readonly domain: string;
    readonly healthPath: string;
    /** The container port the targets listen on. */
    readonly port: number;
    readonly vpcId: string;
    readonly publicSubnetIds: readonly string[];
    /** The targets' security group: the load balancer's only egress, on `port`. */
    readonly targetSecurityGroupId: pulumi.Input<string>;
    /**
     * Where access logs go: the stack's access-log bucket, under `prefix` (no trailing slash). `bucket` is
     * the name as the bucket policy that lets ELB write there outputs it, so the load balancer is created
     * after the grant (ELB test-writes when logging is enabled).
     */
    readonly accessLogs: {
        readonly bucket: pulumi.Input<string>;
        readonly prefix: string;
    };
    /** Production: deletion protection on, and `protect`, so a bad refactor cannot take the API down. */
    readonly protect: boolean;
    /** When the zone is on Cloudflare, the certificate is validated there; otherwise add the record by hand. */
    readonly cloudflareZoneId?: string;
    /**
     * Behind Cloudflare's proxy: admit only Cloudflare's ranges, and forward only requests that carry an
     * accepted origin secret (the key set's next, current and previous values, so a rotation drops no
     * request); anything else gets a fixed 403. Default: open to the world (no proxy in front).
     */
    /** The service is paused: forward nothing, answer 503 (maintenance). Default false. */
    readonly paused?: boolean;
    readonly edgeOnly?: {
        readonly prefixListIds: {
            readonly ipv4: pulumi.Input<string>;
            readonly ipv6: pulumi.Input<string>;
        };
        readonly acceptedOriginSecrets: readonly pulumi.Input<string>[];
    };
}

/**
 * A public HTTPS entry for one service: an application load balancer in the public subnets, TLS 1.3
 * with an ACM certificate for the domain, HTTP redirected to HTTPS, and a target group whose health
 * check calls the service's health path. Behind Cloudflare it admits only the edge (`edgeOnly`).
 */
export class PublicLoadBalancer extends pulumi.ComponentResource {
    public readonly dnsName: pulumi.Output<string>;
    public readonly arnSuffix: pulumi.Output<string>;
    public readonly targetGroupArn: pulumi.Output<string>;
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(
        name: string,
        args: PublicLoadBalancerArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super(
            "opsbook:index:PublicLoadBalancer",
            name,
            {
                domain: args.domain,
                healthPath: args.healthPath,
                edgeOnly: args.edgeOnly !== undefined,
            },
            opts,
        );
        const parent = { parent: this };
        const group = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.vpcId, description: `Load balancer of ${args.domain}` },
            parent,
        );
        for (const port of [80, 443]) {
            const rule = {
                securityGroupId: group.id,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
            };
            const what = port === 443 ? "HTTPS" : "HTTP (redirected to HTTPS)";
            if (args.edgeOnly) {
                // One rule per family covers every Cloudflare range (it counts as the list's maxEntries).
                for (const family of ["ipv4", "ipv6"] as const) {
                    new aws.vpc.SecurityGroupIngressRule(
                        `${name}-in-${port}-cloudflare-${family}`,
                        {
                            ...rule,
                            prefixListId: args.edgeOnly.prefixListIds[family],
                            description: `${what} from Cloudflare (${family})`,
                        },
                        parent,
                    );
                }
            } else {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-in-${port}`,
                    { ...rule, cidrIpv4: "0.0.0.0/0", description: `${what} from anywhere` },
                    parent,
                );
            }
        }
        // It talks to its targets only: requests and health checks, on the target port.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-out`,
            {
                securityGroupId: group.id,
                ipProtocol: "tcp",
                fromPort: args.port,
                toPort: args.port,
                referencedSecurityGroupId: args.targetSecurityGroupId,
                description: `to its targets on ${args.port} (requests and health checks)`,
            },
            parent,
        );
        const lb = new aws.lb.LoadBalancer(
            name,
            {
                loadBalancerType: "application",
                subnets: [...args.publicSubnetIds],
                securityGroups: [group.id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: args.protect,
                accessLogs: {
                    bucket: args.accessLogs.bucket,
                    prefix: args.accessLogs.prefix,
                    enabled: true,
                },
            },
            { parent: this, protect: args.protect },
        );
        const targets = new aws.lb.TargetGroup(
            `${name}-targets`,
            {
                vpcId: args.vpcId,
                targetType: "ip",
                protocol: "HTTP",
                port: args.port,
                deregistrationDelay: 30,
                healthCheck: {
                    path: args.healthPath,
                    matcher: "200-399",
                    interval: 15,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
            },
            parent,
        );
        const certificate = new aws.acm.Certificate(
            `${name}-cert`,
            { domainName: args.domain, validationMethod: "DNS" },
            parent,
        );
        let certificateArn: pulumi.Output<string> = certificate.arn;
        if (args.cloudflareZoneId) {
            const option = certificate.domainValidationOptions.apply((options) => options[0]);
            const record = new cloudflare.DnsRecord(
                `${name}-cert-validation`,
                {
                    zoneId: args.cloudflareZoneId,
                    name: option.apply((o) => o.resourceRecordName.replace(/\.$/, "")),
                    type: option.apply((o) => o.resourceRecordType),
                    content: option.apply((o) => o.resourceRecordValue.replace(/\.$/, "")),
                    proxied: false,
                    ttl: 60,
                },
                parent,
            );
            certificateArn = new aws.acm.CertificateValidation(
                `${name}-cert-validated`,
                { certificateArn: certificate.arn, validationRecordFqdns: [record.name] },
                parent,
            ).certificateArn;
        }
        // Paused: every request that would reach the service gets the maintenance answer instead.
        const forward = args.paused
            ? {
                  type: "fixed-response",
                  fixedResponse: {
                      contentType: "text/plain",
                      messageBody: "Paused for maintenance",
                      statusCode: String(PAUSED_STATUS),
                  },
              }
            : { type: "forward", targetGroupArn: targets.arn };
        const https = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: lb.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                certificateArn,
                defaultActions: [
                    args.edgeOnly
                        ? {
                              type: "fixed-response",
                              fixedResponse: {
                                  contentType: "text/plain",
                                  messageBody: "Forbidden",
                                  statusCode: String(ORIGIN_DENIED_STATUS),
                              },
                          }
                        : forward,
                ],
            },
            parent,
        );
        if (args.edgeOnly) {
            // Target health checks go from the load balancer to the tasks, not through a listener, so
            // they never need the header; Route 53's checks reach the domain through Cloudflare, which adds it.
            new aws.lb.ListenerRule(
                `${name}-from-edge`,
                {
                    listenerArn: https.arn,
                    priority: 1,
                    conditions: [
                        {
                            httpHeader: {
                                httpHeaderName: ORIGIN_SECRET_HEADER,
                                values: [...args.edgeOnly.acceptedOriginSecrets],
                            },
                        },
                    ],
                    actions: [forward],
                },
                parent,
            );
        }
        new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: lb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    {
                        type: "redirect",
                        redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                    },
                ],
            },
            parent,
        );
        this.dnsName = lb.dnsName;
        this.arnSuffix = lb.arnSuffix;
        this.targetGroupArn = targets.arn;
        this.targetGroupArnSuffix = targets.arnSuffix;
        this.securityGroupId = group.id;
        this.registerOutputs({
            dnsName: this.dnsName,
            arnSuffix: this.arnSuffix,
            targetGroupArn: this.targetGroupArn,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            securityGroupId: this.securityGroupId,
        });
    }
}
