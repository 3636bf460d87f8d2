/**
 * What the pack reads of each provider resource it validates one by one, keyed by the resource's type
 * token (from `types.ts`). The pack names types by token instead of importing the provider SDKs: their declarations
 * (@pulumi/aws's `types/input` and `types/output` alone are 235k lines) were two thirds of what the
 * engine's ts-node type-checks every time the pack boots. Nothing here is invented:
 * `test/policies/inputs.test.ts` checks at compile time that every property exists on the provider's own
 * class with a type that fits, and at run time that each token is the class's own.
 */
import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { TYPES } from "./types";

export interface ResourceInputs {
    [TYPES.aws.rds.Instance]: {
        storageEncrypted?: boolean;
        publiclyAccessible?: boolean;
        deletionProtection?: boolean;
        backupRetentionPeriod?: number;
        multiAz?: boolean;
    };
    [TYPES.aws.lb.LoadBalancer]: { enableDeletionProtection?: boolean };
    [TYPES.aws.elasticache.ReplicationGroup]: {
        transitEncryptionEnabled?: boolean;
        transitEncryptionMode?: string;
        atRestEncryptionEnabled?: boolean;
        snapshotRetentionLimit?: number;
        snapshotWindow?: string;
    };
    [TYPES.aws.backup.Plan]: {
        rules?: { ruleName: string; lifecycle?: { deleteAfter?: number } }[];
    };
    [TYPES.aws.cloudwatch.MetricAlarm]: {
        tags?: Record<string, string>;
        comparisonOperator?: string;
        threshold?: number;
        evaluationPeriods?: number;
        period?: number;
        alarmActions?: string[];
        okActions?: string[];
        treatMissingData?: string;
    };
    [TYPES.aws.cloudwatch.CompositeAlarm]: {
        alarmRule?: string;
        alarmActions?: string[];
        okActions?: string[];
        tags?: Record<string, string>;
    };
    [TYPES.aws.cloudwatch.LogGroup]: { retentionInDays?: number };
    [TYPES.aws.sns.TopicSubscription]: {
        protocol?: string;
        endpoint?: string;
        endpointAutoConfirms?: boolean;
    };
    [TYPES.aws.ssm.Parameter]: {
        name?: string;
        type?: string;
        value?: string;
        insecureValue?: string;
        tags?: Record<string, string>;
    };
    [TYPES.random.RandomPassword]: {
        keepers?: Record<string, string>;
        length?: number;
        upper?: boolean;
        lower?: boolean;
        numeric?: boolean;
        special?: boolean;
        overrideSpecial?: string;
    };
    [TYPES.vercel.ProjectEnvironmentVariable]: {
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
