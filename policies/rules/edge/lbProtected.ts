import { ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputsOf } from "../inputs";
import { productionConfigSchema } from "../data/stack";

/**
 * In production a load balancer has deletion protection and Pulumi's `protect`: deleting it takes the API
 * down and a new one gets a new DNS name, which every record and allow-list would have to follow.
 */
export const lbProtected: ResourceValidationPolicy = {
    name: "opsbook-edge-lb-protected",
    description: "In production, load balancers are deletion-protected and protected.",
    enforcementLevel: "mandatory",
    configSchema: productionConfigSchema,
    validateResource: validateInputsOf(
        "aws:lb/loadBalancer:LoadBalancer",
        (lb, args, reportViolation) => {
            const { production } = args.getConfig<{ production: boolean }>();
            if (!production) return;
            if (lb.enableDeletionProtection !== true)
                reportViolation(
                    `${args.name}: deletion protection is off in production; set enableDeletionProtection: true.`,
                );
            if (args.opts.protect !== true)
                reportViolation(
                    `${args.name}: is not protected in production; a refactor could delete it and change the API's DNS name.`,
                );
        },
    ),
};
