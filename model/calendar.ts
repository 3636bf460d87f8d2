/**
 * The rotation calendar: names, classes, generations and dates, never values. Exported as a stack output
 * and printed by the plan, so a reviewer sees what the next `pulumi up` rotates and who rolls with it.
 */
import { loginUser } from "./data";
import { SYSTEM_KEY } from "./errors";
import type { SystemModel } from "./types";
import { rolloutMechanism, RolloutMechanism } from "./rollout";
import {
    generationResourceName,
    liveValues,
    parseIsoDate,
    rotationState,
    scheduleOf,
    secretVariables,
    SlotRole,
    userOfGeneration,
    vendorAge,
    VendorStatus,
} from "./rotation";
import { ISO_DATE, isCalendarDate } from "./schema";
import {
    KeyScheme,
    SECRET_CLASSES,
    SecretClass,
    SecretKind,
    VENDOR_DUE_WARNING_DAYS,
} from "./rules";

/** A live value of a generated secret: how consumers read it, its generation, role and resource. */
export interface CalendarSlot {
    /** The variable (or login user) that carries it: `SECRET_KEY_NEXT`, `MASTER_ENCRYPTION_KEY_KEYRING["3"]`. */
    readonly slot: string;
    readonly generation: number;
    readonly role: SlotRole;
    /** The random resource holding the value. */
    readonly resource: string;
}

export interface CalendarEntry {
    readonly name: string;
    readonly kind: SecretKind;
    readonly class: SecretClass;
    readonly scheme: KeyScheme;
    readonly periodDays: number;
    readonly maxAgeDays: number;
    /** Generated secrets: the current generation. */
    readonly generation: number | null;
    /** Generated secrets: every live value, newest first. */
    readonly slots: readonly CalendarSlot[];
    /** Key rings: keys of this generation and older are retired. */
    readonly retiredThrough: number | null;
    /** Last rotation: the current generation's start, or a vendor secret's `rotatedAt`. ISO date-time. */
    readonly rotatedAt: string;
    /** When the next rotation is due: the next boundary, or a vendor secret's due date. */
    readonly nextRotation: string;
    /** Vendor secrets: ok, due-soon (within the warning window) or overdue. */
    readonly status: VendorStatus;
    readonly consumers: readonly string[];
    /**
     * Generated secrets: where the stack file keeps the schedule's history (`formerPeriods` or its
     * store's name for it), the entry a period edit needs; null when the period comes from the rules.
     */
    readonly formerPeriodsPath: string | null;
    /** How each consumer picks up a new value, in the same `pulumi up`. */
    readonly rollouts: readonly {
        readonly consumer: string;
        readonly mechanism: RolloutMechanism;
    }[];
}

/** How consumers read each live value. */
function slotLabel(
    secret: SystemModel["secrets"][string],
    model: SystemModel,
    generation: number,
    role: SlotRole,
): string {
    if (secret.scheme === "alternating-users") {
        const database = Object.values(model.databases).find(
            (d) => d.credentialSecret === secret.name,
        );
        return database ? loginUser(database.dbName, userOfGeneration(generation)) : role;
    }
    const variables = secretVariables(secret.name, secret.scheme);
    if (secret.scheme === "key-ring") {
        const ring = variables.find((v) => v.slot === "keyring")!.variable;
        return role === "current"
            ? `${secret.name}, ${ring}["${generation}"]`
            : `${ring}["${generation}"]`;
    }
    return variables.find((v) => v.slot === role)?.variable ?? role;
}

/** Where the stack file keeps a generated secret's period history (see `CalendarEntry`). */
function formerPeriodsPath(
    secret: SystemModel["secrets"][string],
    model: SystemModel,
): string | null {
    if (secret.kind !== "generated") return null;
    switch (secret.delivery) {
        case "env":
            return `${SYSTEM_KEY}.secrets.${secret.name}.formerPeriods`;
        case "database": {
            const database = Object.values(model.databases).find(
                (d) => d.credentialSecret === secret.name,
            );
            return database
                ? `${SYSTEM_KEY}.databases.${database.name}.credentialFormerPeriods`
                : null;
        }
        case "redis": {
            const redis = Object.values(model.redis).find((r) => r.tokenSecret === secret.name);
            return redis ? `${SYSTEM_KEY}.redis.${redis.name}.tokenFormerPeriods` : null;
        }
        default:
            return null;
    }
}

export function rotationCalendar(model: SystemModel, now: Date): CalendarEntry[] {
    return Object.values(model.secrets).map((secret) => {
        const common = {
            name: secret.name,
            kind: secret.kind,
            class: secret.class,
            scheme: secret.scheme,
            periodDays: secret.periodDays,
            maxAgeDays: SECRET_CLASSES[secret.class].maxPeriodDays,
            consumers: secret.consumers,
            retiredThrough: secret.retiredThrough ?? null,
            formerPeriodsPath: formerPeriodsPath(secret, model),
            rollouts: secret.consumers.flatMap((consumer) => {
                const service = model.services[consumer];
                return service ? [{ consumer, mechanism: rolloutMechanism(service) }] : [];
            }),
        };
        if (secret.kind === "vendor" && secret.rotatedAt !== undefined) {
            const age = vendorAge(
                secret.rotatedAt,
                secret.periodDays,
                VENDOR_DUE_WARNING_DAYS,
                now,
            );
            return {
                ...common,
                generation: null,
                slots: [],
                rotatedAt: parseIsoDate(secret.rotatedAt).toISOString(),
                nextRotation: age.dueAt.toISOString(),
                status: age.status,
            };
        }
        const state = rotationState(scheduleOf(secret, model.incidents), now);
        return {
            ...common,
            periodDays: state.periodDays,
            generation: state.generation,
            slots: liveValues(secret.scheme, state.generation, secret.retiredThrough).map(
                ({ generation, role }) => ({
                    slot: slotLabel(secret, model, generation, role),
                    generation,
                    role,
                    resource: generationResourceName(secret.owner, generation),
                }),
            ),
            rotatedAt: state.currentSince.toISOString(),
            nextRotation: state.nextRotation.toISOString(),
            status: "ok" as const,
        };
    });
}

/** `OPSBOOK_NOW` (an ISO date) when set, so previews and tests are deterministic; the real clock otherwise. */
export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
    const override = env.OPSBOOK_NOW;
    if (override === undefined || override === "") return new Date();
    if (!ISO_DATE.test(override) || !isCalendarDate(override)) {
        throw new Error(
            `OPSBOOK_NOW: ${JSON.stringify(override)} is not a date; expected an ISO date such as 2026-11-24`,
        );
    }
    return parseIsoDate(override);
}
