/** Where the postgresql provider connects, for each kind and path: the function `Database` uses. */
import * as pulumi from "@pulumi/pulumi";
import { providerEndpoint } from "../../components/data/database";
import { dailyApplyWatched } from "../../model/alerts";
import { loadSystem } from "../../model/load";
import { configView, NOW, validSystem } from "../model/fixtures";

const server = { host: "app.c0abc.us-east-1.rds.amazonaws.com", port: 5432 };
const bundle = "/work/opsbook/.opsbook/rds-global-bundle.pem";

describe("providerEndpoint", () => {
    it("through a tunnel: the loopback port, verify-ca against the CA bundle", () => {
        expect(
            providerEndpoint("rds", server, {
                via: "tunnel",
                localPort: 15433,
                caBundlePath: bundle,
            }),
        ).toEqual({ host: "127.0.0.1", port: 15433, sslmode: "verify-ca", sslrootcert: bundle });
    });

    it("from a runner in the VPC: the endpoint, verify-full (the name matches there)", () => {
        expect(providerEndpoint("rds", server, { via: "runner", caBundlePath: bundle })).toEqual({
            ...server,
            sslmode: "verify-full",
            sslrootcert: bundle,
        });
    });

    it("a vendor's server, or no path: its own endpoint, TLS required", () => {
        const vendor = { host: "db.abcdefgh.supabase.co", port: 6543 };
        expect(providerEndpoint("external", vendor, { via: "direct" })).toEqual({
            ...vendor,
            sslmode: "require",
        });
        expect(providerEndpoint("external", vendor, { via: "runner" })).toEqual({
            ...vendor,
            sslmode: "require",
        });
        expect(providerEndpoint("rds", server, undefined)).toEqual({
            ...server,
            sslmode: "require",
        });
    });

    it("refuses a tunnel without its port or CA bundle (a wiring mistake, not a user's)", () => {
        expect(() => providerEndpoint("rds", server, { via: "tunnel", localPort: 15432 })).toThrow(
            pulumi.RunError,
        );
    });
});

describe("the daily-apply alarms", () => {
    const model = (environment: string) => {
        const system = validSystem();
        system.environment = environment;
        const result = loadSystem(system, {
            now: NOW,
            config: configView(["opsbook:STRIPE_SECRET_KEY"]),
        });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return result.model;
    };
    it("watch production stacks, whose daily run the workflow makes, and not staging", () => {
        expect(dailyApplyWatched(model("production"))).toBe(true);
        expect(dailyApplyWatched(model("staging"))).toBe(false);
    });
});
