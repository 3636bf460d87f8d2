/** Properties as the engine sends them to an analyzer: unknowns and secrets kept, no references. */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Json } from "./types";

interface OutputInternals {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(): Promise<unknown>;
}

/** Inputs as the engine sends them to an analyzer: unknowns and secrets in their wire encoding. */
export async function encodeProps(inputs: Record<string, unknown>): Promise<Struct> {
    return Struct.fromJavaScript(((await encode(inputs)) ?? {}) as Record<string, JavaScriptValue>);
}

async function encode(v: unknown): Promise<Json | undefined> {
    if (v === undefined || typeof v === "function") return undefined;
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        return v;
    if (Array.isArray(v)) return Promise.all(v.map(async (e) => (await encode(e)) ?? null));
    if (pulumi.Output.isInstance(v)) {
        const o = v as unknown as OutputInternals;
        const value = (await o.isKnown) ? await encode(await o.promise()) : rpc.unknownValue;
        return (await o.isSecret) ? secret(value) : value;
    }
    if (pulumi.isUnknown(v)) return rpc.unknownValue; // every JS unknown reaches the engine as a string unknown
    if (v instanceof Promise) return encode(await v);
    // Resource references are sent as IDs (custom) or URNs (component), since analyzers don't keep resources.
    if (pulumi.CustomResource.isInstance(v)) return encode(v.id);
    if (pulumi.ComponentResource.isInstance(v)) return encode(v.urn);
    if (pulumi.asset.Asset.isInstance(v) || pulumi.asset.Archive.isInstance(v)) {
        const sig = pulumi.asset.Asset.isInstance(v) ? rpc.specialAssetSig : rpc.specialArchiveSig;
        const out: Record<string, Json> = { [rpc.specialSigKey]: sig };
        for (const k of ["path", "text", "uri", "assets"] as const) {
            const e = await encode((v as unknown as Record<string, unknown>)[k]);
            if (e !== undefined) out[k] = e;
        }
        return out;
    }
    const obj = v as Record<string, unknown>;
    if (obj[rpc.specialSigKey] === rpc.specialSecretSig) return secret(await encode(obj.value));
    if (obj[rpc.specialSigKey] === rpc.specialResourceSig) {
        return encode(obj.id === "" ? pulumi.unknown : (obj.id ?? obj.urn));
    }
    const out: Record<string, Json> = {};
    for (const [k, e] of Object.entries(obj)) {
        const enc = await encode(e);
        if (enc !== undefined) out[k] = enc;
    }
    return out;
}

const secret = (value: Json | undefined): Json => ({
    [rpc.specialSigKey]: rpc.specialSecretSig,
    value: value ?? null,
});
