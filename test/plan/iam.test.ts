/**
 * IAM on the real path: for every stack, each call a principal makes at run time, in AWS's ARN formats, is
 * allowed by the identity, resource and key policies the plan attaches, and a sample of calls each
 * principal must not make is denied. Evaluated by @cloud-copilot/iam-simulate (README, "IAM check").
 */
import * as fs from "fs";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { parse } from "yaml";
import type { PlanResult } from "../../tools/plan";
import { planExample, planned, planProd, STACKS } from "./helpers";
import {
    Call,
    conditionHolds,
    describeCall,
    expectations,
    settleConditions,
    StackIam,
} from "./iamCalls";

// Run alone (no global setup), a stack's first test plans it; the simulations take seconds more.
jest.setTimeout(240_000);

const planOf = (name: string): Promise<PlanResult> =>
    name === "prod" ? planProd() : planExample(name);

const regionOf = (stackFile: string): string =>
    parse(fs.readFileSync(stackFile, "utf8")).config["aws:region"] ?? "us-east-1";

async function stackIam(name: string, stackFile: string): Promise<StackIam> {
    return new StackIam(planned(await planOf(name)).resources, regionOf(stackFile));
}

/** Each call with its verdict, as lines a failure prints. */
async function verdicts(iam: StackIam, calls: readonly Call[]) {
    return Promise.all(calls.map(async (call) => ({ call, verdict: await iam.evaluate(call) })));
}

describe.each(STACKS)("IAM of %s", (name, stackFile) => {
    test("every call a principal makes at run time is allowed", async () => {
        const iam = await stackIam(name, stackFile);
        const { allowed } = expectations(iam);
        const refused = (await verdicts(iam, allowed))
            .filter(({ verdict }) => !verdict.allowed)
            .map(({ call, verdict }) => `${describeCall(call)}: ${verdict.result}`);
        expect(refused).toEqual([]);
        // Not vacuous: execution roles, topics and the tunnel are in every stack.
        expect(allowed.length).toBeGreaterThan(10);
    });

    test("a sample of calls each principal must not make is denied", async () => {
        const iam = await stackIam(name, stackFile);
        const { denied } = expectations(iam);
        const granted = (await verdicts(iam, denied))
            .filter(({ verdict }) => verdict.allowed || verdict.result.startsWith("error"))
            .map(({ call, verdict }) => `${describeCall(call)}: ${verdict.result}`);
        expect(granted).toEqual([]);
        expect(denied.length).toBeGreaterThan(5);
    });

    test("no policy or call keeps a mock ARN: each is checked in AWS's format", async () => {
        const iam = await stackIam(name, stackFile);
        const { allowed, denied } = expectations(iam);
        const text = JSON.stringify([...allowed, ...denied].map((c) => c.resource));
        expect(text).not.toMatch(/arn:aws:mock/);
        const policies = iam
            .of("aws:iam/rolePolicy:RolePolicy")
            .map((p) => iam.inputs(p).policy)
            .concat(iam.of("aws:iam/policy:Policy").map((p) => iam.inputs(p).policy));
        expect(JSON.stringify(policies)).not.toMatch(/arn:aws:mock|\[unknown\]/);
    });
});

