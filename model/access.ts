/**
 * How `pulumi up` reaches each database, as the program configures its postgresql provider: the plan
 * prints it, `tools/dbPaths.ts` hands it to the tunnel script. Pure.
 */
import { DatabaseModel } from "./data";
import {
    RUNNER_SSLMODE,
    SSM_PORT_FORWARDING_DOCUMENT,
    TUNNEL_LOCAL_HOST,
    TUNNEL_SSLMODE,
} from "./rules";

export interface DatabaseAccessSummary {
    readonly via: "tunnel" | "runner" | "direct" | null;
    /** Where the postgresql provider connects, and how it checks the server's certificate. */
    readonly connectsTo: string;
    readonly sslmode: string;
    readonly description: string;
    readonly advisory: string | null;
}

/** How `pulumi up` reaches a database, as the program configures its postgresql provider. */
export function accessSummary(db: DatabaseModel): DatabaseAccessSummary {
    const access = db.access;
    if (access?.via === "tunnel")
        return {
            via: "tunnel",
            connectsTo: `${TUNNEL_LOCAL_HOST}:${access.localPort}`,
            sslmode: `${TUNNEL_SSLMODE} (RDS CA bundle)`,
            description: `SSM port forwarding (${SSM_PORT_FORWARDING_DOCUMENT}) through the db-access task to the RDS endpoint; opened by tools/db-path.sh before pulumi up`,
            advisory: null,
        };
    if (access?.via === "runner")
        return {
            via: "runner",
            connectsTo: db.kind === "rds" ? "the RDS endpoint:5432" : "the admin URL's host",
            sslmode: db.kind === "rds" ? `${RUNNER_SSLMODE} (RDS CA bundle)` : "require",
            description:
                "a self-hosted runner inside the VPC (repository variable OPSBOOK_DB_RUNNER) connects directly",
            advisory: null,
        };
    if (access?.via === "direct")
        return {
            via: "direct",
            connectsTo: "the admin URL's host",
            sslmode: "require",
            description: "the vendor's server, reachable from any runner",
            advisory: null,
        };
    return {
        via: null,
        connectsTo: "the RDS endpoint:5432",
        sslmode: "require",
        description: "not configured",
        advisory: `database ${db.name} is private to the VPC and the stack does not say how pulumi up reaches it: set opsbook:system.databases.${db.name}.access.via to "tunnel" (SSM port forwarding, the default path of the workflows) or "runner" (a self-hosted runner in the VPC); until then pulumi up from a GitHub-hosted runner stops at its first role`,
    };
}
