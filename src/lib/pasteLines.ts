import { t } from '@/locales/i18n'
/** A field separator found in pasted text. */
export type PasteSeparator = '\t' | ';' | ','

/** One pasted row, turned into an invoice line or flagged with what is wrong with it. */
export interface PastedLine {
  /** 1-based line number in the pasted text, so a message can point at it. */
  row: number
  item_code: string
  /** null when the cell is not a number; `problems` says why. */
  qty: number | null
  rate: number | null
  uom: string
  /** The cells as pasted, so a flagged row can be shown and fixed as typed. */
  cells: string[]
  /** Human-readable reasons this row cannot be sent as it is; empty when it is fine. */
  problems: string[]
}

export interface PasteResult {
  lines: PastedLine[]
  separator: PasteSeparator
  decimalMark: '.' | ','
  /** True when the first row was recognised as column titles and skipped. */
  headerSkipped: boolean
}

const HEADER_WORDS = /^(item|item[ _]?code|code|sku|article|qty|quantity|menge|rate|price|unit[ _]?price|uom|unit)$/i

/**
 * Parses rows pasted from a spreadsheet or a CSV file into invoice lines of
 * `item_code, qty, rate[, uom]`. Tabs, semicolons or commas separate cells (whichever the text uses);
 * cells may be quoted with `"` (doubled inside); blank rows are skipped; a header row is skipped;
 * numbers may use a decimal comma ("1,5") and thousands separators ("1.234,50", "1,234.50", "1 234").
 * Rows that cannot become a line are kept, with `problems`, so the clerk sees them flagged.
 */
export function parsePastedLines(text: string): PasteResult {
  const separator = detectSeparator(text)
  const rows = splitRows(text, separator)
    .map((cells, index) => ({ row: index + 1, cells: cells.map((c) => c.trim()) }))
    .filter(({ cells }) => cells.some((c) => c !== ''))
  let headerSkipped = false
  if (rows[0] && isHeader(rows[0].cells)) {
    rows.shift()
    headerSkipped = true
  }
  const decimalMark = detectDecimalMark(rows.flatMap(({ cells }) => [cells[1] ?? '', cells[2] ?? '']))
  const lines = rows.map(({ row, cells }) => toLine(row, cells, decimalMark))
  return { lines, separator, decimalMark, headerSkipped }
}

function toLine(row: number, cells: string[], decimalMark: '.' | ','): PastedLine {
  const [code = '', qtyText = '', rateText = '', uom = ''] = cells
  const problems: string[] = []
  if (cells.length < 3) problems.push(t('paste.problem.cells'))
  if (code === '') problems.push(t('paste.problem.code'))
  const qty = qtyText === '' ? null : parseDecimal(qtyText, decimalMark)
  const rate = rateText === '' ? null : parseDecimal(rateText, decimalMark)
  if (cells.length >= 3) {
    if (qty === null) problems.push(qtyText === '' ? t('paste.problem.qty') : t('validation.qtyNumber', { value: qtyText }))
    else if (qty <= 0) problems.push(t('validation.qtyPositive'))
    if (rate === null) problems.push(rateText === '' ? t('paste.problem.rate') : t('validation.rateNumber', { value: rateText }))
    else if (rate < 0) problems.push(t('validation.rateNegative'))
  }
  return { row, item_code: code, qty, rate, uom, cells, problems }
}

/** Tabs win (a spreadsheet copy), then semicolons (CSV from decimal-comma locales), then commas. */
function detectSeparator(text: string): PasteSeparator {
  if (text.includes('\t')) return '\t'
  const unquoted = text.replace(/"(?:[^"]|"")*"/g, '')
  const lines = unquoted.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '')
  const withSemicolons = lines.filter((l) => l.includes(';')).length
  return withSemicolons > 0 && withSemicolons >= lines.length / 2 ? ';' : ','
}

/** Splits text into rows of cells, honouring quotes (which may hold separators and line breaks). */
function splitRows(text: string, separator: PasteSeparator): string[][] {
  const rows: string[][] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let atCellStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
      continue
    }
    if (ch === '"' && atCellStart && cell.trim() === '') {
      quoted = true
      cell = ''
      atCellStart = false
    } else if (ch === separator) {
      cells.push(cell)
      cell = ''
      atCellStart = true
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      cells.push(cell)
      rows.push(cells)
      cells = []
      cell = ''
      atCellStart = true
    } else {
      cell += ch
      if (ch !== ' ') atCellStart = false
    }
  }
  cells.push(cell)
  rows.push(cells)
  return rows
}

function isHeader(cells: string[]): boolean {
  return cells.filter((c) => HEADER_WORDS.test(c)).length >= 2
}

/**
 * Which mark the numbers of this paste use for decimals. A cell with both marks decides (the later one
 * is the decimal); otherwise a comma not followed by exactly three digits ("1,5", "2,50") means a decimal
 * comma; a lone "1,234" is read as a thousands group.
 */
export function detectDecimalMark(cells: string[]): '.' | ',' {
  for (const raw of cells) {
    const cell = stripGrouping(raw)
    const comma = cell.lastIndexOf(',')
    const dot = cell.lastIndexOf('.')
    if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.'
  }
  for (const raw of cells) {
    const cell = stripGrouping(raw)
    if (/^-?\d*,\d+$/.test(cell) && !/^-?\d{1,3}(,\d{3})+$/.test(cell)) return ','
  }
  return '.'
}

/**
 * Reads a number written with `decimalMark` as the decimal separator and the other mark, spaces or
 * apostrophes as thousands separators (which must group by three). Returns null for anything else.
 */
export function parseDecimal(text: string, decimalMark: '.' | ',' = '.'): number | null {
  const cell = stripGrouping(text.trim())
  const thousands = decimalMark === ',' ? '.' : ','
  const pattern = new RegExp(`^-?(\\d{1,3}(\\${thousands}\\d{3})+|\\d+)?(\\${decimalMark}\\d+)?$`)
  if (cell === '' || cell === '-' || !/\d/.test(cell) || !pattern.test(cell)) return null
  const normalised = cell.split(thousands).join('').replace(decimalMark, '.')
  const value = Number(normalised)
  return Number.isFinite(value) ? value : null
}

/** Spaces (incl. no-break spaces) and apostrophes only ever group thousands: "1 234,50", "1'234.50". */
function stripGrouping(text: string): string {
  return text.replace(/(?<=\d)[\s\u00a0\u202f'’](?=\d{3})/g, '')
}
