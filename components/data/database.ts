import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel, loginUser, ownerRole, rdsIdentifier, readonlyRole } from "../../model/data";
import {
    LOG_RETENTION_DAYS,
    RDS_LOG_EXPORTS,
    RDS_MONITORING_INTERVAL_SECONDS,
    RDS_MONITORING_POLICY_ARN,
    RDS_MONITORING_PRINCIPAL,
    rdsLogGroupName,
    RUNNER_SSLMODE,
    SLOW_QUERY_LOG_MS,
    TUNNEL_LOCAL_HOST,
    TUNNEL_SSLMODE,
} from "../../model/rules";
import { userOfGeneration } from "../../model/rotation";
import { RotatingSecret, RotatingSecretArgs } from "../secrets/secret";
import { serviceRole } from "../compute/iam";

export interface DatabaseArgs {
    /** Days its logs are kept: the stack's rule logRetentionDays (default `LOG_RETENTION_DAYS`). */
    readonly logRetentionDays?: number;
    /** The database as the model describes it (kind, names, limits, RDS settings). */
    readonly database: DatabaseModel;
    /** Protect stateful resources from deletion (production). */
    readonly protect: boolean;
    /** rds: the VPC and private subnets it lives in. */
    readonly network?: { readonly vpcId: string; readonly privateSubnetIds: readonly string[] };
    /** Security groups admitted on the PostgreSQL port: the consumers' and the backup tasks'. */
    readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
    /** The schedule of the login users' passwords: a `database-credential` secret it owns. */
    readonly credential: RotatingSecretArgs;
    /** external: the admin URL, from secret config. */
    readonly adminUrl?: pulumi.Output<string>;
    /**
     * How `pulumi up` reaches the server, for the postgresql provider. Default: the server's own endpoint
     * with `sslmode=require` (an external database, or an rds one run from inside the VPC by hand).
     */
    readonly access?: DatabaseConnectionPath;
}

/** How the postgresql provider reaches the server during `pulumi up`. */
export interface DatabaseConnectionPath {
    /** `tunnel`: SSM port forwarding to the loopback address; `runner`: a runner inside the VPC; `direct`. */
    readonly via: "tunnel" | "runner" | "direct";
    /** tunnel: the local port the session listens on (the provider connects to 127.0.0.1 there). */
    readonly localPort?: number;
    /** tunnel: the access task's security group, admitted on the PostgreSQL port. */
    readonly securityGroupId?: pulumi.Input<string>;
    /** rds: the RDS CA bundle the server is checked against, relative to the project directory. */
    readonly caBundlePath?: string;
}

/** Where and how the postgresql provider connects, given the admin connection and the access path. */
export function providerEndpoint(
    kind: "rds" | "external",
    admin: { readonly host: string; readonly port: number },
    access: DatabaseConnectionPath | undefined,
): { host: string; port: number; sslmode: string; sslrootcert?: string } {
    if (kind === "rds" && access?.via === "tunnel") {
        if (access.localPort === undefined || access.caBundlePath === undefined)
            throw new pulumi.RunError("a tunnel needs `localPort` and `caBundlePath`");
        return {
            host: TUNNEL_LOCAL_HOST,
            port: access.localPort,
            sslmode: TUNNEL_SSLMODE,
            sslrootcert: access.caBundlePath,
        };
    }
    if (kind === "rds" && access?.via === "runner" && access.caBundlePath !== undefined) {
        return {
            host: admin.host,
            port: admin.port,
            sslmode: RUNNER_SSLMODE,
            sslrootcert: access.caBundlePath,
        };
    }
    return { host: admin.host, port: admin.port, sslmode: "require" };
}

interface Connection {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly database: string;
}

/** Reads `postgresql://user:password@host:port/db` without ever echoing it. */
export function parseAdminUrl(url: string, configKey: string): Connection {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new pulumi.RunError(
            `${configKey}: is not a URL; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE`,
        );
    }
    if (
        !/^postgres(ql)?:$/.test(parsed.protocol) ||
        !parsed.username ||
        !parsed.password ||
        !parsed.hostname
    ) {
        throw new pulumi.RunError(
            `${configKey}: expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (value not shown)`,
        );
    }
    return {
        host: parsed.hostname,
        port: parsed.port ? Number(parsed.port) : 5432,
        username: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        database: parsed.pathname.replace(/^\//, "") || "postgres",
    };
}

/**
 * A PostgreSQL database and its roles. `rds` creates the server (encrypted, private, deletion-protected
 * in production, point-in-time recovery, slow-query log, pg_stat_statements); `external` adopts an
 * existing one through its admin URL. Both get an owner role that cannot log in, two alternating login
 * users whose passwords are the two slots of a rotating credential, a read-only role, grants and default
 * privileges, and per-user connection limits that leave headroom.
 */
