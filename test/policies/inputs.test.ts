import * as fs from "fs";
import * as path from "path";
import { Plan } from "@pulumi/aws/backup/plan";
import { CompositeAlarm } from "@pulumi/aws/cloudwatch/compositeAlarm";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { ReplicationGroup } from "@pulumi/aws/elasticache/replicationGroup";
import { MetricAlarm } from "@pulumi/aws/cloudwatch/metricAlarm";
import { Instance } from "@pulumi/aws/rds/instance";
import { LoadBalancer } from "@pulumi/aws/lb/loadBalancer";
import { Parameter } from "@pulumi/aws/ssm/parameter";
import { TopicSubscription } from "@pulumi/aws/sns/topicSubscription";
import { ResolvedResource } from "@pulumi/pulumi/queryable";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ProjectEnvironmentVariable } from "@pulumiverse/vercel/projectEnvironmentVariable";
import { ResourceInputs } from "../../policies/rules/inputs";

/** The provider class behind each type token the pack validates. */
const CLASSES = {
    "aws:rds/instance:Instance": Instance,
    "aws:lb/loadBalancer:LoadBalancer": LoadBalancer,
    "aws:elasticache/replicationGroup:ReplicationGroup": ReplicationGroup,
    "aws:backup/plan:Plan": Plan,
    "aws:cloudwatch/metricAlarm:MetricAlarm": MetricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": CompositeAlarm,
    "aws:cloudwatch/logGroup:LogGroup": LogGroup,
    "aws:ssm/parameter:Parameter": Parameter,
    "aws:sns/topicSubscription:TopicSubscription": TopicSubscription,
    "random:index/randomPassword:RandomPassword": RandomPassword,
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable":
        ProjectEnvironmentVariable,
} as const;

type Token = keyof typeof CLASSES;
type Real<T extends Token> = ResolvedResource<InstanceType<(typeof CLASSES)[T]>>;
/** `true` only when every property the pack reads exists on the real class, with a type that fits. */
type Fits<View, Actual> = false extends {
    [K in keyof View]-?: K extends keyof Actual
        ? Actual[K] extends View[K]
            ? true
            : false
        : false;
}[keyof View]
    ? false
    : true;

// A compile-time check (`npm run typecheck`): a misspelt or mistyped property makes an entry `false`.
const everyPropertyIsReal: { [T in keyof ResourceInputs]: Fits<ResourceInputs[T], Real<T>> } = {
    "aws:rds/instance:Instance": true,
    "aws:lb/loadBalancer:LoadBalancer": true,
    "aws:elasticache/replicationGroup:ReplicationGroup": true,
    "aws:backup/plan:Plan": true,
    "aws:cloudwatch/metricAlarm:MetricAlarm": true,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": true,
    "aws:cloudwatch/logGroup:LogGroup": true,
    "aws:ssm/parameter:Parameter": true,
    "aws:sns/topicSubscription:TopicSubscription": true,
    "random:index/randomPassword:RandomPassword": true,
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": true,
};

function sourcesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourcesUnder(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

describe("the pack's view of provider inputs", () => {
    it("names every type by the provider class's own token", () => {
        expect(Object.keys(everyPropertyIsReal).sort()).toEqual(Object.keys(CLASSES).sort());
        for (const [token, resourceClass] of Object.entries(CLASSES)) {
            // The token the SDK registers the class under (what `validateResourceOfType` compares).
            expect((resourceClass as unknown as { __pulumiType: string }).__pulumiType).toBe(token);
        }
    });

    it("keeps the provider SDKs out of the pack, so booting it does not type-check their declarations", () => {
        const root = path.resolve(__dirname, "../../policies");
        const offenders = sourcesUnder(root).filter((file) =>
            /from "(@pulumi\/(aws|random|cloudflare|postgresql)|@pulumiverse\/vercel)[/"]/.test(
                fs.readFileSync(file, "utf8"),
            ),
        );
        expect(offenders.map((file) => path.relative(root, file))).toEqual([]);
    });
});
