/** A pack's policy config, parsed, reconciled with its defaults and validated as the CLI does. */
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Json, Level, PolicyConfigError } from "./types";

type JsonSchema = { type?: string | string[]; enum?: Json[]; default?: Json };
/** One policy's configuration: its enforcement level and properties. */
export interface PolicyConfig {
    level?: Level;
    props?: Record<string, Json>;
}

/** Enforcement levels by name, as the analyzer protocol numbers them. */
export const LEVEL_ENUM: Record<Level, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    remediate: pb.EnforcementLevel.REMEDIATE,
    disabled: pb.EnforcementLevel.DISABLED,
};
/** Enforcement level names by the analyzer protocol's number. */
export const LEVELS = Object.fromEntries(
    Object.entries(LEVEL_ENUM).map(([l, e]) => [e, l]),
) as Record<pb.EnforcementLevel, Level>;
const isLevel = (v: unknown): v is Level => typeof v === "string" && v in LEVEL_ENUM;

/** Parses a policy-pack config file's content, reconciles it like the CLI, and validates it. */
export function reconcileConfig(
    info: pb.AnalyzerInfo,
    raw: Record<string, unknown>,
): Map<string, PolicyConfig> {
    const pack = `${info.getName()}@v${info.getVersion()}`;
    const policies = info.getPoliciesList();
    const names = new Set(policies.map((p) => p.getName()));
    const given = parseConfig(raw);
    // Stricter than the CLI, which forwards unknown names silently (or fails on a level-less one).
    for (const k of given.keys()) {
        if (k !== "all" && !names.has(k)) {
            throw new PolicyConfigError(
                `policy pack ${pack}: policy "${k}" not found (known policies: ${[...names].join(", ")})`,
            );
        }
    }
    // Defaults: each policy's own level plus its schema defaults; then the pack's initial config;
    // then the user's. In each layer "all" sets every level first, named entries override it.
    const result = new Map<string, PolicyConfig>();
    for (const p of policies) {
        const defaults = Object.entries(schemaOf(p).properties).filter(
            ([, s]) => s.default !== undefined,
        );
        result.set(p.getName(), {
            level: LEVELS[p.getEnforcementlevel()],
            props: defaults.length
                ? Object.fromEntries(defaults.map(([k, s]) => [k, s.default as Json]))
                : undefined,
        });
    }
    const initial = new Map<string, PolicyConfig>();
    info.getInitialconfigMap().forEach((v, k) =>
        initial.set(k, {
            level: LEVELS[v.getEnforcementlevel()],
            props: v.getProperties()?.toJavaScript() as Record<string, Json>,
        }),
    );
    for (const layer of [initial, given]) {
        const all = layer.get("all")?.level;
        if (all) for (const cfg of result.values()) cfg.level = all;
        for (const [k, v] of layer) {
            const cur = result.get(k) ?? {};
            const props =
                v.props && Object.keys(v.props).length ? { ...cur.props, ...v.props } : cur.props;
            result.set(k, { level: v.level ?? cur.level, props });
        }
    }
    const errors = policies.flatMap((p) =>
        validateProps(schemaOf(p), result.get(p.getName())?.props ?? {}).map(
            (e) => `${pack}  ${p.getName()}: ${e}`,
        ),
    );
    if (errors.length)
        throw new PolicyConfigError(`validating policy config:\n${errors.sort().join("\n")}`);
    return result;
}

function parseConfig(raw: Record<string, unknown>): Map<string, PolicyConfig> {
    const out = new Map<string, PolicyConfig>();
    for (const [k, v] of Object.entries(raw)) {
        const bad = (what: unknown) =>
            new PolicyConfigError(
                `parsing enforcement level for "${k}": ${JSON.stringify(what)} is not a valid enforcement level`,
            );
        let cfg: PolicyConfig;
        if (typeof v === "string") {
            if (!isLevel(v)) throw bad(v);
            cfg = { level: v };
        } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
            const { enforcementLevel: level, ...props } = v as Record<string, Json>;
            if (level !== undefined && !isLevel(level)) throw bad(level);
            cfg = {
                level: level as Level | undefined,
                props: Object.keys(props).length ? props : undefined,
            };
        } else {
            throw new PolicyConfigError(
                `parsing "${k}": ${JSON.stringify(v)} is not a valid value; must be a string or object`,
            );
        }
        if (cfg.level || cfg.props) out.set(k, cfg);
    }
    return out;
}

function schemaOf(p: pb.PolicyInfo): {
    properties: Record<string, JsonSchema>;
    required: string[];
} {
    const s = p.getConfigschema();
    return {
        properties: (s?.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>,
        required: s?.getRequiredList() ?? [],
    };
}

/** The subset of JSON Schema the CLI's gojsonschema check is used for in practice: required, type, enum. */
function validateProps(schema: ReturnType<typeof schemaOf>, props: Record<string, Json>): string[] {
    const typeOf = (v: Json) =>
        v === null
            ? "null"
            : Array.isArray(v)
              ? "array"
              : Number.isInteger(v)
                ? "integer"
                : typeof v;
    const errors = schema.required.filter((k) => !(k in props)).map((k) => `${k} is required`);
    for (const [k, v] of Object.entries(props)) {
        const s = schema.properties[k];
        const types = s?.type === undefined ? [] : ([] as string[]).concat(s.type);
        const t = typeOf(v);
        if (types.length && !types.some((x) => x === t || (x === "number" && t === "integer"))) {
            errors.push(`${k}: Invalid type. Expected: ${types.join(", ")}, given: ${t}`);
        } else if (s?.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
            errors.push(
                `${k}: ${k} must be one of the following: ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`,
            );
        }
    }
    return errors;
}
