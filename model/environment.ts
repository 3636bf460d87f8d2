/**
 * A stack's environment and its rules (`ENVIRONMENT_RULES` in model/rules.ts): the defaults it gives, the
 * choices a stack file may make within them, and the table of docs/environments.md. Pure.
 */
import { ConfigError, describeValue, joinPath, quoteList } from "./errors";
import type { Parts } from "./parts";
import {
    CHAT_PROTOCOLS,
    ENVIRONMENT_RULES,
    ENVIRONMENT_RULE_NAMES,
    Environment,
    EnvironmentChoice,
    EnvironmentRuleName,
    EnvironmentRules,
} from "./rules";

/** The stack file's key for a stack's own choices within the rules. */
export const ENVIRONMENT_RULES_KEY = "environmentRules";

/** A rule's bounds in `environment`: production's, or the rest's. */
export function environmentChoice(name: EnvironmentRuleName, environment: Environment) {
    const rule: { production: EnvironmentChoice; other: EnvironmentChoice } =
        ENVIRONMENT_RULES[name];
    return environment === "production" ? rule.production : rule.other;
}

/** What a choice allows, in words: `true only`, `true or false`, `7 to 35`. */
export function describeChoice(choice: EnvironmentChoice): string {
    if ("allowed" in choice)
        return choice.allowed.length === 1
            ? `${String(choice.allowed[0])} only`
            : choice.allowed.map(String).join(" or ");
    return `${choice.min} to ${choice.max}`;
}

/** Whether `value` lies within `choice`. */
export function withinChoice(choice: EnvironmentChoice, value: unknown): boolean {
    if ("allowed" in choice) return typeof value === "boolean" && choice.allowed.includes(value);
    return (
        typeof value === "number" &&
        Number.isInteger(value) &&
        value >= choice.min &&
        value <= choice.max
    );
}

function outOfBounds(
    path: readonly PropertyKey[],
    value: unknown,
    name: EnvironmentRuleName,
    environment: Environment,
): ConfigError {
    return {
        path: joinPath(path),
        message: `${describeValue(value)} is not allowed in ${environment}; rule ${name} (model/rules.ts) allows ${describeChoice(environmentChoice(name, environment))}`,
    };
}

/** The stack's rules: each rule's default in its environment, replaced by the stack file's choice. */
export function resolveEnvironmentRules(
    environment: Environment,
    choices: Readonly<Record<string, unknown>> = {},
): EnvironmentRules {
    return Object.fromEntries(
        ENVIRONMENT_RULE_NAMES.map((name) => {
            const choice = environmentChoice(name, environment);
            const chosen = choices[name];
            return [name, withinChoice(choice, chosen) ? chosen : choice.default];
        }),
    ) as unknown as EnvironmentRules;
}

/**
 * Every choice of the stack file that leaves its rule: `environmentRules.<rule>`, and the per-entry fields
 * a rule bounds (a database's retention and Multi-AZ, a service's log retention, the critical routes).
 */
export function checkEnvironment(parts: Parts): ConfigError[] {
    // Production when absent or malformed: secure by default.
    const environment = parts.environment ?? "production";
    const errors: ConfigError[] = [];
    const choices = parts.environmentRules;
    for (const key of parts.names.environmentRules) {
        const name = key as EnvironmentRuleName;
        const value = choices[key];
        if (!ENVIRONMENT_RULE_NAMES.includes(name)) {
            errors.push({
                path: joinPath([ENVIRONMENT_RULES_KEY, key]),
                message: `is not a rule; expected one of ${quoteList(ENVIRONMENT_RULE_NAMES)}`,
            });
        } else if (
            value !== undefined &&
            !withinChoice(environmentChoice(name, environment), value)
        ) {
            errors.push(outOfBounds([ENVIRONMENT_RULES_KEY, key], value, name, environment));
        }
    }
    const rules = resolveEnvironmentRules(environment, choices);
    const bounded = <K extends "databases" | "services">(
        section: K,
        field: keyof Parts[K][string],
        name: EnvironmentRuleName,
        choice: EnvironmentChoice,
    ) => {
        for (const [entry, body] of Object.entries(parts[section])) {
            const value: unknown = body[field];
            if (value !== undefined && !withinChoice(choice, value))
                errors.push(outOfBounds([section, entry, field], value, name, environment));
        }
    };
    bounded(
        "databases",
        "retentionDays",
        "backupRetentionDays",
        environmentChoice("backupRetentionDays", environment),
    );
    bounded("databases", "multiAz", "multiAz", environmentChoice("multiAz", environment));
    bounded(
        "services",
        "logRetentionDays",
        "logRetentionDays",
        environmentChoice("logRetentionDays", environment),
    );
    errors.push(...checkCriticalRoutes(parts, rules, environment));
    return errors;
}

function checkCriticalRoutes(
    parts: Parts,
    rules: EnvironmentRules,
    environment: Environment,
): ConfigError[] {
    const routes = parts.alerts?.routes;
    if (!routes) return [];
    const protocolOf = (route: { readonly protocol: string }) => route.protocol;
    const critical = routes.critical;
    const errors: ConfigError[] = [];
    if (critical === undefined) {
        const warning = routes.warning ?? [];
        if (rules.pagingRoute || !rules.criticalToChat || warning.length === 0) {
            errors.push({
                path: joinPath(["alerts", "routes", "critical"]),
                message: rules.pagingRoute
                    ? `is required in ${environment} (rule pagingRoute): the route that pages on-call`
                    : "is required: critical alarms would reach nobody (no warning route to fall back to, or rule criticalToChat is false)",
            });
        }
        return errors;
    }
    critical.forEach((route, i) => {
        const protocol = protocolOf(route);
        if (!rules.criticalToChat && CHAT_PROTOCOLS.includes(protocol))
            errors.push(
                outOfBounds(
                    ["alerts", "routes", "critical", i, "protocol"],
                    protocol,
                    "criticalToChat",
                    environment,
                ),
            );
    });
    if (
        rules.pagingRoute &&
        critical.length > 0 &&
        critical.every((route) => CHAT_PROTOCOLS.includes(protocolOf(route)))
    ) {
        errors.push({
            path: joinPath(["alerts", "routes", "critical"]),
            message: `holds no paging route in ${environment} (rule pagingRoute): add one whose protocol is not ${quoteList(CHAT_PROTOCOLS)}`,
        });
    }
    return errors;
}

/** The table of docs/environments.md, rendered from the rules (test/model/environment.test.ts). */
export function environmentRulesTable(): string {
    const cell = (choice: EnvironmentChoice) =>
        `${String(choice.default)} (${describeChoice(choice)})`;
    return [
        "| Rule | What it decides | production: default (allowed) | staging, development: default (allowed) |",
        "|---|---|---|---|",
        ...ENVIRONMENT_RULE_NAMES.map((name) => {
            const rule: {
                description: string;
                production: EnvironmentChoice;
                other: EnvironmentChoice;
            } = ENVIRONMENT_RULES[name];
            return `| \`${name}\` | ${rule.description} | ${cell(rule.production)} | ${cell(rule.other)} |`;
        }),
    ].join("\n");
}
