/**
 * Two projects: `unit` (model, components, policies, tools: no plan of a whole stack) and `plan` (the
 * offline plan end to end, and the tunnel that reads plans). The plan project's global setup plans prod and
 * every example once per run (test/plan/globalSetup.ts); `jest --selectProjects unit` skips it.
 * @type {import('jest').Config}
 */
const project = {
    testEnvironment: "node",
    // Type errors are caught once by `npm run typecheck`; transpiling per file keeps jest fast.
    transform: { "^.+\\.ts$": "ts-jest" },
};
const PLAN_TESTS = ["<rootDir>/test/plan/", "<rootDir>/test/tunnel/"];

module.exports = {
    testTimeout: 60000,
    // One worker per core (jest's default leaves one core to itself): plan tests wait on packs and
    // planning processes, so a second worker keeps both cores busy.
    maxWorkers: "100%",
    projects: [
        {
            ...project,
            displayName: "unit",
            roots: ["<rootDir>/test"],
            testMatch: ["**/*.test.ts"],
            testPathIgnorePatterns: ["/node_modules/", ...PLAN_TESTS],
        },
        {
            ...project,
            displayName: "plan",
            roots: ["<rootDir>/test"],
            testMatch: PLAN_TESTS.map((dir) => `${dir}**/*.test.ts`),
            globalSetup: "<rootDir>/test/plan/globalSetup.ts",
            globalTeardown: "<rootDir>/test/plan/globalTeardown.ts",
        },
    ],
};
