/**
 * Compliant fixtures for stack policies: what the real program registers, planned offline, as the pack's
 * resources (secrets redacted, parents by `type::name`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { captureProgram } from "../../tools/capture";
import { redact } from "../../tools/plan";
import { readStackFile } from "../../tools/stackFile";
import { FixtureResource, UNKNOWN_VALUE } from "./harness";

const ROOT = path.resolve(__dirname, "../..");

/** Values unknown during preview become the pack server's unknown marker (then secrets are redacted). */
function unknownsAsPolicySees(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return UNKNOWN_VALUE;
    if (Array.isArray(value)) return value.map(unknownsAsPolicySees);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, unknownsAsPolicySees(v)]),
        );
    return value;
}

/** The secret config an external (Supabase) database's admin URL comes from, in fixtures. */
export const EXTERNAL_ADMIN_URL = {
    "opsbook:LEGACY_ADMIN_URL": "postgresql://postgres:pw@db.example.supabase.co:5432/postgres",
};

/** A `captureFixture` edit: the prod system plus an external (Supabase) database, dumped to a bucket. */
export function withExternalDatabase(system: any): void {
    system.secrets.LEGACY_ADMIN_URL = {
        kind: "vendor",
        class: "database-admin-url",
        rotatedAt: "2026-10-01",
    };
    system.databases.legacy = {
        kind: "external",
        adminUrlSecret: "LEGACY_ADMIN_URL",
        dbName: "postgres",
        consumers: ["worker"],
        urlVariable: "LEGACY_DATABASE_URL",
    };
}

/**
 * The prod stack, with `edit` applied to its system and `extraSecrets` added as secret config. With
 * `firstPreview`, as the first `pulumi preview` of a new stack sees it: every id and computed output
 * unknown.
 */
export async function captureFixture(
    edit: (system: any) => void = () => undefined,
    extraSecrets: Record<string, string> = {},
    options: { firstPreview?: boolean } = {},
): Promise<FixtureResource[]> {
    const read = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"), "opsbook");
    if (!read.ok) throw new Error("the prod stack file is invalid");
    const system = JSON.parse(read.file.config.values["opsbook:system"]);
    edit(system);
    const values = {
        ...read.file.config.values,
        "opsbook:system": JSON.stringify(system),
        ...extraSecrets,
    };
    const previous = process.env.OPSBOOK_NOW;
    process.env.OPSBOOK_NOW = "2026-11-24";
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require("../../index");
        const { resources } = await captureProgram({
            project: "opsbook",
            stack: "test",
            config: {
                values,
                secretKeys: [...read.file.config.secretKeys, ...Object.keys(extraSecrets)],
            },
            program,
            firstPreview: options.firstPreview,
        });
        const keys = new Map(resources.map((r) => [r.urn, `${r.type}::${r.name}`]));
        return resources.map((r) => ({
            type: r.type,
            name: r.name,
            props: redact(unknownsAsPolicySees(r.inputs)) as Record<string, any>,
            parent: r.parent ? keys.get(r.parent) : undefined,
            protect: r.protect,
            dependencies: (r.dependencies ?? []).flatMap((urn) => keys.get(urn) ?? []),
            propertyDependencies: Object.fromEntries(
                Object.entries(r.propertyDependencies ?? {}).map(([property, urns]) => [
                    property,
                    urns.flatMap((urn) => keys.get(urn) ?? []),
                ]),
            ),
        }));
    } finally {
        if (previous === undefined) delete process.env.OPSBOOK_NOW;
        else process.env.OPSBOOK_NOW = previous;
    }
}

/** `resources` with one change: `edit` returns the replacement for a resource, or null to drop it. */
export function mutate(
    resources: readonly FixtureResource[],
    edit: (r: FixtureResource) => FixtureResource | null | undefined,
): FixtureResource[] {
    const kept = resources.flatMap((r) => {
        const result = edit(r);
        return result === null ? [] : [result ?? r];
    });
    // A dropped resource is one the program never registered: nothing depends on it either.
    const present = new Set(kept.flatMap((r) => [`${r.type}::${r.name}`, r.name]));
    return kept.map((r) =>
        r.propertyDependencies || r.dependencies
            ? {
                  ...r,
                  dependencies: (r.dependencies ?? []).filter((dep) => present.has(dep)),
                  propertyDependencies: Object.fromEntries(
                      Object.entries(r.propertyDependencies ?? {}).map(([key, deps]) => [
                          key,
                          deps.filter((dep) => present.has(dep)),
                      ]),
                  ),
              }
            : r,
    );
}
