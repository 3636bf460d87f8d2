/**
 * `npm run plan -- --all`: plans every stack file of the repository (the top level's `Pulumi.<stack>.yaml`
 * and `examples/`) and checks what no single stack can see (`crossStackFindings`, pure over the plans):
 *   - a zone's singletons: two stacks owning one zone, or writing one phase's entry-point ruleset (Cloudflare
 *     keeps one per phase and zone); a tenant whose owner does not list it, or lists a stack that does not
 *     name it; one DNS name served by two stacks;
 *   - globally unique names: S3 buckets, Vercel projects, Edge Config stores (and R2 buckets per account);
 *   - names unique in one AWS account and region: ECS task families, SSM parameters, alarms, log groups,
 *     backup vaults and restore testing plans, schedules. Two stacks share an account unless their
 *     `aws:allowedAccountIds` say otherwise; a region is `aws:region`.
 * Exit codes as the plan's: 2 when any stack is invalid, 1 on a mandatory violation or a finding, else 0.
 */
import * as fs from "fs";
import * as path from "path";
import { readStackFile, stackNameOf } from "./stackFile";
import type { PlannedResource, PlanResult } from "./planTypes";
import { TYPES } from "../policies/rules/types";

/** One planned stack, with what places its names: the AWS account(s) and region of its file. */
export interface StackPlan {
    readonly stack: string;
    readonly file: string;
    readonly result: PlanResult;
    /** `aws:region` (the provider's default when unset). */
    readonly region: string;
    /** `aws:allowedAccountIds`, when set; otherwise the stack may share an account with any other. */
    readonly accountIds?: readonly string[];
}

export interface CrossStackFinding {
    readonly kind: "zone-owner" | "zone-singleton" | "zone-tenant" | "dns-record" | "name";
    readonly stacks: readonly string[];
    readonly message: string;
}

/** Stack files of the repository: `Pulumi.<stack>.yaml` at `root` and in `root/examples`. */
export function repositoryStackFiles(root: string): string[] {
    return [root, path.join(root, "examples")].flatMap((dir) =>
        fs.existsSync(dir)
            ? fs
                  .readdirSync(dir)
                  .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
                  .sort()
                  .map((f) => path.join(dir, f))
            : [],
    );
}

/** Names one namespace holds once: which input of which type, and how wide the namespace is. */
const UNIQUE_NAMES: readonly {
    type: string;
    input: string;
    what: string;
    scope: "global" | "account" | "cloudflare-account";
}[] = [
    // S3 bucket names are global across all AWS accounts (S3 User Guide, "General purpose bucket naming rules").
    { type: TYPES.aws.s3.Bucket, input: "bucket", what: "S3 bucket", scope: "global" },
    { type: TYPES.aws.s3.BucketV2, input: "bucket", what: "S3 bucket", scope: "global" },
    // A Vercel team holds a project name and an Edge Config store name once; stacks deploy to one team.
    {
        type: TYPES.vercel.Project,
        input: "name",
        what: "Vercel project",
        scope: "global",
    },
    {
        type: TYPES.vercel.EdgeConfig,
        input: "name",
        what: "Edge Config store",
        scope: "global",
    },
    {
        type: TYPES.cloudflare.R2Bucket,
        input: "name",
        what: "R2 bucket",
        scope: "cloudflare-account",
    },
    {
        type: TYPES.aws.ecs.TaskDefinition,
        input: "family",
        what: "ECS task family",
        scope: "account",
    },
    { type: TYPES.aws.ssm.Parameter, input: "name", what: "SSM parameter", scope: "account" },
    {
        type: TYPES.aws.cloudwatch.MetricAlarm,
        input: "name",
        what: "CloudWatch alarm",
        scope: "account",
    },
    {
        type: TYPES.aws.cloudwatch.CompositeAlarm,
        input: "alarmName",
        what: "CloudWatch alarm",
        scope: "account",
    },
    {
        type: TYPES.aws.cloudwatch.LogGroup,
        input: "name",
        what: "CloudWatch log group",
        scope: "account",
    },
    { type: TYPES.aws.backup.Vault, input: "name", what: "backup vault", scope: "account" },
    {
        type: TYPES.aws.backup.RestoreTestingPlan,
        input: "name",
        what: "restore testing plan",
        scope: "account",
    },
    {
        type: TYPES.aws.scheduler.Schedule,
        input: "name",
        what: "EventBridge schedule",
        scope: "account",
    },
    {
        type: TYPES.aws.cloudwatch.EventRule,
        input: "name",
        what: "EventBridge rule",
        scope: "account",
    },
];