export class Database extends pulumi.ComponentResource {
    /** `DATABASE_URL` for the current login user. A Pulumi secret. */
    public readonly url: pulumi.Output<string>;
    /** A direct (unpooled) URL for migrations; the same server endpoint here. A Pulumi secret. */
    public readonly directUrl: pulumi.Output<string>;
    /** rds: the instance's ARN, subnet group and security group, for backups and restore tests. */
    public readonly instanceArn: pulumi.Output<string> | undefined;
    public readonly subnetGroupName: pulumi.Output<string> | undefined;
    public readonly securityGroupId: pulumi.Output<string> | undefined;
    public readonly instanceIdentifier: pulumi.Output<string> | undefined;
    public readonly host: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;

    constructor(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const db = args.database;
        super(
            "opsbook:index:Database",
            name,
            {
                database: db.name,
                kind: db.kind,
                dbName: db.dbName,
                rpoMinutes: db.rpoMinutes,
                retentionDays: db.retentionDays,
                credentialPeriodDays: db.credentialPeriodDays,
                production: args.protect,
            },
            opts,
        );
        const server = db.kind === "rds" ? this.createServer(name, args) : undefined;
        const admin = server?.admin ?? this.adoptServer(args);
        this.instanceArn = server?.instanceArn;
        this.subnetGroupName = server?.subnetGroupName;
        this.securityGroupId = server?.securityGroupId;
        this.instanceIdentifier = server?.instanceIdentifier;
        // Through a tunnel the provider connects to the session's local end; the server is still TLS-only.
        // An RDS endpoint is no secret (a vendor's host came inside its admin URL, and stays secret).
        const endpoint = (db.kind === "rds" ? pulumi.unsecret(admin) : admin).apply((c) =>
            providerEndpoint(db.kind, c, args.access),
        );
        const provider = new postgresql.Provider(
            `${name}-admin`,
            {
                host: endpoint.host,
                port: endpoint.port,
                username: admin.apply((c) => c.username),
                password: pulumi.secret(admin.apply((c) => c.password)),
                database: admin.apply((c) => c.database),
                sslmode: endpoint.sslmode,
                sslrootcert: endpoint.sslrootcert,
                superuser: false,
                connectTimeout: 15,
            },
            { parent: this },
        );
        const pg = { parent: this, provider };
        const credential = new RotatingSecret(`${name}-credential`, args.credential, {
            parent: this,
        });
        const passwords = credential.userPasswords();
        const keep = { ...pg, protect: args.protect, retainOnDelete: args.protect };

        const owner = new postgresql.Role(
            `${name}-owner`,
            { name: ownerRole(db.dbName), login: false },
            pg,
        );
        // The provider runs a grant's or default privilege's statements in a connection to the database
        // it names (terraform-provider-postgresql ff936b9, the pin of @pulumi/postgresql 3.18.1:
        // resource_postgresql_grant.go 171-173, resource_postgresql_default_privileges.go 145-148 call
        // startTransaction(client, database), which opens a client on that database, helpers.go
        // 390-394). So they wait for the Database resource: none runs before it exists. (dependsOn,
        // not its name output: the name is the same either way, and a live stack's grants keep their
        // inputs, so the offline diff shows no change where the engine makes none.)
        const inDatabase: pulumi.Resource[] = [];
        if (db.kind === "rds") {
            // The database itself is data: protected, and kept even if removed from the program.
            const database = new postgresql.Database(
                `${name}-database`,
                { name: db.dbName, owner: owner.name },
                { ...keep, dependsOn: [owner] },
            );
            inDatabase.push(database);
        } else {
            // An external database exists before the program runs, so its name is enough. Its objects
            // belong to the admin user: the owner role gets full use of them.
            for (const objectType of ["table", "sequence"] as const) {
                new postgresql.Grant(
                    `${name}-owner-${objectType}s`,
                    {
                        database: db.dbName,
                        role: owner.name,
                        schema: "public",
                        objectType,
                        privileges: ["ALL"],
                    },
                    pg,
                );
            }
            new postgresql.Grant(
                `${name}-owner-schema`,
                {
                    database: db.dbName,
                    role: owner.name,
                    schema: "public",
                    objectType: "schema",
                    privileges: ["USAGE", "CREATE"],
                },
                pg,
            );
        }

        const users = (["a", "b"] as const).map(
            (slot) =>
                new postgresql.Role(
                    `${name}-login-${slot}`,
                    {
                        name: loginUser(db.dbName, slot),
                        login: true,
                        password: passwords[slot],
                        roles: [owner.name],
                        // Sessions act as the owner, so what a migration creates outlives the user's rotation.
                        assumeRole: owner.name,
                        connectionLimit: db.connectionLimits.appUser,
                    },
                    pg,
                ),
        );

        const readonly = new postgresql.Role(
            `${name}-readonly`,
            { name: readonlyRole(db.dbName), login: false },
            pg,
        );
        const grants: [string, postgresql.GrantArgs][] = [
            [
                "connect",
                {
                    database: db.dbName,
                    role: readonly.name,
                    objectType: "database",
                    privileges: ["CONNECT"],
                },
            ],
            [
                "usage",
                {
                    database: db.dbName,
                    role: readonly.name,
                    schema: "public",
                    objectType: "schema",
                    privileges: ["USAGE"],
                },
            ],
            [
                "tables",
                {
                    database: db.dbName,
                    role: readonly.name,
                    schema: "public",
                    objectType: "table",
                    privileges: ["SELECT"],
                },
            ],
            [
                "sequences",
                {
                    database: db.dbName,
                    role: readonly.name,
                    schema: "public",
                    objectType: "sequence",
                    privileges: ["SELECT"],
                },
            ],
        ];
        for (const [suffix, grant] of grants)
            new postgresql.Grant(`${name}-readonly-${suffix}`, grant, {
                ...pg,
                dependsOn: [...users, ...inDatabase],
            });
        for (const objectType of ["table", "sequence"] as const) {
            new postgresql.DefaultPrivileges(
                `${name}-readonly-default-${objectType}s`,
                {
                    database: db.dbName,
                    owner: owner.name,
                    role: readonly.name,
                    schema: "public",
                    objectType,
                    privileges: ["SELECT"],
                },
                { ...pg, dependsOn: inDatabase },
            );
        }

        const current = userOfGeneration(credential.generation);
        // The URL names the login user through its role: whatever publishes it (SSM parameters, Vercel
        // variables, the rollouts that read them) waits until the role carries this password, so no
        // consumer gets a password the server does not accept yet (or at all, if the update failed).
        const role = users[current === "a" ? 0 : 1];
        const url = (password: pulumi.Output<string>) =>
            pulumi.secret(
                pulumi
                    .all([admin, role.name, password])
                    .apply(
                        ([c, user, pw]) =>
                            `postgresql://${user}:${encodeURIComponent(pw)}@${c.host}:${c.port}/${db.dbName}?sslmode=require`,
                    ),
            );
        this.url = url(passwords[current]);
        this.directUrl = this.url;
        this.host = admin.apply((c) => c.host);
        this.port = admin.apply((c) => c.port);
        this.registerOutputs({
            port: this.port,
            url: this.url,
            directUrl: this.directUrl,
            instanceArn: this.instanceArn,
            subnetGroupName: this.subnetGroupName,
            securityGroupId: this.securityGroupId,
            instanceIdentifier: this.instanceIdentifier,
            host: this.host,
        });
    }

