import * as pulumi from "@pulumi/pulumi";
import { FeatureFlags } from "../../components/services/featureFlags";
import { FlagModel, toFlagModels } from "../../model/flags";
import { registered } from "./registered";

const PLATFORMS = { web: "vercel", api: "aws" } as const;
const flags = (
    input: Record<string, { enabled: boolean; consumers: string[]; killSwitch?: boolean }>,
) => Object.values(toFlagModels(input, PLATFORMS)) as FlagModel[];

/** Builds the component and records every child's options as the engine sees them. */
async function build(models: FlagModel[]) {
    const options = new Map<string, pulumi.ResourceOptions>();
    let component: FeatureFlags | undefined;
    const resources = await registered(() => {
        pulumi.runtime.registerStackTransformation((args) => {
            options.set(args.name, args.opts);
            return undefined;
        });
        component = new FeatureFlags("flags", {
            flags: models,
            prefix: "opsbook-test",
            environment: "test",
        });
    });
    return { resources, options, component: component! };
}

describe("FeatureFlags", () => {
    it("serves Vercel-only flags from Edge Config alone: one item per flag, a read token, no AppConfig", async () => {
        const { resources, component } = await build(
            flags({
                dark_mode: { enabled: true, consumers: ["web"] },
                beta: { enabled: true, killSwitch: true, consumers: ["web"] },
            }),
        );
        expect(resources.filter((r) => r.custom).map((r) => [r.type, r.name])).toEqual([
            ["vercel:index/edgeConfig:EdgeConfig", "flags-edge"],
            ["vercel:index/edgeConfigItem:EdgeConfigItem", "flags-edge-beta"],
            ["vercel:index/edgeConfigItem:EdgeConfigItem", "flags-edge-dark_mode"],
            ["vercel:index/edgeConfigToken:EdgeConfigToken", "flags-edge-token"],
        ]);
        expect(resources.find((r) => r.name === "flags-edge-beta")?.inputs.valueJson).toEqual({
            enabled: false,
        });
        expect(component.appConfig).toBeUndefined();
        expect(await pulumi.isSecret(component.edgeConfigConnection!)).toBe(true);
    });

    it("serves ECS-only flags from AppConfig alone; a change replaces the version, which is kept", async () => {
        const { resources, options, component } = await build(
            flags({ bulk_export: { enabled: true, consumers: ["api"] } }),
        );
        expect(resources.some((r) => r.type.startsWith("vercel:"))).toBe(false);
        expect(options.get("flags-version")).toMatchObject({
            retainOnDelete: true,
            deleteBeforeReplace: false,
        });
        const deployment = resources.find((r) => r.name === "flags-deployment")!;
        expect(
            (deployment.propertyDependencies?.configurationVersion ?? []).map((urn) =>
                urn.split("::").pop(),
            ),
        ).toEqual(["flags-version"]);
        expect(component.appConfig?.path).toBe(
            "/applications/opsbook-test/environments/test/configurations/flags",
        );
        expect(component.edgeConfigConnection).toBeUndefined();
    });
});
