/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    // Type errors are caught once by `npm run typecheck`; transpiling per file keeps jest fast.
    transform: { "^.+\\.ts$": "ts-jest" },
    testTimeout: 60000,
};
