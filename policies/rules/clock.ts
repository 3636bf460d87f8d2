/**
 * The date a policy judges at. Date-based policies (vendor ages, waivers) take an optional `asOf` in their
 * config: the offline plan pins it to `--now`; unset, as in a real `pulumi preview`, they use today.
 */
export const clockConfigSchema = {
    properties: {
        asOf: { type: "string" as const, description: "ISO date to judge ages at; default today." },
    },
};

export function policyNow(config: { asOf?: string }): Date {
    const { asOf } = config;
    return asOf ? new Date(/T/.test(asOf) ? asOf : `${asOf}T00:00:00Z`) : new Date();
}
