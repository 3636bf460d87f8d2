/** The CI role's policy for `pulumi up` (docs/ci-pulumi-up-policy.json) covers what the program registers. */
import * as fs from "fs";
import { CI_POLICY_FILE, ciPolicy, formatPolicy } from "../../tools/ciPolicy";
import { planExample, planned, planProd, STACKS } from "./helpers";

// Run alone (no global setup), this plans all six stacks.
jest.setTimeout(300_000);

async function registeredTypes(): Promise<Set<string>> {
    // One after another: planned here (no global setup), plans share the global mock runtime.
    const types = new Set<string>();
    for (const [name] of STACKS) {
        const result = name === "prod" ? planned(await planProd()) : await planExample(name);
        for (const r of result.resources) types.add(r.type);
    }
    return types;
}

test("the committed CI policy is the one the registered types give (npm run ci-policy)", async () => {
    const generated = formatPolicy(await ciPolicy(await registeredTypes()));
    expect(fs.readFileSync(CI_POLICY_FILE, "utf8")).toBe(generated);
});

test("it lets pulumi up create, read and delete what it registers, and wait for steady state", async () => {
    const actions = (JSON.parse(fs.readFileSync(CI_POLICY_FILE, "utf8")).Statement[0].Action ??
        []) as string[];
    for (const action of [
        "ecs:RegisterTaskDefinition",
        "ecs:ListServiceDeployments",
        "scheduler:CreateSchedule",
        "iam:PassRole",
        "iam:PutRolePolicy",
        "s3:PutBucketPolicy",
        "sns:SetTopicAttributes",
        "kms:PutKeyPolicy",
        "appconfig:StartDeployment",
    ])
        expect(actions).toContain(action);
    // Not an IAM-wide grant: users and groups are nothing the program makes.
    expect(actions.filter((a) => /^iam:.*(User|Group)/.test(a))).toEqual([]);
});

test("an AWS type with no mapping is an error naming it, not a silent gap", async () => {
    await expect(ciPolicy(["aws:sqs/queue:Queue"])).rejects.toThrow("aws:sqs/queue:Queue");
});
