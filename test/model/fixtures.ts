import { ConfigView } from "../../model/load";

export const NOW = new Date("2026-11-24T00:00:00Z");

/** A small valid system: one service of each role, one secret of each kind. */
export function validSystem(): Record<string, any> {
    return {
        network: {
            vpcId: "vpc-0a1b2c3d4e5f60718",
            privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            publicSubnetIds: ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"],
        },
        services: {
            web: {
                platform: "vercel",
                role: "web",
                domain: "app.example.com",
                healthPath: "/api/health",
                repository: "acme/web",
            },
            api: {
                platform: "aws",
                role: "api",
                domain: "api.example.com",
                healthPath: "/health",
                repository: "ghcr.io/acme/api",
                imageTag: "v1.2.3",
            },
            worker: {
                platform: "aws",
                role: "worker",
                repository: "ghcr.io/acme/api",
                imageTag: "v1.2.3",
            },
        },
        secrets: {
            SECRET_KEY: {
                kind: "generated",
                class: "signing-key",
                periodDays: 90,
                consumers: ["api"],
            },
            API_SECRET: { kind: "generated", class: "api-token", consumers: ["api", "worker"] },
            CRON_SECRET: { kind: "generated", class: "cron-token", consumers: ["web"] },
            STRIPE_SECRET_KEY: {
                kind: "vendor",
                class: "vendor-api-key",
                rotatedAt: "2026-06-01",
                consumers: ["api", "worker"],
            },
        },
        rotation: {},
        env: {
            api: {
                LOG_LEVEL: "info",
                JWT_SECRET_PREVIOUS_ALIAS: { secret: "SECRET_KEY", slot: "previous" },
            },
            worker: { CONCURRENCY: 5 },
        },
    };
}

/** Config where the given keys exist as secrets and the rest as plain values. */
export function configView(
    secretKeys: string[] = ["opsbook:STRIPE_SECRET_KEY"],
    plainKeys: string[] = [],
): ConfigView {
    return {
        has: (key) => secretKeys.includes(key) || plainKeys.includes(key),
        isSecret: (key) => secretKeys.includes(key),
    };
}
