/** The PostgreSQL and random types in the replace table, and the PostgreSQL provider. */
import { at, pulumi, ReplaceRule, tf } from "./rule";

export const POSTGRESQL_RANDOM: Readonly<Record<string, ReplaceRule>> = {
    // `name` renames in place (ALTER DATABASE … RENAME TO; Update L34); template, encoding and locale
    // force a new one.
    "postgresql:index/database:Database": {
        replaceOn: ["template", "encoding", "lcCollate", "lcCtype"],
        stateful: "database (every table in it)",
        // The provider renames in place (ALTER DATABASE … RENAME TO), which PostgreSQL refuses while
        // anyone is connected; if it succeeds, every task still on the old DATABASE_URL loses its database
        // until it is replaced. A rename is a migration, not an edit.
        blockingUpdates: {
            name: "renames a live database: PostgreSQL refuses while clients are connected, and tasks still on the old DATABASE_URL lose it mid-rollout",
        },
        docs: pulumi("postgresql", "database"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_database"),
        // template L56, encoding L64, lc_collate L71, lc_ctype L78 (ForceNew).
        source: at("postgresql", "postgresql/resource_postgresql_database.go", "L42-L80"),
    },
    // `privileges` updates in place (Update is Create: it re-applies them, L19).
    "postgresql:index/defaultPrivileges:DefaultPrivileges": {
        replaceOn: ["role", "database", "owner", "schema", "objectType", "withGrantOption"],
        docs: pulumi("postgresql", "defaultprivileges"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_default_privileges"),
        // role L27, database L33, owner L39, schema L45, object_type L51, with_grant_option L72.
        source: at("postgresql", "postgresql/resource_postgresql_default_privileges.go", "L22-L76"),
    },
    // `privileges` updates in place (Update L43); pulumi-postgresql replaces a grant delete-first.
    "postgresql:index/grant:Grant": {
        replaceOn: [
            "role",
            "database",
            "schema",
            "objectType",
            "objects",
            "columns",
            "withGrantOption",
        ],
        providerDeletesFirst:
            "https://github.com/pulumi/pulumi-postgresql/blob/v3.18.0/provider/resources.go#L96-L98",
        docs: pulumi("postgresql", "grant"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_grant"),
        // role L51, database L57, schema L63, object_type L69, objects L76, columns L84,
        // with_grant_option L99.
        source: at("postgresql", "postgresql/resource_postgresql_grant.go", "L46-L103"),
    },
    // A role renames in place (ALTER ROLE … RENAME TO; Update L50); no argument is ForceNew.
    "postgresql:index/role:Role": {
        replaceOn: [],
        docs: pulumi("postgresql", "role"),
        upstream: tf("cyrilgdn/postgresql", "postgresql_role"),
        source: at("postgresql", "postgresql/resource_postgresql_role.go", "L46-L52"),
    },
    // A provider's own configuration updates in place: the bridge's DiffConfig replaces a provider only
    // on a ForceNew configuration argument, and this provider's schema has none.
    "pulumi:providers:postgresql": {
        replaceOn: [],
        docs: "https://www.pulumi.com/registry/packages/postgresql/installation-configuration/",
        upstream: "https://registry.terraform.io/providers/cyrilgdn/postgresql/latest/docs",
        source: at("postgresql", "postgresql/provider.go", "L31-L203"),
    },
    // Every argument of a random value forces a new value (the keepers are how one asks for it).
    "random:index/randomPassword:RandomPassword": {
        replaceOn: "any",
        docs: pulumi("random", "randompassword"),
        upstream: tf("hashicorp/random", "password"),
        // keepers L576 (RequiresReplaceIfValuesNotNull), length L585, special … override_special L715.
        source: at("random", "internal/provider/resource_password.go", "L570-L716"),
    },
};
