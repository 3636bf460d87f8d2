import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RedisModel, redisTokenStrategy } from "../../model/redis";
import { scheduleOf } from "../../model/rotation";
import {
    REDIS_ENGINE,
    REDIS_MAINTENANCE_WINDOW,
    REDIS_PORT,
    REDIS_SNAPSHOT_WINDOW,
    SECRET_CLASSES,
} from "../../model/rules";
import { RotatingSecret, RotatingSecretArgs } from "../secrets/secret";

export interface RedisArgs {
    /** The Redis as the model describes it (version, node type, replicas, snapshots). */
    readonly redis: RedisModel;
    /** Protect the replication group and its key from deletion (production). */
    readonly protect: boolean;
    /** The VPC and the private subnets the nodes live in. */
    readonly network: { readonly vpcId: string; readonly privateSubnetIds: readonly string[] };
    /** Security groups admitted on the Redis port: the consumers' only. */
    readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
    /** The AUTH token's schedule: a `redis-auth-token` secret it owns. */
    readonly token: RotatingSecretArgs;
}

/**
 * A Valkey replication group on ElastiCache (cluster mode off: one primary endpoint): in the private
 * subnets, reachable only from its consumers' security groups, encrypted at rest (its own KMS key) and in
 * transit (TLS required), with an AUTH token that rotates with ROTATE (the old token stays accepted while
 * consumers roll), daily snapshots, Multi-AZ failover when it has replicas, and `protect` in production.
 */
export class Redis extends pulumi.ComponentResource {
    /** `rediss://:<token>@<primary endpoint>:6379`. A Pulumi secret. */
    public readonly url: pulumi.Output<string>;
    /** The replication group's id; its nodes are `<id>-001`, `<id>-002`, ... (the CloudWatch dimension). */
    public readonly replicationGroupId: pulumi.Output<string>;
    public readonly primaryEndpoint: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: RedisArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const redis = args.redis;
        super(
            "opsbook:index:Redis",
            name,
            {
                redis: redis.name,
                engine: REDIS_ENGINE,
                engineVersion: redis.engineVersion,
                nodeType: redis.nodeType,
                replicas: redis.replicas,
                snapshotRetentionDays: redis.snapshotRetentionDays,
                tokenPeriodDays: redis.tokenPeriodDays,
                production: args.protect,
            },
            opts,
        );
        const keep = { parent: this, protect: args.protect };
        const subnets = new aws.elasticache.SubnetGroup(
            `${name}-subnets`,
            {
                description: `Redis ${redis.name}: private subnets`,
                subnetIds: [...args.network.privateSubnetIds],
            },
            { parent: this },
        );
        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.network.vpcId, description: `Redis ${redis.name}: consumers only` },
            { parent: this },
        );
        args.clientSecurityGroupIds.forEach((client, index) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-client-${index}`,
                {
                    securityGroupId: securityGroup.id,
                    referencedSecurityGroupId: client,
                    ipProtocol: "tcp",
                    fromPort: REDIS_PORT,
                    toPort: REDIS_PORT,
                    description: `Redis from consumer security group ${index}`,
                },
                { parent: this },
            );
        });
        const major = redis.engineVersion.split(".")[0];
        const parameters = new aws.elasticache.ParameterGroup(
            `${name}-params`,
            {
                family: `${REDIS_ENGINE}${major}`,
                description: `Redis ${redis.name}`,
                parameters: [{ name: "maxmemory-policy", value: redis.maxmemoryPolicy }],
            },
            { parent: this },
        );
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Storage and snapshots of redis ${redis.name}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            keep,
        );
        const token = new RotatingSecret(`${name}-token`, args.token, { parent: this });
        const rule = SECRET_CLASSES[args.token.secretClass];
        const strategy = redisTokenStrategy(
            scheduleOf(
                {
                    name: args.token.secretName,
                    periodDays: args.token.periodDays ?? rule.defaultPeriodDays,
                    formerPeriods: args.token.formerPeriods ?? [],
                    earlyRotations: args.token.earlyRotations ?? [],
                    scheme: rule.scheme,
                },
                args.token.incidents ?? [],
            ),
            args.token.now ?? new Date(),
        );
        const multiAz = redis.replicas > 0;
        const replicationGroup = new aws.elasticache.ReplicationGroup(
            `${name}-group`,
            {
                description: `Redis ${redis.name} (opsbook)`,
                engine: REDIS_ENGINE,
                engineVersion: redis.engineVersion,
                nodeType: redis.nodeType,
                port: REDIS_PORT,
                numCacheClusters: 1 + redis.replicas,
                automaticFailoverEnabled: multiAz,
                multiAzEnabled: multiAz,
                subnetGroupName: subnets.name,
                securityGroupIds: [securityGroup.id],
                parameterGroupName: parameters.name,
                atRestEncryptionEnabled: true,
                kmsKeyId: key.arn,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authToken: token.current,
                // ROTATE keeps the token set before this one accepted: instances that still hold it
                // connect until the up has replaced them. After an incident, the fresh token is
                // ROTATEd in, and the next day's up SETs it (unchanged) to drop the compromised one:
                // ElastiCache allows SET only after ROTATE (`redisTokenStrategy`).
                authTokenUpdateStrategy: strategy,
                // The token changes in the up that rolls its consumers, not in the maintenance window.
                applyImmediately: true,
                snapshotRetentionLimit: redis.snapshotRetentionDays,
                snapshotWindow: REDIS_SNAPSHOT_WINDOW,
                maintenanceWindow: REDIS_MAINTENANCE_WINDOW,
                finalSnapshotIdentifier: args.protect ? `${name}-final` : undefined,
                autoMinorVersionUpgrade: true,
                tags: { "opsbook:redis": redis.name },
            },
            keep,
        );
        this.replicationGroupId = replicationGroup.id;
        this.primaryEndpoint = replicationGroup.primaryEndpointAddress;
        this.port = replicationGroup.port.apply((port) => port ?? REDIS_PORT);
        this.securityGroupId = securityGroup.id;
        this.url = pulumi.secret(
            pulumi
                .all([
                    token.current,
                    replicationGroup.primaryEndpointAddress,
                    replicationGroup.port,
                ])
                .apply(
                    ([value, host, port]) =>
                        `rediss://:${encodeURIComponent(value)}@${host}:${port ?? REDIS_PORT}`,
                ),
        );
        this.registerOutputs({
            url: this.url,
            replicationGroupId: this.replicationGroupId,
            primaryEndpoint: this.primaryEndpoint,
            port: this.port,
            securityGroupId: this.securityGroupId,
        });
    }
}
