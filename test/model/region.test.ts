import { Region } from "@pulumi/aws/types/enums";
import { AWS_REGIONS, checkAwsRegion } from "../../model/region";

// The model keeps the region list as data (it imports no @pulumi module); the pinned provider's enum is
// the truth it must match, so upgrading @pulumi/aws with a new or retired region fails here until the
// list in model/region.ts is updated.
describe("AWS_REGIONS", () => {
    it("is the pinned @pulumi/aws Region enum, value for value and in its order", () => {
        expect(AWS_REGIONS).toEqual(Object.values(Region));
    });
});

describe("checkAwsRegion", () => {
    it("accepts every region of the pinned provider, and no region at all", () => {
        expect(AWS_REGIONS).toEqual(
            expect.arrayContaining(["us-east-1", "eu-west-1", "ap-southeast-7"]),
        );
        for (const region of AWS_REGIONS) expect(checkAwsRegion(region)).toEqual([]);
        expect(checkAwsRegion(undefined)).toEqual([]);
    });

    it.each([["us-east-7"], ["US-EAST-1"], ["useast1"], [""]])(
        "refuses %j, naming aws:region",
        (region) => {
            expect(checkAwsRegion(region)).toEqual([
                {
                    path: "aws:region",
                    message: expect.stringMatching(
                        /is not an AWS region; expected one of .*us-east-1/,
                    ),
                },
            ]);
        },
    );
});
