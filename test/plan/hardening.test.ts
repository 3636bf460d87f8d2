/**
 * Issue 22's hardening, as prod and every example plan it (the policies hold each in both preview modes:
 * test/policies/hardening.test.ts, and every stack plans clean in a first preview: firstPreview.test.ts).
 */
import { planned, planStack, STACKS } from "./helpers";

describe.each(STACKS)("%s, hardened", (name) => {
    // Protection and Enhanced Monitoring are production's (rule deletionProtection; staging has neither).
    let production: boolean;
    let resources: readonly {
        type: string;
        name: string;
        protect: boolean;
        inputs: any;
        urn: string;
    }[];
    beforeAll(async () => {
        const result = planned(await planStack(name));
        resources = result.resources as typeof resources;
        production = result.environment === "production";
    });
    const ofType = (type: string) => resources.filter((r) => r.type === type);

    it("logs every load balancer into the access-log bucket under elb/<service>, deletion-protected and protected in production", () => {
        const lbs = ofType("aws:lb/loadBalancer:LoadBalancer");
        expect(lbs.length).toBeGreaterThan(0);
        const logBucket = ofType("aws:s3/bucket:Bucket").find((b) => b.name === "access-logs")!;
        for (const lb of lbs) {
            expect(lb.inputs.accessLogs).toEqual({
                bucket: logBucket.inputs.bucket ?? expect.any(String),
                prefix: `elb/${lb.name.replace(/-lb$/, "")}`,
                enabled: true,
            });
            expect(lb.inputs.enableDeletionProtection).toBe(production);
            expect(lb.protect).toBe(production);
        }
    });

    it("runs no container with a writable root but the tunnel task's", () => {
        for (const definition of ofType("aws:ecs/taskDefinition:TaskDefinition")) {
            const containers = JSON.parse(definition.inputs.containerDefinitions);
            const writable = containers
                .filter((c: any) => c.readonlyRootFilesystem !== true)
                .map((c: any) => `${definition.name}/${c.name}`);
            expect(writable).toEqual(
                definition.name === "db-access-task" ? ["db-access-task/access"] : [],
            );
        }
    });

    it("encrypts Performance Insights with the database's key and monitors production databases", () => {
        for (const instance of ofType("aws:rds/instance:Instance")) {
            expect(instance.inputs.performanceInsightsKmsKeyId).toBe(instance.inputs.kmsKeyId);
            expect(instance.inputs.monitoringInterval).toBe(production ? 60 : undefined);
            if (production) expect(instance.inputs.monitoringRoleArn).toEqual(expect.any(String));
        }
    });

    it("names the stack's parameter key on every SecureString, and describes every security-group rule", () => {
        const [key] = ofType("aws:kms/key:Key").filter((k) => k.name === "parameters");
        expect(key.inputs.enableKeyRotation).toBe(true);
        const secure = ofType("aws:ssm/parameter:Parameter").filter(
            (p) => p.inputs.type === "SecureString",
        );
        for (const parameter of secure)
            expect([parameter.name, parameter.inputs.keyId]).toEqual([
                parameter.name,
                expect.stringMatching(/parameters$/),
            ]);
        const rules = resources.filter((r) => /securityGroup(Ingress|Egress)Rule$/.test(r.type));
        expect(rules.filter((r) => !r.inputs.description).map((r) => r.name)).toEqual([]);
    });
});