const inputsOf = (r: PlannedResource) => (r.inputs ?? {}) as Record<string, unknown>;
/** A name the plan knows: not unknown, not redacted. */
const known = (value: unknown): value is string =>
    typeof value === "string" && value !== "" && !/^\[(unknown|secret)\]$/.test(value);

/** Whether two stacks may be in one AWS account: unless both pin accounts and the pins are disjoint. */
function mayShareAccount(a: StackPlan, b: StackPlan): boolean {
    if (!a.accountIds || !b.accountIds) return true;
    return a.accountIds.some((id) => b.accountIds!.includes(id));
}

interface Claim {
    readonly plan: StackPlan;
    readonly key: string;
    readonly label: string;
}

/** Claims of one key by more than one stack, where their scopes meet. */
function collisions(claims: readonly Claim[], meet: (a: StackPlan, b: StackPlan) => boolean) {
    const byKey = new Map<string, Claim[]>();
    for (const claim of claims) byKey.set(claim.key, [...(byKey.get(claim.key) ?? []), claim]);
    const found: { label: string; stacks: string[] }[] = [];
    for (const list of byKey.values()) {
        const stacks = [...new Set(list.map((c) => c.plan.stack))];
        if (stacks.length < 2) continue;
        const plans = stacks.map((s) => list.find((c) => c.plan.stack === s)!.plan);
        const meeting = plans.filter((p) => plans.some((q) => q !== p && meet(p, q)));
        if (meeting.length >= 2)
            found.push({ label: list[0].label, stacks: meeting.map((p) => p.stack) });
    }
    return found;
}

interface EdgeFacts {
    readonly plan: StackPlan;
    readonly zone: string;
    readonly zoneId: string;
    readonly role: "owner" | "tenant";
    readonly owner: string;
    readonly tenants: readonly string[];
}

function edgesOf(plan: StackPlan): EdgeFacts[] {
    if (!plan.result.ok) return [];
    return plan.result.resources
        .filter((r) => r.type === TYPES.opsbook.Edge)
        .map((r) => {
            const i = inputsOf(r);
            return {
                plan,
                zone: String(i.zone),
                zoneId: String(i.zoneId),
                role: i.zoneRole === "tenant" ? "tenant" : "owner",
                owner: String(i.zoneOwner),
                tenants: Array.isArray(i.zoneTenants) ? i.zoneTenants.map(String) : [],
            };
        });
}

const both = (stacks: readonly string[]) =>
    stacks.length === 2 ? `${stacks[0]} and ${stacks[1]}` : stacks.join(", ");

