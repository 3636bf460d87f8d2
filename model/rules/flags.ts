/** Feature flags: keys per store, rollouts, the AppConfig agent and deployment. */

/**
 * Feature flags. A flag's name is the application's own key (snake_case, camelCase, kebab-case or
 * SCREAMING_SNAKE), so it must be a key in every store that serves it:
 * - AppConfig: the `AWS.AppConfig.FeatureFlags` schema's `flagDefinitions` and `flagValues` take keys
 *   matching `^[a-z][a-zA-Z\d_-]{0,63}$` (AppConfig user guide, "Understanding the type reference for
 *   AWS.AppConfig.FeatureFlags"): a lower-case letter first, so SCREAMING_SNAKE is not one.
 * - Edge Config: item keys of letters, digits, `_` and `-` (`^[\w-]+$`, Vercel REST API, Edge Config items);
 *   opsbook holds them to AppConfig's 64 characters too, so a flag can move between platforms by length.
 */
export const FLAG_KEYS = {
    appconfig: {
        pattern: /^[a-z][a-zA-Z0-9_-]{0,63}$/,
        allowed:
            "a lower-case letter, then letters, digits, '_' or '-', at most 64 characters (AppConfig's flag key rule), such as newCheckout, new-checkout or new_checkout",
    },
    "edge-config": {
        pattern: /^[A-Za-z0-9_-]{1,64}$/,
        allowed:
            "letters, digits, '_' or '-', at most 64 characters (Edge Config's item key rule), such as NEW_CHECKOUT, newCheckout or new-checkout",
    },
} as const;
/**
 * Percentage rollouts: the share of users a served flag is on for, a whole percent. The context key
 * AppConfig's `split` hashes (the app passes it to the agent) and the bucketing rule Edge Config readers
 * apply (`bucketOf` in model/flags.ts) both take the user's id.
 */
export const FLAG_ROLLOUT = { minPercent: 1, maxPercent: 100, contextKey: "userId" } as const;
/** The variable holding a Vercel project's Edge Config connection string (read by `@vercel/edge-config`). */
export const EDGE_CONFIG_VARIABLE = "EDGE_CONFIG";
/** The variable telling an ECS container where the AppConfig agent serves its flags. */
export const FLAGS_URL_VARIABLE = "OPSBOOK_FLAGS_URL";
/** The AppConfig agent sidecar (AWS's image, major version 2) and the port it serves on localhost. */
export const APPCONFIG_AGENT_IMAGE = "public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x";
export const APPCONFIG_AGENT_PORT = 2772;
/**
 * How often the agent asks AppConfig for a new version (s): the shortest poll interval AppConfig's data API
 * accepts (`RequiredMinimumPollIntervalInSeconds` ≥ 15), so a flag change or a kill reaches every task
 * within this after its deployment (the agent's default is 45).
 */
export const FLAG_POLL_SECONDS = 15;
/**
 * The flags' deployment: all at once, no bake. AppConfig allows one deployment at a time per environment,
 * and the predefined `AppConfig.AllAtOnce` bakes 10 minutes watching alarms (none are attached here), so a
 * kill right after another flag change would be refused until the bake ends.
 */
export const FLAG_DEPLOYMENT = { durationMinutes: 0, bakeMinutes: 0, growthPercent: 100 } as const;
