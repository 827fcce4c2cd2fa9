/**
 * The text layer of a PDF's first page, read with pdf.js: a PDF made by a program carries its text, so it
 * needs no OCR. pdf.js and its worker (served from the app's own assets) are loaded only when a PDF is read,
 * and the document and its worker are destroyed as soon as the text is out.
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { layOutText, type PlacedText } from '@/lib/reading/pdfLayout'

type PdfJs = typeof import('pdfjs-dist')

/** At most this many bytes of PDF are opened: an invoice is far smaller, and a huge file is left alone. */
export const PDF_TEXT_MAX_BYTES = 20 * 1024 * 1024

export interface ReadPdfTextOptions {
  /** Loads pdf.js; tests pass the build that runs in Node. */
  loadPdfJs?: () => Promise<PdfJs>
  /** Where pdf.js starts its worker; the app's own copy by default. */
  workerSrc?: string
}

/**
 * The text of page 1, laid out in lines (see `layOutText`); an empty string when the page has no text
 * layer (a scan saved as PDF). Rejects for a file pdf.js cannot open or one above `PDF_TEXT_MAX_BYTES`.
 */
export async function readPdfText(file: Blob, options: ReadPdfTextOptions = {}): Promise<string> {
  if (file.size > PDF_TEXT_MAX_BYTES) throw new Error('the PDF is too large to read')
  const pdfjs = await (options.loadPdfJs ?? (() => import('pdfjs-dist')))()
  pdfjs.GlobalWorkerOptions.workerSrc = options.workerSrc ?? workerUrl
  const task = pdfjs.getDocument({
    data: new Uint8Array(await file.arrayBuffer()),
    // Text only: no eval (a strict CSP refuses it), no fonts added to the page, nothing fetched.
    isEvalSupported: false,
    disableFontFace: true,
    useWorkerFetch: false,
    stopAtErrors: false,
    // The standard fonts' glyph data is not needed for text; without it pdf.js would warn on every page.
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  })
  try {
    const document = await task.promise
    const page = await document.getPage(1)
    const content = await page.getTextContent()
    const runs: PlacedText[] = []
    for (const item of content.items) {
      if (!('str' in item)) continue
      const [, , , , x, y] = item.transform as number[]
      runs.push({ str: item.str, x: x ?? 0, y: y ?? 0, width: item.width, height: item.height })
    }
    return layOutText(runs)
  } finally {
    // Destroys the document and the worker pdf.js started for it.
    await task.destroy()
  }
}
