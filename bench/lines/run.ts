/**
 * `npm run bench:lines`: how well `Read lines` finds the item lines of a receipt, on the text the reader
 * really read from each fixture (kept by `npm run bench:ocr` in .tmp/ocr-texts, so no OCR runs here). Per
 * receipt: the lines found against the number of items (truth.json, where known) and the sum of their
 * amounts against the receipt's total. Beside it the naive way, every line ending in an amount above the
 * first total line, in the same run. Figures are reported, never asserted; written into docs/benchmarks.md.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { findAmounts } from '../../src/lib/reading/amounts'
import { blankDates } from '../../src/lib/reading/dates'
import { findItemLines, sumOfLines } from '../../src/lib/reading/lines'
import { TOTAL_KEYWORDS } from '../../src/lib/reading/total'
import { findKeyword, words } from '../../src/lib/reading/text'
import { FIXTURES_DIR } from '../../tests/e2e/support/server'
import { writeBenchSection } from '../support/docs'
import { utcMinute } from '../support/machine'
import { OCR_TEXTS_DIR } from '../ocr/texts'

interface Truth {
  total: number
  items?: number
}
const truth = JSON.parse(readFileSync(resolve(FIXTURES_DIR, '..', 'truth.json'), 'utf8')) as Record<string, Truth>

/** The naive reading: every line above the first total line whose last word is an amount is an item. */
function naiveLines(text: string): number[] {
  const amounts: number[] = []
  for (const raw of text.split('\n')) {
    const line = blankDates(raw)
    const found = findAmounts(line)
    if (found.length && findKeyword(words(line.slice(0, found[0]!.index)), TOTAL_KEYWORDS)) break
    if (found.length && /[.,]\d{2}\s*-?\s*\S{0,2}\s*$/.test(line)) amounts.push(found.at(-1)!.value)
  }
  return amounts
}

const cents = (value: number) => Math.round(value * 100)

function main(): void {
  const rows: string[] = []
  const score = { count: 0, counted: 0, sum: 0, naiveCount: 0, naiveSum: 0, texts: 0 }
  for (const [fixture, expected] of Object.entries(truth)) {
    const path = resolve(OCR_TEXTS_DIR, `${fixture}.txt`)
    if (!existsSync(path)) {
      rows.push(`| ${fixture} | ${expected.items ?? '–'} | no text: run \`npm run bench:ocr\` first | | | |`)
      continue
    }
    score.texts += 1
    const text = readFileSync(path, 'utf8')
    const lines = findItemLines(text)
    const sum = sumOfLines(lines)
    const naive = naiveLines(text)
    const naiveSum = naive.reduce((total, amount) => total + cents(amount), 0) / 100
    const countOk = expected.items !== undefined && lines.length === expected.items
    const sumOk = cents(sum) === cents(expected.total)
    if (expected.items !== undefined) {
      score.counted += 1
      if (countOk) score.count += 1
      if (naive.length === expected.items) score.naiveCount += 1
    }
    if (sumOk) score.sum += 1
    if (cents(naiveSum) === cents(expected.total)) score.naiveSum += 1
    rows.push(
      `| ${fixture} | ${expected.items ?? '–'} | ${lines.length}${countOk ? ' ✓' : ''} | ${expected.total.toFixed(2)} | ${sum.toFixed(2)}${sumOk ? ' ✓' : ''} | ${naive.length} · ${naiveSum.toFixed(2)} |`,
    )
  }
  const markdown = [
    `Measured ${utcMinute()} with \`npm run bench:lines\` on the text the shipped model read in the last \`npm run bench:ocr\` (${score.texts} receipts).`,
    '',
    '`Read lines` (src/lib/reading/lines.ts) on each receipt’s OCR text: the number of item lines found against the items',
    'on the receipt (truth.json, where counted) and the sum of their amounts against its total (the check the clerk sees in the',
    'dialog). The naive way, in the same run: every line ending in an amount above the first total line.',
    '',
    '| | count of lines right | sum of lines = total |',
    '| --- | --- | --- |',
    `| Read lines | ${score.count} / ${score.counted} | ${score.sum} / ${score.texts} |`,
    `| naive (amount at the end of a line) | ${score.naiveCount} / ${score.counted} | ${score.naiveSum} / ${score.texts} |`,
    '',
    '<details><summary>Per receipt</summary>',
    '',
    '| Receipt | items | lines found | total | sum of lines | naive: lines · sum |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '</details>',
  ].join('\n')
  console.log(markdown)
  if (score.texts) writeBenchSection('lines', 'Reading the item lines (Read lines)', markdown)
}

main()
