/**
 * Who uses each secret of the stack file: the services that consume it, and the infrastructure that reads
 * it (an alert route's endpoint, an external database's admin URL). A secret nobody uses is still demanded
 * (a vendor value must be set) and still goes overdue: the pack advises removing its entry. Pure.
 */
import type { SystemModel } from "./types";

/** What uses one secret, in words (`service api`, `alerts.routes.critical.0`), in a stable order. */
export function secretUses(model: SystemModel): Record<string, string[]> {
    const uses: Record<string, string[]> = {};
    const add = (name: string, use: string) => (uses[name] ??= []).push(use);
    for (const secret of Object.values(model.secrets)) {
        uses[secret.name] ??= [];
        for (const consumer of secret.consumers) add(secret.name, `service ${consumer}`);
    }
    for (const [severity, routes] of Object.entries(model.alertRoutes)) {
        // A chat route names its channel, not a secret.
        (routes ?? []).forEach((route, index) => {
            if ("endpointSecret" in route)
                add(route.endpointSecret, `alerts.routes.${severity}.${index}`);
        });
    }
    for (const database of Object.values(model.databases)) {
        if (database.adminUrlSecret) {
            add(database.adminUrlSecret, `databases.${database.name}.adminUrlSecret`);
        }
    }
    return uses;
}

/**
 * The stack file's secrets that nothing uses, by name. Credentials the program derives itself (login
 * users, AUTH tokens, the origin secret) are used by construction and never listed.
 */
export function unusedSecrets(model: SystemModel): string[] {
    const uses = secretUses(model);
    return Object.values(model.secrets)
        .filter((secret) => secret.delivery === "env" && (uses[secret.name] ?? []).length === 0)
        .map((secret) => secret.name)
        .sort();
}
