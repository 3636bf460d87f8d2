/**
 * What of a captured resource's inputs may leave the plan: secrets as `[secret]` (with a digest a diff can
 * compare) and unknowns as `[unknown]`.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** Keys the pack's server uses to mark secrets (`rpc.specialSigKey`, `rpc.specialSecretSig`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces every secret with `[secret]` and every unknown with `[unknown]`: nothing secret leaves the plan. */
export function redact(value: unknown): unknown {
    if (typeof value === "symbol" || pulumi.isUnknown(value)) return "[unknown]";
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) return "[secret]";
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

/**
 * Digests of the secret values in a resource's inputs, by path: sha256 over a label, the resource's type,
 * the path and the value, truncated to 128 bits. Comparable between two plans (same type, path and value:
 * same digest, also across a rename), and never a value: the offline plan holds no real secret to begin
 * with (secure config becomes a placeholder, random results are `[computed]`), so what changes a digest is
 * how a value is built and from what (a user, a host, a database name). The label and type keep the
 * digest of a well-known value from being looked up. Unknown values (a first preview) get none.
 */
export function secretDigests(type: string, inputs: unknown): Record<string, string> {
    const digests: Record<string, string> = {};
    const hasUnknown = (value: unknown): boolean =>
        typeof value === "symbol" ||
        pulumi.isUnknown(value) ||
        (typeof value === "object" && value !== null && Object.values(value).some(hasUnknown));
    const walk = (value: unknown, path: string) => {
        if (typeof value !== "object" || value === null) return;
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) {
            if (!hasUnknown(record.value)) digests[path] = digest(type, path, record.value);
        } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
        else for (const [k, v] of Object.entries(record)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(inputs, "");
    return digests;
}

function digest(type: string, path: string, value: unknown): string {
    return createHash("sha256")
        .update(`opsbook-plan-secret-v1\0${type}\0${path}\0${JSON.stringify(value)}`)
        .digest("hex")
        .slice(0, 32);
}
