/**
 * The rotation calendar: names, classes and dates, never values. Exported as a stack output and printed by
 * the plan, so a reviewer sees what the next `pulumi up` rotates.
 */
import { SystemModel } from "./load";
import { parseIsoDate, rotationState, Slot, vendorAge, VendorStatus } from "./rotation";
import { ISO_DATE, isCalendarDate } from "./schema";
import { SECRET_CLASSES, SecretClass, SecretKind, VENDOR_DUE_WARNING_DAYS } from "./rules";

export interface CalendarEntry {
    readonly name: string;
    readonly kind: SecretKind;
    readonly class: SecretClass;
    readonly periodDays: number;
    readonly maxAgeDays: number;
    /** Generated secrets: the live generation and the slot holding it. */
    readonly generation: number | null;
    readonly currentSlot: Slot | null;
    readonly slots: 1 | 2;
    /** Last rotation: the current generation's start, or a vendor secret's `rotatedAt`. ISO date-time. */
    readonly rotatedAt: string;
    /** When the next rotation is due: the next boundary, or a vendor secret's due date. */
    readonly nextRotation: string;
    /** Vendor secrets: ok, due-soon (within the warning window) or overdue. */
    readonly status: VendorStatus;
    readonly consumers: readonly string[];
}

export function rotationCalendar(model: SystemModel, now: Date): CalendarEntry[] {
    return Object.values(model.secrets).map((secret) => {
        const common = {
            name: secret.name,
            kind: secret.kind,
            class: secret.class,
            periodDays: secret.periodDays,
            maxAgeDays: SECRET_CLASSES[secret.class].maxPeriodDays,
            slots: secret.slots,
            consumers: secret.consumers,
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
                currentSlot: null,
                rotatedAt: parseIsoDate(secret.rotatedAt).toISOString(),
                nextRotation: age.dueAt.toISOString(),
                status: age.status,
            };
        }
        const state = rotationState(
            {
                name: secret.name,
                periodDays: secret.periodDays,
                earlyRotations: secret.earlyRotations,
            },
            now,
        );
        return {
            ...common,
            generation: state.generation,
            currentSlot: state.currentSlot,
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
