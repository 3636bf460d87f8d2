/* global process, console, __filename */
/**
 * Stands in for `aws ssm start-session --document-name AWS-StartPortForwardingSessionToRemoteHost` in the
 * tunnel script's test: called as `forwarder.js LOCAL_PORT HOST PORT`, it listens on 127.0.0.1:LOCAL_PORT
 * and forwards every connection to HOST:PORT until it is killed. Like the AWS CLI, which runs the session in
 * a child process (session-manager-plugin), the process the script starts spawns the one that forwards; both
 * pids are appended to $FORWARDER_PIDS so the test can check that closing leaves neither behind.
 */
const net = require("net");
const fs = require("fs");
const { spawn } = require("child_process");

const [localPort, host, port, role] = process.argv.slice(2);
if (process.env.FORWARDER_PIDS) fs.appendFileSync(process.env.FORWARDER_PIDS, `${process.pid}\n`);

if (role !== "--plugin") {
    // The "CLI": start the "plugin" and live as long as it does.
    const plugin = spawn(process.execPath, [__filename, localPort, host, port, "--plugin"], {
        stdio: "inherit",
    });
    plugin.on("exit", (code) => process.exit(code ?? 1));
} else {
    const server = net.createServer((client) => {
        const upstream = net.connect(Number(port), host);
        client.pipe(upstream);
        upstream.pipe(client);
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
    });
    server.listen(Number(localPort), "127.0.0.1", () =>
        console.log(`Port ${localPort} opened for sessionId stand-in.`),
    );
}
