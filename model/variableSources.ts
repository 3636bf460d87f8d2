/**
 * The variable claims of a stack file's parts that parsed (model/parts.ts), with the model's own defaults,
 * so the one owner per variable (model/variables.ts) is checked beside every other problem, not only once
 * the rest of the file is valid. Pure.
 */
import { bucketVariable } from "./buckets";
import { databaseVariables } from "./data";
import { toEnvEntry } from "./env";
import type { Parts } from "./parts";
import { redisUrlVariable } from "./redis";
import { SECRET_CLASSES, SecretClass } from "./rules";
import type { VariableSources } from "./variables";

export function variableSources(parts: Parts): VariableSources {
    const services = new Set(parts.names.services);
    const known = (consumers: readonly string[] | undefined) =>
        (consumers ?? []).filter((c) => services.has(c));
    const each = <T, R>(entries: Readonly<Record<string, T>>, to: (name: string, entry: T) => R) =>
        Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, to(name, entry)]));
    // An entry whose variable name did not parse claims nothing: its default would be a guess.
    const named = <T extends object>(section: string, name: string, entry: T, fields: string[]) =>
        fields.every((field) => field in entry || !parts.written([section, name, field]));
    return {
        env: Object.fromEntries(
            Object.entries(parts.env)
                .filter(([service]) => services.has(service))
                .map(([service, variables]) => [
                    service,
                    Object.fromEntries(
                        Object.entries(variables).map(([k, v]) => [k, toEnvEntry(v)]),
                    ),
                ]),
        ),
        secrets: Object.fromEntries(
            Object.entries(parts.secrets).flatMap(([name, secret]) =>
                secret.class !== undefined && Object.hasOwn(SECRET_CLASSES, secret.class)
                    ? [
                          [
                              name,
                              {
                                  name,
                                  delivery: "env" as const,
                                  consumers: known(secret.consumers),
                                  scheme: SECRET_CLASSES[secret.class as SecretClass].scheme,
                              },
                          ],
                      ]
                    : [],
            ),
        ),
        databases: each(parts.databases, (name, database) => ({
            name,
            consumers: named("databases", name, database, ["urlVariable"])
                ? known(database.consumers)
                : [],
            directUrlConsumers: named("databases", name, database, ["directUrlVariable"])
                ? known(database.directUrlConsumers)
                : [],
            ...databaseVariables(database),
        })),
        redis: each(parts.redis, (name, redis) => ({
            name,
            consumers: named("redis", name, redis, ["urlVariable"]) ? known(redis.consumers) : [],
            urlVariable: redisUrlVariable(redis),
        })),
        buckets: each(parts.buckets, (name, bucket) => ({
            name,
            consumers: named("buckets", name, bucket, ["variable", "renamedFrom"])
                ? known(bucket.consumers)
                : [],
            envVariable: bucketVariable(name, bucket),
        })),
        // In the model's order (toFlagModels): the first flag a service reads names its claim.
        flags: each(
            Object.fromEntries(Object.entries(parts.flags).sort(([x], [y]) => x.localeCompare(y))),
            (name, flag) => ({ name, consumers: known(flag.consumers) }),
        ),
        services: each(parts.services, (name, service) => ({
            name,
            platform: service.platform,
            // Works queues when it lists any, even where one of them is malformed.
            queues: service.queues ?? (parts.written(["services", name, "queues", 0]) ? [0] : []),
        })),
    };
}
