/**
 * Small dense linear systems: the homography's 8 × 8 and the light surface's 6 × 6 (evenLight.ts).
 */

/**
 * The solution of the n × n system whose augmented rows are `rows` (each n coefficients, then the value), by
 * Gauss–Jordan elimination with partial pivoting. `rows` is used up. Null when the system is singular.
 */
export function solveAugmented(rows: number[][]): number[] | null {
  const n = rows.length
  for (let column = 0; column < n; column++) {
    let pivot = column
    for (let r = column + 1; r < n; r++) if (Math.abs(rows[r]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = r
    if (Math.abs(rows[pivot]![column]!) < 1e-12) return null
    ;[rows[column], rows[pivot]] = [rows[pivot]!, rows[column]!]
    const row = rows[column]!
    for (let r = 0; r < n; r++) {
      if (r === column) continue
      const other = rows[r]!
      const factor = other[column]! / row[column]!
      if (factor === 0) continue
      for (let c = column; c <= n; c++) other[c]! -= factor * row[c]!
    }
  }
  return rows.map((row, i) => row[n]! / row[i]!)
}
