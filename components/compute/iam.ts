import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** An IAM role that one AWS service may assume, with managed policies attached. */
export function serviceRole(
    name: string,
    servicePrincipal: string,
    managedPolicyArns: readonly string[],
    parent: pulumi.Resource,
): aws.iam.Role {
    const role = new aws.iam.Role(
        name,
        {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: servicePrincipal },
                        Action: "sts:AssumeRole",
                    },
                ],
            },
        },
        { parent },
    );
    managedPolicyArns.forEach((policyArn, index) => {
        new aws.iam.RolePolicyAttachment(
            `${name}-policy-${index}`,
            { role: role.name, policyArn },
            { parent },
        );
    });
    return role;
}
