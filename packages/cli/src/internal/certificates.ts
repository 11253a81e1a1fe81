/**
 * `wechatpay certificates download [--out DIR] [--json]`: the platform certificates (平台证书) from
 * `GET /v3/certificates`, through the client's `"auto"` mode: the answer is signed and verified with the certificates
 * it contains, each certificate decrypted with the APIv3 key, and only those valid now are kept. They are printed
 * with their validity, and written to `DIR/wechatpay_<serial>.pem` with mode 0600 when `--out` is given (PEM on
 * stdout otherwise).
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Client from "./client.js"
import { CliFailure, ExitCode } from "./failure.js"

/** One downloaded certificate, as printed. */
export interface Downloaded {
  readonly serial: string
  readonly notBefore: string
  readonly notAfter: string
  /** Whole days until `notAfter`. */
  readonly daysLeft: number
  readonly file?: string
  readonly pem: string
}

const DAY = 24 * 60 * 60 * 1000

const writePrivate = (dir: string, name: string, text: string): Effect.Effect<string, CliFailure> =>
  Effect.try({
    try: () => {
      Fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
      const file = Path.join(dir, name)
      const temporary = Path.join(dir, `.${name}.${process.pid}.tmp`)
      Fs.writeFileSync(temporary, text, { mode: 0o600 })
      Fs.chmodSync(temporary, 0o600)
      Fs.renameSync(temporary, file)
      return file
    },
    catch: (error) =>
      new CliFailure({
        message: `cannot write to '${dir}': ${
          typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string"
            ? (error as { code: string }).code
            : String(error)
        }`,
        exitCode: ExitCode.Failed
      })
  })

/** Downloads, verifies, decrypts; writes the files when `out` is given; prints. */
export const download = (options: { readonly out: Option.Option<string>; readonly json: boolean }) =>
  Effect.gen(function* () {
    const env = yield* Client.options
    const certificates = yield* Effect.gen(function* () {
      const client = yield* WechatPayClient
      let keyring = yield* client.crypto.keyring
      let entries = [...keyring.entries.values()].filter((entry) => entry.kind === "certificate")
      if (entries.length === 0) {
        // "auto" mode tolerates a merchant without certificates when a public key is configured: ask again, for the
        // typed reason (NoPlatformCertificates).
        yield* client.refreshCertificates
        keyring = yield* client.crypto.keyring
        entries = [...keyring.entries.values()].filter((entry) => entry.kind === "certificate")
      }
      return entries
    }).pipe(
      Effect.provide(Client.layer({ ...env, platformCertificates: "auto", certificateRefreshInterval: "3650 days" }))
    )
    const now = Date.now()
    const downloaded: Array<Downloaded> = []
    for (const entry of certificates) {
      const pem = entry.certificate ?? ""
      const file = Option.isSome(options.out)
        ? yield* writePrivate(options.out.value, `wechatpay_${entry.serial}.pem`, pem)
        : undefined
      downloaded.push({
        serial: entry.serial,
        notBefore: entry.notBefore?.toISOString() ?? "",
        notAfter: entry.notAfter?.toISOString() ?? "",
        daysLeft: entry.notAfter === undefined ? 0 : Math.floor((entry.notAfter.getTime() - now) / DAY),
        ...(file === undefined ? {} : { file }),
        pem
      })
    }
    if (options.json) {
      yield* Console.log(JSON.stringify({ verified: true, certificates: downloaded }, null, 2))
      return
    }
    const lines = [
      `${downloaded.length} platform certificate${downloaded.length === 1 ? "" : "s"} (平台证书), verified with the certificates the answer contains and decrypted with the APIv3 key:`
    ]
    for (const d of downloaded) {
      lines.push(`  ${d.serial}`, `    valid from ${d.notBefore} to ${d.notAfter} (${d.daysLeft} days left)`)
      if (d.file !== undefined) lines.push(`    written to ${d.file} (mode 0600)`)
    }
    if (Option.isSome(options.out)) {
      lines.push(`Check them again if you like: openssl x509 -in <file> -noout -serial -dates`)
    }
    yield* Console.log(lines.join("\n"))
    if (Option.isNone(options.out)) yield* Console.log(downloaded.map((d) => d.pem.trim()).join("\n"))
  })
