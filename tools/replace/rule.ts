/** A replace-table entry's shape, the upstream releases read, and the helpers that cite them. */

/**
 * The upstream provider source each pinned package wraps, and how that was established.
 * - vercel: @pulumiverse/vercel 5.4.1 wraps terraform-provider-vercel v5.4.1 (pulumiverse versions follow
 *   upstream's; its SDK has no `auditLogDrain`, which v5.5.0 added).
 * - cloudflare: @pulumi/cloudflare 6.22.1 (2026-10-13) wraps v5.22.0: its SDK has `moqRelay`, which v5.22.0
 *   added, and v5.22.0 is upstream's newest release.
 * - postgresql: @pulumi/postgresql 3.18.x pins upstream commit ff936b9 (pulumi-postgresql v3.18.0's
 *   `upstream` submodule; v1.26.0 and three commits); nothing upstream changed after it.
 * - random: @pulumi/random 4.21.2 wraps v3.9.0 (pulumi-random's provider/shim/go.mod:
 *   `terraform-provider-random v1.3.2-0.20260513075824-f8d869dc98d9`, the v3.9.0 commit).
 * - aws: @pulumi/aws 7.48.0 wraps terraform-provider-aws v6.63.0 or later (pulumi-aws v7.45.0's release
 *   notes: "Upgrade terraform-provider-aws to v6.63.0"). That repository is too large to fetch here, so
 *   each AWS entry cites the copy of its file that was read, by commit, and the attributes it marks.
 *   Whether pulumi-aws forces delete-first for a type (`DeleteBeforeReplace` in its ResourceInfo, as
 *   pulumi-postgresql does for grants): its `provider/resources.go` (00ba5ea, 2024, the copy stored, not
 *   v7.48.0) was read through its `Resources` map, bar the entries between MSK and Signer. Of the types
 *   here it sets it on `aws_iam_role_policy_attachment` only (that entry says so); also on API Gateway
 *   integrations, log subscription filters, security group rules (not the `vpc` rules used here),
 *   transit gateway attachments, ECR lifecycle policies, EFS mount targets and IAM group/user/policy
 *   attachments. The load balancer types are not in the map (their tokens are computed), so an override
 *   elsewhere was not read; those entries assume create-before-delete, the stricter reading for keys.
 */
export const UPSTREAM = {
    aws: { repo: "hashicorp/terraform-provider-aws", ref: null },
    cloudflare: { repo: "cloudflare/terraform-provider-cloudflare", ref: "v5.22.0" },
    postgresql: {
        repo: "cyrilgdn/terraform-provider-postgresql",
        ref: "ff936b9548c1076f498523a2bd116915ff977142",
    },
    random: { repo: "hashicorp/terraform-provider-random", ref: "v3.9.0" },
    vercel: { repo: "vercel/terraform-provider-vercel", ref: "v5.4.1" },
} as const;

/** A key unique in the cloud: only one resource may hold it at a time. */
export interface NaturalKey {
    /**
     * The inputs whose values name the object. When one is not set (an auto-named resource), each
     * replacement gets a new name and holds no key.
     */
    readonly inputs: readonly string[];
    /** Inputs that scope the key and may be left to the provider's default (the region). */
    readonly scope?: readonly string[];
    /** Only when this input has one of these values (a ruleset is a phase's entry point by its kind). */
    readonly when?: { readonly input: string; readonly values: readonly string[] };
    /** What the key names. */
    readonly what: string;
    /** What a create-before-delete replacement that keeps the key does. */
    readonly conflict: string;
    /** Where that is read: provider source or the vendor's documentation. */
    readonly source: string;
}

export interface ReplaceRule {
    /**
     * Inputs whose change replaces the resource; `"any"` when every input does (immutable resources such
     * as ECS task definitions, grants, deployments, random values), less those in `except`.
     */
    readonly replaceOn: readonly string[] | "any";
    /** With `replaceOn: "any"`: inputs that update in place. */
    readonly except?: readonly string[];
    /** What the resource holds, when losing it loses data (replacing or deleting it is blocking). */
    readonly stateful?: string;
    /** Inputs that update in place but whose change is blocking all the same, with the reason. */
    readonly blockingUpdates?: Readonly<Record<string, string>>;
    /**
     * A key unique in the cloud that the resource holds. The engine replaces create-before-delete unless
     * the resource sets `deleteBeforeReplace`: a replacement that keeps the key is blocking in the diff.
     */
    readonly key?: NaturalKey;
    /** Where the bridged provider replaces this type delete-first whatever the options (cited). */
    readonly providerDeletesFirst?: string;
    /** The Pulumi registry page of the resource. */
    readonly docs: string;
    /** The upstream (Terraform) provider's page of the resource, where its schema is documented. */
    readonly upstream: string;
    /** The provider source read: file and lines (`#Lx-Ly`) of the schema that marks `replaceOn`. */
    readonly source: string;
}

/** A file of an upstream provider at the release the pinned package wraps, with its lines. */
export const at = (provider: Exclude<keyof typeof UPSTREAM, "aws">, file: string, lines: string) =>
    `https://github.com/${UPSTREAM[provider].repo}/blob/${UPSTREAM[provider].ref}/${file}#${lines}`;
/** A terraform-provider-aws file as read (the commit of the copy read), and what it marks. */
export const awsAt = (commit: string, file: string, marks: string) =>
    `https://github.com/${UPSTREAM.aws.repo}/blob/${commit}/internal/service/${file} (${marks})`;

/** The Pulumi registry page of a resource. */
export const pulumi = (pkg: string, page: string) =>
    `https://www.pulumi.com/registry/packages/${pkg}/api-docs/${page}/`;
/** The upstream (Terraform) registry page of a resource. */
export const tf = (provider: string, page: string) =>
    `https://registry.terraform.io/providers/${provider}/latest/docs/resources/${page}`;
/** The two pages of an AWS resource: its Pulumi registry page and the Terraform one. */
export const aws = (page: string, tfPage: string) => ({
    docs: pulumi("aws", page),
    upstream: tf("hashicorp/aws", tfPage),
});

/**
 * AWS provider 7 takes `region` on every resource; a resource lives in one region, so changing it replaces
 * (https://www.pulumi.com/registry/packages/aws/how-to-guides/enhanced-region-support/).
 */
export const REGION = "region";
