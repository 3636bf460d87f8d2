/**
 * The replace table as its provider modules (tools/replace/) make it: each module holds its provider's
 * types only, and the merged table is exactly their union, a type in two modules refused. The entries'
 * citations are checked against every registered type in test/plan/diff.test.ts.
 */
import { AWS_COMPUTE } from "../tools/replace/awsCompute";
import { AWS_DATA } from "../tools/replace/awsData";
import { AWS_EVENTS } from "../tools/replace/awsEvents";
import { AWS_NETWORK } from "../tools/replace/awsNetwork";
import { CLOUDFLARE } from "../tools/replace/cloudflare";
import { POSTGRESQL_RANDOM } from "../tools/replace/postgresqlRandom";
import { ReplaceRule } from "../tools/replace/rule";
import { VERCEL } from "../tools/replace/vercel";
import { mergeTables, REPLACE_ON_CHANGES } from "../tools/replaceOnChanges";

/** Each module and the providers whose type tokens it may hold. */
const MODULES: [string, Readonly<Record<string, ReplaceRule>>, RegExp][] = [
    ["awsCompute", AWS_COMPUTE, /^aws:(appautoscaling|appconfig|ecs|iam|kms|ssm)\//],
    ["awsData", AWS_DATA, /^aws:(backup|elasticache|rds|s3)\//],
    ["awsEvents", AWS_EVENTS, /^aws:(chatbot|cloudwatch|scheduler|sns)\//],
    ["awsNetwork", AWS_NETWORK, /^aws:(acm|ec2|lb|route53|vpc)\//],
    ["cloudflare", CLOUDFLARE, /^cloudflare:/],
    ["postgresqlRandom", POSTGRESQL_RANDOM, /^(postgresql:|random:|pulumi:providers:postgresql$)/],
    ["vercel", VERCEL, /^vercel:/],
];

const rule = (source: string): ReplaceRule => ({ replaceOn: [], docs: "", upstream: "", source });

describe("the replace table's provider modules", () => {
    it("each hold their own provider's types only", () => {
        const strays = MODULES.flatMap(([name, table, allowed]) =>
            Object.keys(table)
                .filter((type) => !allowed.test(type))
                .map((type) => `${name}: ${type}`),
        );
        expect(strays).toEqual([]);
    });

    it("make the table together, every type from one module", () => {
        const types = MODULES.flatMap(([, table]) => Object.keys(table));
        expect(new Set(types).size).toBe(types.length);
        expect(types.sort()).toEqual(Object.keys(REPLACE_ON_CHANGES).sort());
        for (const [, table] of MODULES)
            for (const [type, entry] of Object.entries(table))
                expect(REPLACE_ON_CHANGES[type]).toBe(entry);
    });

    it("refuses a type that two modules hold, naming it", () => {
        const a = { "aws:s3/bucket:Bucket": rule("a"), "aws:sns/topic:Topic": rule("b") };
        const b = { "aws:s3/bucket:Bucket": rule("c") };
        expect(() => mergeTables(a, b)).toThrow(
            "replace table: aws:s3/bucket:Bucket has two entries",
        );
        expect(mergeTables(a, { "vercel:index/project:Project": rule("d") })).toEqual({
            ...a,
            "vercel:index/project:Project": rule("d"),
        });
    });
});
