import { StackValidationPolicy } from "@pulumi/policy";
import { validateEachOf } from "../data/stack";
import { TYPES } from "../types";

/**
 * Where the stack's rules protect stateful resources (deletionProtection: always in production), a load
 * balancer has deletion protection and Pulumi's `protect`: deleting it takes the API down and a new one
 * gets a new DNS name, which every record and allow-list would have to follow.
 */
export const lbProtected: StackValidationPolicy = {
    name: "opsbook-edge-lb-protected",
    description:
        "Load balancers are deletion-protected and protected where the environment's rules say (production).",
    enforcementLevel: "mandatory",
    validateStack: validateEachOf(
        TYPES.aws.lb.LoadBalancer,
        (lb, resource, { environment, rules }, reportViolation) => {
            if (!rules.deletionProtection) return;
            if (lb.enableDeletionProtection !== true)
                reportViolation(
                    `${resource.name}: deletion protection is off in ${environment} (rule deletionProtection); set enableDeletionProtection: true.`,
                );
            if (resource.opts.protect !== true)
                reportViolation(
                    `${resource.name}: is not protected in ${environment} (rule deletionProtection); a refactor could delete it and change the API's DNS name.`,
                );
        },
    ),
};
