/**
 * The schema of secrets and of the plain environment: what each secret is and who receives it, and the
 * variables each service gets (a value, a secret reference, or a value declared public).
 */
import { z } from "zod";
import { SECRET_CLASS_NAMES } from "./rules";
import { formerPeriodSchema, isoDate, waiverSchema } from "./schemaCommon";

export const secretSchema = z
    .strictObject({
        kind: z
            .enum(["generated", "vendor"])
            .describe(
                "`generated` (opsbook generates and rotates it) or `vendor` (issued by a vendor's console).",
            ),
        class: z
            .enum(SECRET_CLASS_NAMES as [string, ...string[]])
            .describe(
                "What the secret is for; sets its maximum period, slots and strength (model/rules.ts).",
            ),
        periodDays: z
            .number()
            .int()
            .positive()
            .describe(
                "Rotation period (generated) or maximum age (vendor), in days; default and ceiling from the class.",
            )
            .optional(),
        rotatedAt: isoDate
            .describe("Vendor secrets only: when the value in secret config was last issued.")
            .optional(),
        /**
         * Generated secrets only: dates of planned early rotations. Each advances one generation on its date
         * and restarts the schedule there; keep past dates (they are the schedule's history).
         */
        rotateNow: z.union([isoDate, z.array(isoDate)]).optional(),
        /**
         * Published keys only (`published-key`): the dates NAME_NEXT became current, oldest first, each at
         * least `PUBLISHED_KEY_MIN_NOTICE_DAYS` after the one before. Keep past dates (the key's history).
         */
        promotions: z.array(isoDate).optional(),
        /**
         * Generated secrets only: the periods this secret had before `periodDays`, oldest first. Changing the
         * period never rotates: record the old one here with the date of the change, and keep it.
         */
        formerPeriods: z.array(formerPeriodSchema).optional(),
        /**
         * Encryption keys only: every key of this generation or older is retired, because the data it
         * encrypted has been re-encrypted with a newer key. Until then no key is ever deleted.
         */
        retiredThrough: z.number().int().min(0).optional(),
        /**
         * Services that receive the secret: `NAME`, `NAME_NEXT` and `NAME_PREVIOUS` for key sets, `NAME`,
         * `NAME_KEY_ID` and `NAME_KEYRING` for key rings, `NAME` for vendor secrets. Empty for a secret only
         * the infrastructure reads (a database's admin URL).
         */
        consumers: z
            .array(z.string())
            .describe("Services that receive the secret (NAME, and its other slots by class).")
            .optional(),
        /** Free text for the runbook. */
        description: z.string().optional(),
        /**
         * Vendor secrets only: an acknowledged grace. While `until` is ahead an overdue value is reported
         * (advisory) instead of refusing every `pulumi up` (an emergency rollback included).
         */
        waiver: waiverSchema.optional(),
    })
    .describe("A secret: generated and rotated by opsbook, or issued by a vendor.");

export const secretReferenceSchema = z.strictObject({
    /** The name of an entry of `secrets`. */
    secret: z.string(),
    /** Which value of a key set: `current` (default), `next` or `previous`. */
    slot: z.enum(["current", "next", "previous"]).optional(),
});

/**
 * A plain value that looks like a credential (by its name or by value) but is public by design, such as a
 * Sentry DSN: declared so, with the reason, it is neither refused nor redacted, and the plan lists it.
 */
export const publicValueSchema = z.strictObject({
    value: z.string(),
    /** Why the value is public, e.g. "Sentry DSNs ship in the browser bundle and only accept events". */
    public: z.string().trim().min(1),
});

export const envValueSchema = z.union([
    z.string(),
    z.number(),
    z.boolean(),
    secretReferenceSchema,
    publicValueSchema,
]);
