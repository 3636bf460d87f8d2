import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { RELEASE_WATCH_MINUTES } from "../model/rules";
import { runbookFor } from "../tools/runbook";

const ROOT = path.resolve(__dirname, "..");
const COMMITTED = path.join(ROOT, "docs", "runbook.prod.md");

describe("the generated runbook", () => {
    it("is what `npm run runbook -- --stack prod` generates, byte for byte (regenerate it when this fails)", async () => {
        const out = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-runbook-")),
            "runbook.md",
        );
        const code = await new Promise<number>((resolve) =>
            execFile(
                process.execPath,
                [
                    require.resolve("ts-node/dist/bin.js"),
                    "--transpile-only",
                    path.join(ROOT, "tools", "runbook.ts"),
                    "--stack",
                    "prod",
                    "--out",
                    out,
                ],
                { cwd: ROOT },
                (error) => resolve(error ? Number(error.code) : 0),
            ),
        );
        expect(code).toBe(0);
        expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(COMMITTED, "utf8"));
    });

    it("covers services, the diagram, rotation and incident commands, vendor dates, restores, alerts and rollback", () => {
        const result = runbookFor(path.join(ROOT, "Pulumi.prod.yaml"));
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const doc = result.markdown;
        for (const expected of [
            "`curl -fsS https://api.example.com/health`",
            "```mermaid",
            "sec_API_SECRET --> svc_worker",
            "db_main -- DATABASE_URL --> svc_api",
            "| SECRET_KEY | signing-key | 90 days | SECRET_KEY, SECRET_KEY_NEXT, SECRET_KEY_PREVIOUS |",
            "| API_SECRET | api-token | 90 days | API_SECRET, API_SECRET_NEXT, API_SECRET_PREVIOUS | 2024-01-23 | api: new task definition; worker: new task definition |",
            "web: new production deployment",
            "opsbook:system.rotation.incidents[N].at",
            "SECRET_KEY_FALLBACKS",
            "pulumi state unprotect",
            "| STRIPE_SECRET_KEY | vendor-api-key | 2026-03-02 | 2027-03-02 |",
            "aws rds restore-db-instance-to-point-in-time",
            "### critical",
            "| alarms-api-error-rate-critical | api: 5xx rate | > 5% | 5 min | critical → PagerDuty CloudWatch integration (PAGERDUTY_ALERTS_URL) |",
            "set `opsbook:system.services.api.imageTag` to the previous tag",
        ]) {
            expect(doc).toContain(expected);
        }
        expect(doc).not.toMatch(/offline-placeholder|\[secret\]/);
    });

    it("gives a stack with Redis a Redis section (engine, snapshots, token, consumers) and prod none", () => {
        const result = runbookFor(path.join(ROOT, "examples", "Pulumi.legacyvideo.yaml"));
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const doc = result.markdown;
        for (const expected of [
            "## Redis",
            "| main | valkey 8.0 | cache.t4g.small | 2 (Multi-AZ, automatic failover) | daily 02:00-03:00 UTC, kept 7 days | `noeviction` | `MAIN_REDIS_TOKEN`, every 180 days | api, worker (`REDIS_URL`) |",
            "ElastiCache is modified with ROTATE before the consumers roll",
            "redis_main -- REDIS_URL --> svc_worker",
            "| MAIN_REDIS_TOKEN | redis-auth-token | 180 days | `REDIS_URL` with the current token; ElastiCache also accepts the one before |",
        ])
            expect(doc).toContain(expected);
        const prod = runbookFor(path.join(ROOT, "Pulumi.prod.yaml"));
        if (!prod.ok) throw new Error(JSON.stringify(prod.errors));
        expect(prod.markdown).not.toContain("## Redis");
    });

    it("refuses an invalid stack and writes nothing", () => {
        const file = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-runbook-")),
            "Pulumi.bad.yaml",
        );
        fs.writeFileSync(
            file,
            "config:\n  opsbook:system:\n    services: {}\n    secrets: { X: { kind: nope } }\n",
        );
        const result = runbookFor(file);
        expect(result.ok).toBe(false);
    });

    it("says, for an incident, where each bucket logs and how to find who read or deleted a key", () => {
        const prod = runbookFor(path.join(ROOT, "Pulumi.prod.yaml"));
        if (!prod.ok) throw new Error(JSON.stringify(prod.errors));
        const section = prod.markdown.slice(
            prod.markdown.indexOf("## Incident: who read, wrote or deleted an object"),
            prod.markdown.indexOf("## Rollback"),
        );
        for (const expected of [
            "`pulumi stack output accessLogBucket --stack prod`",
            "| bucket-uploads | buckets.uploads | `s3://<log bucket>/bucket-uploads/<account>/<region>/<bucket name>/YYYY/MM/DD/` |",
            "aws s3 cp --recursive \"s3://$LOGS/bucket-uploads/\" ./access-logs/ --exclude '*' --include '*/2026/11/24/*'",
            "awk -v key='<key>' '$9 == key { print $3, $4, $8, $6, $5 }'",
            "`REST.DELETE.OBJECT`",
            "Not covered: `bucket-assets` on R2",
        ]) {
            expect(section).toContain(expected);
        }
        // Alcom keeps its uploads on R2 only: no log bucket, no S3 command, and it says so.
        const alcom = runbookFor(path.join(ROOT, "examples", "Pulumi.alcom.yaml"));
        if (!alcom.ok) throw new Error(JSON.stringify(alcom.errors));
        expect(alcom.markdown).toContain("Not covered: `bucket-r2` on R2");
        expect(alcom.markdown).not.toContain("aws s3 cp --recursive");
    });

    it("names a policy config in its `pulumi up` lines only when the stack has one", () => {
        const staging = runbookFor(path.join(ROOT, "Pulumi.staging.yaml"));
        if (!staging.ok) throw new Error(JSON.stringify(staging.errors));
        expect(staging.markdown).not.toContain("policies/config/staging.json");
        expect(staging.markdown).toContain("pulumi up --stack staging --policy-pack policies");
        const prod = runbookFor(path.join(ROOT, "Pulumi.prod.yaml"));
        if (!prod.ok) throw new Error(JSON.stringify(prod.errors));
        expect(prod.markdown).toContain(
            "pulumi up --stack prod --policy-pack policies --policy-pack-config policies/config/prod.json",
        );
    });

    it("has a release section: staging first, watch, then promote, with the hotfixes recorded", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-runbook-"));
        const file = path.join(dir, "Pulumi.prod.yaml");
        const doc = parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"));
        const hotfix = {
            service: "api",
            imageTag: "2026.12.06-hotfix1",
            reason: "INC-42: webhook signatures rejected",
            date: "2026-12-06",
        };
        doc.config["opsbook:system"].promotion = { from: "staging", hotfixes: [hotfix] };
        fs.writeFileSync(file, stringify(doc));
        const result = runbookFor(file);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const section = result.markdown.slice(
            result.markdown.indexOf("## Release"),
            result.markdown.indexOf("## Rollback"),
        );
        const steps = [
            "1. **staging first**: set `opsbook:system.services.<service>.imageTag` in `Pulumi.staging.yaml`",
            `2. **Watch** staging: watch it for ${RELEASE_WATCH_MINUTES} minutes`,
            "3. **Promote**: set the same tag in `Pulumi.prod.yaml`",
            "`npm run promotion-check -- --base <base>`",
            "4. **Watch** prod",
            "- 2026-12-06: `api` `2026.12.06-hotfix1`: INC-42: webhook signatures rejected",
        ];
        for (const expected of steps) expect(section).toContain(expected);
        // In that order: staging, watch, promote.
        const at = steps.slice(0, 3).map((s) => section.indexOf(s));
        expect([...at].sort((a, b) => a - b)).toEqual(at);
        // A stack that promotes from none is where a release starts.
        const prod = runbookFor(path.join(ROOT, "Pulumi.prod.yaml"));
        if (!prod.ok) throw new Error(JSON.stringify(prod.errors));
        expect(prod.markdown).toContain("## Release");
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
