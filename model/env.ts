/**
 * The env fan-out, as data: every variable a service receives, from one definition. Secrets reach each of
 * their consumers under the same name and from the same source, so api and worker cannot disagree.
 */
import { EnvEntry, SystemModel } from "./load";

/** A service's variables: its own `env` entries plus `NAME` (and `NAME_PREVIOUS`) of each secret it consumes. */
export function serviceEnv(model: SystemModel, service: string): Record<string, EnvEntry> {
    const variables: Record<string, EnvEntry> = {};
    for (const secret of Object.values(model.secrets)) {
        if (!secret.consumers.includes(service)) continue;
        variables[secret.name] = { kind: "secret", secret: secret.name, slot: "current" };
        if (secret.slots === 2) {
            variables[`${secret.name}_PREVIOUS`] = {
                kind: "secret",
                secret: secret.name,
                slot: "previous",
            };
        }
    }
    return { ...variables, ...(model.env[service] ?? {}) };
}
