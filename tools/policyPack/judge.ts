/** Judging: one preview's Remediate, Analyze and AnalyzeStack calls, and their verdicts. */
import { performance } from "perf_hooks";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { LEVELS } from "./config";
import { encodeProps } from "./encode";
import { optional, Unary } from "./rpc";
import { CapturedResource, PolicyViolation } from "./types";

/** One preview's calls over `resources` in the engine's order: the verdicts, each phase's time. */
export async function judgeResources(
    call: <Req, Res>(method: string, fn: Unary<Req, Res>, req: Req) => Promise<Res>,
    c: analyzerrpc.AnalyzerClient,
    resources: CapturedResource[],
    logs: string[],
): Promise<{ violations: PolicyViolation[]; analyzeMs: number; analyzeStackMs: number }> {
    const violations: PolicyViolation[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const prepared: {
        r: CapturedResource;
        props: Struct;
        provider?: pb.AnalyzerProviderResource;
    }[] = [];
    for (const r of resources) {
        const provider = await providerOf(r, byUrn);
        prepared.push({ r, props: await encodeProps(r.inputs), provider });
    }

    // Like the step generator: every registered resource (custom, component, provider, stack) is
    // first offered to Remediate, then Analyze sees the possibly-remediated inputs.
    const ta = performance.now();
    for (const p of prepared) {
        const { r } = p;
        const req = new pb.AnalyzeRequest()
            .setUrn(r.urn)
            .setType(r.type)
            .setName(r.name)
            .setProperties(p.props)
            .setOptions(resourceOptions(r))
            .setProvider(p.provider);
        const rem = await optional(call("Remediate", c.remediate, req));
        for (const x of rem?.getRemediationsList() ?? []) {
            const base = { policyPack: x.getPolicypackname(), policy: x.getPolicyname() };
            if (x.getDiagnostic()) {
                violations.push({
                    ...base,
                    enforcementLevel: "advisory",
                    urn: r.urn,
                    message: x.getDiagnostic(),
                });
            } else if (x.getProperties()) {
                p.props = x.getProperties() as Struct;
                req.setProperties(p.props);
                logs.push(`remediated ${r.urn} by policy ${x.getPolicyname()}`);
            }
        }
        const res = await call("Analyze", c.analyze, req);
        // The engine always attributes Analyze diagnostics to the analyzed resource.
        violations.push(...res.getDiagnosticsList().map((d) => toViolation(d, r.urn)));
    }
    const analyzeMs = performance.now() - ta;

    const stackReq = new pb.AnalyzeStackRequest();
    for (const { r, props, provider } of prepared) {
        const ar = new pb.AnalyzerResource()
            .setUrn(r.urn)
            .setType(r.type)
            .setName(r.name)
            .setProperties(props)
            .setOptions(resourceOptions(r))
            .setProvider(provider)
            .setParent(r.parent ?? "")
            // The engine's dependencies: dependsOn and property dependencies (pulumi v3.248.0
            // pkg/resource/deploy/source_eval.go 2107-2114, step_generator.go 3262).
            .setDependenciesList(r.dependencies);
        for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
            ar.getPropertydependenciesMap().set(
                property,
                new pb.AnalyzerPropertyDependencies().setUrnsList(urns),
            );
        }
        stackReq.addResources(ar);
    }
    const ts = performance.now();
    const stackRes = await optional(call("AnalyzeStack", c.analyzeStack, stackReq));
    const analyzeStackMs = performance.now() - ts;
    for (const d of stackRes?.getDiagnosticsList() ?? []) {
        // A stack policy may name a resource; anything else is stack-level (the CLI uses the root stack URN).
        const v = toViolation(d, byUrn.has(d.getUrn()) ? d.getUrn() : undefined);
        violations.push(
            v.enforcementLevel === "remediate" ? { ...v, enforcementLevel: "mandatory" } : v,
        );
    }

    return { violations, analyzeMs, analyzeStackMs };
}

function toViolation(d: pb.AnalyzeDiagnostic, urn: string | undefined): PolicyViolation {
    return {
        policyPack: d.getPolicypackname(),
        policy: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        urn,
        message: d.getMessage(),
        description: d.getDescription() || undefined,
    };
}

function resourceOptions(r: CapturedResource): pb.AnalyzerResourceOptions {
    // As the engine fills them (pulumi v3.248.0 pkg/resource/deploy/step_generator.go 1296-1304, 3252-3260):
    // always CustomTimeouts (zeros) and the parent; `deleteBeforeReplace` only when the program set it.
    return new pb.AnalyzerResourceOptions()
        .setProtect(r.protect)
        .setIgnorechangesList(r.ignoreChanges ?? [])
        .setDeletebeforereplace(r.deleteBeforeReplace ?? false)
        .setDeletebeforereplacedefined(r.deleteBeforeReplaceDefined ?? false)
        .setParent(r.parent ?? "")
        .setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
}

async function providerOf(
    r: CapturedResource,
    byUrn: Map<string, CapturedResource>,
): Promise<pb.AnalyzerProviderResource | undefined> {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    // Default providers are engine-created and rarely captured: fall back to what the URN tells.
    const [, , qualifiedType = "", name = ""] = urn.split("::");
    const p = byUrn.get(urn);
    return new pb.AnalyzerProviderResource()
        .setUrn(urn)
        .setType(p?.type ?? qualifiedType.split("$").pop() ?? "")
        .setName(p?.name ?? name)
        .setProperties(await encodeProps(p?.inputs ?? {}));
}
