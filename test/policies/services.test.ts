/**
 * The services, alerts and edge policies, each on the compliant fixture (the prod program, planned
 * offline) and on one mutation per failing test.
 */
import { alarmActions } from "../../policies/rules/alerts/alarmActions";
import { criticalSubscribed } from "../../policies/rules/alerts/criticalSubscribed";
import { healthChecked } from "../../policies/rules/alerts/healthChecked";
import { alarmThresholds } from "../../policies/rules/alerts/thresholds";
import { rateLimit } from "../../policies/rules/edge/rateLimit";
import { logRetention } from "../../policies/rules/services/logRetention";
import { noPlainSecrets } from "../../policies/rules/services/noPlainSecrets";
import { captureFixture, mutate } from "./fixture";
import { SAMPLES } from "../model/credentialSamples";
import {
    FixtureResource,
    resourceViolations,
    stackViolations,
    UNKNOWN_VALUE,
    inEnvironment,
    eachViolations,
} from "./harness";

/** Every test but no-plain-secrets' runs twice: with known ids, and as a first preview sees the program. */
const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];
let compliant: FixtureResource[];
const mutated = (edit: (r: FixtureResource) => FixtureResource | null | undefined) =>
    mutate(compliant, edit);
const named = (name: string) => compliant.find((r) => r.name === name)!;
const withProps = (r: FixtureResource, props: Record<string, unknown>) => ({
    ...r,
    props: { ...r.props, ...props },
});
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe.each(MODES)("with %s", (_mode, firstPreview) => {
    beforeAll(async () => {
        compliant = await captureFixture(undefined, undefined, { firstPreview });
    });

    describe("opsbook-alerts-health-check", () => {
        it("passes: web and api are health-checked, their alarms page critical", () => {
            expect(stackViolations(healthChecked, compliant)).toEqual([]);
        });

        it("does not require health checks where rule healthChecks is off (staging)", () => {
            // The health-check components, their checks and alarms.
            const unchecked = compliant.filter((r) => !r.name.startsWith("health-"));
            expect(stackViolations(healthChecked, unchecked).length).toBeGreaterThan(0);
            expect(stackViolations(healthChecked, inEnvironment(unchecked, "staging"))).toEqual([]);
            expect(named("health-api").props).toEqual({
                domain: "api.example.com",
                healthPath: "/health",
            });
        });

        it("refuses a public service without a health check", () => {
            const violations = stackViolations(
                healthChecked,
                mutated((r) => (r.name.startsWith("health-api") ? null : r)),
            );
            expect(violations.map((v) => v.message)).toEqual([
                "api.example.com: is public but has no health check; give its service a healthPath.",
            ]);
        });

        it("refuses a health check whose alarm is not critical", () => {
            const [violation] = stackViolations(
                healthChecked,
                mutated((r) =>
                    r.name === "health-web-alarm"
                        ? withProps(r, {
                              tags: {
                                  "opsbook:rule": "health-check",
                                  "opsbook:severity": "warning",
                              },
                          })
                        : r,
                ),
            );
            expect(violation.message).toBe(
                "app.example.com: its health check has no alarm routed to the critical topic.",
            );
        });
    });

    describe("opsbook-alerts-actions", () => {
        const alarms = () => compliant.filter((r) => r.type === ALARM);

        it("passes every alarm the program registers", () => {
            expect(alarms().length).toBeGreaterThanOrEqual(13);
            for (const alarm of alarms())
                expect([alarm.name, resourceViolations(alarmActions, alarm)]).toEqual([
                    alarm.name,
                    [],
                ]);
        });

        it("refuses an alarm without actions", () => {
            expect(
                resourceViolations(
                    alarmActions,
                    withProps(named("alarms-api-ecs-cpu"), { alarmActions: [] }),
                ),
            ).toEqual(["alarms-api-ecs-cpu: has no alarm action; route it to a severity topic."]);
        });

        it("refuses an alarm without OK actions or a missing-data treatment", () => {
            const alarm = named("alarms-api-ecs-cpu");
            expect(
                resourceViolations(alarmActions, withProps(alarm, { okActions: [] }))[0],
            ).toMatch(/no OK action/);
            const { treatMissingData: _dropped, ...rest } = alarm.props;
            expect(resourceViolations(alarmActions, { ...alarm, props: rest })[0]).toMatch(
                /does not say what missing data means/,
            );
        });
    });

    describe("opsbook-alerts-thresholds", () => {
        it("passes every rule alarm", () => {
            for (const alarm of compliant.filter((r) => r.type === ALARM)) {
                expect([alarm.name, resourceViolations(alarmThresholds, alarm)]).toEqual([
                    alarm.name,
                    [],
                ]);
            }
        });

        it("refuses a 5xx alarm at 10% where the rule says 5%", () => {
            expect(
                resourceViolations(
                    alarmThresholds,
                    withProps(named("alarms-api-error-rate-critical"), { threshold: 10 }),
                ),
            ).toEqual([
                "alarms-api-error-rate-critical: threshold 10 is looser than rule error-rate-critical (above 5 percent).",
            ]);
        });

        it("refuses a free-storage alarm at 5% where the rule says 10%, and a longer window", () => {
            expect(
                resourceViolations(
                    alarmThresholds,
                    withProps(named("alarms-db-main-rds-free-storage-critical"), { threshold: 5 }),
                )[0],
            ).toMatch(
                /threshold 5 is looser than rule rds-free-storage-critical \(below 10 percent\)/,
            );
            expect(
                resourceViolations(
                    alarmThresholds,
                    withProps(named("alarms-api-latency-p95"), { evaluationPeriods: 30 }),
                )[0],
            ).toMatch(/waits 1800 s/);
        });
    });

    describe("opsbook-alerts-critical-subscribed", () => {
        it("passes: the critical topic pages PagerDuty", () => {
            expect(stackViolations(criticalSubscribed, compliant)).toEqual([]);
        });

        it("refuses a critical topic with no subscription", () => {
            const [violation] = stackViolations(
                criticalSubscribed,
                mutated((r) =>
                    r.name.startsWith("alerts-critical-") && r.type.includes("topicSubscription")
                        ? null
                        : r,
                ),
            );
            expect(violation.message).toMatch(
                /^alerts-critical: the critical topic has no subscription/,
            );
        });

        it("refuses a critical topic only chat e-mail subscribes in production (rule pagingRoute), not in staging", () => {
            const chatOnly = mutated((r) =>
                r.name.startsWith("alerts-critical-") && r.type.includes("topicSubscription")
                    ? { ...r, props: { ...r.props, protocol: "email" } }
                    : r,
            );
            expect(stackViolations(criticalSubscribed, chatOnly).map((v) => v.message)).toEqual([
                "alerts-critical: only chat reaches the critical topic in production (rule pagingRoute); add a paging route to opsbook:system.alerts.routes.critical.",
            ]);
            expect(stackViolations(criticalSubscribed, inEnvironment(chatOnly, "staging"))).toEqual(
                [],
            );
        });
    });

    describe("opsbook-services-log-retention", () => {
        it("passes the services' log groups", () => {
            expect(eachViolations(logRetention, named("api-logs"))).toEqual([]);
        });

        it("refuses a log group kept forever", () => {
            const { retentionInDays: _dropped, ...rest } = named("api-logs").props;
            expect(eachViolations(logRetention, { ...named("api-logs"), props: rest })).toEqual([
                "api-logs: keeps logs forever; set retentionInDays (opsbook: the service's logRetentionDays, default from rule logRetentionDays).",
            ]);
        });

        it("refuses a week of logs in production (rule logRetentionDays), and allows it in staging", () => {
            const week = {
                ...named("api-logs"),
                props: { ...named("api-logs").props, retentionInDays: 7 },
            };
            expect(eachViolations(logRetention, week)).toEqual([
                "api-logs: keeps logs 7 days; production keeps them at least 30 (rule logRetentionDays).",
            ]);
            expect(eachViolations(logRetention, week, "staging")).toEqual([]);
        });
    });

    describe("opsbook-edge-rate-limit", () => {
        it("passes the zone with its rate limit", () => {
            expect(stackViolations(rateLimit, compliant)).toEqual([]);
        });

        it("refuses a public zone without a rate-limiting rule", () => {
            const [violation] = stackViolations(
                rateLimit,
                mutated((r) => (r.type === "cloudflare:index/ruleset:Ruleset" ? null : r)),
            );
            expect(violation.message).toBe(
                "zone 00112233445566778899aabbccddeeff: serves public records but has no rate-limiting rule; set opsbook:system.dns.rateLimitPerMinute.",
            );
        });
    });
});

