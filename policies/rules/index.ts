/**
 * Every policy of the pack. Tests and tools import this module; only `policies/index.ts` builds the pack,
 * because `new PolicyPack()` starts a gRPC server.
 */
import { Policies } from "@pulumi/policy";
import { envSensitive } from "./secrets/envSensitive";
import { minimumStrength } from "./secrets/minimumStrength";
import { periodWithinClass } from "./secrets/periodWithinClass";
import { vendorDueSoon } from "./secrets/vendorDueSoon";
import { vendorOverdue } from "./secrets/vendorOverdue";

export const policies: Policies = [
    periodWithinClass,
    minimumStrength,
    vendorOverdue,
    vendorDueSoon,
    envSensitive,
];
