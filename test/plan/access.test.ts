/**
 * How `pulumi up` reaches the databases, through the whole program and the offline plan: the provider's
 * settings, the access task and its rules, the heartbeat alarms, and the advisory for a private database
 * the stack gives no path. The pack's verdict comes from its own server.
 */
import { formatJson, formatText, PlannedResource } from "../../tools/plan";
import {
    DAILY_APPLY_METRICS,
    DB_ACCESS_TASK_MAX_MINUTES,
    SSM_PORT_FORWARDING_DOCUMENT,
} from "../../model/rules";
import { NOW, planned, planProd, runPlan, scratchDirectory, systemVariant } from "./helpers";

const scratch = scratchDirectory("access");
/** An IAM policy document, as the program passed it (an object, or JSON). */
const document = (policy: unknown) =>
    (typeof policy === "string" ? JSON.parse(policy) : policy) as { Statement: any[] };
const inputs = (resources: readonly PlannedResource[], type: string, name: string) => {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} ${name}`);
    return found.inputs as Record<string, any>;
};

describe("the path from pulumi up to prod's database", () => {
    it("connects the postgresql provider to the tunnel's local end, TLS checked against the RDS CA", async () => {
        const { resources } = planned(await planProd());
        const provider = inputs(resources, "pulumi:providers:postgresql", "db-main-admin");
        expect(provider).toMatchObject({
            host: "127.0.0.1",
            port: "15432",
            sslmode: "verify-ca",
            password: "[secret]",
        });
        // Relative to the project, so the same on every runner's workspace: an absolute path of the
        // checkout would diff the provider on every up from another directory.
        expect(provider.sslrootcert).toBe(".opsbook/rds-global-bundle.pem");
    });

    it("builds an access task with no inbound rule, reaching only the database and HTTPS", async () => {
        const { resources } = planned(await planProd());
        const group = "db-access-sg-id";
        const ingress = resources.filter(
            (r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        );
        expect(ingress.filter((r) => (r.inputs as any).securityGroupId === group)).toEqual([]);
        expect(inputs(resources, ingress[0].type, "db-main-access")).toMatchObject({
            securityGroupId: "db-main-sg-id",
            referencedSecurityGroupId: group,
            fromPort: 5432,
            toPort: 5432,
        });
        const egress = resources
            .filter((r) => r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
            .map((r) => r.inputs as any)
            .filter((r) => r.securityGroupId === group);
        expect(egress.map((r) => [r.fromPort, r.cidrIpv4 ?? r.referencedSecurityGroupId])).toEqual(
            expect.arrayContaining([
                [443, "0.0.0.0/0"],
                [5432, "db-main-sg-id"],
            ]),
        );
        expect(egress).toHaveLength(2);

        const task = inputs(resources, "aws:ecs/taskDefinition:TaskDefinition", "db-access-task");
        expect(task.family).toBe("opsbook-prod-db-access");
        const [container] = JSON.parse(task.containerDefinitions);
        expect(container.command).toEqual(["sleep", String(DB_ACCESS_TASK_MAX_MINUTES * 60)]);
        expect(container.linuxParameters).toEqual({ initProcessEnabled: true });
        expect(container.portMappings).toBeUndefined();

        const role = inputs(resources, "aws:iam/rolePolicy:RolePolicy", "db-access-role-ssm");
        expect(document(role.policy).Statement.flatMap((s: any) => s.Action)).toEqual([
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel",
        ]);
        const operator = document(
            inputs(resources, "aws:iam/policy:Policy", "db-access-operator").policy,
        );
        const session = operator.Statement.find((s: any) => s.Action.includes("ssm:StartSession"));
        expect(session.Resource[1]).toMatch(
            new RegExp(`:document/${SSM_PORT_FORWARDING_DOCUMENT}$`),
        );
        expect(session.Condition).toEqual({
            BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" },
        });
    });

    it("logs who connected, and pages when the daily update fails or does not happen", async () => {
        const result = planned(await planProd());
        const params = inputs(
            result.resources,
            "aws:rds/parameterGroup:ParameterGroup",
            "db-main-params",
        ).parameters as { name: string; value: string }[];
        expect(params).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ name: "log_connections", value: "1" }),
                expect.objectContaining({ name: "log_disconnections", value: "1" }),
            ]),
        );
        const missed = inputs(
            result.resources,
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "daily-apply",
        );
        expect(missed).toMatchObject({
            namespace: DAILY_APPLY_METRICS.namespace,
            metricName: DAILY_APPLY_METRICS.succeeded,
            dimensions: { Stack: "prod" },
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
            tags: { "opsbook:pages-through": "daily-apply-armed" },
        });
        expect(missed.period * missed.evaluationPeriods).toBe(24 * 60 * 60);
        // It pages through the composite armed by the first success (components/alerts/armed.ts).
        expect(
            inputs(
                result.resources,
                "aws:cloudwatch/compositeAlarm:CompositeAlarm",
                "daily-apply-armed",
            ),
        ).toMatchObject({
            alarmActions: ["arn:aws:mock:::alerts-critical"],
            alarmRule:
                'ALARM("arn:aws:mock:::daily-apply-seen") AND ALARM("arn:aws:mock:::daily-apply")',
        });
        const failed = inputs(
            result.resources,
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "daily-apply-failed",
        );
        expect(failed).toMatchObject({
            metricName: DAILY_APPLY_METRICS.failed,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
        });
        expect(result.violations).toEqual([]);
    });

    it("says how each database is reached, in text and JSON", async () => {
        const result = planned(await planProd());
        expect(JSON.parse(formatJson(result)).databases[0].access).toEqual({
            via: "tunnel",
            connectsTo: "127.0.0.1:15432",
            sslmode: "verify-ca (RDS CA bundle)",
            description: expect.stringContaining(SSM_PORT_FORWARDING_DOCUMENT),
            advisory: null,
        });
        expect(formatText(result)).toMatch(
            /Database access \(how pulumi up reaches each server\)\n.*\n {2}main +tunnel +127\.0\.0\.1:15432 +verify-ca \(RDS CA bundle\)/,
        );
        expect(formatText(result)).not.toContain("[advisory]");
    });
});

describe("a private database the stack gives no path", () => {
    it("plans clean (exit 0) with an advisory instead of a timeout at pulumi up, and no tunnel", async () => {
        const file = systemVariant(scratch(), "no-path", (system) => {
            delete system.databases.main.access;
        });
        const result = planned(await runPlan({ stackFile: file, now: NOW }));
        expect(result.exitCode).toBe(0);
        const advisory =
            'database main is private to the VPC and the stack does not say how pulumi up reaches it: set opsbook:system.databases.main.access.via to "tunnel"';
        expect(result.databases[0].access).toMatchObject({ via: null });
        expect(result.databases[0].access.advisory).toContain(advisory);
        expect(formatText(result)).toContain(`  [advisory] ${advisory}`);
        expect(result.resources.some((r) => r.type === "opsbook:index:DatabaseAccess")).toBe(false);
        expect(
            inputs(result.resources, "pulumi:providers:postgresql", "db-main-admin"),
        ).toMatchObject({ sslmode: "require", host: expect.not.stringMatching(/^127\./) });
    });

    it("through a runner in the VPC: the endpoint itself, name and chain checked", async () => {
        const file = systemVariant(scratch(), "runner", (system) => {
            system.databases.main.access = { via: "runner" };
        });
        const result = planned(await runPlan({ stackFile: file, now: NOW }));
        expect(result.exitCode).toBe(0);
        const provider = inputs(result.resources, "pulumi:providers:postgresql", "db-main-admin");
        expect(provider).toMatchObject({ sslmode: "verify-full", port: "5432" });
        expect(provider.host).not.toBe("127.0.0.1");
        expect(result.resources.some((r) => r.type === "opsbook:index:DatabaseAccess")).toBe(false);
    });
});
