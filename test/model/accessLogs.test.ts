import { accessLogPlan, loadBalancerLogPlan, needsAccessLogBucket } from "../../model/accessLogs";
import { loadSystem, SystemModel } from "../../model/load";
import { configView, NOW, validSystem } from "./fixtures";

const secrets = ["opsbook:STRIPE_SECRET_KEY", "opsbook:SUPABASE_ADMIN_URL"];

/** The valid system with `buckets` and, when `external`, an external database whose dumps go to S3. */
function model(buckets: Record<string, unknown>, external = false): SystemModel {
    const system = validSystem();
    system.cloudflare = { accountId: "0123456789abcdef0123456789abcdef" };
    system.buckets = buckets;
    if (external) {
        system.secrets.SUPABASE_ADMIN_URL = {
            kind: "vendor",
            class: "database-admin-url",
            rotatedAt: "2026-10-01",
        };
        system.databases = {
            legacy: {
                kind: "external",
                adminUrlSecret: "SUPABASE_ADMIN_URL",
                consumers: ["worker"],
            },
        };
    }
    const result = loadSystem(system, { now: NOW, config: configView(secrets) });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.model;
}

describe("where each bucket logs", () => {
    it("logs S3 buckets and dump buckets under their component's name, and lists R2 as not logged", () => {
        const plan = accessLogPlan(
            model({ uploads: { provider: "s3" }, assets: { provider: "r2" } }, true),
        );
        expect(plan.map((a) => [a.resource, a.provider, a.logsTo, a.prefix])).toEqual([
            ["bucket-uploads", "s3", "access-logs", "bucket-uploads/"],
            ["bucket-assets", "r2", null, null],
            ["backup-legacy-dumps", "s3", "access-logs", "backup-legacy-dumps/"],
            ["access-logs", "s3", null, null],
        ]);
    });

    it("keeps a renamed bucket's logs under its oldest name's prefix, so its history stays in one place", () => {
        const [renamed] = accessLogPlan(
            model({ "user-uploads": { provider: "s3", renamedFrom: ["uploads"] } }),
        );
        expect(renamed).toMatchObject({
            resource: "bucket-user-uploads",
            prefix: "bucket-uploads/",
        });
    });

    it("needs no log bucket for a stack whose buckets are all on R2 and that has no load balancer", () => {
        const r2Only = model({ assets: { provider: "r2" } });
        // Its public aws service's load balancer logs into the log bucket, under a prefix of its own.
        expect(loadBalancerLogPlan(r2Only)).toEqual([
            { service: "api", resource: "api-lb", prefix: "elb/api" },
        ]);
        expect(needsAccessLogBucket(r2Only)).toBe(true);
        expect(needsAccessLogBucket({ ...r2Only, services: {} })).toBe(false);
        expect(accessLogPlan(r2Only).map((a) => a.resource)).toEqual(["bucket-assets"]);
        expect(needsAccessLogBucket(model({ uploads: { provider: "s3" } }))).toBe(true);
    });
});
