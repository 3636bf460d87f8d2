import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { rotationState, Slot, slotKeepers } from "../model/rotation";
import { generatedLength, SECRET_CLASSES, SecretClass } from "../model/rules";

export interface RotatingSecretArgs {
    /** The secret's name in the model (`SECRET_KEY`); it staggers the rotation anchor. */
    readonly secretName: string;
    /** The class: sets the slots and the length (`model/rules.ts`). */
    readonly secretClass: SecretClass;
    /** Rotation period in days; default the class's `defaultPeriodDays`. */
    readonly periodDays?: number;
    /** Dates of planned early rotations (`rotateNow`); default none. */
    readonly earlyRotations?: readonly string[];
    /** The current incident id; changing it replaces both slots. Default none. */
    readonly incident?: string;
    /** The clock; default now. */
    readonly now?: Date;
}

/**
 * A generated secret that rotates itself. Each slot is a `random.RandomPassword` whose `keepers` hold the
 * slot's generation, the period and the class (never the value), so the first `pulumi up` after a
 * boundary replaces exactly the slot whose turn it is, and `pulumi preview` shows it.
 */
export class RotatingSecret extends pulumi.ComponentResource {
    /** The value consumers use now. A Pulumi secret. */
    public readonly current: pulumi.Output<string>;
    /** The value rotated out last time, still accepted for one period; undefined for single-slot classes. */
    public readonly previous: pulumi.Output<string> | undefined;
    /** Each slot's value, for consumers that hold both at once (a database's two login users). */
    public readonly slots: {
        readonly a: pulumi.Output<string>;
        readonly b?: pulumi.Output<string>;
    };
    public readonly generation: number;
    public readonly currentSlot: Slot;
    public readonly nextRotation: string;

    constructor(
        name: string,
        args: RotatingSecretArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        super("opsbook:index:RotatingSecret", name, {}, opts);
        const rule = SECRET_CLASSES[args.secretClass];
        const periodDays = args.periodDays ?? rule.defaultPeriodDays;
        const state = rotationState(
            { name: args.secretName, periodDays, earlyRotations: args.earlyRotations ?? [] },
            args.now ?? new Date(),
        );
        const keepers = slotKeepers({
            secretClass: args.secretClass,
            periodDays,
            slots: rule.slots,
            state,
            incident: args.incident,
        });
        const slotValue = (slot: Slot): pulumi.Output<string> => {
            const password = new random.RandomPassword(
                `${name}-${slot}`,
                {
                    length: generatedLength(args.secretClass),
                    special: false,
                    upper: true,
                    lower: true,
                    numeric: true,
                    keepers: keepers[slot],
                },
                // The provider marks `result` secret in a real deployment; say so here too, so no runtime
                // (mocks included) can carry the value in plain text.
                { parent: this, additionalSecretOutputs: ["result", "bcryptHash"] },
            );
            return pulumi.secret(password.result);
        };

        this.generation = state.generation;
        this.nextRotation = state.nextRotation.toISOString();
        if (rule.slots === 2) {
            const a = slotValue("a");
            const b = slotValue("b");
            this.slots = { a, b };
            this.currentSlot = state.currentSlot;
            this.current = state.currentSlot === "a" ? a : b;
            this.previous = state.currentSlot === "a" ? b : a;
        } else {
            this.slots = { a: slotValue("a") };
            this.currentSlot = "a";
            this.current = this.slots.a;
            this.previous = undefined;
        }
        this.registerOutputs({
            current: this.current,
            previous: this.previous,
            generation: this.generation,
            currentSlot: this.currentSlot,
            nextRotation: this.nextRotation,
        });
    }
}
