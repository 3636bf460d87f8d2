import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import {
    CapturedResource,
    PolicyRunOptions,
    PolicyRunResult,
    PolicyViolation,
    runPolicyPack,
} from "../../tools/analyzer";

jest.setTimeout(30_000); // every run boots the pack through ts-node (type-checked)

// The fixture lives inside the repo so the pack resolves @pulumi/policy from the root node_modules.
const packDir = path.join(__dirname, "..", `.tmp-analyzer-${process.pid}-${Date.now()}`);

const FIXTURE_INDEX = `
import * as pulumi from "@pulumi/pulumi";
import { PolicyPack, validateResourceOfType } from "@pulumi/policy";

interface ParameterArgs {
    name?: pulumi.Input<string>;
    type?: pulumi.Input<string>;
    value?: pulumi.Input<string>;
    tier?: pulumi.Input<string>;
    description?: pulumi.Input<string>;
}
// Stands in for aws.ssm.Parameter: the policy SDK only needs the type token.
class Parameter extends pulumi.CustomResource {
    static readonly __pulumiType = "aws:ssm/parameter:Parameter";
    constructor(name: string, args: ParameterArgs, opts?: pulumi.CustomResourceOptions) {
        super(Parameter.__pulumiType, name, args, opts);
    }
}

new PolicyPack("fixture-pack", {
    policies: [
        {
            name: "ssm-secure-string",
            description: "SSM parameters must be SecureString.",
            enforcementLevel: "mandatory",
            validateResource: validateResourceOfType(Parameter, (p, args, report) => {
                if (p.type !== "SecureString") report(\`parameter \${args.name} is \${p.type}\`);
            }),
        },
        {
            name: "no-placeholder-secret",
            description: "Secret values must not be placeholders.",
            enforcementLevel: "mandatory",
            validateResource: validateResourceOfType(Parameter, (p, args, report) => {
                const value: unknown = p.value;
                if (typeof value !== "string") report(\`saw a secret wrapper: \${JSON.stringify(value)}\`);
                else if (value === "changeme") report(\`placeholder value "\${value}" in \${args.name}\`);
            }),
        },
        {
            name: "ssm-tier",
            description: "Parameter tiers must be allowed.",
            configSchema: {
                properties: {
                    allowedTiers: { type: "array", items: { type: "string" }, default: ["Standard"] },
                },
            },
            validateResource: validateResourceOfType(Parameter, (p, args, report) => {
                const { allowedTiers } = args.getConfig<{ allowedTiers: string[] }>();
                if (p.tier && !allowedTiers.includes(p.tier)) {
                    report(\`tier \${p.tier} not in [\${allowedTiers.join(",")}]\`);
                }
            }),
        },
        {
            name: "ssm-description",
            description: "Parameters need a description.",
            enforcementLevel: "mandatory",
            validateResource: validateResourceOfType(Parameter, (p, _args, report) => {
                if (!p.description) report("missing description");
            }),
        },
        {
            name: "protected-runbook-children",
            description: "Resources inside a Runbook must be protected.",
            enforcementLevel: "mandatory",
            validateStack: (args, report) => {
                pulumi.log.info(\`checked \${args.resources.length} resources in pid \${process.pid}\`);
                const bad = args.resources.filter(
                    (r) => r.parent?.type === "opsbook:index:Runbook" && !r.opts.protect,
                );
                if (bad.length > 0) {
                    report(\`unprotected in \${bad[0].parent!.name}: \${bad.map((r) => r.name).join(", ")}\`);
                }
            },
        },
    ],
});
`;

const urn = (type: string, name: string, parentType?: string) =>
    `urn:pulumi:dev::opsbook::${parentType ? `${parentType}$` : ""}${type}::${name}`;
const secret = (value: unknown) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });

const stack = urn("pulumi:pulumi:Stack", "opsbook-dev");
const runbook = urn("opsbook:index:Runbook", "rotate");
const provider = urn("pulumi:providers:aws", "eu");
const dbPassword = urn("aws:ssm/parameter:Parameter", "db-password", "opsbook:index:Runbook");
const apiKey = urn("aws:ssm/parameter:Parameter", "api-key", "opsbook:index:Runbook");
const base = { custom: true, protect: false, dependencies: [] as string[] };
const resources: CapturedResource[] = [
    {
        ...base,
        urn: stack,
        type: "pulumi:pulumi:Stack",
        name: "opsbook-dev",
        custom: false,
        inputs: {},
    },
    {
        ...base,
        urn: provider,
        type: "pulumi:providers:aws",
        name: "eu",
        parent: stack,
        inputs: { region: "eu-west-1" },
    },
    {
        ...base,
        urn: runbook,
        type: "opsbook:index:Runbook",
        name: "rotate",
        custom: false,
        parent: stack,
        inputs: {},
    },
    {
        ...base,
        urn: dbPassword,
        type: "aws:ssm/parameter:Parameter",
        name: "db-password",
        parent: runbook,
        protect: true,
        provider: `${provider}::eu-id`,
        inputs: {
            type: "String",
            value: secret("changeme"),
            tier: "Advanced",
            description: "db",
            name: undefined,
        },
    },
    {
        ...base,
        urn: apiKey,
        type: "aws:ssm/parameter:Parameter",
        name: "api-key",
        parent: runbook,
        dependencies: [dbPassword],
        inputs: { type: "SecureString", value: secret("s3cr3t"), description: pulumi.unknown },
    },
];

