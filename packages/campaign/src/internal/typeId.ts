/** The shared error type id, set on the prototypes of this package's error classes. */
import { ErrorTypeId } from "@effect-wechatpay/schema/ApiError"

/** Marks an error class with the shared type id, on its prototype (never an own field, so never in its JSON). */
export const marked = <C extends { readonly prototype: object }>(ErrorClass: C): C => {
  Object.defineProperty(ErrorClass.prototype, ErrorTypeId, { value: ErrorTypeId })
  return ErrorClass
}