describe("opsbook-services-no-plain-secrets", () => {
    type Declared = { plain: string[]; fromParameters: string[]; publicValues?: string[] };
    const declaredOf = (r: FixtureResource) =>
        (r.props.taskEnvironments as Record<string, Declared>)["api-task"];
    const TASK = "aws:ecs/taskDefinition:TaskDefinition";
    let firstPreview: FixtureResource[];
    beforeAll(async () => {
        compliant = await captureFixture();
        firstPreview = await captureFixture(undefined, undefined, { firstPreview: true });
    });
    /** `resources` with the api component declaring `edit` of its task's environment. */
    const declaring = (resources: readonly FixtureResource[], edit: (declared: Declared) => void) =>
        mutate(resources, (r) => {
            if (r.type !== "opsbook:index:EcsService" || r.name !== "api") return r;
            const declared = structuredClone(declaredOf(r));
            edit(declared);
            return withProps(r, { taskEnvironments: { "api-task": declared } });
        });

    it("passes every task definition, with known JSON and in a first preview", () => {
        expect(compliant.filter((r) => r.type === TASK).map((r) => r.name)).toEqual(
            expect.arrayContaining(["api-task", "worker-task", "db-access-task"]),
        );
        expect(stackViolations(noPlainSecrets, compliant)).toEqual([]);
        expect(stackViolations(noPlainSecrets, firstPreview)).toEqual([]);
    });

    it("sees the container JSON unknown in a first preview, and the api's declared names", () => {
        const task = firstPreview.find((r) => r.name === "api-task")!;
        expect(task.props.containerDefinitions).toBe(UNKNOWN_VALUE);
        const declared = declaredOf(
            firstPreview.find((r) => r.type === "opsbook:index:EcsService" && r.name === "api")!,
        );
        const containers = JSON.parse(named("api-task").props.containerDefinitions as string);
        const api = containers.find((c: { name: string }) => c.name === "api");
        // The declaration is the JSON's own lists: same plain names, same names from parameters.
        expect([...declared.plain].sort()).toEqual(
            api.environment.map((e: { name: string }) => e.name).sort(),
        );
        expect([...declared.fromParameters].sort()).toEqual(
            api.secrets.map((e: { name: string }) => e.name).sort(),
        );
    });

    it("refuses a secret in plain environment", () => {
        const task = named("api-task");
        const containers = JSON.parse(task.props.containerDefinitions as string);
        containers[containers.length - 1].environment.push({
            name: "STRIPE_SECRET_KEY",
            value: "sk_test_x",
        });
        // The component declares it too (else the declaration check would also object).
        const resources = declaring(
            mutated((r) =>
                r === task
                    ? withProps(task, { containerDefinitions: JSON.stringify(containers) })
                    : r,
            ),
            (d) => d.plain.push("STRIPE_SECRET_KEY"),
        );
        expect(stackViolations(noPlainSecrets, resources).map((v) => v.message)).toEqual([
            "api-task: container api has STRIPE_SECRET_KEY in plain environment; pass it as a secret from SSM (valueFrom).",
        ]);
    });

    /** The api task with `variable` added to its container's plain environment, declared as plain. */
    const withPlain = (variable: { name: string; value: string }, publicValue = false) => {
        const task = named("api-task");
        const containers = JSON.parse(task.props.containerDefinitions as string);
        containers.find((c: { name: string }) => c.name === "api").environment.push(variable);
        return declaring(
            mutated((r) =>
                r === task
                    ? withProps(task, { containerDefinitions: JSON.stringify(containers) })
                    : r,
            ),
            (d) => {
                d.plain.push(variable.name);
                if (publicValue) d.publicValues = [variable.name];
            },
        );
    };

    it("refuses a credential by value under a neutral name, naming the rule and not the value", () => {
        const violations = stackViolations(
            noPlainSecrets,
            withPlain({ name: "STRIPE_CONFIG", value: SAMPLES.stripe.text }),
        );
        expect(violations.map((v) => v.message)).toEqual([
            "api-task: container api has STRIPE_CONFIG in plain environment with a value that looks like a credential (secretlint rule @secretlint/secretlint-rule-stripe (STRIPE_SECRET_KEY_LIVE)); pass it as a secret from SSM (valueFrom).",
        ]);
    });

    it("accepts a plain variable its component declares public by design, by name or by value", () => {
        const dsn = "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504";
        expect(
            stackViolations(noPlainSecrets, withPlain({ name: "SENTRY_DSN", value: dsn }, true)),
        ).toEqual([]);
        expect(
            stackViolations(
                noPlainSecrets,
                withPlain({ name: "STRIPE_CONFIG", value: SAMPLES.stripe.text }, true),
            ),
        ).toEqual([]);
        // The declaration is what lets it through.
        expect(
            stackViolations(noPlainSecrets, withPlain({ name: "SENTRY_DSN", value: dsn })),
        ).toHaveLength(1);
    });

    it("accepts, in a first preview, a secret-looking name declared public", () => {
        expect(
            stackViolations(
                noPlainSecrets,
                declaring(firstPreview, (d) => {
                    d.plain.push("SENTRY_DSN");
                    d.publicValues = ["SENTRY_DSN"];
                }),
            ),
        ).toEqual([]);
    });

    it("refuses a declaration that does not match the known container JSON", () => {
        const violations = stackViolations(
            noPlainSecrets,
            declaring(compliant, (d) => d.plain.pop()),
        );
        expect(violations).toEqual([
            {
                message: expect.stringMatching(
                    /^api-task: its component declares plain \[.*\] and from parameters \[.*\], but its containers receive plain \[.*\] and from parameters \[.*\]; a first preview judges from the declaration, so it must match\.$/,
                ),
                urn: expect.stringMatching(/::api-task$/),
            },
        ]);
    });

    it("refuses a secret declared in plain environment, in a first preview", () => {
        const violations = stackViolations(
            noPlainSecrets,
            declaring(firstPreview, (d) => d.plain.push("STRIPE_SECRET_KEY")),
        );
        expect(violations).toEqual([
            {
                message:
                    "api-task: STRIPE_SECRET_KEY is declared in plain environment; pass it as a secret from SSM (valueFrom).",
                urn: expect.stringMatching(/::api-task$/),
            },
        ]);
    });

    it("refuses, in a first preview, a secret whose parameter is not a SecureString", () => {
        const declared = declaredOf(
            firstPreview.find((r) => r.type === "opsbook:index:EcsService" && r.name === "api")!,
        );
        const variable = declared.fromParameters[0] as string;
        const violations = stackViolations(
            noPlainSecrets,
            mutate(firstPreview, (r) =>
                r.type === "aws:ssm/parameter:Parameter" && r.name === `api-env-${variable}`
                    ? withProps(r, { type: "String" })
                    : r,
            ),
        );
        expect(violations.map((v) => v.message)).toEqual([
            `api-task: ${variable} is read from a parameter, but no SecureString SSM parameter named …/${variable} flows into containerDefinitions.`,
        ]);
    });

    it("does not judge, in a first preview, a task definition whose component declares nothing", () => {
        expect(() =>
            stackViolations(
                noPlainSecrets,
                mutate(firstPreview, (r) =>
                    r.type === "opsbook:index:EcsService" && r.name === "api"
                        ? withProps(r, { taskEnvironments: {} })
                        : r,
                ),
            ),
        ).toThrow("string value at .containerDefinitions can't be known during preview");
    });
});
