/**
 * Decodes canonical base64 only (RFC 4648 §4 and §3.5): the standard alphabet, `=` padding, a length that is a
 * multiple of 4, zero unused bits, nothing else. Node's own decoder skips any character outside the alphabet and
 * accepts the URL-safe one, so a string is accepted only when re-encoding its bytes gives it back exactly.
 */
export const decodeCanonical = (text: string): Buffer | undefined => {
  const bytes = Buffer.from(text, "base64")
  return bytes.length > 0 && bytes.toString("base64") === text ? bytes : undefined
}
