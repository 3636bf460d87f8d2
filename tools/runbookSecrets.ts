/**
 * The runbook's secret sections: how generated secrets rotate (and how to rotate one now, change a
 * period, answer an incident, retire old keys), and when each vendor secret is due.
 */
import type { SystemModel } from "../model/load";
import { DAY_MS, ORIGIN_SECRET_HEADER, SECRET_CLASSES } from "../model/rules";
import { ROLLOUT_DESCRIPTIONS, rolloutMechanism } from "../model/rollout";
import { parseIsoDate, rotationAnchor, secretVariables } from "../model/rotation";
import { PROJECT } from "./project";
import { code, day, table } from "./runbookMarkdown";

/** Which consumers roll, and how, when a secret rotates. */
function rollouts(model: SystemModel, consumers: readonly string[]): string {
    return (
        consumers
            .flatMap((consumer) => {
                const service = model.services[consumer];
                if (!service) return [];
                return [
                    `${consumer}: ${rolloutMechanism(service) === "ecs-rolling-deployment" ? "new task definition" : "new production deployment"}`,
                ];
            })
            .join("; ") || "-"
    );
}

/** What application authors read, per key scheme. */
const KEY_USE_NOTES = [
    "How applications read them:",
    "",
    "- **Key sets** (signing keys, API and cron tokens): sign or send with `NAME`; accept `NAME`, `NAME_NEXT` and `NAME_PREVIOUS`. Django: `SECRET_KEY = env('SECRET_KEY')`, `SECRET_KEY_FALLBACKS = [env('SECRET_KEY_NEXT'), env('SECRET_KEY_PREVIOUS')]`. JWT: verify against the three as a JWKS-style list. Bearer tokens: compare the presented token with each of the three in constant time.",
    "- **Key rings** (encryption keys): encrypt with `NAME` and store `NAME_KEY_ID` with each ciphertext; decrypt with `JSON.parse(NAME_KEYRING)[keyId]`.",
    "- **Database credentials**: use `DATABASE_URL` as given; it names the current login user.",
    `- Rollout: ${ROLLOUT_DESCRIPTIONS["ecs-rolling-deployment"]} (ECS); ${ROLLOUT_DESCRIPTIONS["vercel-production-deployment"]} (Vercel).`,
];

/** The "Rotation" section: the schedule, what consumers read, and the commands for each procedure. */
export function rotationSection(model: SystemModel, stack: string, apply: string): string[] {
    return [
        "",
        "## Rotation",
        "",
        "Generated secrets rotate by themselves at the first `pulumi up` after each boundary (the daily workflow), and every consumer of a rotated value is redeployed in that same `pulumi up`: an ECS service gets a new task definition (ECS replaces its tasks one by one under the circuit breaker and `pulumi up` waits for a steady state), a Vercel project a new production deployment of its production branch. `npm run plan` shows today's generations and the next date.",
        "",
        ...table(
            ["secret", "class", "every", "consumers read", "schedule starts", "consumers roll by"],
            Object.values(model.secrets)
                .filter((s) => s.kind === "generated")
                .map((s) => [
                    s.name,
                    s.class,
                    `${s.periodDays} days`,
                    s.delivery === "database"
                        ? "`DATABASE_URL` naming the current of two login users"
                        : s.delivery === "redis"
                          ? `${code(Object.values(model.redis).find((r) => r.tokenSecret === s.name)?.urlVariable ?? "REDIS_URL")} with the current token; ElastiCache also accepts the one before`
                          : s.delivery === "edge"
                            ? `Cloudflare sends the current value as \`${ORIGIN_SECRET_HEADER}\`; the load balancers accept next, current and previous`
                            : secretVariables(s.name, s.scheme)
                                  .map((v) => v.variable)
                                  .join(", "),
                    day(rotationAnchor(s.name, s.formerPeriods[0]?.periodDays ?? s.periodDays)) +
                        (s.earlyRotations.length ? `; early: ${s.earlyRotations.join(", ")}` : ""),
                    s.delivery === "edge"
                        ? "updated in place by the same `pulumi up` (no redeploy)"
                        : rollouts(model, s.consumers),
                ]),
        ),
        "",
        ...KEY_USE_NOTES,
        "",
        "**Rotate one secret now**: add today's date to its `rotateNow` list in the stack file, then:",
        "",
        "```sh",
        `npm run plan -- --stack ${stack}   # shows the one value that changes and the consumers that roll`,
        apply,
        "```",
        "",
        "**Change a period**: never edit `periodDays` alone. Add the old period to `formerPeriods` with today's date, e.g. `formerPeriods: [{ periodDays: 90, until: 2026-12-01 }]`, and set the new `periodDays`: no value is replaced by the edit, and the next rotation follows the new cadence from the current value's start.",
        "",
        "**After an incident**: add the incident to `rotation.incidents` with today's date and apply. Every key-set value and login password is replaced at once (sessions end; requests between old and new instances fail until the rollout ends, the price of dropping a compromised value); every key ring gets a new current key, and its older keys stay to decrypt until the data is re-encrypted. Then rotate every vendor secret below in its console.",
        "",
        "```sh",
        `# N: the next free index; keep the earlier entries (they are the schedule's history)`,
        `pulumi config set --path 'opsbook:system.rotation.incidents[N].id' INC-YYYY-MM-DD --stack ${stack}`,
        `pulumi config set --path 'opsbook:system.rotation.incidents[N].at' YYYY-MM-DD --stack ${stack}`,
        apply,
        "```",
        "",
        "**Retire old encryption keys** (after re-encrypting every record with the current key): set the secret's `retiredThrough` to the newest generation no data uses (never one current within the last period: the plan refuses it), unprotect the retired keys (`npm run plan -- --json` lists each key's resource), then apply:",
        "",
        "```sh",
        `pulumi state unprotect 'urn:pulumi:${stack}::${PROJECT}::opsbook:index:RotatingSecret$random:index/randomPassword:RandomPassword::<SECRET>-g<N>' --stack ${stack}`,
        apply,
        "```",
    ];
}

/** The "Vendor secrets" section: each one's issue date, due date and how to rotate it. */
export function vendorSecretSection(model: SystemModel, stack: string): string[] {
    return [
        "",
        "### Vendor secrets",
        "",
        ...table(
            ["secret", "class", "issued", "due", "rotate with"],
            Object.values(model.secrets)
                .filter((s) => s.kind === "vendor" && s.rotatedAt)
                .map((s) => [
                    s.name,
                    s.class,
                    s.rotatedAt!,
                    day(
                        new Date(
                            parseIsoDate(s.rotatedAt!).getTime() +
                                Math.min(s.periodDays, SECRET_CLASSES[s.class].maxPeriodDays) *
                                    DAY_MS,
                        ),
                    ),
                    code(`pulumi config set --secret ${s.name} <new value> --stack ${stack}`) +
                        ", then set `rotatedAt` and apply (the new date is what redeploys its consumers)",
                ]),
        ),
    ];
}
