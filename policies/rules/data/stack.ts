import { PolicyResource } from "@pulumi/policy";

/** Resources whose parent is `urn`. */
export function childrenOf(resources: readonly PolicyResource[], urn: string): PolicyResource[] {
    return resources.filter((r) => r.parent?.urn === urn);
}

/** Every resource below `urn`, at any depth. */
export function descendantsOf(resources: readonly PolicyResource[], urn: string): PolicyResource[] {
    const found: PolicyResource[] = [];
    const queue = [urn];
    while (queue.length > 0) {
        const next = queue.shift()!;
        for (const child of childrenOf(resources, next)) {
            found.push(child);
            queue.push(child.urn);
        }
    }
    return found;
}

export const ofType = (resources: readonly PolicyResource[], type: string) =>
    resources.filter((r) => r.type === type);

export const DATABASE = "opsbook:index:Database";
export const RDS_BACKUP = "opsbook:index:RdsBackup";
export const DUMP_BACKUP = "opsbook:index:DumpBackup";

/** The backup component of each opsbook database, by the database's name. */
export function backupsByDatabase(
    resources: readonly PolicyResource[],
): Map<string, PolicyResource> {
    return new Map(
        resources
            .filter((r) => r.type === RDS_BACKUP || r.type === DUMP_BACKUP)
            .map((r) => [String(r.props.database), r] as const),
    );
}

/** `production` in a policy's config: stateful resources must be protected. Default true (secure by default). */
export const productionConfigSchema = {
    properties: {
        production: {
            type: "boolean" as const,
            default: true,
            description: "The stack is production.",
        },
    },
};
