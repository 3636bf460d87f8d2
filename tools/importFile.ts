/**
 * The `pulumi import --file` document for what the stack file marks as already existing (`adopt`): the
 * planned resource each mark stands for, with the id in the format its provider's import expects, and the
 * components that parent them (created empty by the import, so the program's first `up` finds every
 * adopted resource where it registers it and changes, not creates, it).
 *
 * The format is the CLI's `importFile` (pulumi/pulumi `pkg/cmd/pulumi/operations/import.go`, `importSpec`:
 * `type`, `name` (the entry's name within the file, which `parent` refers to), `logicalName` (the resource
 * name in the program), `id`, `parent`, `component`, `version`); an entry's parent may be another entry of
 * the same file (Pulumi 3.94.0, "Import files no longer need parent URNs in the name table"), and
 * `component: true` creates an empty component (3.94.0, #14467).
 */
import * as fs from "fs";
import * as path from "path";
import { AdoptModel } from "../model/adopt";
import { ConfigError, joinPath } from "../model/errors";
import type { ImportDocument, ImportEntry, PlannedResource, PlanResult } from "./planTypes";
import { TYPES } from "../policies/rules/types";

export type { ImportDocument, ImportEntry } from "./planTypes";

const PACKAGES: Record<string, string> = {
    vercel: "@pulumiverse/vercel",
    cloudflare: "@pulumi/cloudflare",
};

function packageVersion(type: string): string | undefined {
    const pkg = PACKAGES[type.split(":")[0]];
    if (!pkg) return undefined;
    const file = path.join(__dirname, "..", "node_modules", pkg, "package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

const input = (r: PlannedResource, key: string): unknown =>
    (r.inputs as Record<string, unknown> | null)?.[key];

/** A resource to import: which planned resource, its provider import id, and where the mark is. */
interface Adopted {
    readonly resource: PlannedResource;
    readonly id: string;
}

/**
 * The entries for exactly the marked resources and their parent components, or an error per mark that
 * names nothing this stack plans (a ruleset it does not create, a record of a host it does not serve).
 */
export function importDocument(
    resources: readonly PlannedResource[],
    adopt: AdoptModel,
): { document: ImportDocument; errors: ConfigError[] } {
    const errors: ConfigError[] = [];
    const adopted: Adopted[] = [];
    const find = (where: PropertyKey[], what: string, test: (r: PlannedResource) => boolean) => {
        const found = resources.filter(test);
        if (found.length !== 1)
            errors.push({
                path: joinPath(["adopt", ...where]),
                message:
                    found.length === 0
                        ? `this stack plans no ${what}; nothing to import for it (remove the entry)`
                        : `matches ${found.length} planned resources (${found.map((r) => r.name).join(", ")}); expected one`,
            });
        return found.length === 1 ? found[0] : undefined;
    };
    for (const [service, mark] of Object.entries(adopt.vercelProjects)) {
        // project.d.ts "Import": `prj_…`, or `team_…/prj_…` for a team other than the provider's.
        const prefix = mark.teamId ? `${mark.teamId}/` : "";
        const project = find(
            ["vercelProjects", service],
            `Vercel project for service ${service}`,
            (r) => r.type === TYPES.vercel.Project && r.name === service,
        );
        if (project) adopted.push({ resource: project, id: `${prefix}${mark.projectId}` });
        if (project && mark.domain) {
            // projectDomain.d.ts "Import": `[team_…/]prj_…/<domain>`.
            const domain = find(
                ["vercelProjects", service, "domain"],
                `domain for the Vercel project of ${service}`,
                (r) => r.type === TYPES.vercel.ProjectDomain && r.parent === project.parent,
            );
            if (domain)
                adopted.push({
                    resource: domain,
                    id: `${prefix}${mark.projectId}/${String(input(domain, "domain"))}`,
                });
        }
    }
    for (const [host, recordId] of Object.entries(adopt.dnsRecords)) {
        // dnsRecord.d.ts "Import": `<zone_id>/<dns_record_id>`.
        const record = find(
            ["dnsRecords", host],
            `DNS record for ${host}`,
            (r) => r.type === TYPES.cloudflare.DnsRecord && input(r, "name") === host,
        );
        if (record)
            adopted.push({
                resource: record,
                id: `${String(input(record, "zoneId"))}/${recordId}`,
            });
    }
    for (const [phase, rulesetId] of Object.entries(adopt.rulesets)) {
        // ruleset.d.ts "Import": `<{accounts|zones}/{account_id|zone_id}>/<ruleset_id>`.
        const ruleset = find(
            ["rulesets", phase],
            `${phase} ruleset (the zone's entry point for that phase)`,
            (r) =>
                r.type === TYPES.cloudflare.Ruleset &&
                input(r, "phase") === phase &&
                input(r, "kind") === "zone",
        );
        if (ruleset)
            adopted.push({
                resource: ruleset,
                id: `zones/${String(input(ruleset, "zoneId"))}/${rulesetId}`,
            });
    }

    // The components above them, outermost first; the stack itself is every import's root already.
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const componentName = (r: PlannedResource) => `${r.name} (${r.type.split(":").pop()})`;
    const components: PlannedResource[] = [];
    const addParents = (urn: string | null) => {
        const parent = urn ? byUrn.get(urn) : undefined;
        if (!parent || parent.type === TYPES.pulumi.Stack || components.includes(parent)) return;
        addParents(parent.parent);
        components.push(parent);
    };
    for (const a of adopted) addParents(a.resource.parent);
    const parentName = (urn: string | null) => {
        const parent = urn ? byUrn.get(urn) : undefined;
        return parent && components.includes(parent) ? componentName(parent) : undefined;
    };
    const entries: ImportEntry[] = [
        ...components.map((c) => ({
            type: c.type,
            name: componentName(c),
            logicalName: c.name,
            component: true as const,
            ...(parentName(c.parent) ? { parent: parentName(c.parent) } : {}),
        })),
        ...adopted.map(({ resource, id }) => ({
            type: resource.type,
            name: resource.name,
            logicalName: resource.name,
            id,
            ...(parentName(resource.parent) ? { parent: parentName(resource.parent) } : {}),
            ...(packageVersion(resource.type) ? { version: packageVersion(resource.type) } : {}),
        })),
    ];
    return { document: { resources: entries }, errors };
}

/** The plan's account of it: what will be imported, and the command. */
export function adoptLines(document: ImportDocument, stack: string): string[] {
    const imported = document.resources.filter((r) => !r.component);
    if (imported.length === 0) return [];
    return [
        "",
        `Adopt: ${imported.length} existing resource(s) to import before the first \`pulumi up\` (npm run plan -- --stack ${stack} --import-file import.json; pulumi import --file import.json --stack ${stack} --generate-code=false)`,
        ...imported.map((r) => `  ${r.type} ${r.logicalName} ← ${r.id}`),
    ];
}

/** The plan with its import document; a mark that names nothing planned makes the stack invalid (exit 2). */
export function withAdoption(planned: PlanResult, adopt: AdoptModel): PlanResult {
    if (!planned.ok) return planned;
    const { document, errors } = importDocument(planned.resources, adopt);
    return errors.length > 0
        ? { ok: false, exitCode: 2, errors }
        : { ...planned, adoption: document };
}

/** Written as the CLI reads it (`pulumi import --file`). */
export function writeImportFile(file: string, document: ImportDocument): void {
    fs.writeFileSync(file, `${JSON.stringify(document, null, 4)}\n`);
}
