/** How `pulumi up` reaches a database: the access paths, the tunnel and the access task. */

/**
 * The postgresql provider connects to the server while `pulumi up` runs. How it gets there, per kind:
 * `tunnel`: an SSM Session Manager port-forwarding session (AWS-StartPortForwardingSessionToRemoteHost)
 * through the program's access task, to the loopback address; `runner`: a self-hosted runner inside the
 * VPC connects to the endpoint; `direct`: the server is reachable from anywhere (a vendor's PostgreSQL).
 */
export const DATABASE_ACCESS_PATHS = {
    rds: ["tunnel", "runner"],
    external: ["direct", "runner"],
} as const;
export type DatabaseAccessPath = "tunnel" | "runner" | "direct";
/** What a database reaches `pulumi up` by when its entry does not say (rds: none, so the plan advises). */
export const DEFAULT_DATABASE_ACCESS: Readonly<
    Record<"rds" | "external", DatabaseAccessPath | undefined>
> = {
    rds: undefined,
    external: "direct",
};
/** The tunnel's local end: the loopback address, and the first local port (one port per database). */
export const TUNNEL_LOCAL_HOST = "127.0.0.1";
/** The only Session Manager document a tunnel may use: port forwarding to one remote host. */
export const SSM_PORT_FORWARDING_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
export const TUNNEL_DEFAULT_LOCAL_PORT = 15432;
/** Local ports a tunnel may take: unprivileged, below the kernel's ephemeral range. */
export const TUNNEL_MIN_LOCAL_PORT = 1024;
export const TUNNEL_MAX_LOCAL_PORT = 32767;
/**
 * RDS certificates name the endpoint, not the tunnel's loopback address: through a tunnel the provider
 * checks the chain against the RDS CA bundle (`verify-ca`); a runner inside the VPC also checks the name.
 */
export const TUNNEL_SSLMODE = "verify-ca";
export const RUNNER_SSLMODE = "verify-full";
/** Where the RDS global CA bundle is kept during `pulumi up` (relative to the project), and its source. */
export const RDS_CA_BUNDLE_PATH = ".opsbook/rds-global-bundle.pem";
export const RDS_CA_BUNDLE_URL =
    "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/**
 * The access task: the smallest Fargate size, an image with a shell and nothing listening, and a lifetime
 * after which it stops by itself, even if the workflow that started it never comes back to stop it.
 */
export const DB_ACCESS_TASK_CPU = 256;
export const DB_ACCESS_TASK_MEMORY = 512;
export const DB_ACCESS_IMAGE = "public.ecr.aws/amazonlinux/amazonlinux:2023-minimal";
export const DB_ACCESS_TASK_MAX_MINUTES = 120;
/** Seconds the tunnel script waits for the task's ECS Exec agent, then for the local port to answer. */
export const DB_ACCESS_START_TIMEOUT_SECONDS = 300;
export const TUNNEL_OPEN_TIMEOUT_SECONDS = 60;
