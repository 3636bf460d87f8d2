/**
 * What the pack reads of each provider resource it validates one by one, keyed by the resource's type
 * token. The pack names types by token instead of importing the provider SDKs: their declarations
 * (@pulumi/aws's `types/input` and `types/output` alone are 235k lines) were two thirds of what the
 * engine's ts-node type-checks every time the pack boots. Nothing here is invented:
 * `test/policies/inputs.test.ts` checks at compile time that every property exists on the provider's own
 * class with a type that fits, and at run time that each token is the class's own.
 */
import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

export interface ResourceInputs {
    "aws:rds/instance:Instance": {
        storageEncrypted?: boolean;
        publiclyAccessible?: boolean;
        deletionProtection?: boolean;
        backupRetentionPeriod?: number;
        multiAz?: boolean;
    };
    "aws:lb/loadBalancer:LoadBalancer": { enableDeletionProtection?: boolean };
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        transitEncryptionEnabled?: boolean;
        transitEncryptionMode?: string;
        atRestEncryptionEnabled?: boolean;
        snapshotRetentionLimit?: number;
        snapshotWindow?: string;
    };
    "aws:backup/plan:Plan": {
        rules?: { ruleName: string; lifecycle?: { deleteAfter?: number } }[];
    };
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        tags?: Record<string, string>;
        comparisonOperator?: string;
        threshold?: number;
        evaluationPeriods?: number;
        period?: number;
        alarmActions?: string[];
        okActions?: string[];
        treatMissingData?: string;
    };
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
        alarmRule?: string;
        alarmActions?: string[];
        okActions?: string[];
        tags?: Record<string, string>;
    };
    "aws:cloudwatch/logGroup:LogGroup": { retentionInDays?: number };
    "aws:sns/topicSubscription:TopicSubscription": {
        protocol?: string;
        endpoint?: string;
        endpointAutoConfirms?: boolean;
    };
    "aws:ssm/parameter:Parameter": {
        name?: string;
        type?: string;
        value?: string;
        insecureValue?: string;
        tags?: Record<string, string>;
    };
    "random:index/randomPassword:RandomPassword": {
        keepers?: Record<string, string>;
        length?: number;
        upper?: boolean;
        lower?: boolean;
        numeric?: boolean;
        special?: boolean;
        overrideSpecial?: string;
    };
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": {
        key: string;
        value?: string;
        sensitive?: boolean;
        comment?: string;
    };
}

/** `validateResourceOfType` by type token: `validate` runs on resources of `type` only. */
export function validateInputsOf<T extends keyof ResourceInputs>(
    type: T,
    validate: (
        inputs: ResourceInputs[T],
        args: ResourceValidationArgs,
        reportViolation: ReportViolation,
    ) => void,
): ResourceValidation {
    return (args, reportViolation) => {
        if (args.type === type) validate(args.props as ResourceInputs[T], args, reportViolation);
    };
}
