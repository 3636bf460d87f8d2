import {
    builtNameProblem,
    checkCloudNames,
    DUMP_SCHEDULE_NAMES,
    longestName,
    REDIS_GROUP_NAME,
    SERVICE_LOAD_BALANCER_NAMES,
} from "../../model/cloudNames";
import { SERVICE_NAME } from "../../model/rules";

const [balancer, targets] = SERVICE_LOAD_BALANCER_NAMES;

describe("names built from the stack file's names", () => {
    it("fits a target group name of exactly 32 characters, and refuses one more", () => {
        // "abcdefghijklm-lb-targets-" + 7 random = 32.
        expect(longestName(targets)).toBe(13);
        expect(builtNameProblem(targets, "abcdefghijklm")).toBeUndefined();
        expect(builtNameProblem(targets, "abcdefghijklmn")).toBe(
            '"abcdefghijklmn" is too long for its load balancer\'s target group: Pulumi names it "abcdefghijklmn-lb-targets-" plus 7 random characters, and ELB CreateTargetGroup Name takes at most 32; expected at most 13 characters',
        );
        expect(longestName(balancer)).toBe(21);
    });

    it("holds a Redis group id to 40 characters and no double hyphen", () => {
        expect(longestName(REDIS_GROUP_NAME)).toBe(20);
        expect(builtNameProblem(REDIS_GROUP_NAME, "a".repeat(20))).toBeUndefined();
        expect(builtNameProblem(REDIS_GROUP_NAME, "a".repeat(21))).toContain(
            "takes at most 40; expected at most 20 characters",
        );
        expect(builtNameProblem(REDIS_GROUP_NAME, "session--cache")).toContain(
            "refuses two consecutive hyphens",
        );
    });

    it("names the path of each long name: public aws services only, and Redis entries", () => {
        const errors = checkCloudNames({
            services: {
                "notifications-api": {
                    platform: "aws",
                    domain: "n.example.com",
                    healthPath: "/health",
                },
                "notifications-worker": { platform: "aws" },
                "marketing-site-frontend": {
                    platform: "vercel",
                    domain: "www.example.com",
                    healthPath: "/",
                },
            },
            redis: { "background-job-queue-cache": {} },
        });
        expect(errors.map((e) => e.path)).toEqual([
            "opsbook:system.services.notifications-api",
            "opsbook:system.redis.background-job-queue-cache",
        ]);
    });
});

describe("S3 bucket names, which no key the schema accepts can break", () => {
    // The longest key SERVICE_NAME accepts, and the shortest, as Pulumi names the bucket (`bucket-<key>`
    // plus `-` and 7 random lower-case characters and digits).
    const longest = "a".repeat(32);
    const shortest = "ab";
    const s3Name = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

    it("the key pattern is what this reasoning assumes", () => {
        expect(SERVICE_NAME.test(longest)).toBe(true);
        expect(SERVICE_NAME.test(`${longest}a`)).toBe(false);
        expect(SERVICE_NAME.test("A-b")).toBe(false);
    });

    it("fits S3's length and characters and avoids its reserved prefixes and suffixes", () => {
        for (const key of [longest, shortest, "uploads", "a-b-c"]) {
            const name = `bucket-${key}-x1y2z3w`;
            expect(name.length).toBeLessThanOrEqual(63);
            expect(name).toMatch(s3Name);
            expect(name).not.toMatch(/^(xn--|sthree-)|(-s3alias|--ol-s3)$/);
        }
    });
});

describe("an external database's dump schedules (EventBridge Scheduler names: at most 64)", () => {
    const [, drill] = DUMP_SCHEDULE_NAMES;
    it("fits a key of 26 characters and refuses 27, naming the restore-drill schedule", () => {
        expect(longestName(drill)).toBe(26);
        expect(builtNameProblem(drill, "a".repeat(26))).toBeUndefined();
        expect(builtNameProblem(drill, "a".repeat(27))).toContain(
            "is too long for its restore-drill schedule",
        );
    });

    it("checks external databases only (an RDS database has no dump)", () => {
        const key = "customer-records-archive-2019";
        expect(
            checkCloudNames({ databases: { [key]: { kind: "external" } } }).map((e) => e.path),
        ).toEqual([`opsbook:system.databases.${key}`]);
        expect(checkCloudNames({ databases: { [key]: { kind: "rds" } } })).toEqual([]);
    });
});
