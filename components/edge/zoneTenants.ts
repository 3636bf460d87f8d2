import * as pulumi from "@pulumi/pulumi";
import { EdgeModel } from "../../model/services";
import { readZoneShare, ZONE_ORIGIN_SECRET_OUTPUT, ZONE_SHARE_OUTPUT } from "../../model/zoneShare";
import { EdgeRecord, ZoneTenant } from "./edge";

/**
 * The zone owner's view of its tenants: each one's exported share, read through a `StackReference` to
 * `<organization>/<project>/<tenant>`: the fully qualified form of pulumi.com/docs/iac/concepts/stacks,
 * which Pulumi Cloud takes and project-scoped DIY backends take with the organization `organization`
 * (what `getOrganization()` returns there; docs for `automation.fullyQualifiedStackName`: legacy DIY
 * backends, not project-scoped, take no qualified names). A share is read with `getOutputDetails`
 * so the owner knows the hosts before it builds its rules; the origin secret stays an Output and a secret.
 * What the owner drops (no share yet, foreign zone, a host it or an earlier tenant serves) is a warning:
 * a tenant must not be able to stop the owner's `up`. A tenant stack that does not exist is an error of the
 * engine's, `unknown stack "<name>"` (pulumi/pulumi pkg/backend/backend.go `GetStackOutputs`, at
 * 1b5949891b): docs/services.md ("The edge", "One zone, several stacks") says to create the stack
 * before listing it.
 */
export async function zoneTenants(
    edge: EdgeModel,
    records: readonly EdgeRecord[],
): Promise<ZoneTenant[]> {
    if (edge.ownership.role !== "owner") return [];
    const claimed = new Set(records.map((r) => r.domain));
    const tenants: ZoneTenant[] = [];
    for (const stack of edge.ownership.tenants) {
        const reference = new pulumi.StackReference(`zone-tenant-${stack}`, {
            name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`,
        });
        const details = await reference.getOutputDetails(ZONE_SHARE_OUTPUT);
        const { share, notes } = readZoneShare(stack, details.value, edge, claimed);
        for (const note of notes) pulumi.log.warn(note, reference);
        if (!share) continue;
        tenants.push({
            stack,
            share,
            originSecret:
                share.originLocked.length > 0
                    ? pulumi.secret(reference.getOutput(ZONE_ORIGIN_SECRET_OUTPUT)).apply(String)
                    : undefined,
        });
    }
    return tenants;
}
