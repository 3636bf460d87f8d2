import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SSM_ENCRYPTION_CONTEXT_KEY } from "../../model/rules";

/** What an execution role needs to decrypt its own SecureStrings with the key `keyArn` (`taskExecutionRole`). */
export const parameterDecryption = (keyArn: pulumi.Input<string> | undefined) =>
    keyArn === undefined ? undefined : { keyArn, contextKey: SSM_ENCRYPTION_CONTEXT_KEY };

export interface ParameterKeyArgs {
    /** Named in the key's description. */
    readonly stack: string;
    /** Protect the key from deletion (production): every SecureString is unreadable without it. */
    readonly protect: boolean;
}

/**
 * The stack's customer-managed KMS key for its SecureString SSM parameters, rotated yearly by KMS. Unlike
 * `aws/ssm`, decryption is granted per role: each execution role may decrypt only under the encryption
 * context of its own parameters (`kms:EncryptionContext:PARAMETER_ARN`, see `taskExecutionRole`), and
 * every decryption is logged against this key in CloudTrail.
 */
export class ParameterKey extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: ParameterKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("opsbook:index:ParameterKey", name, { stack: args.stack }, opts);
        const key = new aws.kms.Key(
            name,
            {
                description: `SecureString SSM parameters of opsbook stack ${args.stack}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            { parent: this, protect: args.protect },
        );
        this.keyArn = key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
