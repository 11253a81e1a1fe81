/**
 * The one RPC of the signing-alone measurement (`signingPool.ts`) through effect 4's own worker pool: a message in,
 * its base64 RSA signature out. Shared by the client side and the worker (`signWorker.ts`).
 */
import { Schema } from "effect"
import { Rpc, RpcGroup } from "effect/rpc"

/** `Sign`: the message to sign (UTF-8), answered with its SHA256-with-RSA signature in base64. */
export class SignRpcs extends RpcGroup.make(Rpc.make("Sign", { payload: Schema.String, success: Schema.String })) {}
