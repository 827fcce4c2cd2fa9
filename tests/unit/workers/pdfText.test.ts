// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest'
import { readFields } from '@/lib/reading/readFields'
import { readPdfText } from '@/workers/pdfText'
import { textPdf } from '../support/textPdf'

// Node runs pdf.js's legacy build, with its worker's handler in this thread (the browser gets a real worker).
const loadPdfJs = () => import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<typeof import('pdfjs-dist')>
beforeAll(async () => {
  ;(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs')
})
const read = (bytes: Uint8Array) => readPdfText(new Blob([bytes as BlobPart], { type: 'application/pdf' }), { loadPdfJs })

// pdf.js parses in this thread here: slow on a loaded machine, so more than the default 5 s.
describe('readPdfText', { timeout: 30_000 }, () => {
  it('reads the text layer of page 1 in lines, columns kept apart, so the prefill rules read it like OCR text', async () => {
    const text = await read(
      textPdf([
        'Musterladen GmbH',
        'Rechnung Nr. R-2020-0518',
        'Datum: 18.05.2020',
        'Milch 1,5% 1L\t1,19 A',
        'Brot\t2,49 A',
        'Summe EUR\t3,68',
      ]),
    )
    expect(text.split('\n')).toEqual([
      'Musterladen GmbH',
      'Rechnung Nr. R-2020-0518',
      'Datum: 18.05.2020',
      expect.stringMatching(/^Milch 1,5% 1L {2,}1,19 A$/),
      expect.stringMatching(/^Brot {2,}2,49 A$/),
      expect.stringMatching(/^Summe EUR {2,}3,68$/),
    ])
    const fields = readFields(text, '2026-12-07')
    expect(fields.bill_date?.value).toBe('2020-05-18')
    expect(fields.document_total).toMatchObject({ value: 3.68, confidence: 0.85 })
  })

  it('gives no text for a page without a text layer', async () => {
    expect(await read(textPdf([]))).toBe('')
  })

  it('rejects a file that is no PDF, so the caller leaves it alone', async () => {
    await expect(read(new TextEncoder().encode('%PDF-1.4\nnot really'))).rejects.toThrow()
  })
})
