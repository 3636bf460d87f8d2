/**
 * A consumer's rollout fingerprint over computed values (`components/services/build.ts`): digested when
 * known, never secret, and unknown (so the engine shows a possible change) while a value is unknown.
 */
import * as pulumi from "@pulumi/pulumi";
import { consumerFingerprint, watchedValues } from "../../components/services/build";
import { DataOutputs } from "../../components/data/build";
import { SystemModel } from "../../model/load";

beforeAll(() =>
    pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => args.inputs,
        },
        "opsbook",
        "test",
        true,
    ),
);

/** An output's value, whether it is known and whether it is secret, through the SDK's accessors. */
function settle(output: pulumi.Output<string>) {
    const internal = output as unknown as {
        promise(withUnknowns?: boolean): Promise<string>;
        isKnown: Promise<boolean>;
        isSecret: Promise<boolean>;
    };
    return Promise.all([internal.promise(true), internal.isKnown, internal.isSecret]).then(
        ([value, known, secret]) => ({ value, known, secret }),
    );
}

const data = (host: pulumi.Output<string>, redis: string): DataOutputs => ({
    urls: { main: { url: pulumi.secret("postgresql://u:p@h/app"), directUrl: pulumi.secret("") } },
    endpoints: { main: { host, port: pulumi.output(5432) } },
    bucketNames: {},
    bucketArns: {},
    redisUrls: { cache: pulumi.secret("rediss://:t@h:6379") },
    redisEndpoints: { cache: pulumi.output(redis) },
});
const model = { databases: { main: { dbName: "app" } } } as unknown as SystemModel;
const entries = {
    DATABASE_URL: { kind: "database", database: "main", url: "pooled" },
    REDIS_URL: { kind: "redis", redis: "cache" },
    SITE: { kind: "literal", value: "https://app.example.com" },
} as const;
const variables = {
    DATABASE_URL: { value: pulumi.secret("x"), secret: true, source: "databases.main" },
    REDIS_URL: { value: pulumi.secret("y"), secret: true, source: "redis.cache" },
    SITE: { value: "https://app.example.com", secret: false, source: "env.api.SITE" },
};
const fingerprint = (host: pulumi.Output<string>, redis = "cache.aws:6379") =>
    settle(
        consumerFingerprint(
            { DB_CREDENTIAL: "g3" },
            watchedValues(model, variables, entries, data(host, redis)),
        ),
    );

describe("consumerFingerprint over watchedValues", () => {
    it("changes when a database endpoint (secret, from a vendor's admin URL) changes; is not secret and shows no value", async () => {
        const a = await fingerprint(pulumi.secret("db-a.vendor.example"));
        const b = await fingerprint(pulumi.secret("db-b.vendor.example"));
        expect(a).toMatchObject({ known: true, secret: false });
        expect(a.value).toMatch(/^DB_CREDENTIAL=g3,values=#[0-9a-f]{12}$/);
        expect(b.value).not.toBe(a.value);
        expect(a.value).not.toContain("vendor");
    });

    it("changes when the Redis endpoint changes, with the same token generation", async () => {
        const host = () => pulumi.output("db.rds.example");
        const a = await fingerprint(host(), "cache-a.aws:6379");
        const b = await fingerprint(host(), "cache-b.aws:6379");
        expect(b.value).not.toBe(a.value);
        expect(await fingerprint(host(), "cache-a.aws:6379")).toEqual(a);
    });

    it("is unknown while a value is unknown (a bucket or endpoint computed on create): the engine shows the consumer as changing, and the up digests the real value", async () => {
        const unknown = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
        const result = await fingerprint(unknown);
        expect(result.known).toBe(false);
    });
});
