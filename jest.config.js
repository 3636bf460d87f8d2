/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    // Type errors are caught once by `npm run typecheck`; transpiling per file keeps jest fast.
    // secretlint ships ES modules only: Node requires them natively (require(esm)), jest's module
    // registry does not, so jest transpiles them to CommonJS like our own files.
    transform: {
        "^.+\\.ts$": "ts-jest",
        "/node_modules/@secretlint/.+\\.js$": [
            "ts-jest",
            { tsconfig: { allowJs: true, module: "commonjs" }, isolatedModules: true },
        ],
    },
    transformIgnorePatterns: ["/node_modules/(?!@secretlint/)"],
    testTimeout: 60000,
};
