/** One reading on a chart: when it was taken (ms since the epoch) and its value. */
export interface SparklineSample {
  at: number
  value: number
}

export interface SparklineOptions {
  /** Drawing area in SVG user units. */
  width: number
  height: number
  /** How much time the chart spans, ending at `end`; older samples are left out. */
  windowMs: number
  /** Right edge of the chart (ms since the epoch); defaults to the newest sample's time. */
  end?: number
  /** Bottom of the value axis; defaults to 0 so a flat but high line does not look like a cliff. */
  min?: number
  /** Top of the value axis, e.g. the heap limit; defaults to the highest sample in the window. */
  max?: number
}

export interface SparklinePoint {
  x: number
  y: number
}

export interface SparklineGeometry {
  points: SparklinePoint[]
  /** An SVG path `d` ("M0,40L12.5,31.2…"), empty when there is nothing to draw. */
  path: string
  /** The value axis actually used, so a caller can label it or draw a limit line. */
  min: number
  max: number
}

/** The samples that fall inside the chart's window, oldest first. */
export function samplesInWindow(samples: readonly SparklineSample[], windowMs: number, end?: number): SparklineSample[] {
  const valid = samples.filter((s) => Number.isFinite(s.at) && Number.isFinite(s.value))
  if (valid.length === 0) return []
  const right = end ?? Math.max(...valid.map((s) => s.at))
  const left = right - windowMs
  return valid.filter((s) => s.at >= left && s.at <= right).sort((a, b) => a.at - b.at)
}

/**
 * Lays samples out on a `width` × `height` chart: time runs left to right over the last `windowMs`, values
 * bottom to top between `min` and `max` (values outside are clamped to the edge). A single sample becomes a
 * short flat line so it is still visible.
 */
export function sparkline(samples: readonly SparklineSample[], options: SparklineOptions): SparklineGeometry {
  const { width, height, windowMs } = options
  const inWindow = samplesInWindow(samples, windowMs, options.end)
  const min = options.min ?? 0
  const highest = inWindow.length ? Math.max(...inWindow.map((s) => s.value)) : min
  // An all-zero history still needs a non-empty axis to divide by.
  const max = Math.max(options.max ?? highest, min + Number.EPSILON)
  if (inWindow.length === 0) return { points: [], path: '', min, max }

  const right = options.end ?? inWindow[inWindow.length - 1]!.at
  const left = right - windowMs
  const points = inWindow.map((s) => ({
    x: round(((s.at - left) / windowMs) * width),
    y: round(height - clamp((s.value - min) / (max - min), 0, 1) * height),
  }))
  if (points.length === 1) points.unshift({ x: Math.max(0, points[0]!.x - width / 50), y: points[0]!.y })
  return { points, path: toPath(points), min, max }
}

/** Points as an SVG path: a move to the first, a line to each of the rest. */
export function toPath(points: readonly SparklinePoint[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join('')
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}

// Two decimals is finer than a pixel and keeps the path short.
function round(value: number): number {
  return Math.round(value * 100) / 100
}

export interface SparklineSummary {
  count: number
  lowest: number
  highest: number
  latest: number
}

/** Lowest, highest and latest values in the window, for the chart's spoken summary; null when empty. */
export function summarise(samples: readonly SparklineSample[], windowMs: number, end?: number): SparklineSummary | null {
  const inWindow = samplesInWindow(samples, windowMs, end)
  const last = inWindow[inWindow.length - 1]
  if (!last) return null
  const values = inWindow.map((s) => s.value)
  return { count: inWindow.length, lowest: Math.min(...values), highest: Math.max(...values), latest: last.value }
}
