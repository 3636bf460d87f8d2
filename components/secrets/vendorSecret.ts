import * as pulumi from "@pulumi/pulumi";
import { SecretClass } from "../../model/rules";
import { Waiver } from "../../model/waivers";

export interface VendorSecretArgs {
    /** The vendor class (`vendor-api-key`, `oauth-client-secret`, `webhook-secret`). */
    readonly secretClass: SecretClass;
    /** When the vendor issued the current value, ISO date. */
    readonly rotatedAt: string;
    /** Maximum age in days; the class's maximum unless the model sets a shorter one. */
    readonly periodDays: number;
    /** The value, from secret config (`pulumi config set --secret`). */
    readonly value: pulumi.Input<string>;
    /** An acknowledged grace: while `until` is ahead the pack reports an overdue value, not refuses it. */
    readonly waiver?: Waiver;
    /** Nothing uses it (`model/secretUse.ts`): marked so the pack advises removing it. Default false. */
    readonly unused?: boolean;
}

/**
 * A vendor-issued secret. The value stays a Pulumi secret; the class and issue date are the component's
 * properties, so the policy pack can tell when the vendor's console is due a visit.
 */
export class VendorSecret extends pulumi.ComponentResource {
    public readonly current: pulumi.Output<string>;
    public readonly secretClass: string;
    public readonly rotatedAt: string;
    public readonly periodDays: number;

    constructor(name: string, args: VendorSecretArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const metadata = {
            secretClass: args.secretClass,
            rotatedAt: args.rotatedAt,
            periodDays: args.periodDays,
            ...(args.waiver ? { waiver: args.waiver } : {}),
            ...(args.unused ? { unused: true } : {}),
        };
        super("opsbook:index:VendorSecret", name, metadata, opts);
        this.current = pulumi.secret(args.value);
        this.secretClass = args.secretClass;
        this.rotatedAt = args.rotatedAt;
        this.periodDays = args.periodDays;
        // The value is not registered: a component's outputs are readable by every policy and state reader.
        this.registerOutputs(metadata);
    }
}
