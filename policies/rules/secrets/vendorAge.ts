import { StackValidationArgs } from "@pulumi/policy";
import { vendorAge, VendorAge } from "../../../model/rotation";
import { SECRET_CLASSES, SecretClass, VENDOR_DUE_WARNING_DAYS } from "../../../model/rules";

export const VENDOR_SECRET_TYPE = "opsbook:index:VendorSecret";

/** `asOf` pins the clock (the offline plan's `--now`); unset, the policies use the real one. */
export const vendorAgeConfigSchema = {
    properties: {
        asOf: { type: "string" as const, description: "ISO date to judge ages at; default today." },
    },
};

export interface VendorSecretAge {
    readonly urn: string;
    readonly name: string;
    readonly secretClass: SecretClass;
    readonly maxAgeDays: number;
    readonly rotatedAt: string;
    readonly age: VendorAge;
}

/** The age of every vendor secret in the stack, from the properties its component registers. */
export function vendorSecretAges(args: StackValidationArgs): VendorSecretAge[] {
    const { asOf } = args.getConfig<{ asOf?: string }>();
    const now = asOf ? new Date(/T/.test(asOf) ? asOf : `${asOf}T00:00:00Z`) : new Date();
    return args.resources
        .filter((r) => r.type === VENDOR_SECRET_TYPE)
        .flatMap((r) => {
            const secretClass = r.props.secretClass as SecretClass;
            const rule = SECRET_CLASSES[secretClass];
            if (!rule || typeof r.props.rotatedAt !== "string") return [];
            // The model may only shorten the class's maximum age, never lengthen it.
            const maxAgeDays = Math.min(
                Number(r.props.periodDays) || rule.maxPeriodDays,
                rule.maxPeriodDays,
            );
            const age = vendorAge(r.props.rotatedAt, maxAgeDays, VENDOR_DUE_WARNING_DAYS, now);
            return [
                {
                    urn: r.urn,
                    name: r.name,
                    secretClass,
                    maxAgeDays,
                    rotatedAt: r.props.rotatedAt,
                    age,
                },
            ];
        });
}
