import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { childrenOf, ofType } from "../data/stack";
import { TYPES } from "../types";

interface DeclaredFlag {
    readonly name: string;
    readonly killSwitch: boolean;
    readonly stores: readonly string[];
}

/** The `enabled` each flag has in a hosted version's content; empty when it does not parse. */
function servedByVersion(version: PolicyResource | undefined): Record<string, unknown> {
    try {
        const content = JSON.parse(String(version?.props.content)) as {
            values?: Record<string, { enabled?: unknown }>;
        };
        return Object.fromEntries(
            Object.entries(content.values ?? {}).map(([name, value]) => [name, value?.enabled]),
        );
    } catch {
        return {};
    }
}

/**
 * A killed flag (`killSwitch: true`) is off in every store that serves it: its Edge Config item holds
 * `enabled: false`, and the AppConfig hosted version holds it off and is the one deployed. Otherwise the
 * emergency kill would show in the plan and change nothing. Decided from the values the program writes and
 * the deployment's dependency on the version, so it holds in a first preview.
 */
export const flagsKilled: StackValidationPolicy = {
    name: "opsbook-services-flags-killed",
    description: "A killed feature flag is served off in every store that serves it.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const component of ofType(args.resources, TYPES.opsbook.FeatureFlags)) {
            const children = childrenOf(args.resources, component.urn);
            const items = new Map(
                ofType(children, TYPES.vercel.EdgeConfigItem).map((item) => [
                    String(item.props.key),
                    item,
                ]),
            );
            const version = ofType(children, TYPES.aws.appconfig.HostedConfigurationVersion)[0];
            const served = servedByVersion(version);
            const deployed =
                version !== undefined &&
                ofType(children, TYPES.aws.appconfig.Deployment).some((deployment) =>
                    (deployment.propertyDependencies?.configurationVersion ?? []).some(
                        (dep) => dep.urn === version.urn,
                    ),
                );
            const flags = (component.props.flags ?? []) as DeclaredFlag[];
            for (const flag of flags.filter((f) => f.killSwitch)) {
                const fix = `opsbook:system.flags.${flag.name} has killSwitch: true`;
                const item = items.get(flag.name);
                if (flag.stores.includes("edge-config")) {
                    const value = item?.props.valueJson as { enabled?: unknown } | undefined;
                    if (value?.enabled !== false) {
                        reportViolation(
                            `flag ${flag.name} is killed but its Edge Config item ${item ? "serves it on" : "is missing"} (${fix}).`,
                            item?.urn ?? component.urn,
                        );
                    }
                }
                if (flag.stores.includes("appconfig")) {
                    if (served[flag.name] !== false) {
                        reportViolation(
                            `flag ${flag.name} is killed but the AppConfig hosted version ${version ? "serves it on" : "is missing"} (${fix}).`,
                            version?.urn ?? component.urn,
                        );
                    } else if (!deployed) {
                        reportViolation(
                            `flag ${flag.name} is killed in the AppConfig hosted version, but no deployment deploys that version (${fix}).`,
                            version.urn,
                        );
                    }
                }
            }
        }
    },
};