const run = (policyConfig: Record<string, unknown> = {}): Promise<PolicyRunResult> => {
    const options: PolicyRunOptions = {
        packDir,
        project: "opsbook",
        stack: "dev",
        dryRun: true,
        policyConfig,
        resources,
    };
    return runPolicyPack(options);
};
const find = (r: PolicyRunResult, policy: string, urn?: string): PolicyViolation[] =>
    r.violations.filter((v) => v.policy === policy && (urn === undefined || v.urn === urn));
const levels = (r: PolicyRunResult) =>
    Object.fromEntries(
        r.violations.map((v) => [`${v.policy} ${v.urn ?? "stack"}`, v.enforcementLevel]),
    );

/** Processes still running the fixture pack (Linux: matched by working directory). */
function packProcesses(): string[] {
    return fs.readdirSync("/proc").filter((pid) => {
        try {
            return /^\d+$/.test(pid) && fs.readlinkSync(`/proc/${pid}/cwd`) === packDir;
        } catch {
            return false; // gone meanwhile, or not ours to inspect
        }
    });
}

let defaults: PolicyRunResult;

beforeAll(async () => {
    fs.mkdirSync(packDir, { recursive: true });
    fs.writeFileSync(
        path.join(packDir, "PulumiPolicy.yaml"),
        "runtime: nodejs\ndescription: analyzer test fixture\n",
    );
    fs.writeFileSync(
        path.join(packDir, "package.json"),
        JSON.stringify({ name: "fixture-pack", version: "0.0.1", main: "index.ts" }),
    );
    fs.writeFileSync(path.join(packDir, "index.ts"), FIXTURE_INDEX);
    defaults = await run();
}, 60_000);

afterAll(() => fs.rmSync(packDir, { recursive: true, force: true }));

describe("runPolicyPack", () => {
    it("reports a mandatory resource violation with its urn and message", () => {
        expect(find(defaults, "ssm-secure-string")).toEqual([
            {
                policyPack: "fixture-pack",
                policy: "ssm-secure-string",
                enforcementLevel: "mandatory",
                urn: dbPassword,
                message: "SSM parameters must be SecureString.\nparameter db-password is String",
                description: "SSM parameters must be SecureString.",
            },
        ]);
        expect(defaults.policies).toContainEqual({
            name: "ssm-tier",
            enforcementLevel: "advisory",
        });
        expect(defaults.timings.startMs).toBeGreaterThan(0);
        expect(defaults.timings.analyzeMs).toBeGreaterThan(0);
    });

    it("applies enforcement levels from policyConfig: 'all' first, then named policies", async () => {
        expect(levels(defaults)).toMatchObject({
            [`ssm-secure-string ${dbPassword}`]: "mandatory",
            [`ssm-tier ${dbPassword}`]: "advisory",
        });
        const flipped = await run({
            all: "advisory",
            "ssm-tier": { enforcementLevel: "mandatory" },
        });
        expect(levels(flipped)).toMatchObject({
            [`ssm-secure-string ${dbPassword}`]: "advisory",
            [`ssm-tier ${dbPassword}`]: "mandatory",
            "protected-runbook-children stack": "advisory",
        });
        expect(flipped.policies).toContainEqual({
            name: "ssm-tier",
            enforcementLevel: "mandatory",
        });

        // Disabled policies don't run; config properties override schema defaults.
        const only = await run({
            all: "disabled",
            "ssm-tier": { enforcementLevel: "advisory", allowedTiers: ["Intelligent-Tiering"] },
        });
        expect(only.violations.map((v) => [v.policy, v.enforcementLevel, v.message])).toEqual([
            [
                "ssm-tier",
                "advisory",
                "Parameter tiers must be allowed.\ntier Advanced not in [Intelligent-Tiering]",
            ],
        ]);
    });

    it("hands a secret input to the policy unwrapped", () => {
        const seen = find(defaults, "no-placeholder-secret");
        expect(seen.map((v) => v.message)).toEqual([
            'Secret values must not be placeholders.\nplaceholder value "changeme" in db-password',
        ]);
        expect(seen[0].urn).toBe(dbPassword);
    });

    it("turns a policy's read of an unknown input into an advisory preview diagnostic", () => {
        expect(find(defaults, "ssm-description")).toEqual([
            expect.objectContaining({
                urn: apiKey,
                enforcementLevel: "advisory",
                message:
                    "can't run policy 'ssm-description' from policy pack 'fixture-pack@v0.0.1' during preview: " +
                    "string value at .description can't be known during preview",
            }),
        ]);
    });

    it("reports a stack-level violation from validateStack seeing parent and protect", () => {
        expect(find(defaults, "protected-runbook-children")).toEqual([
            expect.objectContaining({
                urn: undefined,
                enforcementLevel: "mandatory",
                message:
                    "Resources inside a Runbook must be protected.\nunprotected in rotate: api-key",
            }),
        ]);
        expect(defaults.logs).toContainEqual(
            expect.stringMatching(/^info: checked 5 resources in pid \d+$/),
        );
    });

    it("rejects a policy name the pack does not have", async () => {
        await expect(run({ "ssm-secure-strng": "advisory" })).rejects.toThrow(
            /policy "ssm-secure-strng" not found \(known policies: .*ssm-secure-string/,
        );
    });

    it("leaves no pack process behind", () => {
        const line = defaults.logs.find((l) => l.startsWith("info: checked"));
        const pid = Number(line?.match(/pid (\d+)/)?.[1]);
        expect(pid).toBeGreaterThan(0);
        expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
        expect(packProcesses()).toEqual([]); // covers the runs above, including the failed one
    });
});
