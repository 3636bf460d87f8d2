import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { publishedKeyProps } from "../../model/published";
import {
    FormerPeriod,
    generationResourceName,
    Incident,
    legacySlotOf,
    liveValues,
    rotationState,
    scheduleOf,
    SlotRole,
    userOfGeneration,
} from "../../model/rotation";
import { generatedLength, SECRET_CLASSES, SecretClass } from "../../model/rules";

export interface RotatingSecretArgs {
    /** The secret's name in the model (`SECRET_KEY`); it staggers the rotation anchor. */
    readonly secretName: string;
    /** The class: sets the key scheme and the length (`model/rules.ts`). */
    readonly secretClass: SecretClass;
    /** Rotation period in days now; default the class's `defaultPeriodDays`. */
    readonly periodDays?: number;
    /** Earlier periods, oldest first (an edit of the period is history); default none. */
    readonly formerPeriods?: readonly FormerPeriod[];
    /** Dates of planned early rotations (`rotateNow`); default none. */
    readonly earlyRotations?: readonly string[];
    /** The stack's incidents; each advances the generation past every value held before it. Default none. */
    readonly incidents?: readonly Incident[];
    /** Key rings: keys of this generation and older are retired and deleted. Default none. */
    readonly retiredThrough?: number;
    /** Production: key-ring keys are `protect`ed, so nothing but a recorded retirement deletes them. */
    readonly protect?: boolean;
    /** The clock; default now. */
    readonly now?: Date;
    /** Nothing uses it (`model/secretUse.ts`): marked so the pack advises removing it. Default false. */
    readonly unused?: boolean;
}

/** One live value: its generation, what consumers do with it, and the random resource holding it. */
export interface SecretValue {
    readonly generation: number;
    readonly role: SlotRole;
    readonly resourceName: string;
    /** A Pulumi secret. */
    readonly value: pulumi.Output<string>;
}

/**
 * A generated secret that rotates itself. Each live generation's value is its own
 * `random.RandomPassword`, named by the generation: a boundary adds the next generation's value and drops
 * the oldest one, an incident replaces every value, and no edit of the schedule can change a value that
 * exists, because a value's identity is its generation. What is live follows the class's key scheme
 * (`KEY_SCHEMES`): a key set's next/current/previous, a key ring's every unretired key, the two
 * alternating login users' passwords.
 */
export class RotatingSecret extends pulumi.ComponentResource {
    /** Every live value, newest first. */
    public readonly values: readonly SecretValue[];
    /** The value consumers sign, send or encrypt with. A Pulumi secret. */
    public readonly current: pulumi.Output<string>;
    public readonly generation: number;
    public readonly nextRotation: string;

    constructor(
        name: string,
        args: RotatingSecretArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const rule = SECRET_CLASSES[args.secretClass];
        const secret = {
            name: args.secretName,
            periodDays: args.periodDays ?? rule.defaultPeriodDays,
            formerPeriods: args.formerPeriods ?? [],
            earlyRotations: args.earlyRotations ?? [],
            scheme: rule.scheme,
            promotedOnly: "promotion" in rule,
        };
        const state = rotationState(
            scheduleOf(secret, args.incidents ?? []),
            args.now ?? new Date(),
        );
        const live = liveValues(rule.scheme, state.generation, args.retiredThrough);
        const keyRing = rule.scheme === "key-ring";
        // The schedule travels as the component's inputs, which the policies read; never a value.
        super(
            "opsbook:index:RotatingSecret",
            name,
            {
                secret: args.secretName,
                class: args.secretClass,
                scheme: rule.scheme,
                periodDays: secret.periodDays,
                generation: state.generation,
                live: live.map(({ generation, role }) => ({ generation, role })),
                retiredThrough: args.retiredThrough ?? null,
                production: args.protect ?? false,
                ...(args.unused ? { unused: true } : {}),
                // Published keys: when the current key was promoted, for the pack's age warning.
                ...("promotion" in rule ? publishedKeyProps(state.currentSince) : {}),
            },
            opts,
        );
        this.values = live.map(({ generation, role }) => {
            const resourceName = generationResourceName(name, generation);
            const legacy = legacySlotOf(
                rule.scheme,
                args.secretClass,
                generation,
                state.generation,
            );
            const password = new random.RandomPassword(
                resourceName,
                {
                    length: generatedLength(args.secretClass),
                    special: false,
                    upper: true,
                    lower: true,
                    numeric: true,
                    // Constant for the resource's life: its identity is the generation in its name.
                    keepers: { class: args.secretClass, generation: String(generation) },
                },
                {
                    parent: this,
                    // The provider marks `result` secret in a real deployment; say so here too, so no
                    // runtime (mocks included) can carry the value in plain text.
                    additionalSecretOutputs: ["result", "bcryptHash"],
                    // Values from the two-slot scheme are adopted, not replaced: their keepers held the
                    // period, which must never force a new value.
                    aliases: legacy ? [{ name: `${name}-${legacy}` }] : [],
                    ignoreChanges: ["keepers"],
                    protect: keyRing && (args.protect ?? false),
                },
            );
            return { generation, role, resourceName, value: pulumi.secret(password.result) };
        });
        this.current = this.valueOf("current")!;
        this.generation = state.generation;
        this.nextRotation = state.nextRotation.toISOString();
        this.registerOutputs({
            current: this.current,
            generation: this.generation,
            nextRotation: this.nextRotation,
        });
    }

    /** The value with a role: for key sets and users there is one of each; `previous` of a ring is the newest old key. */
    public valueOf(role: SlotRole): pulumi.Output<string> | undefined {
        return this.values.find((value) => value.role === role)?.value;
    }

    /** Key rings: `{ "<generation>": "<key>" }` for every key that may still decrypt. A Pulumi secret. */
    public keyRing(): pulumi.Output<string> {
        const entries = this.values.map((value) =>
            value.value.apply((key) => [String(value.generation), key] as const),
        );
        return pulumi.secret(
            pulumi.all(entries).apply((pairs) => JSON.stringify(Object.fromEntries(pairs))),
        );
    }

    /** Alternating users: each login user's password, the value of the live generation of its parity. */
    public userPasswords(): {
        readonly a: pulumi.Output<string>;
        readonly b: pulumi.Output<string>;
    } {
        const of = (user: "a" | "b") =>
            this.values.find((value) => userOfGeneration(value.generation) === user)?.value ??
            this.current;
        return { a: of("a"), b: of("b") };
    }
}
