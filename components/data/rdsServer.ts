/**
 * The RDS side of a `Database`: its subnet group, security group and ingress, parameter group, KMS key,
 * log groups, Enhanced Monitoring role and the instance, whose admin password RDS keeps in Secrets Manager.
 * Registered as children of the `Database` (`parent`), so their names and URNs are the component's own.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel, rdsIdentifier } from "../../model/data";
import {
    LOG_RETENTION_DAYS,
    RDS_LOG_EXPORTS,
    RDS_MONITORING_INTERVAL_SECONDS,
    RDS_MONITORING_POLICY_ARN,
    RDS_MONITORING_PRINCIPAL,
    rdsLogGroupName,
    SLOW_QUERY_LOG_MS,
} from "../../model/rules";
import { serviceRole } from "../compute/iam";
import type { Connection, DatabaseConnectionPath } from "./databaseConnection";

/** What the server is built from: the fields of `DatabaseArgs` it reads (documented there). */
export interface RdsServerArgs {
    readonly database: DatabaseModel;
    readonly protect: boolean;
    readonly network?: { readonly vpcId: string; readonly privateSubnetIds: readonly string[] };
    readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
    readonly access?: DatabaseConnectionPath;
    readonly logRetentionDays?: number;
}

/** What the rest of the database and its backups need from the server. */
export interface RdsServer {
    readonly admin: pulumi.Output<Connection>;
    readonly instanceArn: pulumi.Output<string>;
    readonly subnetGroupName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly instanceIdentifier: pulumi.Output<string>;
}

/** The server of an `rds` database, its resources children of `parent` and named from `name`. */
export function createRdsServer(
    name: string,
    args: RdsServerArgs,
    parent: pulumi.ComponentResource,
): RdsServer {
    const db = args.database;
    const rds = db.rds!;
    if (!args.network)
        throw new pulumi.RunError(
            `opsbook:system.network: is required for rds database ${db.name}`,
        );
    const major = rds.engineVersion.split(".")[0];
    const keep = { parent, protect: args.protect };

    const subnets = new aws.rds.SubnetGroup(
        `${name}-subnets`,
        { subnetIds: [...args.network.privateSubnetIds] },
        { parent },
    );
    const group = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        { vpcId: args.network.vpcId, description: `PostgreSQL ${db.dbName}: consumers only` },
        { parent },
    );
    args.clientSecurityGroupIds.forEach((client, index) => {
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-client-${index}`,
            {
                securityGroupId: group.id,
                referencedSecurityGroupId: client,
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                description: `PostgreSQL from consumer security group ${index}`,
            },
            { parent },
        );
    });
    const access = args.access;
    if (access?.via === "tunnel" && access.securityGroupId !== undefined) {
        // The access task reaches this server, and only it, on the PostgreSQL port.
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-access`,
            {
                securityGroupId: group.id,
                referencedSecurityGroupId: access.securityGroupId,
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                description: "pulumi up through the SSM port-forwarding session",
            },
            { parent },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-access-egress`,
            {
                securityGroupId: access.securityGroupId,
                referencedSecurityGroupId: group.id,
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                description: `to PostgreSQL ${db.dbName}`,
            },
            { parent },
        );
    }
    const parameters = new aws.rds.ParameterGroup(
        `${name}-params`,
        {
            family: `postgres${major}`,
            parameters: [
                { name: "log_min_duration_statement", value: String(SLOW_QUERY_LOG_MS) },
                {
                    name: "shared_preload_libraries",
                    value: "pg_stat_statements",
                    applyMethod: "pending-reboot",
                },
                { name: "rds.force_ssl", value: "1" },
                // Who connected from where: the trail of every `pulumi up` and tunnel session.
                { name: "log_connections", value: "1" },
                { name: "log_disconnections", value: "1" },
            ],
        },
        { parent },
    );
    const key = new aws.kms.Key(
        `${name}-key`,
        {
            description: `Storage of database ${db.dbName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        },
        keep,
    );
    // Created before the instance, so RDS exports into groups that expire (RDS's own never do).
    const identifier = rdsIdentifier(pulumi.getStack(), db);
    const logGroups = RDS_LOG_EXPORTS.map(
        (log) =>
            new aws.cloudwatch.LogGroup(
                `${name}-log-${log}`,
                {
                    name: rdsLogGroupName(identifier, log),
                    retentionInDays: args.logRetentionDays ?? LOG_RETENTION_DAYS,
                },
                { parent },
            ),
    );
    // Enhanced Monitoring in production: OS metrics (memory, swap, processes) when CPU or connections page.
    const monitoring = args.protect
        ? {
              monitoringInterval: RDS_MONITORING_INTERVAL_SECONDS,
              monitoringRoleArn: serviceRole(
                  `${name}-monitoring`,
                  RDS_MONITORING_PRINCIPAL,
                  [RDS_MONITORING_POLICY_ARN],
                  parent,
              ).arn,
          }
        : {};
    const instance = new aws.rds.Instance(
        `${name}-instance`,
        {
            identifier,
            engine: "postgres",
            engineVersion: rds.engineVersion,
            instanceClass: rds.instanceClass,
            allocatedStorage: rds.storageGb,
            maxAllocatedStorage: rds.maxStorageGb,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: key.arn,
            publiclyAccessible: false,
            multiAz: rds.multiAz,
            dbSubnetGroupName: subnets.name,
            vpcSecurityGroupIds: [group.id],
            parameterGroupName: parameters.name,
            username: "opsbook_admin",
            // RDS keeps the admin password in Secrets Manager and rotates it; it is never in state.
            manageMasterUserPassword: true,
            backupRetentionPeriod: db.retentionDays,
            backupWindow: "03:00-04:00",
            maintenanceWindow: "sun:04:30-sun:05:30",
            deletionProtection: args.protect,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: `${db.dbName.replace(/_/g, "-")}-final`,
            deleteAutomatedBackups: false,
            copyTagsToSnapshot: true,
            autoMinorVersionUpgrade: true,
            // Each export named through its group: a data dependency (which the plan and the pack
            // see, unlike dependsOn) that creates the groups first.
            enabledCloudwatchLogsExports: logGroups.map((group, i) =>
                group.name.apply(() => RDS_LOG_EXPORTS[i]),
            ),
            performanceInsightsEnabled: true,
            // Query digests can carry SQL literals: the database's own key, not aws/rds.
            performanceInsightsKmsKeyId: key.arn,
            ...monitoring,
            tags: { "opsbook:database": db.dbName },
        },
        keep,
    );
    const secretArn = instance.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    const secret = aws.secretsmanager.getSecretVersionOutput({ secretId: secretArn }, { parent });
    const admin = pulumi.secret(
        pulumi
            .all([instance.address, instance.port, secret.secretString])
            .apply(([host, port, json]) => ({
                host,
                port,
                username: "opsbook_admin",
                password: (JSON.parse(json) as { password: string }).password,
                database: "postgres",
            })),
    );
    return {
        admin,
        instanceArn: instance.arn,
        subnetGroupName: subnets.name,
        securityGroupId: group.id,
        instanceIdentifier: instance.identifier,
    };
}
