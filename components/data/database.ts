import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel } from "../../model/data";
import { userOfGeneration } from "../../model/rotation";
import { RotatingSecret, RotatingSecretArgs } from "../secrets/secret";
import { parseAdminUrl, providerEndpoint } from "./databaseConnection";
import type { Connection, DatabaseConnectionPath } from "./databaseConnection";
import { createDatabaseRoles } from "./databaseRoles";
import { createRdsServer } from "./rdsServer";

// The pure connection parts, where the component's users (and its tests) have always found them.
export { parseAdminUrl, providerEndpoint } from "./databaseConnection";
export type { DatabaseConnectionPath } from "./databaseConnection";

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
        const server = db.kind === "rds" ? createRdsServer(name, args, this) : undefined;
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
        const users = createDatabaseRoles(name, db, passwords, pg, args.protect);

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

    private adoptServer(args: DatabaseArgs): pulumi.Output<Connection> {
        const configKey = `opsbook:${args.database.adminUrlSecret}`;
        if (!args.adminUrl)
            throw new pulumi.RunError(
                `${configKey}: is required for external database ${args.database.name}`,
            );
        return pulumi.secret(args.adminUrl.apply((url) => parseAdminUrl(url, configKey)));
    }
}
