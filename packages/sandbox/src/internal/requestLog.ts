/**
 * The request log: a ring buffer of the newest `capacity` entries, outside the gateway's immutable state. Appending
 * writes one slot (the log used to be copied on every request: over 20,000 requests the sandbox grew from 195 to
 * 407 MiB and its CPU per call 2.5×); reading copies the entries out, oldest first.
 *
 * @internal
 */

/** @internal */
export interface RequestLog<A> {
  readonly append: (entry: A) => void
  /** A copy, oldest first. */
  readonly entries: () => ReadonlyArray<A>
  readonly clear: () => void
}

/**
 * A log keeping the newest `capacity` entries (`Infinity` keeps all, 0 none). `slots` is the backing array (a test
 * passes one that counts accesses).
 *
 * @internal
 */
export const make = <A>(capacity: number, slots: Array<A> = []): RequestLog<A> => {
  let next = 0
  let size = 0
  return {
    append: (entry) => {
      if (capacity === 0) return
      slots[next] = entry
      next = next + 1 === capacity ? 0 : next + 1
      if (size < capacity) size++
    },
    entries: () => {
      const out: Array<A> = new Array(size)
      const start = size < capacity ? 0 : next
      for (let i = 0; i < size; i++) out[i] = slots[(start + i) % capacity] as A
      return out
    },
    clear: () => {
      slots.length = 0
      next = 0
      size = 0
    }
  }
}
