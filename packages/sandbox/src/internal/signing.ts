/**
 * The `Wechatpay-*` headers WeChat Pay puts on what it sends, responses and notifications alike (spec §1.4.2, §1.8):
 * a signature over `TIMESTAMP\nNONCE\nBODY\n` by the current signing key, with the forgeries the faults ask for.
 *
 * @internal
 */
import { randomAlphanumeric, randomDigits, randomSerial } from "./material.js"
import { responseMessage, SIGNATURE_SCHEME, signBase64, signTestSignature } from "./protocol.js"
import type { GatewayConfig, GatewayState } from "./state.js"

/** How to forge the signature; nothing: sign correctly. @internal */
export interface Forgery {
  /** Sign with a key and serial no client holds. */
  readonly unknownSerial?: boolean
  /** Shift `Wechatpay-Timestamp` this many seconds into the past. */
  readonly staleSeconds?: number
  /** Send a `WECHATPAY/SIGNTEST/…` probe instead of a signature. */
  readonly signTest?: boolean
}

/**
 * The five `Wechatpay-*` headers for `body`: signed by the 微信支付公钥 when `usePublicKey` (serial `PUB_KEY_ID_…`),
 * else by the newest platform certificate.
 *
 * @internal
 */
export const wechatpayHeaders = (
  config: GatewayConfig,
  current: GatewayState,
  body: Uint8Array,
  usePublicKey: boolean,
  forgery: Forgery = {}
): Record<string, string> => {
  const platform = current.platform[current.platform.length - 1]!
  let serial = usePublicKey ? config.publicKeyId : platform.serialNumber
  let key = usePublicKey ? config.publicKeyPrivate : platform.privateKey
  if (forgery.unknownSerial === true) {
    serial = usePublicKey ? `PUB_KEY_ID_0112${randomDigits(30)}` : randomSerial()
    key = config.strangerKey
  }
  const timestamp = String(Math.floor(config.signingNow() / 1000) - (forgery.staleSeconds ?? 0))
  const nonce = randomAlphanumeric(32)
  return {
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Signature":
      forgery.signTest === true ? signTestSignature() : signBase64(key, responseMessage(timestamp, nonce, body)),
    "Wechatpay-Serial": serial,
    "Wechatpay-Signature-Type": SIGNATURE_SCHEME
  }
}
