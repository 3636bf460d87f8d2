/**
 * A real PostgreSQL for the tunnel script's test, in a directory of its own: TLS only (`hostssl`, like RDS
 * with `rds.force_ssl`), with a certificate for an RDS-shaped endpoint name issued by a CA made here.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** The name in the server's certificate: what an RDS endpoint looks like, not what a tunnel connects to. */
export const ENDPOINT = "main.c0abcdefghij.us-east-1.rds.amazonaws.com";
export const PASSWORD = "tunnel-test-only";

/** initdb, pg_ctl and postgres: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
export function postgresBin(): string {
    const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
    if (onPath) return path.dirname(onPath);
    const root = "/usr/lib/postgresql";
    const versions = fs.existsSync(root)
        ? fs
              .readdirSync(root)
              .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
              .sort((a, b) => Number(b) - Number(a))
        : [];
    if (versions.length === 0)
        throw new Error(
            "no PostgreSQL server binaries (initdb): install Debian's postgresql package (.ci/run does)",
        );
    return path.join(root, versions[0], "bin");
}

/** A free TCP port on 127.0.0.1 in [min, max]. */
export async function freePort(min = 20000, max = 32000): Promise<number> {
    for (;;) {
        const port = min + Math.floor(Math.random() * (max - min));
        const free = await new Promise<boolean>((resolve) => {
            const server = net.createServer();
            server.once("error", () => resolve(false));
            server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
        });
        if (free) return port;
    }
}

const openssl = (dir: string, ...args: string[]) =>
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

export interface Certificates {
    /** The CA that issued the server's certificate (stands in for the RDS global bundle). */
    readonly ca: string;
    /** Another CA, which did not. */
    readonly otherCa: string;
    readonly serverCert: string;
    readonly serverKey: string;
}

export function makeCertificates(dir: string): Certificates {
    const ca = (name: string) => {
        openssl(
            dir,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            `/CN=${name}`,
            "-keyout",
            `${name}.key`,
            "-out",
            `${name}.pem`,
        );
        return path.join(dir, `${name}.pem`);
    };
    const rootCa = ca("test-rds-ca");
    const otherCa = ca("other-ca");
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        `/CN=${ENDPOINT}`,
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    );
    fs.writeFileSync(path.join(dir, "server.ext"), `subjectAltName=DNS:${ENDPOINT}\n`);
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "test-rds-ca.pem",
        "-CAkey",
        "test-rds-ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    );
    return {
        ca: rootCa,
        otherCa,
        serverCert: path.join(dir, "server.pem"),
        serverKey: path.join(dir, "server.key"),
    };
}

export interface Postgres {
    readonly port: number;
    readonly certificates: Certificates;
    stop(): void;
}

/** PostgreSQL refuses to run as root: then the server runs as `nobody`. */
function asServerUser(bin: string, args: string[], dir: string): void {
    const root = process.getuid?.() === 0;
    const [command, argv] = root
        ? ["setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", bin, ...args]]
        : [bin, args];
    execFileSync(command, argv, { cwd: dir, stdio: "pipe" });
}

export async function startPostgres(): Promise<Postgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-pg-"));
    try {
        return await startIn(dir);
    } catch (error) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw error;
    }
}

async function startIn(dir: string): Promise<Postgres> {
    const bin = postgresBin();
    fs.chmodSync(dir, 0o755);
    const certificates = makeCertificates(dir);
    const data = path.join(dir, "data");
    fs.mkdirSync(data, { mode: 0o700 });
    // The server's socket and log, writable by the server's user.
    const run = path.join(dir, "run");
    fs.mkdirSync(run, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, "pwfile"), `${PASSWORD}\n`);
    // The server's key and its own copy of the certificate, readable by the server's user only.
    const key = path.join(dir, "pg-server.key");
    fs.copyFileSync(certificates.serverKey, key);
    fs.chmodSync(key, 0o600);
    if (process.getuid?.() === 0) {
        for (const file of [data, run, key, path.join(dir, "pwfile")])
            fs.chownSync(file, 65534, 65534);
    }
    asServerUser(
        path.join(bin, "initdb"),
        [
            "-D",
            data,
            "-U",
            "postgres",
            "--pwfile",
            path.join(dir, "pwfile"),
            "--auth=scram-sha-256",
        ],
        dir,
    );
    const port = await freePort();
    fs.appendFileSync(
        path.join(data, "postgresql.conf"),
        [
            `listen_addresses = '127.0.0.1'`,
            `port = ${port}`,
            `unix_socket_directories = '${run}'`,
            `ssl = on`,
            `ssl_cert_file = '${certificates.serverCert}'`,
            `ssl_key_file = '${key}'`,
            "",
        ].join("\n"),
    );
    // TLS or nothing, as RDS with rds.force_ssl: no plain `host` line.
    fs.writeFileSync(
        path.join(data, "pg_hba.conf"),
        "hostssl all all 127.0.0.1/32 scram-sha-256\n",
    );
    asServerUser(
        path.join(bin, "pg_ctl"),
        ["-D", data, "-l", path.join(run, "server.log"), "-w", "start"],
        dir,
    );
    return {
        port,
        certificates,
        stop: () => {
            try {
                asServerUser(
                    path.join(bin, "pg_ctl"),
                    ["-D", data, "-m", "fast", "-w", "stop"],
                    dir,
                );
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}