    private createServer(
        name: string,
        args: DatabaseArgs,
    ): {
        admin: pulumi.Output<Connection>;
        instanceArn: pulumi.Output<string>;
        subnetGroupName: pulumi.Output<string>;
        securityGroupId: pulumi.Output<string>;
        instanceIdentifier: pulumi.Output<string>;
    } {
        const db = args.database;
        const rds = db.rds!;
        if (!args.network)
            throw new pulumi.RunError(
                `opsbook:system.network: is required for rds database ${db.name}`,
            );
        const major = rds.engineVersion.split(".")[0];
        const keep = { parent: this, protect: args.protect };

        const subnets = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            { subnetIds: [...args.network.privateSubnetIds] },
            { parent: this },
        );
        const group = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.network.vpcId, description: `PostgreSQL ${db.dbName}: consumers only` },
            { parent: this },
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
                { parent: this },
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
                { parent: this },
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
                { parent: this },
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
            { parent: this },
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
                    { parent: this },
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
                      this,
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
        const secretArn = instance.masterUserSecrets.apply(
            (secrets) => secrets[0]?.secretArn ?? "",
        );
        const secret = aws.secretsmanager.getSecretVersionOutput(
            { secretId: secretArn },
            { parent: this },
        );
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

    private adoptServer(args: DatabaseArgs): pulumi.Output<Connection> {
        const configKey = `opsbook:${args.database.adminUrlSecret}`;
        if (!args.adminUrl)
            throw new pulumi.RunError(
                `${configKey}: is required for external database ${args.database.name}`,
            );
        return pulumi.secret(args.adminUrl.apply((url) => parseAdminUrl(url, configKey)));
    }
}