/** What no single stack's plan can see. Pure: reads the plans only. */
export function crossStackFindings(plans: readonly StackPlan[]): CrossStackFinding[] {
    const findings: CrossStackFinding[] = [];
    const edges = plans.flatMap(edgesOf);
    const byZone = new Map<string, EdgeFacts[]>();
    for (const edge of edges) byZone.set(edge.zoneId, [...(byZone.get(edge.zoneId) ?? []), edge]);
    for (const [zoneId, list] of byZone) {
        const zone = `zone ${list[0].zone} (${zoneId})`;
        const owners = list.filter((e) => e.role === "owner");
        if (owners.length > 1) {
            const stacks = owners.map((e) => e.plan.stack);
            findings.push({
                kind: "zone-owner",
                stacks,
                message: `${zone}: owned by ${both(stacks)}; one stack owns a zone's rulesets (opsbook:system.dns.owner: true, the default) and the others name it (dns.owner: ${stacks[0]}), listed in its dns.tenants`,
            });
        }
        for (const tenant of list.filter((e) => e.role === "tenant")) {
            const owner = list.find((e) => e.role === "owner" && e.plan.stack === tenant.owner);
            const problem = !owner
                ? `names ${tenant.owner} as the owner (opsbook:system.dns.owner), which does not own this zone in any planned stack`
                : !owner.tenants.includes(tenant.plan.stack)
                  ? `names ${tenant.owner} as the owner, whose opsbook:system.dns.tenants does not list it: its hosts get no rate limit or origin secret`
                  : undefined;
            if (problem)
                findings.push({
                    kind: "zone-tenant",
                    stacks: [tenant.plan.stack, tenant.owner],
                    message: `${zone}: ${tenant.plan.stack} ${problem}`,
                });
        }
        for (const owner of owners) {
            for (const name of owner.tenants) {
                const tenant = list.find((e) => e.plan.stack === name);
                if (tenant?.role === "tenant" && tenant.owner === owner.plan.stack) continue;
                findings.push({
                    kind: "zone-tenant",
                    stacks: [owner.plan.stack, name],
                    message: `${zone}: ${owner.plan.stack} lists ${name} in opsbook:system.dns.tenants, but ${tenant ? `${name} does not name it as dns.owner` : `no planned stack ${name} is on this zone`}`,
                });
            }
        }
    }
    const zoneName = new Map(edges.map((e) => [e.zoneId, e.zone]));
    const resources = (plan: StackPlan, type: string) =>
        plan.result.ok ? plan.result.resources.filter((r) => r.type === type) : [];
    const always = () => true;
    const singletons = plans.flatMap((plan) =>
        resources(plan, TYPES.cloudflare.Ruleset)
            .map(inputsOf)
            .filter((i) => i.kind === "zone" && known(i.zoneId))
            .map((i) => ({
                plan,
                key: `${String(i.zoneId)} ${String(i.phase)}`,
                label: `zone ${zoneName.get(String(i.zoneId)) ?? ""} (${String(i.zoneId)}): the ${String(i.phase)} entry-point ruleset`,
            })),
    );
    for (const c of collisions(singletons, always))
        findings.push({
            kind: "zone-singleton",
            stacks: c.stacks,
            message: `${c.label} is written by ${both(c.stacks)}; Cloudflare keeps one per zone and phase, so the second up fails or overwrites the first's rules. Make one the zone's owner`,
        });
    const records = plans.flatMap((plan) =>
        resources(plan, TYPES.cloudflare.DnsRecord)
            .map(inputsOf)
            .filter((i) => known(i.name) && known(i.zoneId))
            .map((i) => ({
                plan,
                key: `${String(i.zoneId)} ${String(i.name)}`,
                label: `DNS name ${String(i.name)}`,
            })),
    );
    for (const c of collisions(records, always))
        findings.push({
            kind: "dns-record",
            stacks: c.stacks,
            message: `${c.label} is served by ${both(c.stacks)}; each stack's services need their own domains`,
        });
    for (const rule of UNIQUE_NAMES) {
        const claims = plans.flatMap((plan) =>
            resources(plan, rule.type)
                .map(inputsOf)
                .filter((i) => known(i[rule.input]))
                .map((i) => {
                    const name = String(i[rule.input]);
                    const key =
                        rule.scope === "account"
                            ? `${plan.region} ${name}`
                            : rule.scope === "cloudflare-account"
                              ? `${String(i.accountId)} ${name}`
                              : name;
                    return { plan, key, label: `${rule.what} ${name}` };
                }),
        );
        const meet = rule.scope === "account" ? mayShareAccount : always;
        for (const c of collisions(claims, meet)) {
            const where =
                rule.scope === "account"
                    ? ` in one account and region (${claims.find((x) => x.plan.stack === c.stacks[0])!.plan.region}; set aws:allowedAccountIds where they are different accounts)`
                    : "";
            findings.push({
                kind: "name",
                stacks: c.stacks,
                message: `${c.label} is claimed by ${both(c.stacks)}${where}; the second create fails`,
            });
        }
    }
    return findings;
}

