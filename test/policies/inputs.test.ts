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
import { TYPES } from "../../policies/rules/types";

/** The provider class behind each type token the pack validates. */
const CLASSES = {
    [TYPES.aws.rds.Instance]: Instance,
    [TYPES.aws.lb.LoadBalancer]: LoadBalancer,
    [TYPES.aws.elasticache.ReplicationGroup]: ReplicationGroup,
    [TYPES.aws.backup.Plan]: Plan,
    [TYPES.aws.cloudwatch.MetricAlarm]: MetricAlarm,
    [TYPES.aws.cloudwatch.CompositeAlarm]: CompositeAlarm,
    [TYPES.aws.cloudwatch.LogGroup]: LogGroup,
    [TYPES.aws.ssm.Parameter]: Parameter,
    [TYPES.aws.sns.TopicSubscription]: TopicSubscription,
    [TYPES.random.RandomPassword]: RandomPassword,
    [TYPES.vercel.ProjectEnvironmentVariable]: ProjectEnvironmentVariable,
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
    [TYPES.aws.rds.Instance]: true,
    [TYPES.aws.lb.LoadBalancer]: true,
    [TYPES.aws.elasticache.ReplicationGroup]: true,
    [TYPES.aws.backup.Plan]: true,
    [TYPES.aws.cloudwatch.MetricAlarm]: true,
    [TYPES.aws.cloudwatch.CompositeAlarm]: true,
    [TYPES.aws.cloudwatch.LogGroup]: true,
    [TYPES.aws.ssm.Parameter]: true,
    [TYPES.aws.sns.TopicSubscription]: true,
    [TYPES.random.RandomPassword]: true,
    [TYPES.vercel.ProjectEnvironmentVariable]: true,
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
