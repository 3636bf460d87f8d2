/** gRPC plumbing toward a pack's analyzer: the client, calls with a deadline, UNIMPLEMENTED. */
import * as grpc from "@grpc/grpc-js";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";

const CALL_TIMEOUT_MS = 60_000;
const MAX_MESSAGE = 400 * 1024 * 1024; // the CLI's gRPC limit

export function analyzerClient(address: string): analyzerrpc.AnalyzerClient {
    return new analyzerrpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE,
        "grpc.max_send_message_length": MAX_MESSAGE,
    });
}

type Callback<Res> = (e: grpc.ServiceError | null, r: Res) => void;
export type Unary<Req, Res> = (
    req: Req,
    md: grpc.Metadata,
    o: Partial<grpc.CallOptions>,
    cb: Callback<Res>,
) => unknown;

export function unary<Req, Res>(
    c: grpc.Client,
    method: string,
    fn: Unary<Req, Res>,
    req: Req,
): Promise<Res> {
    const opts = { deadline: Date.now() + CALL_TIMEOUT_MS };
    return new Promise((resolve, reject) =>
        fn.call(c, req, new grpc.Metadata(), opts, (e, r) =>
            e ? reject(new RpcError(method, e)) : resolve(r),
        ),
    );
}

class RpcError extends Error {
    readonly code: grpc.status;
    constructor(method: string, e: grpc.ServiceError) {
        super(`${method} failed: ${e.details || e.message}`);
        this.code = e.code;
    }
}

/** Resolves to undefined when the analyzer does not implement the method (older packs). */
export async function optional<T>(p: Promise<T>): Promise<T | undefined> {
    try {
        return await p;
    } catch (e) {
        if (e instanceof RpcError && e.code === grpc.status.UNIMPLEMENTED) return undefined;
        throw e;
    }
}
