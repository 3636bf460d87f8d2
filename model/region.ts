/**
 * The stack's AWS region, checked before anything is planned: the mock runtime accepts any string, while
 * the AWS provider refuses an unknown region when it configures itself, at `pulumi up`. Pure.
 */
import { ConfigError, describeValue } from "./errors";

/**
 * Every region the pinned @pulumi/aws knows, in the order of its `Region` enum (generated from the provider
 * schema: node_modules/@pulumi/aws/types/enums/index.d.ts). Kept here as data so the model imports no
 * `@pulumi` module; test/model/region.test.ts fails when a provider upgrade changes the enum.
 */
export const AWS_REGIONS: readonly string[] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "cn-north-1",
    "cn-northwest-1",
    "eusc-de-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isob-west-1",
    "eu-isoe-west-1",
    "us-isof-east-1",
    "us-isof-south-1",
];

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