describe("scheduled tasks (issue 21, finding 1)", () => {
    test("each Scheduler role may run its task's revisions and pass its roles, in every stack", async () => {
        const checked: string[] = [];
        for (const [name, stackFile] of STACKS) {
            const iam = await stackIam(name, stackFile);
            const calls = expectations(iam).allowed.filter(
                (c) => c.why.startsWith("schedule ") && /RunTask|PassRole/.test(c.action),
            );
            if (calls.length === 0) continue;
            checked.push(name);
            expect(calls.some((c) => /:task-definition\/[^:]+:\d+$/.test(c.resource))).toBe(true);
            for (const { call, verdict } of await verdicts(iam, calls))
                expect(`${describeCall(call)}: ${verdict.result}`).toMatch(/: Allowed$/);
        }
        // Dumps and drills (fork-knife, kolamba, vercel-supabase) and a job (vercel-supabase).
        expect(checked).toEqual(["fork-knife", "kolamba", "vercel-supabase"]);
    });

    test("the family's ARN alone (what main granted) does not allow RunTask on a revision", async () => {
        const [name, stackFile] = STACKS.find(([n]) => n === "fork-knife")!;
        const iam = await stackIam(name, stackFile);
        const call = expectations(iam).allowed.find(
            (c) => c.why.startsWith("schedule ") && c.action === "ecs:RunTask",
        )!;
        const family = call.resource.replace(/:\d+$/, "");
        const verdict = await iam.evaluate({
            ...call,
            identityPolicies: [
                {
                    name: "main",
                    policy: {
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: "ecs:RunTask", Resource: family }],
                    },
                },
            ],
        });
        expect(verdict.result).toBe("ImplicitlyDenied");
    });
});

