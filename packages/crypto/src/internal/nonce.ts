import * as NodeCrypto from "node:crypto"

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
// 248 = 4 × 62: bytes at or above it are dropped so every character is equally likely.
const LIMIT = 248

/** A random alphanumeric string from the CSPRNG, without modulo bias. */
export const randomAlphanumeric = (length: number): string => {
  let out = ""
  while (out.length < length) {
    const bytes = NodeCrypto.randomBytes(length + 8)
    for (let i = 0; i < bytes.length && out.length < length; i++) {
      const b = bytes[i]!
      if (b < LIMIT) out += ALPHABET[b % 62]
    }
  }
  return out
}
