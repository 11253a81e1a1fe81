/**
 * URL checks shared by the sandbox and its bin (which loads nothing else before its arguments are known good).
 *
 * @internal
 */

/** An absolute `http:` or `https:` URL. @internal */
export const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}
