import { StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../data/stack";
import { TYPES } from "../types";

/**
 * A paused service (the emergency pause) runs no task and pages nobody: fine for an emergency, easy to
 * forget. Production stacks get an advisory on every plan until it is lifted.
 */
export const paused: StackValidationPolicy = {
    name: "opsbook-services-paused",
    description: "A paused service is reported until the pause is lifted.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const service of ofType(args.resources, TYPES.opsbook.EcsService)) {
            if (service.props.paused === true) {
                reportViolation(
                    `service ${String(service.props.service)} is paused: no task runs, its load balancer answers 503 and its alarms and health check are silenced. Remove \`paused: true\` from opsbook:system.services.${String(service.props.service)} and apply to restore it.`,
                    service.urn,
                );
            }
        }
    },
};
