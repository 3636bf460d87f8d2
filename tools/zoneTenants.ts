/**
 * What a zone owner's `StackReference`s read in the offline plan: each tenant's share, computed from the
 * tenant's stack file beside the owner's (`Pulumi.<tenant>.yaml`), as the tenant's program exports it
 * (`index.ts`, `model/zoneShare.ts`). Its origin secret is a placeholder, secret like the real output.
 * A tenant whose file is absent or invalid exports nothing, as a tenant that never ran `up`.
 */
import * as fs from "fs";
import * as path from "path";
import { loadSystem, SystemModel } from "../model/load";
import {
    edgeHostsOf,
    ZONE_ORIGIN_SECRET_OUTPUT,
    ZONE_SHARE_OUTPUT,
    zoneShareOf,
} from "../model/zoneShare";
import { StackOutputs } from "./capture";
import { readStackFile } from "./stackFile";

export function tenantStackOutputs(
    ownerStackFile: string,
    owner: SystemModel,
    project: string,
    now: Date,
): Record<string, StackOutputs> {
    const ownership = owner.edge?.ownership;
    if (ownership?.role !== "owner") return {};
    const outputs: Record<string, StackOutputs> = {};
    for (const tenant of ownership.tenants) {
        const file = path.join(path.dirname(ownerStackFile), `Pulumi.${tenant}.yaml`);
        if (!fs.existsSync(file)) continue;
        const read = readStackFile(file, project);
        if (!read.ok) continue;
        const secretKeys = new Set(read.file.config.secretKeys);
        const loaded = loadSystem(read.file.system, {
            now,
            config: {
                has: (key) => key in read.file.config.values,
                isSecret: (key) => secretKeys.has(key),
            },
            awsRegion: read.file.config.values["aws:region"],
            stack: tenant,
        });
        if (!loaded.ok || !loaded.model.edge || loaded.model.edge.ownership.role !== "tenant")
            continue;
        const share = zoneShareOf(loaded.model.edge, edgeHostsOf(loaded.model));
        outputs[tenant] = {
            outputs: {
                [ZONE_SHARE_OUTPUT]: share,
                ...(share.originLocked.length > 0
                    ? { [ZONE_ORIGIN_SECRET_OUTPUT]: `[origin secret of ${tenant}]` }
                    : {}),
            },
            secretOutputNames: [ZONE_ORIGIN_SECRET_OUTPUT],
        };
    }
    return outputs;
}
