/** The error of notification parsing (re-exported by `Notifications`). */
import * as Schema from "effect/Schema"
import { marked } from "./typeId.js"

/** Why a notification was rejected. */
export const NotificationErrorReason = Schema.Literals([
  "MissingHeaders",
  "BadSignature",
  "ClockSkew",
  "UnknownSerial",
  "UnsupportedAlgorithm",
  "DecryptionFailed",
  "MalformedBody",
  "UndecodableResource"
])

/** A notification that was not accepted. */
export class NotificationError extends Schema.TaggedError<NotificationError>("@effect-wechatpay/api/NotificationError")(
  "NotificationError",
  {
    reason: NotificationErrorReason,
    message: Schema.String,
    /** The `Wechatpay-Serial` it claimed, for signature failures. */
    serial: Schema.optional(Schema.String)
  }
) {}
marked(NotificationError)