describe("a customer managed key for the parameters (key policies and their conditions)", () => {
    /**
     * The prod plan with its SecureStrings under one key whose policy lets the api and worker execution
     * roles decrypt through Parameter Store only: the evaluation reads the key and its policy from the
     * plan (`keyId`, the key's `policy`), nothing about it is special-cased.
     */
    async function withKey(condition: Record<string, unknown>): Promise<StackIam> {
        const resources = planned(await planProd()).resources;
        const role = (service: string) =>
            `arn:aws:iam::123456789012:role/${service}-execution-mock`;
        const key = {
            ...resources.find((r) => r.type === "aws:kms/key:Key")!,
            name: "parameters-key",
            inputs: {
                description: "SecureStrings",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: [role("api"), role("worker")] },
                            Action: "kms:Decrypt",
                            Resource: "*",
                            Condition: condition,
                        },
                    ],
                }),
            },
        };
        return new StackIam(
            [
                ...resources.map((r) =>
                    r.type === "aws:ssm/parameter:Parameter"
                        ? { ...r, inputs: { ...(r.inputs as object), keyId: "parameters-key-id" } }
                        : r,
                ),
                key,
            ],
            "us-east-1",
        );
    }
    const viaSsm = { StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" } };

    test("each execution role decrypts its parameters under the key's policy", async () => {
        const iam = await withKey(viaSsm);
        const decrypts = expectations(iam).allowed.filter((c) => c.action === "kms:Decrypt");
        expect(new Set(decrypts.map((c) => c.resource))).toEqual(
            new Set(["arn:aws:kms:us-east-1:123456789012:key/parameters-key-id"]),
        );
        const refused = (await verdicts(iam, decrypts)).filter(({ verdict }) => !verdict.allowed);
        expect(refused.map(({ call }) => describeCall(call))).toEqual([]);
    });

    test("and not a role the key does not name, nor outside Parameter Store", async () => {
        const iam = await withKey(viaSsm);
        const decrypt = expectations(iam).allowed.find((c) => c.action === "kms:Decrypt")!;
        expect((await iam.evaluate(decrypt)).result).toBe("Allowed");
        const other = {
            ...decrypt,
            principal: "arn:aws:iam::123456789012:role/db-access-role-mock",
        };
        const direct = {
            ...decrypt,
            context: { ...decrypt.context, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
        };
        expect((await iam.evaluate(other)).result).toBe("ImplicitlyDenied");
        expect((await iam.evaluate(direct)).result).toBe("ImplicitlyDenied");
    });

    test("a condition on the encryption context is settled from the call: own parameters only", async () => {
        const iam = await withKey({
            StringLike: {
                "kms:EncryptionContext:PARAMETER_ARN":
                    "arn:aws:ssm:us-east-1:123456789012:parameter/opsbook/prod/api/*",
            },
        });
        const decrypt = expectations(iam).allowed.find(
            (c) => c.action === "kms:Decrypt" && c.principal.includes("role/api-"),
        )!;
        expect(decrypt.context["kms:EncryptionContext:PARAMETER_ARN"]).toMatch(
            /^arn:aws:ssm:us-east-1:123456789012:parameter\/opsbook\/prod\/api\//,
        );
        expect((await iam.evaluate(decrypt)).result).toBe("Allowed");
        const another = {
            ...decrypt,
            context: {
                ...decrypt.context,
                "kms:EncryptionContext:PARAMETER_ARN":
                    "arn:aws:ssm:us-east-1:123456789012:parameter/opsbook/prod/worker/SECRET",
            },
        };
        expect((await iam.evaluate(another)).result).toBe("ImplicitlyDenied");
    });

    test("iam-simulate still drops kms:EncryptionContext:<key> (when it stops, settleConditions can go)", async () => {
        const result = await runSimulation(
            {
                request: {
                    principal: "arn:aws:iam::123456789012:role/r",
                    action: "kms:Decrypt",
                    resource: {
                        resource: "arn:aws:kms:us-east-1:123456789012:key/k",
                        accountId: "123456789012",
                    },
                    contextVariables: { "kms:EncryptionContext:PARAMETER_ARN": "x" },
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
            },
            { simulationMode: "Strict" },
        );
        expect(result.resultType === "single" && result.result.ignoredContextKeys).toContain(
            "kms:EncryptionContext:PARAMETER_ARN",
        );
    });
});

describe("settling the conditions iam-simulate drops", () => {
    const ARN = "arn:aws:ssm:us-east-1:1:parameter/opsbook/prod/api/SECRET";
    test("AWS's string operators: positive, Not, IfExists, absent keys, globs", () => {
        expect(conditionHolds("StringEquals", [ARN], ARN)).toBe(true);
        expect(conditionHolds("StringEquals", "other", ARN)).toBe(false);
        expect(
            conditionHolds("StringLike", "arn:aws:ssm:*:1:parameter/opsbook/prod/api/*", ARN),
        ).toBe(true);
        expect(
            conditionHolds("StringLike", "arn:aws:ssm:*:1:parameter/opsbook/prod/ap?/*", ARN),
        ).toBe(true);
        expect(
            conditionHolds("StringLike", "arn:aws:ssm:*:1:parameter/opsbook/prod/web/*", ARN),
        ).toBe(false);
        // A dot in a pattern is literal, not "any character".
        expect(
            conditionHolds("StringLike", "arn:aws:ssm:us-east-1:1:parameter.opsbook*", ARN),
        ).toBe(false);
        expect(conditionHolds("StringNotLike", "*web*", ARN)).toBe(true);
        expect(conditionHolds("StringNotEquals", ARN, ARN)).toBe(false);
        expect(conditionHolds("StringLike", "*", undefined)).toBe(false);
        expect(conditionHolds("StringLikeIfExists", "x", undefined)).toBe(true);
        expect(conditionHolds("StringNotEquals", "x", undefined)).toBe(true);
        expect(conditionHolds("ArnLike", "*", ARN)).toBeUndefined();
    });

    test("a statement whose condition fails is dropped; one that holds keeps its other conditions", () => {
        const key = "kms:EncryptionContext:PARAMETER_ARN";
        const policy = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "own",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: {
                        StringLike: { [key]: "arn:aws:ssm:*:1:parameter/opsbook/prod/api/*" },
                        StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" },
                    },
                },
                {
                    Sid: "other",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: { StringLike: { [key]: "arn:aws:ssm:*:1:parameter/x/*" } },
                },
            ],
        };
        expect(settleConditions(policy, [key], { [key]: ARN })).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "own",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" },
                    },
                },
            ],
        });
        expect(
            settleConditions(
                { Statement: [{ Effect: "Allow", Condition: { ArnLike: { [key]: "*" } } }] },
                [key],
                { [key]: ARN },
            ),
        ).toMatch(/ArnLike, which neither iam-simulate nor this check evaluates/);
    });
});
