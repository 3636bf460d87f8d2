/** The replace table: every provider's entries in one lookup, and the rule for a type. */
import { AWS_COMPUTE } from "./replace/awsCompute";
import { AWS_DATA } from "./replace/awsData";
import { AWS_EVENTS } from "./replace/awsEvents";
import { AWS_NETWORK } from "./replace/awsNetwork";
import { CLOUDFLARE } from "./replace/cloudflare";
import { POSTGRESQL_RANDOM } from "./replace/postgresqlRandom";
import { ReplaceRule } from "./replace/rule";
import { VERCEL } from "./replace/vercel";

export { UPSTREAM } from "./replace/rule";
export type { NaturalKey, ReplaceRule } from "./replace/rule";

/**
 * Which input changes make the engine replace a resource rather than update it, for every provider type
 * the program registers, and in which order it replaces. The offline plan has no provider to ask
 * (`pulumi preview` asks the provider's Diff), so the diff (`tools/diff.ts`) reads this table; a test
 * fails when the program registers a type that has no entry here.
 *
 * Each entry cites the resource's page in the Pulumi registry (`docs`), the upstream provider's page
 * (`upstream`), and the provider source read (`source`): the schema lines that mark these arguments
 * `ForceNew` / `RequiresReplace`, which the bridged Pulumi providers replace on exactly. The sources are
 * read at the upstream release each pinned `@pulumi/*` package wraps (`UPSTREAM`), except AWS (see there).
 * Properties are the Pulumi (camelCase) input names; `a.b` is a nested property, `*` any list index.
 */
export const REPLACE_ON_CHANGES: Readonly<Record<string, ReplaceRule>> = mergeTables(
    AWS_COMPUTE,
    AWS_DATA,
    AWS_EVENTS,
    AWS_NETWORK,
    CLOUDFLARE,
    POSTGRESQL_RANDOM,
    VERCEL,
);

/**
 * Component resources (this program's `opsbook:` types) and the stack have no provider: the engine never
 * replaces them, it only records their inputs; a new URN is a delete and a create.
 */
export const COMPONENT_RULE: ReplaceRule = {
    replaceOn: [],
    docs: "https://www.pulumi.com/docs/iac/concepts/resources/components/",
    upstream: "https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/",
    source: "https://www.pulumi.com/docs/iac/concepts/resources/components/",
};

/** The rule for a type, or undefined when the table has none (a test requires one for every type). */
export function replaceRule(type: string): ReplaceRule | undefined {
    // A StackReference (a zone owner reading its tenants) is read every run and holds nothing to replace.
    if (
        type.startsWith("opsbook:") ||
        type === "pulumi:pulumi:Stack" ||
        type === "pulumi:pulumi:StackReference"
    )
        return COMPONENT_RULE;
    return REPLACE_ON_CHANGES[type];
}

/**
 * The provider tables as one. A type in two of them is a mistake that one object literal would not
 * compile with; split across files, it is refused when the module loads.
 */
export function mergeTables(
    ...tables: Readonly<Record<string, ReplaceRule>>[]
): Record<string, ReplaceRule> {
    const merged: Record<string, ReplaceRule> = {};
    for (const table of tables)
        for (const [type, rule] of Object.entries(table)) {
            if (type in merged) throw new Error(`replace table: ${type} has two entries`);
            merged[type] = rule;
        }
    return merged;
}
