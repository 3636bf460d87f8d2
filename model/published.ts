/**
 * Published keys (class `published-key`): keys third parties verify, so NAME_NEXT is published a notice
 * period before it signs, and it becomes current only on a date the stack file records (`promotions`).
 * The loader's checks for them. Pure.
 */
import { ConfigError, describeValue, joinPath } from "./errors";
import type { SecretInput } from "./schema";
import { DAY_MS, PUBLISHED_KEY_MIN_NOTICE_DAYS, SecretClassRule } from "./rules";
import { parseIsoDate } from "./rotation";

/**
 * `promotions` only on a published key, and required there: its first entry is when the first key became
 * current (so the current key's age is always known), each later one a notice period after the one before.
 */
export function checkPromotions(
    name: string,
    secret: Partial<SecretInput>,
    rule: SecretClassRule | undefined,
    now: Date,
    written: (key: keyof SecretInput) => boolean,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const error = (path: PropertyKey[], message: string) =>
        errors.push({ path: joinPath(["secrets", name, ...path]), message });
    const published = rule?.promotion === "recorded";
    if (!published) {
        if (written("promotions")) {
            error(
                ["promotions"],
                "is for published keys only (class published-key); this secret rotates on its schedule (rotateNow for an early rotation)",
            );
        }
        return errors;
    }
    for (const key of ["rotateNow", "formerPeriods"] as const) {
        if (written(key)) {
            error(
                [key],
                `is not for a published key: it changes only by a recorded promotion; add the date NAME_NEXT becomes current to promotions`,
            );
        }
    }
    const dates = secret.promotions ?? [];
    const first = dates.length > 0 ? parseIsoDate(dates[0]).getTime() : NaN;
    if (!written("promotions") || secret.promotions?.length === 0) {
        error(
            ["promotions"],
            `is required for a published key: the date its first key became current, e.g. [${now.toISOString().slice(0, 10)}] for one that goes live now; add a date each time NAME_NEXT is promoted`,
        );
    } else if (first > now.getTime()) {
        error(
            ["promotions", 0],
            `${describeValue(dates[0])} is in the future; the first entry is the date the first key became current: expected a date on or before ${now.toISOString().slice(0, 10)}`,
        );
    }
    let previous: number | undefined;
    dates.forEach((date, index) => {
        const at = parseIsoDate(date).getTime();
        if (Number.isNaN(at)) return;
        if (previous !== undefined && at - previous < PUBLISHED_KEY_MIN_NOTICE_DAYS * DAY_MS) {
            error(
                ["promotions", index],
                `${describeValue(date)} is less than ${PUBLISHED_KEY_MIN_NOTICE_DAYS} days after the promotion before it; the next key is published at a promotion and customers need that notice: expected ${new Date(previous + PUBLISHED_KEY_MIN_NOTICE_DAYS * DAY_MS).toISOString().slice(0, 10)} or later`,
            );
        }
        previous = at;
    });
    return errors;
}

/** The record a published key's component carries, for the age warning. */
export function publishedKeyProps(currentSince: Date): {
    promotion: "recorded";
    currentSince: string;
} {
    return { promotion: "recorded", currentSince: currentSince.toISOString() };
}
