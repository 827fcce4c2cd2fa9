/** A run of text placed on a PDF page, as pdf.js gives it: x and y of its baseline in points (y up). */
export interface PlacedText {
  str: string
  x: number
  y: number
  width: number
  /** The font height, about the line's height. */
  height: number
}

/**
 * Lays a page's text runs out as the lines a reader sees: runs whose baselines are within a third of a
 * line's height are one line, top to bottom; within a line left to right, with a space where there is a
 * gap and several where the gap is wide (so `Milch      1,19 A` keeps its columns apart, as OCR text does).
 */
export function layOutText(runs: readonly PlacedText[]): string {
  const visible = runs.filter((run) => run.str.trim() !== '')
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x)
  const lines: PlacedText[][] = []
  for (const run of sorted) {
    const line = lines.at(-1)
    const tolerance = Math.max(1, (line?.[0]?.height || run.height || 10) / 3)
    if (line && Math.abs(line[0]!.y - run.y) <= tolerance) line.push(run)
    else lines.push([run])
  }
  return lines
    .map((line) => {
      line.sort((a, b) => a.x - b.x)
      let text = ''
      let end = Number.NEGATIVE_INFINITY
      for (const run of line) {
        const gap = run.x - end
        const em = run.height || 10
        if (text) text += gap > 2 * em ? '      ' : gap > em / 6 || !/\s$/.test(text) ? ' ' : ''
        text += run.str
        end = run.x + run.width
      }
      return text.replace(/[ \t]+$/, '')
    })
    .join('\n')
}
