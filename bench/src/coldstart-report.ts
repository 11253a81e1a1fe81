/**
 * What a cold-start program (`coldstart-app.ts`, `coldstart-floor.ts`) sends its parent: the times it measured from
 * the start of its process. Kept apart from `coldstart.ts` so that the measured programs load nothing else.
 */
import type { ColdStart } from "./coldstart.js"

/**
 * Sends the report over IPC.
 *
 * @param loaded `performance.now()` when the program's first line ran
 * @param ready when it could make its first call
 * @param firstCall when its first call had answered
 * @param cpuUsage `process.cpuUsage()` at ready
 */
export const reportColdStart = (loaded: number, ready: number, firstCall: number, cpuUsage: NodeJS.CpuUsage): void => {
  const report: ColdStart = {
    _tag: "ColdStart",
    loaded,
    ready,
    firstCall,
    cpu: (cpuUsage.user + cpuUsage.system) / 1000
  }
  process.send?.(report)
}
