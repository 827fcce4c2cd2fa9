import { collectDefaultMetrics, Registry } from 'prom-client'

let shared: Registry | null = null

/**
 * Node's own figures (resident memory, heap and its spaces, event-loop lag, GC, handles, CPU) in a
 * registry of their own, made once per process: they describe the process, not one app, and each
 * collectDefaultMetrics call would start another event-loop monitor and GC observer that never stop.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry()
    collectDefaultMetrics({ register: shared, eventLoopMonitoringPrecision: 10 })
  }
  return shared
}
