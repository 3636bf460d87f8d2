import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket } from "../../components/data/accessLogBucket";
import { Bucket } from "../../components/data/bucket";
import { CapturedResource } from "../../tools/analyzer";
import { registered } from "./registered";

const named = (resources: CapturedResource[], name: string) =>
    resources.find((r) => r.name === name)!;

describe("AccessLogBucket", () => {
    it("keeps logs for the rules' 395 days by default and may be told a longer time", async () => {
        const resources = await registered(() => {
            new AccessLogBucket("logs", { protect: false });
            new AccessLogBucket("archive", { protect: true, retentionDays: 800 });
        });
        const days = (name: string) =>
            (named(resources, `${name}-lifecycle`).inputs.rules as any[])[0].expiration.days;
        expect(days("logs")).toBe(395);
        expect(days("archive")).toBe(800);
        const bucket = (name: string) =>
            resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === name)!;
        expect(bucket("logs").protect).toBe(false);
        expect(bucket("archive").protect).toBe(true);
        // Every child hangs under its component and is named from it.
        for (const r of resources.filter((x) => x.type.startsWith("aws:")))
            expect(r.parent).toMatch(/::(logs|archive)$/);
    });

    it("has no bucket policy until told its sources, and refuses to be told twice", async () => {
        let failure: unknown;
        const resources = await registered(() => {
            const logs = new AccessLogBucket("logs", { protect: false });
            logs.allowDeliveryFrom([{ bucketArn: "arn:aws:s3:::data", prefix: "data/" }]);
            try {
                logs.allowDeliveryFrom([]);
            } catch (error) {
                failure = error;
            }
        });
        expect(pulumi.RunError.isInstance(failure as Error)).toBe(true);
        expect((failure as Error).message).toContain("allowDeliveryFrom was called twice");
        const policies = resources.filter((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy");
        expect(policies.map((p) => p.name)).toEqual(["logs-policy"]);
        const statement = (policies[0].inputs.policy as any).Statement[1];
        expect(statement).toMatchObject({
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Resource: "arn:aws:mock:::logs/data/*",
            Condition: {
                ArnLike: { "aws:SourceArn": "arn:aws:s3:::data" },
                StringEquals: { "aws:SourceAccount": "123456789012" },
            },
        });
    });
});

describe("Bucket access logging", () => {
    it("logs an S3 bucket under its prefix when told where, and never an R2 bucket", async () => {
        let s3: Bucket | undefined;
        let r2: Bucket | undefined;
        const resources = await registered(() => {
            s3 = new Bucket("data", {
                provider: "s3",
                purpose: "uploads",
                noncurrentVersionDays: 30,
                protect: false,
                accessLog: { targetBucket: "the-log-bucket", prefix: "data/" },
            });
            new Bucket("quiet", {
                provider: "s3",
                purpose: "uploads",
                noncurrentVersionDays: 30,
                protect: false,
            });
            r2 = new Bucket("assets", {
                provider: "r2",
                purpose: "assets",
                noncurrentVersionDays: 30,
                protect: false,
                r2: { accountId: "0".repeat(32), bucketName: "assets" },
                accessLog: { targetBucket: "the-log-bucket", prefix: "assets/" },
            });
        });
        const loggings = resources.filter((r) => r.type === "aws:s3/bucketLogging:BucketLogging");
        expect(loggings.map((l) => [l.name, l.inputs])).toEqual([
            [
                "data-access-logs",
                {
                    bucket: "data-id",
                    targetBucket: "the-log-bucket",
                    targetPrefix: "data/",
                    targetObjectKeyFormat: {
                        partitionedPrefix: { partitionDateSource: "EventTime" },
                    },
                },
            ],
        ]);
        expect(loggings[0].parent).toMatch(/::data$/);
        expect(s3?.accessLogPrefix).toBe("data/");
        expect(r2?.accessLogPrefix).toBeUndefined();
    });
});
