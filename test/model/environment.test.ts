import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    checkEnvironment,
    environmentRulesTable,
    resolveEnvironmentRules,
} from "../../model/environment";
import { loadSystem } from "../../model/load";
import { ENVIRONMENT_RULES, ENVIRONMENT_RULE_NAMES } from "../../model/rules";
import { parseParts } from "../../model/parts";
import { NOW } from "./fixtures";

/** The check over a stack file's parts, as the loader runs it. */
const checkRules = (raw: Record<string, unknown>) => checkEnvironment(parseParts(raw));

const ROOT = path.resolve(__dirname, "../..");
const systemOf = (file: string) =>
    parse(fs.readFileSync(path.join(ROOT, file), "utf8")).config["opsbook:system"];
const loadFile = (system: unknown) =>
    loadSystem(system, { now: NOW, config: { has: () => true, isSecret: () => true } });

describe("environments as rules", () => {
    it("gives production its defaults and staging the relaxed ones", () => {
        const production = resolveEnvironmentRules("production");
        const staging = resolveEnvironmentRules("staging");
        for (const name of ENVIRONMENT_RULE_NAMES) {
            expect(production[name]).toBe(ENVIRONMENT_RULES[name].production.default);
            expect(staging[name]).toBe(ENVIRONMENT_RULES[name].other.default);
        }
        expect(staging).toMatchObject({
            deletionProtection: false,
            multiAz: false,
            restoreDrills: false,
            healthChecks: false,
            dailyApplyHeartbeat: false,
            pagingRoute: false,
            criticalToChat: true,
            monthlyBackupRetentionDays: 0,
        });
    });

    it("takes a stack file's choice within its rule", () => {
        expect(
            resolveEnvironmentRules("staging", { restoreDrills: true, logRetentionDays: 14 }),
        ).toMatchObject({ restoreDrills: true, logRetentionDays: 14 });
        expect(
            checkRules({
                environment: "staging",
                environmentRules: { restoreDrills: true, logRetentionDays: 14 },
            }),
        ).toEqual([]);
    });

    it("refuses every choice outside its rule at once, naming the path, the value and what is allowed", () => {
        expect(
            checkRules({
                environment: "production",
                environmentRules: { multiAz: false, accessLogRetentionDays: 30, pager: true },
                databases: { main: { kind: "rds", retentionDays: 40, multiAz: false } },
                services: { api: { logRetentionDays: 7 } },
            }),
        ).toEqual([
            {
                path: "opsbook:system.environmentRules.multiAz",
                message:
                    "false is not allowed in production; rule multiAz (model/rules.ts) allows true only",
            },
            {
                path: "opsbook:system.environmentRules.accessLogRetentionDays",
                message:
                    "30 is not allowed in production; rule accessLogRetentionDays (model/rules.ts) allows 365 to 3650",
            },
            {
                path: "opsbook:system.environmentRules.pager",
                message: expect.stringMatching(/^is not a rule; expected one of "restoreDrills", /),
            },
            {
                path: "opsbook:system.databases.main.retentionDays",
                message:
                    "40 is not allowed in production; rule backupRetentionDays (model/rules.ts) allows 7 to 35",
            },
            {
                path: "opsbook:system.databases.main.multiAz",
                message:
                    "false is not allowed in production; rule multiAz (model/rules.ts) allows true only",
            },
            {
                path: "opsbook:system.services.api.logRetentionDays",
                message:
                    "7 is not allowed in production; rule logRetentionDays (model/rules.ts) allows 30 to 3653",
            },
        ]);
    });

    it("requires a paging route in production, and lets staging send critical alarms to chat", () => {
        const routes = (critical?: { protocol: string }[]) => ({
            alerts: {
                routes: {
                    ...(critical ? { critical } : {}),
                    warning: [{ protocol: "email", endpointSecret: "TEAM" }],
                },
            },
        });
        expect(checkRules({ environment: "production", ...routes() })).toEqual([
            {
                path: "opsbook:system.alerts.routes.critical",
                message:
                    "is required in production (rule pagingRoute): the route that pages on-call",
            },
        ]);
        expect(
            checkRules({ environment: "production", ...routes([{ protocol: "email" }]) }),
        ).toEqual([
            expect.objectContaining({
                path: "opsbook:system.alerts.routes.critical.0.protocol",
                message: expect.stringContaining("rule criticalToChat"),
            }),
            expect.objectContaining({ path: "opsbook:system.alerts.routes.critical" }),
        ]);
        expect(checkRules({ environment: "staging", ...routes() })).toEqual([]);
        expect(
            checkRules({
                environment: "staging",
                environmentRules: { criticalToChat: false },
                ...routes(),
            }),
        ).toEqual([expect.objectContaining({ path: "opsbook:system.alerts.routes.critical" })]);
    });

    it("loads Pulumi.staging.yaml with staging's rules: critical alarms go where warnings go", () => {
        const result = loadFile(systemOf("Pulumi.staging.yaml"));
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const { model } = result;
        expect(model.environment).toBe("staging");
        expect(model.protect).toBe(false);
        expect(model.alertRoutes.critical).toEqual(model.alertRoutes.warning);
        expect(model.databases.main.rds?.multiAz).toBe(false);
        expect(model.databases.main.retentionDays).toBe(
            ENVIRONMENT_RULES.backupRetentionDays.other.default,
        );
        expect(model.services.api.logRetentionDays).toBe(
            ENVIRONMENT_RULES.logRetentionDays.other.default,
        );
    });

    it("is documented by the environments table of docs/environments.md, rendered from the rules", () => {
        const page = fs.readFileSync(path.join(ROOT, "docs", "environments.md"), "utf8");
        const begin = "<!-- environment-rules:begin (generated from model/rules.ts) -->";
        const end = "<!-- environment-rules:end -->";
        const table = page.slice(page.indexOf(begin) + begin.length, page.indexOf(end));
        // Prettier pads the page's columns; the cells are what must match.
        const cells = (markdown: string) =>
            markdown
                .trim()
                .split("\n")
                .map((row) => row.split("|").map((cell) => cell.trim().replace(/^-+$/, "---")));
        expect(page).toContain(begin);
        expect(cells(table)).toEqual(cells(environmentRulesTable()));
    });
});
