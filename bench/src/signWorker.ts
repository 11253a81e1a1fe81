/**
 * The worker of the signing-alone measurement through effect 4's worker pool (`signingPool.ts`): an RPC server over
 * `@effect/platform-node`'s worker runner that signs with the key it was started with (`workerData.pem`). Built by
 * `build.ts` beside the other entries; started by `NodeWorker.layer` in the bench process.
 */
import * as NodeCrypto from "node:crypto"
import { workerData } from "node:worker_threads"
import { NodeRuntime, NodeWorkerRunner } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { RpcServer } from "effect/rpc"
import { SignRpcs } from "./signRpc.js"

const key = NodeCrypto.createPrivateKey((workerData as { readonly pem: string }).pem)

const handlers = SignRpcs.toLayer({
  Sign: (message) => Effect.sync(() => NodeCrypto.sign("sha256", Buffer.from(message, "utf8"), key).toString("base64"))
})

const server = RpcServer.layer(SignRpcs).pipe(
  Layer.provide(handlers),
  Layer.provide(RpcServer.layerProtocolWorkerRunner),
  Layer.provide(NodeWorkerRunner.layer)
)

NodeRuntime.runMain(Layer.launch(server))
