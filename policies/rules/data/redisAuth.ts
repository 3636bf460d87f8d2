import { StackValidationPolicy } from "@pulumi/policy";
import { ofType, peek, UNKNOWN } from "./stack";
import { TYPES } from "../types";

const TOKEN_CLASS = "redis-auth-token";

/**
 * Every Redis requires an AUTH token, and the token is an opsbook `redis-auth-token` value, so it rotates
 * (an update strategy that keeps the old token accepted while consumers roll, never DELETE). Decided from
 * where the token came from (its property dependencies), which a first preview knows too.
 */
export const redisAuth: StackValidationPolicy = {
    name: "opsbook-data-redis-auth",
    description:
        "ElastiCache Redis requires an AUTH token generated and rotated by opsbook (class redis-auth-token).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const group of ofType(args.resources, TYPES.aws.elasticache.ReplicationGroup)) {
            const token = peek(() => group.props.authToken as unknown);
            if (token !== UNKNOWN && (typeof token !== "string" || token.length === 0)) {
                reportViolation(
                    `${group.name}: no AUTH token; any client inside the VPC could read and write it.`,
                    group.urn,
                );
                continue;
            }
            const rotating = (group.propertyDependencies?.authToken ?? []).some(
                (source) =>
                    source.props.keepers?.class === TOKEN_CLASS &&
                    source.parent?.type === TYPES.opsbook.RotatingSecret,
            );
            if (!rotating) {
                reportViolation(
                    `${group.name}: its AUTH token does not come from an opsbook ${TOKEN_CLASS} secret, so nothing rotates it.`,
                    group.urn,
                );
            }
            const strategy = group.props.authTokenUpdateStrategy;
            if (strategy !== "ROTATE" && strategy !== "SET") {
                reportViolation(
                    `${group.name}: authTokenUpdateStrategy ${JSON.stringify(strategy)}; expected ROTATE (SET after an incident), so a rotation keeps consumers connected.`,
                    group.urn,
                );
            }
        }
    },
};
