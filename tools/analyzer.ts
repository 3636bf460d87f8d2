/** The policy pack driven as the Pulumi engine drives it, offline: tools/policyPack/ in one. */
// Plays the Pulumi engine's part toward a CrossGuard policy pack, offline: boots the pack in its real
// analyzer server (`run-policy-pack`, as `pulumi preview --policy-pack DIR` does) and drives it over
// gRPC with the same calls, in the same order, with the same property encoding as the CLI. The parts:
// types.ts (what is exchanged), session.ts (boot, connect, run), pool.ts (packs shared by
// configuration), judge.ts (the preview's calls), config.ts (the policy config), encode.ts (property
// encoding), process.ts (the pack's process and the Engine service), rpc.ts (gRPC plumbing).
export { encodeProps } from "./policyPack/encode";
export { packKey, PolicyPackPool } from "./policyPack/pool";
export {
    bootPolicyPack,
    connectPolicyPack,
    runPolicyPack,
    startPolicyPack,
} from "./policyPack/session";
export { PolicyConfigError } from "./policyPack/types";
export type {
    BootedPack,
    CapturedResource,
    PolicyPackOptions,
    PolicyPacks,
    PolicyPackSession,
    PolicyRunOptions,
    PolicyRunResult,
    PolicyViolation,
} from "./policyPack/types";
