/**
 * The roles of a `Database` and what they may do: an owner role that cannot log in, two alternating login
 * users whose passwords are the two slots of the rotating credential, a read-only role, the grants and
 * default privileges, and (rds) the database itself. Registered through the admin provider as children of
 * the `Database` (`pg.parent`), so their names and URNs are the component's own.
 */
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseModel, loginUser, ownerRole, readonlyRole } from "../../model/data";

/** Options every role and grant takes: the `Database` as parent, its admin provider. */
export interface PostgresChildOptions {
    readonly parent: pulumi.Resource;
    readonly provider: postgresql.Provider;
}

/**
 * Creates the roles, grants and default privileges of `db`, named from `name`; returns the login users,
 * slot `a` then slot `b`. `protect` keeps the database (rds) protected and retained on delete.
 */
export function createDatabaseRoles(
    name: string,
    db: DatabaseModel,
    passwords: { readonly a: pulumi.Output<string>; readonly b: pulumi.Output<string> },
    pg: PostgresChildOptions,
    protect: boolean,
): postgresql.Role[] {
    const keep = { ...pg, protect, retainOnDelete: protect };

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
    return users;
}
