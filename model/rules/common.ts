/** Units and names every area of the rules shares. */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Env var and secret names: what every platform accepts (POSIX shell names, upper case). */
export const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
/** ENV_NAME in words, for the schema's hints. */
export const ENV_NAME_RULE = "upper-case letters, digits and '_', starting with a letter";

/** Service names become resource names, SSM paths and DNS labels. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** SERVICE_NAME in words, for the schema's hints. */
export const SERVICE_NAME_RULE =
    "2 to 32 lower-case letters, digits and '-', starting with a letter and not ending with '-'";

/** Where SSM parameters live: /opsbook/<stack>/<service>/<VARIABLE>. */
export const SSM_PREFIX = "/opsbook";
