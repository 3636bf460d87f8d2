/**
 * The runbooks' numbers, in one place. Components take their defaults from here, the loader validates
 * against it and the policy pack enforces it: a number restated elsewhere is a bug.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Who issues a secret: opsbook generates it with @pulumi/random, or a vendor's console does. */
export type SecretKind = "generated" | "vendor";

export interface SecretClassRule {
    /** What the class is for, shown in errors and the plan. */
    readonly description: string;
    readonly kind: SecretKind;
    /** The longest a value may stay current: the rotation period's ceiling (generated) or maximum age (vendor). */
    readonly maxPeriodDays: number;
    /** The period used when a secret does not set `periodDays`. */
    readonly defaultPeriodDays: number;
    /**
     * 1: one value, replaced at rotation (consumers must tolerate the switch, e.g. a cron token).
     * 2: `NAME` and `NAME_PREVIOUS`, so what was signed, encrypted or connected with the old value keeps
     * working for one more period.
     */
    readonly slots: 1 | 2;
    /** Minimum strength of a generated value, in bits of entropy (length × log2(alphabet)). */
    readonly minEntropyBits: number;
}

export const SECRET_CLASSES = {
    // Kolamba/Fork-Knife: JWT secrets every 90 days; users must not be logged out, hence two slots.
    "signing-key": {
        description: "signs sessions or tokens (SECRET_KEY, JWT secrets)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        slots: 2,
        minEntropyBits: 256,
    },
    // LegacyVideo rotates MASTER_ENCRYPTION_KEY "with data migration": the previous key must still decrypt.
    "encryption-key": {
        description: "encrypts data at rest (MASTER_ENCRYPTION_KEY)",
        kind: "generated",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        slots: 2,
        minEntropyBits: 256,
    },
    // LegacyVideo: API_SECRET must match between api and worker, which restart at different times.
    "api-token": {
        description: "authenticates one service to another (API_SECRET)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        slots: 2,
        minEntropyBits: 256,
    },
    // The Vercel + Supabase app: `openssl rand -hex 16` for CRON_SECRET, i.e. 128 bits.
    "cron-token": {
        description: "authenticates a scheduler's calls (CRON_SECRET)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        slots: 1,
        minEntropyBits: 128,
    },
    // Fork-Knife: database password every 180 days.
    "database-credential": {
        description: "a database user's password",
        kind: "generated",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        slots: 2,
        minEntropyBits: 192,
    },
    // Fork-Knife: Stripe and Twilio keys annually.
    "vendor-api-key": {
        description: "an API key issued by a vendor (Stripe, Twilio, Cloudinary, Resend)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        slots: 1,
        minEntropyBits: 0,
    },
    "oauth-client-secret": {
        description: "an OAuth client secret issued by an identity provider (Google)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        slots: 1,
        minEntropyBits: 0,
    },
    "webhook-secret": {
        description: "a webhook signing secret issued by a vendor (Stripe)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        slots: 1,
        minEntropyBits: 0,
    },
} as const satisfies Record<string, SecretClassRule>;

export type SecretClass = keyof typeof SECRET_CLASSES;
export const SECRET_CLASS_NAMES = Object.keys(SECRET_CLASSES) as SecretClass[];

export function secretClassesOfKind(kind: SecretKind): SecretClass[] {
    return SECRET_CLASS_NAMES.filter((name) => SECRET_CLASSES[name].kind === kind);
}

/** A vendor secret due within this many days is reported (advisory) before it becomes overdue. */
export const VENDOR_DUE_WARNING_DAYS = 14;

/**
 * Generated values use letters and digits only: every consumer (URLs, headers, shell, .env files) takes
 * them unquoted. 62 symbols give log2(62) ≈ 5.95 bits a character.
 */
export const GENERATED_ALPHABET_SIZE = 62;

/** The length that gives a class its minimum entropy over the generated alphabet, rounded up to 8. */
export function generatedLength(secretClass: SecretClass): number {
    const bitsPerChar = Math.log2(GENERATED_ALPHABET_SIZE);
    const chars = Math.ceil(SECRET_CLASSES[secretClass].minEntropyBits / bitsPerChar);
    return Math.max(32, Math.ceil(chars / 8) * 8);
}

/** Environment variable names that hold credentials; such a value must never be stored in plain text. */
export const SECRET_LOOKING_NAME =
    /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH|SIGNING|ENCRYPTION_?KEY|DSN|DATABASE_URL|DIRECT_URL)/i;

/** Env var and secret names: what every platform accepts (POSIX shell names, upper case). */
export const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Service names become resource names, SSM paths and DNS labels. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Where SSM parameters live: /opsbook/<stack>/<service>/<VARIABLE>. */
export const SSM_PREFIX = "/opsbook";
