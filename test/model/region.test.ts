import { AWS_REGIONS, checkAwsRegion } from "../../model/region";

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
