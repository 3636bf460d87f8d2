/**
 * `tools/db-path.sh` against a real PostgreSQL (TLS only, a certificate for an RDS-shaped name from a CA
 * made here), with a local forwarder standing in for the SSM port-forwarding session: the connection, the
 * certificate check the provider makes (verify-ca), and that nothing is left running, on success and on
 * every failure.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../tools/plan";
import { systemVariant } from "../plan/helpers";
import { ENDPOINT, freePort, PASSWORD, Postgres, startPostgres } from "./postgres";

const SCRIPT = path.join(PROJECT_ROOT, "tools", "db-path.sh");
const FORWARDER = `${process.execPath} ${path.join(__dirname, "forwarder.js")}`;

let pg: Postgres;
let dir: string;

beforeAll(async () => {
    pg = await startPostgres();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-db-path-"));
}, 120000);

afterAll(() => {
    pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
    readonly status: number | null;
    readonly stderr: string;
    readonly outputs: string;
    readonly state: string;
    readonly pids: number[];
}

let runs = 0;
/** Runs the script as a workflow step would, with its own state directory and $GITHUB_OUTPUT. */
function script(
    args: string[],
    env: Record<string, string> = {},
    state = path.join(dir, `state-${++runs}`),
): Run {
    const outputs = path.join(dir, `outputs-${runs}`);
    const pids = path.join(dir, `pids-${runs}`);
    fs.writeFileSync(outputs, "");
    const result = spawnSync("bash", [SCRIPT, ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        timeout: 60000,
        env: {
            ...process.env,
            OPSBOOK_DB_PATH_STATE: state,
            OPSBOOK_DB_FORWARDER: FORWARDER,
            OPSBOOK_DB_CA_BUNDLE: pg.certificates.ca,
            FORWARDER_PIDS: pids,
            GITHUB_OUTPUT: outputs,
            RUNNER_ENVIRONMENT: "github-hosted",
            ...env,
        },
    });
    return {
        status: result.status,
        stderr: result.stderr,
        outputs: fs.readFileSync(outputs, "utf8"),
        state,
        pids: fs.existsSync(pids)
            ? fs.readFileSync(pids, "utf8").trim().split("\n").filter(Boolean).map(Number)
            : [],
    };
}

const alive = (pid: number) => {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
};

const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });

/** psql through the tunnel, as the provider connects: TLS required, the chain checked, the login real. */
function psql(port: number, sslmode: string, ca = pg.certificates.ca) {
    return spawnSync(
        "psql",
        [
            `host=127.0.0.1 port=${port} dbname=postgres user=postgres sslmode=${sslmode} sslrootcert=${ca}`,
            "-Atc",
            "SELECT ssl, current_user FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ],
        { encoding: "utf8", env: { ...process.env, PGPASSWORD: PASSWORD }, timeout: 20000 },
    );
}

/** A stack whose database `main` is reached through a tunnel on `localPort`, and the stack's output. */
function tunnelStack(name: string, localPort: number): { stackFile: string; outputs: string } {
    const stackFile = systemVariant(dir, name, (system) => {
        system.databases.main.access = { via: "tunnel", localPort };
    });
    const outputs = path.join(dir, name, "databaseAccess.json");
    fs.writeFileSync(
        outputs,
        JSON.stringify({
            main: {
                via: "tunnel",
                endpoint: "127.0.0.1",
                port: pg.port,
                localPort,
                cluster: "opsbook-cluster",
                taskDefinition: "opsbook-prod-db-access",
                subnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                securityGroup: "sg-0123456789abcdef0",
            },
        }),
    );
    return { stackFile, outputs };
}

/** After a close or a failed open: no session process, no listener, no state. */
async function expectNothingLeft(run: Run, localPort: number) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const pid of run.pids) expect({ pid, alive: alive(pid) }).toEqual({ pid, alive: false });
    expect(await listening(localPort)).toBe(false);
    expect(fs.existsSync(run.state)).toBe(false);
}

