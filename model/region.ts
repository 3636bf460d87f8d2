/**
 * The stack's AWS region, checked before anything is planned: the mock runtime accepts any string, while
 * the AWS provider refuses an unknown region when it configures itself, at `pulumi up`. Pure.
 */
import { Region } from "@pulumi/aws/types/enums";
import { ConfigError, describeValue } from "./errors";

/**
 * Every region the pinned @pulumi/aws knows: its `Region` enum, generated from the provider schema of the
 * version in package.json (node_modules/@pulumi/aws/types/enums/index.d.ts), so a provider upgrade brings
 * new regions with it.
 */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

export const AWS_REGION_KEY = "aws:region";

/** An `aws:region` that is set must be a region name the provider knows. */
export function checkAwsRegion(region: unknown): ConfigError[] {
    if (region === undefined || (typeof region === "string" && AWS_REGIONS.includes(region)))
        return [];
    const near =
        typeof region === "string"
            ? AWS_REGIONS.filter((r) => r.split("-")[0] === region.split("-")[0])
            : [];
    return [
        {
            path: AWS_REGION_KEY,
            message: `${describeValue(region)} is not an AWS region; expected one of ${(near.length > 0 ? near : AWS_REGIONS).join(", ")}`,
        },
    ];
}
