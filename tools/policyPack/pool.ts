/** Booted packs shared by configuration, so many plans under one configuration pay one boot. */
import * as path from "path";
import { bootPolicyPack, connectPolicyPack } from "./session";
import {
    BootedPack,
    PolicyPackOptions,
    PolicyPacks,
    PolicyPackSession,
    PolicyRunOptions,
    PolicyRunResult,
} from "./types";

type RunningPack = Awaited<ReturnType<typeof bootPolicyPack>>;

/** Sessions started with options of equal key judge alike. */
export function packKey(options: PolicyPackOptions): string {
    return JSON.stringify([
        path.resolve(options.packDir),
        options.project,
        options.stack,
        options.organization ?? "",
        options.dryRun,
        canonical(options.policyConfig),
    ]);
}

/**
 * Booted packs shared by key (pack, project, stack, organization, dry run, policy config), so callers that
 * judge many captures under one configuration pay one boot (ts-node type-checks the pack: seconds).
 * A boot that fails is not kept: the next caller sees its own failure.
 */
export class PolicyPackPool implements PolicyPacks {
    private readonly packs = new Map<string, Promise<RunningPack>>();
    private readonly sessions = new Map<string, Promise<PolicyPackSession>>();
    /** How many packs this pool has booted (failed boots included). */
    public boots = 0;

    /** The pack for `options`, booted on first use and left running until `close`. */
    boot(options: PolicyPackOptions): Promise<BootedPack> {
        return this.running(options);
    }

    session(options: PolicyPackOptions): Promise<PolicyPackSession> {
        const key = packKey(options);
        let session = this.sessions.get(key);
        if (!session) {
            session = this.running(options).then((pack) => connectPolicyPack(pack, pack.logs));
            this.sessions.set(key, session);
            session.catch(() => this.sessions.delete(key));
        }
        return session;
    }

    private running(options: PolicyPackOptions): Promise<RunningPack> {
        const key = packKey(options);
        let pack = this.packs.get(key);
        if (!pack) {
            this.boots++;
            pack = bootPolicyPack(options);
            this.packs.set(key, pack);
            pack.catch(() => this.packs.delete(key));
        }
        return pack;
    }

    /** Judges with the pool's session for `options`, booting its pack on first use. */
    async run(options: PolicyRunOptions): Promise<PolicyRunResult> {
        return (await this.session(options)).judge(options.resources);
    }

    /** Closes every session and stops every pack the pool booted. */
    async close(): Promise<void> {
        const sessions = [...this.sessions.values()];
        const packs = [...this.packs.values()];
        this.sessions.clear();
        this.packs.clear();
        await Promise.all(sessions.map((s) => s.then((x) => x.close()).catch(() => undefined)));
        await Promise.all(packs.map((p) => p.then((x) => x.stop()).catch(() => undefined)));
    }
}

/** JSON with object keys sorted, so equal configurations give equal keys. */
function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        );
    return value;
}
