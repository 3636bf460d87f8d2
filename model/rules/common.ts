/** Units and names every area of the rules shares. */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Env var and secret names: what every platform accepts (POSIX shell names, upper case). */
export const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Service names become resource names, SSM paths and DNS labels. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Where SSM parameters live: /opsbook/<stack>/<service>/<VARIABLE>. */
export const SSM_PREFIX = "/opsbook";