/** Where a stack's names live, from its file (unreadable files are reported by their plan). */
export function stackPlacement(file: string): { region: string; accountIds?: string[] } {
    const read = readStackFile(file, "opsbook");
    const values = read.ok ? read.file.config.values : {};
    const accounts = values["aws:allowedAccountIds"];
    const list = Array.isArray(accounts)
        ? accounts.map(String)
        : typeof accounts === "string"
          ? accounts
                .replace(/[[\]"\s]/g, "")
                .split(",")
                .filter(Boolean)
          : undefined;
    return {
        region: typeof values["aws:region"] === "string" ? values["aws:region"] : "us-east-1",
        ...(list && list.length > 0 ? { accountIds: list } : {}),
    };
}

export interface AllResult {
    readonly exitCode: 0 | 1 | 2;
    readonly plans: readonly StackPlan[];
    readonly findings: readonly CrossStackFinding[];
}

/** Plans each file in turn (one pack per stack, shared when `packs` is given) and compares them. */
export async function planAll(
    files: readonly string[],
    plan: (file: string) => Promise<PlanResult>,
): Promise<AllResult> {
    const plans: StackPlan[] = [];
    for (const file of files)
        plans.push({
            stack: stackNameOf(file),
            file,
            result: await plan(file),
            ...stackPlacement(file),
        });
    const findings = crossStackFindings(plans);
    const exitCode = plans.some((p) => p.result.exitCode === 2)
        ? 2
        : plans.some((p) => p.result.exitCode === 1) || findings.length > 0
          ? 1
          : 0;
    return { exitCode, plans, findings };
}

/** The text of `--all`: each stack's verdict line, then the findings. */
export function formatAllText(result: AllResult, formatOne: (r: PlanResult) => string): string {
    const lines: string[] = [];
    for (const p of result.plans)
        lines.push(`== ${path.basename(p.file)} ==`, formatOne(p.result), "");
    lines.push(
        `opsbook plan --all · ${result.plans.length} stacks · ${result.findings.length} cross-stack finding(s)`,
        ...result.plans.map(
            (p) =>
                `  ${p.stack}: ${p.result.exitCode === 0 ? "clean" : p.result.exitCode === 1 ? "mandatory violation or blocking change" : "invalid"}`,
        ),
        ...result.findings.map((f) => `  CROSS-STACK ${f.kind}: ${f.message}`),
    );
    return lines.join("\n");
}

/** `--json`: every stack's plan (as `--json` prints it alone) and the findings. */
export function formatAllJson(result: AllResult, formatOne: (r: PlanResult) => string): string {
    return JSON.stringify(
        {
            exitCode: result.exitCode,
            stacks: result.plans.map((p) => ({
                stack: p.stack,
                file: path.relative(path.resolve(__dirname, ".."), p.file),
                exitCode: p.result.exitCode,
                plan: JSON.parse(formatOne(p.result)),
            })),
            findings: result.findings,
        },
        null,
        2,
    );
}

/** `--all` plans every stack with its own policy config, and compares plans of the same date. */
export function allConflicts(args: {
    all: boolean;
    root?: string;
    stack?: string;
    stackFile?: string;
    policyConfigFile?: string;
    diffAgainst?: string;
}): { path: string; message: string }[] {
    if (!args.all)
        return args.root !== undefined ? [{ path: "--root", message: "is for --all only" }] : [];
    const given = (
        [
            ["--stack", args.stack],
            ["--stack-file", args.stackFile],
            ["--policy-config", args.policyConfigFile],
            ["--diff-against", args.diffAgainst],
        ] as const
    ).filter(([, v]) => v !== undefined);
    return given.map(([flag]) => ({
        path: flag,
        message: "is given with --all, which plans every stack file with its own policy config",
    }));
}
