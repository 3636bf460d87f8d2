import { StackValidationArgs } from "@pulumi/policy";
import { vendorAge, VendorAge } from "../../../model/rotation";
import { SECRET_CLASSES, SecretClass, VENDOR_DUE_WARNING_DAYS } from "../../../model/rules";
import { Waiver, WaiverStatus, waiverStatus } from "../../../model/waivers";
import { clockConfigSchema, policyNow } from "../clock";
import { TYPES } from "../types";

/** `asOf` pins the clock (the offline plan's `--now`); unset, the policies use the real one. */
export const vendorAgeConfigSchema = clockConfigSchema;

export interface VendorSecretAge {
    readonly urn: string;
    readonly name: string;
    readonly secretClass: SecretClass;
    readonly maxAgeDays: number;
    readonly rotatedAt: string;
    readonly age: VendorAge;
    /** An acknowledged grace (`secrets.NAME.waiver`), and whether it still holds. */
    readonly waiver?: Waiver & { readonly status: WaiverStatus };
}

/** The age of every vendor secret in the stack, from the properties its component registers. */
export function vendorSecretAges(args: StackValidationArgs): VendorSecretAge[] {
    const now = policyNow(args.getConfig<{ asOf?: string }>());
    return args.resources
        .filter((r) => r.type === TYPES.opsbook.VendorSecret)
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
            const waiver = r.props.waiver as Waiver | undefined;
            return [
                {
                    urn: r.urn,
                    name: r.name,
                    secretClass,
                    maxAgeDays,
                    rotatedAt: r.props.rotatedAt,
                    age,
                    ...(waiver && typeof waiver.until === "string"
                        ? { waiver: { ...waiver, status: waiverStatus(waiver.until, now) } }
                        : {}),
                },
            ];
        });
}
