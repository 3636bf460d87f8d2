/**
 * Secrets: the classes and their periods, key schemes, waivers, vendor due dates, the generated values'
 * strength, and what counts as a credential or a value public by design.
 */

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
     * Earlier defaults, oldest first, each in force until its date. Changing `defaultPeriodDays` means
     * recording the old one here: secrets on the default then keep their current values (edits never rotate).
     */
    readonly formerDefaultPeriods?: readonly {
        readonly periodDays: number;
        readonly until: string;
    }[];
    /** How many values live at once and how consumers read them (`KEY_SCHEMES`). */
    readonly scheme: KeyScheme;
    /** Minimum strength of a generated value, in bits of entropy (length × log2(alphabet)). */
    readonly minEntropyBits: number;
    /**
     * `recorded`: the generation advances only on the dates the stack file records (`promotions`) and on
     * incidents, never on the period; `periodDays` is then the age at which the pack warns (advisory).
     */
    readonly promotion?: "recorded";
}

export const SECRET_CLASSES = {
    // Kolamba/Fork-Knife: JWT secrets every 90 days; users must not be logged out. Signed by one instance and
    // checked by another, so a key set: old and new instances accept each other's values during a rollout.
    "signing-key": {
        description: "signs sessions or tokens (SECRET_KEY, JWT secrets)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 256,
    },
    // LegacyVideo rotates MASTER_ENCRYPTION_KEY "with data migration": every older key must still decrypt
    // until re-encryption is recorded as finished, so a key ring that never loses an unretired key.
    "encryption-key": {
        description: "encrypts data at rest (MASTER_ENCRYPTION_KEY)",
        kind: "generated",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "key-ring",
        minEntropyBits: 256,
    },
    // LegacyVideo: API_SECRET must match between api and worker, which restart at different times.
    "api-token": {
        description: "authenticates one service to another (API_SECRET)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 256,
    },
    // The Vercel + Supabase app: `openssl rand -hex 16` for CRON_SECRET, i.e. 128 bits.
    "cron-token": {
        description: "authenticates a scheduler's calls (CRON_SECRET)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 128,
    },
    // Fork-Knife: database password every 180 days; two login users alternate, so no connection fails.
    "database-credential": {
        description: "a database user's password",
        kind: "generated",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        scheme: "alternating-users",
        minEntropyBits: 192,
    },
    // A Redis AUTH token: a data store's password like the database's (180 days). ElastiCache accepts two
    // tokens at once (ROTATE), so consumers holding the old one keep connecting while they roll.
    "redis-auth-token": {
        description: "a Redis AUTH token (ElastiCache)",
        kind: "generated",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        scheme: "alternating-users",
        minEntropyBits: 192,
    },
    // Fork-Knife: Stripe and Twilio keys annually.
    "vendor-api-key": {
        description: "an API key issued by a vendor (Stripe, Twilio, Cloudinary, Resend)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    "oauth-client-secret": {
        description: "an OAuth client secret issued by an identity provider (Google)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    // Fork-Knife: "Database Password ... Every 180 days" for Supabase: the admin URL is reset in its console.
    "database-admin-url": {
        description: "an existing PostgreSQL's admin connection URL (Supabase, Railway, Neon)",
        kind: "vendor",
        maxPeriodDays: 180,
        defaultPeriodDays: 180,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    // Where alerts go: a PagerDuty or Slack URL is a credential, kept and reviewed like one.
    "alert-endpoint": {
        description:
            "an alert subscription endpoint (PagerDuty, Slack or chat webhook URL, e-mail)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
    // The edge: Cloudflare adds it to every request it forwards, the load balancer forwards only requests
    // that carry an accepted value. Sent by one side, checked by the other, so a key set.
    "origin-secret": {
        description: "proves a request came through the edge (Cloudflare to the load balancer)",
        kind: "generated",
        maxPeriodDays: 90,
        defaultPeriodDays: 90,
        scheme: "key-set",
        minEntropyBits: 256,
    },
    // A key third parties verify (webhook signatures customers check, a published JWKS): customers fetch
    // NAME_NEXT well before it signs anything, so the switch is a recorded step the team announces
    // (`promotions`), not a date the calendar picks. No forced expiry: an old key is a warning.
    "published-key": {
        description: "signs what third parties verify (webhook signatures, a published key set)",
        kind: "generated",
        maxPeriodDays: 730,
        defaultPeriodDays: 365,
        scheme: "key-set",
        minEntropyBits: 256,
        promotion: "recorded",
    },
    "webhook-secret": {
        description: "a webhook signing secret issued by a vendor (Stripe)",
        kind: "vendor",
        maxPeriodDays: 365,
        defaultPeriodDays: 365,
        scheme: "vendor",
        minEntropyBits: 0,
    },
} as const satisfies Record<string, SecretClassRule>;

export type SecretClass = keyof typeof SECRET_CLASSES;

/** Which values of a generated secret are live at once, relative to the current generation g. */
export type KeyScheme = "key-set" | "key-ring" | "alternating-users" | "vendor";

export interface KeySchemeRule {
    readonly description: string;
    /** Generations older than g that stay live: a number, or `until-retired` (the key ring). */
    readonly previous: number | "until-retired";
    /** Generations newer than g published ahead of becoming current. */
    readonly next: number;
    /**
     * Generations an incident advances: far enough that no value consumers held before it is current,
     * and, for key sets and users, none is accepted either (a compromised value must not survive).
     */
    readonly incidentJump: number;
}

/**
 * Generations count from the rotation epoch (2024-01-01); a key ring without `retiredThrough` starts at
 * the first one. Keys of generations before the secret existed never encrypted anything: retire them.
 */
export const KEY_RING_FIRST_GENERATION = 0;

export const KEY_SCHEMES: Readonly<Record<KeyScheme, KeySchemeRule>> = {
    // A value signed or sent by one instance and checked by another: during a rollout old instances
    // sign with g-1 and new ones with g, so each must accept the other's: {g-1, g, g+1} at every moment.
    "key-set": {
        description: "NAME signs or sends; NAME_NEXT and NAME_PREVIOUS are also accepted",
        previous: 1,
        next: 1,
        incidentJump: 3,
    },
    // Data encrypted with any key stays readable until the operator records re-encryption
    // (`retiredThrough`); the next key is published early so old instances read what new ones write.
    "key-ring": {
        description: "NAME encrypts; NAME_KEYRING holds every key still needed to decrypt",
        previous: "until-retired",
        next: 1,
        incidentJump: 2,
    },
    // Two login users: the one not in use gets the new password, so no running consumer's login changes.
    // A Redis AUTH token the same way: the server accepts the current and the previous token.
    "alternating-users": {
        description: "two login users (or two accepted tokens); the URL names the current one",
        previous: 1,
        next: 0,
        incidentJump: 2,
    },
    vendor: {
        description: "one value, issued in the vendor's console",
        previous: 0,
        next: 0,
        incidentJump: 0,
    },
};
export const SECRET_CLASS_NAMES = Object.keys(SECRET_CLASSES) as SecretClass[];

export function secretClassesOfKind(kind: SecretKind): SecretClass[] {
    return SECRET_CLASS_NAMES.filter((name) => SECRET_CLASSES[name].kind === kind);
}

/**
 * A waiver (`waiver: { reason, by, until }`) lets a stack loosen one runbook value, or run with an overdue
 * vendor secret, until a date: the pack reports it (advisory) until then and refuses it (mandatory) after.
 * Its `until` may be at most this many days after the day it is judged: a quarter, so every waiver is
 * decided again at least once a quarter instead of becoming the new default by neglect.
 */
export const WAIVER_MAX_DAYS = 92;

/**
 * A published key's next value is published (as NAME_NEXT) when the previous promotion happens, so each
 * promotion comes at least this many days after the one before: customers that refresh the key set
 * monthly hold the new current key before it signs.
 */
export const PUBLISHED_KEY_MIN_NOTICE_DAYS = 30;

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
    /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH|SIGNING|ENCRYPTION_?KEY|DSN|DATABASE_URL|DIRECT_URL|REDIS_URL)/i;

/**
 * How a plain variable declared public by design in the stack model (`{ value, public: WHY }`) is marked on
 * what the program writes, so the pack's plain-secret policies accept it: an SSM parameter's tag
 * `PUBLIC_VALUE_TAG` = `PUBLIC_VALUE_MARK`, a Vercel variable's comment ending in ` (PUBLIC_VALUE_MARK)`, a
 * task definition's declared `publicValues` names.
 */
export const PUBLIC_VALUE_TAG = "opsbook:public";
export const PUBLIC_VALUE_MARK = "declared public";
