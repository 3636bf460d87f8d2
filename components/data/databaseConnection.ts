/**
 * How the postgresql provider reaches a database server: the access path's endpoint and the admin URL of
 * an external server. Pure (`providerEndpoint` is tested directly: test/components/database.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { RUNNER_SSLMODE, TUNNEL_LOCAL_HOST, TUNNEL_SSLMODE } from "../../model/rules";

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

/** How to reach a server as its admin user. */
export interface Connection {
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
