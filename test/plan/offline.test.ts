/**
 * What AWS refuses at `pulumi up` but the mock runtime and the providers accept: the offline plan refuses it
 * first, exit 2, naming the config path, the value and what is allowed.
 */
import * as fs from "fs";
import { parse } from "yaml";
import { formatText } from "../../tools/plan";
import {
    NOW,
    planned,
    planStack,
    runPlan,
    scratchDirectory,
    STACKS,
    systemVariant,
    variant,
} from "./helpers";

const scratch = scratchDirectory("offline");

describe("EventBridge Scheduler expressions", () => {
    it("refuses a five-field cron and a zero rate, exit 2, each naming its path", async () => {
        const stackFile = systemVariant(scratch(), "bad-schedules", (system) => {
            system.jobs = {
                nightly: { service: "api", command: ["true"], schedule: "cron(0 2 * * *)" },
                never: { service: "api", command: ["true"], schedule: "rate(0 minutes)" },
                "both-days": { service: "api", command: ["true"], schedule: "cron(0 2 * * * *)" },
            };
        });
        const result = await runPlan({ stackFile, now: NOW });
        expect(result.exitCode).toBe(2);
        const text = formatText(result);
        expect(text).toContain(
            'opsbook:system.jobs.nightly.schedule: "cron(0 2 * * *)" is refused by EventBridge Scheduler: cron needs six fields',
        );
        expect(text).toContain(
            'opsbook:system.jobs.never.schedule: "rate(0 minutes)" is refused by EventBridge Scheduler: the rate value "0" is not a positive whole number',
        );
        expect(text).toContain(
            'opsbook:system.jobs.both-days.schedule: "cron(0 2 * * * *)" is refused by EventBridge Scheduler: Invalid combination of day-of-month',
        );
    });
});

describe("cloud names built from the stack file's names", () => {
    it("refuses a public aws service whose target group name AWS would refuse, exit 2, naming the service", async () => {
        const stackFile = systemVariant(scratch(), "long-service", (system) => {
            system.services["notifications-api"] = { ...system.services.api };
            system.services["notifications-api"].domain = "notify.example.com";
        });
        const result = await runPlan({ stackFile, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toContain(
            'opsbook:system.services.notifications-api: "notifications-api" is too long for its load balancer\'s target group: Pulumi names it "notifications-api-lb-targets-" plus 7 random characters, and ELB CreateTargetGroup Name takes at most 32; expected at most 13 characters',
        );
    });
});

describe("cloud names of backups and jobs", () => {
    it("refuses an RDS database whose backup vault name AWS Backup would refuse, with every other problem, exit 2", async () => {
        // "backup-<key>-vault-" plus 7 random characters: AWS Backup takes 2 to 50 (CreateBackupVault).
        const key = "customer-records-archive-20190";
        const stackFile = systemVariant(scratch(), "long-vault", (system) => {
            system.databases[key] = { ...system.databases.main, dbName: "archive" };
            system.databases.main.rpoMinutes = 1;
        });
        const result = await runPlan({ stackFile, now: NOW });
        expect(result.exitCode).toBe(2);
        const text = formatText(result);
        expect(text).toContain(
            `opsbook:system.databases.${key}: a string of 30 characters is too long for its backup vault: Pulumi names it plus 7 random characters, and AWS Backup CreateBackupVault backupVaultName takes at most 50; expected at most 29 characters`,
        );
        // All at once: the main database's own problem is reported beside it.
        expect(text).toContain("opsbook:system.databases.main.rpoMinutes");
    });
});

describe("the AWS region", () => {
    it("refuses a region the provider does not know, exit 2, naming aws:region and the regions it could mean", async () => {
        const stackFile = variant(scratch(), "bad-region", (doc) => {
            doc.config["aws:region"] = "eu-middle-1";
        });
        const result = await runPlan({ stackFile, now: NOW });
        expect(result.exitCode).toBe(2);
        expect(formatText(result)).toMatch(
            /aws:region: "eu-middle-1" is not an AWS region; expected one of eu-central-1, .*eu-west-3/,
        );
    });
});

describe("images the program chooses", () => {
    it.each(STACKS)(
        "%s: every container image not named in the stack file comes from ECR Public, never Docker Hub (10 anonymous pulls an hour per NAT address)",
        async (name, stackFile) => {
            const system = parse(fs.readFileSync(stackFile, "utf8")).config["opsbook:system"];
            const named = new Set<string>([
                ...Object.values<any>(system.services ?? {}).map(
                    (s) => `${s.repository}:${s.imageTag ?? "latest"}`,
                ),
                ...Object.values<any>(system.jobs ?? {}).flatMap((j) => (j.image ? [j.image] : [])),
            ]);
            const result = planned(await planStack(name));
            const images = result.resources
                .filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")
                .flatMap((r) =>
                    JSON.parse((r.inputs as any).containerDefinitions).map((c: any) => c.image),
                )
                .filter((image: string) => !named.has(image));
            for (const image of images) expect(image).toMatch(/^public\.ecr\.aws\//);
        },
    );

    it("fork-knife's dump and restore drill pull PostgreSQL and the AWS CLI from ECR Public", async () => {
        const result = planned(await planStack("fork-knife"));
        const images = result.resources
            .filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")
            .flatMap((r) => JSON.parse((r.inputs as any).containerDefinitions))
            .filter((c: any) => ["dump", "upload", "download", "restore"].includes(c.name))
            .map((c: any) => c.image);
        expect(new Set(images)).toEqual(
            new Set([
                "public.ecr.aws/docker/library/postgres:17-alpine",
                "public.ecr.aws/aws-cli/aws-cli:2.17.0",
            ]),
        );
    });
});
