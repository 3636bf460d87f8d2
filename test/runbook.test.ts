import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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
            "| alarms-api-error-rate-critical | api: 5xx rate | > 5% | 5 min | critical → https (PAGERDUTY_ALERTS_URL) |",
            "set `opsbook:system.services.api.imageTag` to the previous tag",
        ]) {
            expect(doc).toContain(expected);
        }
        expect(doc).not.toMatch(/offline-placeholder|\[secret\]/);
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
});
