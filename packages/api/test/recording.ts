import * as Util from "node:util"
import { Cause, Exit, Logger, Option, Tracer } from "effect"

/** A span as recorded by {@link recordingTracer}. */
export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit?: Exit.Exit<unknown, unknown>
}

/** A tracer that keeps every span in memory, for assertions. */
export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let id = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const record: RecordedSpan = { name, attributes: new Map(), events: [] }
      spans.push(record)
      let status: Tracer.SpanStatus = { _tag: "Started", startTime }
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: String(++id),
        traceId: "trace",
        parent,
        context,
        get status() {
          return status
        },
        attributes: record.attributes,
        links,
        sampled: true,
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
    },
    context: (f) => f()
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

/** A logger that keeps every line (message, annotations, cause) as text. */
export const recordingLogger = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ annotations, cause, message }) => {
    lines.push(
      `${Util.inspect(message, { depth: 10 })} ${Util.inspect(annotations, { depth: 10 })} ${Cause.pretty(cause)}`
    )
  })
  return { logger, lines }
}

/** The span of an operation, if recorded. */
export const spanNamed = (spans: ReadonlyArray<RecordedSpan>, name: string) =>
  Option.fromNullable(spans.find((s) => s.name === name))
