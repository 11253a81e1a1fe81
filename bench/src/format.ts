/**
 * Number formats and table layouts shared by every section of the report (stdout and `docs/performance.md`).
 */

/** A number with no decimals. */
export const f0 = (n: number): string => n.toFixed(0)

/** A number with one decimal. */
export const f1 = (n: number): string => n.toFixed(1)

/** A number with two decimals. */
export const f2 = (n: number): string => n.toFixed(2)

/** Bytes in KiB, no decimals. */
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`

/** Bytes in MiB, one decimal. */
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/** A change in bytes in MiB, signed (no sign for zero). */
export const signedMib = (bytes: number): string => {
  const text = mib(Math.abs(bytes))
  return text === "0.0 MiB" ? text : `${bytes < 0 ? "−" : "+"}${text}`
}

/**
 * A plain-text table for stdout: columns padded, the first left-aligned, the others right-aligned.
 *
 * @param rows the header row first
 */
export const pad = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "))
    .join("\n")
}

/**
 * A Markdown table laid out as Biome formats it: cells padded to the column width; the first column left-aligned,
 * the others right-aligned (numbers) unless `textColumns`.
 *
 * @param rows the header row first
 * @param textColumns every column left-aligned
 */
export const markdown = (rows: ReadonlyArray<ReadonlyArray<string>>, textColumns = false): string => {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => r[c]!.length)))
  const right = (c: number) => c > 0 && !textColumns
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, c) => (right(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`
  const rule = `| ${widths.map((w, c) => (right(c) ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n")
}
