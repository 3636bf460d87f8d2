/**
 * opsbook-services-flags-killed on the prod program with flags (one killed, served by Vercel and ECS),
 * compliant and with one mutation per failing test, with known ids and as a first preview sees it.
 */
import { flagsKilled } from "../../policies/rules/services/flagsKilled";
import { captureFixture, mutate } from "./fixture";
import { FixtureResource, stackViolations } from "./harness";

const MODES: [string, boolean][] = [
    ["known ids", false],
    ["a first preview (ids and computed outputs unknown)", true],
];
const FLAGS = {
    checkout_v2: { enabled: true, killSwitch: true, consumers: ["web", "api"] },
    new_search: { enabled: true, consumers: ["web", "worker"] },
};
const VERSION = "flags-version";

describe.each(MODES)("opsbook-services-flags-killed with %s", (_mode, firstPreview) => {
    let compliant: FixtureResource[];
    const messages = (resources: FixtureResource[]) =>
        stackViolations(flagsKilled, resources).map((v) => v.message);
    const withProps = (name: string, props: Record<string, unknown>) =>
        mutate(compliant, (r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));

    beforeAll(async () => {
        const captured = await captureFixture(
            (system) => (system.flags = FLAGS),
            {},
            { firstPreview },
        );
        // The AWS SDK marks a hosted version's content secret, and fixtures redact secrets; the pack's
        // server unwraps them (the plan tests judge the real content), so the fixture restores it here.
        const served = (name: string) => ({ enabled: name !== "checkout_v2" });
        const content = JSON.stringify({
            version: "1",
            flags: { checkout_v2: { name: "checkout_v2" }, new_search: { name: "new_search" } },
            values: { checkout_v2: served("checkout_v2"), new_search: served("new_search") },
        });
        expect(captured.find((r) => r.name === VERSION)?.props.content).toBe("[secret]");
        compliant = mutate(captured, (r) =>
            r.name === VERSION ? { ...r, props: { ...r.props, content } } : r,
        );
    });

    it("passes: the killed flag is off in its Edge Config item and in the deployed AppConfig version", () => {
        expect(messages(compliant)).toEqual([]);
        expect(compliant.find((r) => r.name === "flags-edge-checkout_v2")?.props.valueJson).toEqual(
            {
                enabled: false,
            },
        );
    });

    it("refuses a killed flag whose Edge Config item serves it on", () => {
        expect(
            messages(withProps("flags-edge-checkout_v2", { valueJson: { enabled: true } })),
        ).toEqual([
            "flag checkout_v2 is killed but its Edge Config item serves it on (opsbook:system.flags.checkout_v2 has killSwitch: true).",
        ]);
    });

    it("refuses a killed flag with no Edge Config item", () => {
        expect(
            messages(mutate(compliant, (r) => (r.name === "flags-edge-checkout_v2" ? null : r))),
        ).toEqual([
            "flag checkout_v2 is killed but its Edge Config item is missing (opsbook:system.flags.checkout_v2 has killSwitch: true).",
        ]);
    });

    it("refuses a killed flag the AppConfig version serves on", () => {
        const content = JSON.stringify({
            version: "1",
            flags: { checkout_v2: { name: "checkout_v2" }, new_search: { name: "new_search" } },
            values: { checkout_v2: { enabled: true }, new_search: { enabled: true } },
        });
        expect(messages(withProps(VERSION, { content }))).toEqual([
            "flag checkout_v2 is killed but the AppConfig hosted version serves it on (opsbook:system.flags.checkout_v2 has killSwitch: true).",
        ]);
    });

    it("refuses a killed flag the AppConfig version still rolls out to a share of users", () => {
        const rollout = {
            _variants: [
                {
                    name: "rollout",
                    enabled: true,
                    rule: '(split pct::10 by::$userId seed::"checkout_v2")',
                },
                { name: "Default Variant", enabled: false },
            ],
        };
        const content = JSON.stringify({
            version: "1",
            flags: { checkout_v2: { name: "checkout_v2" }, new_search: { name: "new_search" } },
            values: { checkout_v2: rollout, new_search: { enabled: true } },
        });
        expect(messages(withProps(VERSION, { content }))).toEqual([
            "flag checkout_v2 is killed but the AppConfig hosted version serves it on (opsbook:system.flags.checkout_v2 has killSwitch: true).",
        ]);
    });

    it("refuses a killed flag whose Edge Config item still rolls it out", () => {
        expect(
            messages(
                withProps("flags-edge-checkout_v2", {
                    valueJson: { enabled: true, rolloutPercent: 10 },
                }),
            ),
        ).toEqual([
            "flag checkout_v2 is killed but its Edge Config item serves it on (opsbook:system.flags.checkout_v2 has killSwitch: true).",
        ]);
    });

    it("refuses a killed version that no deployment deploys", () => {
        expect(
            messages(mutate(compliant, (r) => (r.name === "flags-deployment" ? null : r))),
        ).toEqual([
            "flag checkout_v2 is killed in the AppConfig hosted version, but no deployment deploys that version (opsbook:system.flags.checkout_v2 has killSwitch: true).",
        ]);
    });

    it("judges nothing when no flag is killed", () => {
        const lifted = mutate(compliant, (r) =>
            r.type === "opsbook:index:FeatureFlags"
                ? {
                      ...r,
                      props: {
                          flags: (r.props.flags as { killSwitch: boolean }[]).map((f) => ({
                              ...f,
                              killSwitch: false,
                          })),
                      },
                  }
                : r.name === "flags-edge-checkout_v2"
                  ? { ...r, props: { ...r.props, valueJson: { enabled: true } } }
                  : r,
        );
        expect(messages(lifted)).toEqual([]);
    });
});
