/**
 * One booted pack per (stack, policy config) for the whole test run. The plan project's global setup runs a
 * broker on loopback that boots packs on request and keeps them until the run ends; test files (and the
 * setup's planning processes) connect to the packs it names instead of booting their own. A pack's server
 * serves any number of connections; the engine calls of one judgement carry no state between calls.
 */
import * as http from "http";
import {
    BootedPack,
    connectPolicyPack,
    packKey,
    PolicyConfigError,
    PolicyPackOptions,
    PolicyPackPool,
    PolicyPacks,
    PolicyPackSession,
    PolicyRunOptions,
    PolicyRunResult,
} from "../../tools/analyzer";

/** The broker's URL, set by the global setup for the test files and the planning processes. */
export const PACKS_VARIABLE = "OPSBOOK_TEST_PACKS";

type Answer = { ok: true; pack: BootedPack } | { ok: false; configError: boolean; message: string };

export interface PackBroker {
    readonly url: string;
    readonly pool: PolicyPackPool;
    close(): Promise<void>;
}

/** Serves `POST /` with PolicyPackOptions as JSON: the booted pack's address and policies. */
export async function startPackBroker(): Promise<PackBroker> {
    const pool = new PolicyPackPool();
    const server = http.createServer((req, res) => {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => (body += chunk));
        req.on("end", () => {
            const answer = (a: Answer) => res.end(JSON.stringify(a));
            let options: PolicyPackOptions;
            try {
                options = JSON.parse(body) as PolicyPackOptions;
            } catch (error) {
                answer({ ok: false, configError: false, message: String(error) });
                return;
            }
            pool.boot(options).then(
                ({ address, policies, startMs }) =>
                    answer({ ok: true, pack: { address, policies, startMs } }),
                (error: Error) =>
                    answer({
                        ok: false,
                        configError: error instanceof PolicyConfigError,
                        message: error.message,
                    }),
            );
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
        url: `http://127.0.0.1:${port}/`,
        pool,
        close: async () => {
            await new Promise((resolve) => server.close(resolve));
            await pool.close();
        },
    };
}

function ask(url: string, options: PolicyPackOptions): Promise<Answer> {
    return new Promise((resolve, reject) => {
        // A connection per request: a kept-alive socket the server has timed out resets the next one.
        const req = http.request(url, { method: "POST", agent: false }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () => resolve(JSON.parse(body) as Answer));
        });
        req.on("error", reject);
        req.end(JSON.stringify(options));
    });
}

/** Sessions on the broker's packs: one connection per (stack, policy config), closed by `close`. */
export class BrokeredPolicyPacks implements PolicyPacks {
    private readonly sessions = new Map<string, Promise<PolicyPackSession>>();

    constructor(private readonly url: string) {}

    session(options: PolicyPackOptions): Promise<PolicyPackSession> {
        const key = packKey(options);
        let session = this.sessions.get(key);
        if (!session) {
            session = ask(this.url, options).then((answer) => {
                if (answer.ok) return connectPolicyPack(answer.pack);
                throw answer.configError
                    ? new PolicyConfigError(answer.message)
                    : new Error(answer.message);
            });
            this.sessions.set(key, session);
            session.catch(() => this.sessions.delete(key));
        }
        return session;
    }

    async run(options: PolicyRunOptions): Promise<PolicyRunResult> {
        return (await this.session(options)).judge(options.resources);
    }

    async close(): Promise<void> {
        const sessions = [...this.sessions.values()];
        this.sessions.clear();
        await Promise.all(sessions.map((s) => s.then((x) => x.close()).catch(() => undefined)));
    }
}

/** The run's broker when the global setup started one, else packs booted in this process. */
export function sharedPacks(): BrokeredPolicyPacks | PolicyPackPool {
    const url = process.env[PACKS_VARIABLE];
    return url ? new BrokeredPolicyPacks(url) : new PolicyPackPool();
}
