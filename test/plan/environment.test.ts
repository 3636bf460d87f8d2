/**
 * The environment travels with the stack: Pulumi.staging.yaml plans clean with no policy config of its
 * own, built and judged by staging's rules, and the real pack reads the environment from the stack's
 * `opsbook:index:Environment` resource (the only way it can in `pulumi preview --policy-pack policies`).
 */
import * as fs from "fs";
import * as path from "path";
import { resolveEnvironmentRules } from "../../model/environment";
import { ENVIRONMENT_RESOURCE_TYPE, ENVIRONMENT_RULES } from "../../model/rules";
import { formatJson, formatText, PlannedResource, PROJECT_ROOT } from "../../tools/plan";
import { packVerdict, planned, planStack } from "./helpers";
import { MODES } from "./stacks";

const ofType = (resources: readonly PlannedResource[], type: string) =>
    resources.filter((r) => r.type === type);

describe("the staging stack", () => {
    it("has no policy config of its own", () => {
        expect(fs.existsSync(path.join(PROJECT_ROOT, "policies", "config", "staging.json"))).toBe(
            false,
        );
    });

    it.each(MODES)(
        "plans clean in %s mode, saying its environment and that no policy config was used",
        async (mode) => {
            const result = planned(await planStack("staging", mode));
            expect(result.violations).toEqual([]);
            expect(result.exitCode).toBe(0);
            expect(result.environment).toBe("staging");
            expect(result.policyConfig).toBe("none: defaults");
            expect(formatText(result).split("\n")[2]).toBe(
                "environment: staging · policy config: none: defaults",
            );
            expect(JSON.parse(formatJson(result))).toMatchObject({
                environment: "staging",
                policyConfig: "none: defaults",
            });
        },
    );

    it("names prod's policy config in prod's plan", async () => {
        const result = planned(await planStack("prod"));
        expect([result.environment, result.policyConfig]).toEqual([
            "production",
            "policies/config/prod.json",
        ]);
    });

    it("is built by staging's rules: smaller and quieter than prod", async () => {
        const { resources } = planned(await planStack("staging"));
        const other = resolveEnvironmentRules("staging");
        expect(ofType(resources, ENVIRONMENT_RESOURCE_TYPE).map((r) => r.inputs)).toEqual([
            { environment: "staging", ...other },
        ]);
        const [instance] = ofType(resources, "aws:rds/instance:Instance");
        expect(instance.inputs).toMatchObject({ multiAz: false, deletionProtection: false });
        expect(instance.protect).toBe(false);
        expect(ofType(resources, "aws:route53/healthCheck:HealthCheck")).toEqual([]);
        expect(ofType(resources, "opsbook:index:ApplyHeartbeat")).toEqual([]);
        expect(ofType(resources, "aws:backup/restoreTestingPlan:RestoreTestingPlan")).toEqual([]);
        const [plan] = ofType(resources, "aws:backup/plan:Plan");
        expect((plan.inputs as any).rules.map((r: any) => r.ruleName)).toEqual(["daily"]);
        for (const group of ofType(resources, "aws:cloudwatch/logGroup:LogGroup"))
            expect((group.inputs as any).retentionInDays).toBe(
                ENVIRONMENT_RULES.logRetentionDays.other.default,
            );
        const lifecycle = resources.find(
            (r) =>
                r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration" &&
                r.parent?.includes("opsbook:index:AccessLogBucket"),
        )!;
        expect(JSON.stringify(lifecycle.inputs)).toContain(
            `"days":${ENVIRONMENT_RULES.accessLogRetentionDays.other.default}`,
        );
    });
});

describe("the pack reads the environment from the stack's Environment resource", () => {
    const unprotectDatabase = (resources: PlannedResource[]) =>
        resources.map((r) =>
            r.type === "aws:rds/instance:Instance"
                ? {
                      ...r,
                      protect: false,
                      inputs: { ...(r.inputs as object), deletionProtection: false },
                  }
                : r,
        );
    const asEnvironment =
        (environment: "production" | "staging") => (resources: PlannedResource[]) =>
            resources.map((r) =>
                r.type === ENVIRONMENT_RESOURCE_TYPE
                    ? { ...r, inputs: { environment, ...resolveEnvironmentRules(environment) } }
                    : r,
            );

    it("refuses an unprotected database in production, with no policy config", async () => {
        const violations = await packVerdict((resources) => unprotectDatabase(resources));
        expect(violations.map((v) => [v.policy, v.message.trim()])).toEqual(
            expect.arrayContaining([
                [
                    "opsbook-data-rds-secure",
                    expect.stringContaining(
                        "db-main-instance: deletion protection is off in production (rule deletionProtection).",
                    ),
                ],
            ]),
        );
    });

    it("allows the same database when the Environment resource says staging", async () => {
        const violations = await packVerdict((resources) =>
            asEnvironment("staging")(unprotectDatabase(resources)),
        );
        expect(violations.filter((v) => v.policy === "opsbook-data-rds-secure")).toEqual([]);
    });

    it("judges a stack without an Environment resource as production", async () => {
        const violations = await packVerdict((resources) =>
            unprotectDatabase(resources).filter((r) => r.type !== ENVIRONMENT_RESOURCE_TYPE),
        );
        expect(violations.map((v) => v.policy)).toContain("opsbook-data-rds-secure");
    });
});