describe("tools/db-path.sh with a real PostgreSQL behind a stand-in session", () => {
    it("opens the tunnel, checks the server's certificate, and psql logs in through it with TLS", async () => {
        const localPort = await freePort();
        const { stackFile, outputs } = tunnelStack("open", localPort);
        const open = script(["open", "--stack-file", stackFile, "--outputs", outputs]);
        expect(open.status).toBe(0);
        expect(open.stderr).toContain(
            `database main: 127.0.0.1:${localPort} → 127.0.0.1:${pg.port}`,
        );
        expect(open.outputs.split("\n")).toEqual(
            expect.arrayContaining(["bootstrap=false", "tunnels=main"]),
        );
        // The stand-in, like the AWS CLI, runs the forwarding in a child: two processes.
        expect(open.pids).toHaveLength(2);
        try {
            const connected = psql(localPort, "verify-ca");
            expect(connected.stderr).toBe("");
            expect(connected.stdout.trim()).toBe("t|postgres");
            // Why verify-ca: the certificate names the endpoint, the tunnel is 127.0.0.1.
            const named = psql(localPort, "verify-full");
            expect(named.status).not.toBe(0);
            expect(named.stderr).toMatch(
                new RegExp(`${ENDPOINT.replace(/\./g, "\\.")}|127\\.0\\.0\\.1`),
            );
            // A CA that did not issue the server's certificate is refused.
            expect(psql(localPort, "verify-ca", pg.certificates.otherCa).status).not.toBe(0);
        } finally {
            const close = script(["close"], {}, open.state);
            expect(close.status).toBe(0);
            expect(close.stderr).toContain("closed the session of database main");
        }
        await expectNothingLeft(open, localPort);
    });

    it("refuses a server the CA bundle does not verify, and leaves nothing running", async () => {
        const localPort = await freePort();
        const { stackFile, outputs } = tunnelStack("wrong-ca", localPort);
        const open = script(["open", "--stack-file", stackFile, "--outputs", outputs], {
            OPSBOOK_DB_CA_BUNDLE: pg.certificates.otherCa,
        });
        expect(open.status).toBe(1);
        expect(open.stderr).toContain(
            "::error title=database path::database main: the server behind 127.0.0.1:" +
                `${localPort} has no certificate the CA bundle verifies`,
        );
        expect(open.pids).toHaveLength(2);
        await expectNothingLeft(open, localPort);
    });

    it("fails when the session ends before it listens, and leaves nothing running", async () => {
        const localPort = await freePort();
        const { stackFile, outputs } = tunnelStack("session-ends", localPort);
        const open = script(["open", "--stack-file", stackFile, "--outputs", outputs], {
            // A session that cannot start: the stand-in exits at once, as the plugin does on a refused target.
            OPSBOOK_DB_FORWARDER: `${process.execPath} -e process.exit(3)`,
        });
        expect(open.status).toBe(1);
        expect(open.stderr).toContain(
            `database main: the session ended before it listened on ${localPort}`,
        );
        await expectNothingLeft(open, localPort);
    });

    it("fails when the local port is taken, without starting a session", async () => {
        const localPort = await freePort();
        const { stackFile, outputs } = tunnelStack("port-taken", localPort);
        const blocker = net.createServer().listen(localPort, "127.0.0.1");
        await new Promise((resolve) => blocker.once("listening", resolve));
        try {
            const open = script(["open", "--stack-file", stackFile, "--outputs", outputs]);
            expect(open.status).toBe(1);
            expect(open.stderr).toContain(`local port ${localPort} is already in use`);
            expect(open.pids).toEqual([]);
            expect(fs.existsSync(open.state)).toBe(false);
        } finally {
            await new Promise((resolve) => blocker.close(resolve));
        }
    });

    it("fails loudly, with the reason, for a private database the stack gives no path", () => {
        const stackFile = systemVariant(dir, "no-path", (system) => {
            delete system.databases.main.access;
        });
        const open = script(["open", "--stack-file", stackFile]);
        expect(open.status).toBe(1);
        expect(open.stderr).toContain(
            "::error title=database path::database main is private to the VPC and the stack does not say how pulumi up reaches it",
        );
        expect(open.outputs).toBe("");
        expect(fs.existsSync(open.state)).toBe(false);
    });

    it("reports a first deploy (no server yet) as bootstrap and opens nothing", () => {
        const stackFile = systemVariant(dir, "first-deploy", (system) => {
            system.databases.main.access = { via: "tunnel" };
        });
        const empty = path.join(dir, "first-deploy", "none.json");
        fs.writeFileSync(empty, "{}");
        const open = script(["open", "--stack-file", stackFile, "--outputs", empty]);
        expect(open.status).toBe(0);
        expect(open.outputs.split("\n")).toEqual(
            expect.arrayContaining(["bootstrap=true", "tunnels="]),
        );
        expect(open.stderr).toContain("database main: its server and access task do not exist yet");
        expect(open.pids).toEqual([]);
    });

    it("refuses the runner path on a GitHub-hosted runner, naming the repository variable", () => {
        const stackFile = systemVariant(dir, "runner", (system) => {
            system.databases.main.access = { via: "runner" };
        });
        const open = script(["open", "--stack-file", stackFile]);
        expect(open.status).toBe(1);
        expect(open.stderr).toContain("set the repository variable OPSBOOK_DB_RUNNER");
    });

    it("has nothing to open for a vendor's database, and close is safe when nothing was opened", () => {
        const stackFile = path.join(PROJECT_ROOT, "examples", "Pulumi.fork-knife.yaml");
        const open = script(["open", "--stack-file", stackFile]);
        expect(open.status).toBe(0);
        expect(open.stderr).toContain("database main: direct");
        const close = script(["close"], {}, path.join(dir, "never-opened"));
        expect(close.status).toBe(0);
        expect(close.stderr).toContain("nothing to close");
    });
});
