import * as Util from "node:util"
import { Cause, Effect, Exit, Logger, Option, References, Tracer } from "effect"

/** A span as recorded by {@link recordingTracer}. */
export interface RecordedSpan {
  readonly name: string
  readonly spanId: string
  readonly kind: Tracer.SpanKind
  readonly parent: Option.Option<Tracer.AnySpan>
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit?: Exit.Exit<unknown, unknown>
}

/**
 * A tracer that keeps every span in memory, for assertions: trace id `trace`, span ids counted from 1. Attributes and
 * events are recorded even after a span ended, so nothing written to a span escapes a leak check.
 */
export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let id = 0
  const tracer = Tracer.make({
    span({ annotations, kind, links, name, parent, sampled, startTime }) {
      const spanId = String(++id)
      const record: RecordedSpan = { name, spanId, kind, parent, attributes: new Map(), events: [] }
      spans.push(record)
      let status: Tracer.SpanStatus = { _tag: "Started", startTime }
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace",
        parent,
        annotations,
        get status() {
          return status
        },
        attributes: record.attributes,
        links,
        sampled,
        kind,
        end(endTime, exit) {
          status = { _tag: "Ended", startTime, endTime, exit }
          record.exit = exit
        },
        attribute(key, value) {
          record.attributes.set(key, value)
        },
        event(name, _startTime, attributes) {
          record.events.push({ name, attributes })
        },
        addLinks() {}
      }
      return span
    }
  })
  const dump = () =>
    spans
      .map(
        (s) =>
          `${s.name} ${Util.inspect([...s.attributes], { depth: 10 })} ${Util.inspect(s.events, { depth: 10 })} ${
            s.exit === undefined ? "" : Exit.isFailure(s.exit) ? Cause.pretty(s.exit.cause) : ""
          }`
      )
      .join("\n")
  return { tracer, spans, dump }
}

/** A logger that keeps every line (level, message, annotations, cause) as text. */
export const recordingLogger = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ cause, fiber, logLevel, message }) => {
    const annotations = fiber.getRef(References.CurrentLogAnnotations)
    lines.push(
      `${logLevel} ${Util.inspect(message, { depth: 10 })} ${Util.inspect(annotations, { depth: 10 })} ${Cause.pretty(cause)}`
    )
  })
  return { logger, lines }
}

/** Runs `self` with `logger` as the only logger, every level logged. */
export const withLogger =
  (logger: Logger.Logger<unknown, unknown>) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    self.pipe(Effect.provideService(References.MinimumLogLevel, "All"), Effect.provide(Logger.layer([logger])))

/** The span of an operation, if recorded. */
export const spanNamed = (spans: ReadonlyArray<RecordedSpan>, name: string) =>
  Option.fromNullishOr(spans.find((s) => s.name === name))
