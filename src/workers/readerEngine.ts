/**
 * The document reader's engine: tesseract.js in its own Web Worker, with the worker script, the
 * WebAssembly core and the language data all served from the app's own `reader/` folder (see
 * scripts/readerAssets.ts). tesseract.js itself is imported lazily, so none of it is in the initial bundle.
 */
import type { Worker as TesseractWorker } from 'tesseract.js'

/** What one pass over a page gave. */
export interface ReadPass {
  text: string
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number
}

/** How a page is binarised for a pass: Otsu's one threshold over the page (plain) or Sauvola's local ones (adaptive). */
export type ReadMode = 'plain' | 'adaptive'

export interface ReaderEngine {
  read(image: Blob, mode?: ReadMode): Promise<ReadPass>
  /** Stops the worker and frees its memory; the engine cannot be used afterwards. */
  terminate(): Promise<void>
}

export interface ReaderEngineOptions {
  /** Base URL of the reader's files; `<base>reader/` of the app by default. */
  assetsUrl?: string
  /** Language models to load, joined by "+" for Tesseract; German by default (see bench:ocr). */
  languages?: string
}

/** The reader's files below the app's base URL. */
export function defaultReaderAssetsUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}reader/`, window.location.href).href
}

/**
 * Starts the engine: loads tesseract.js, starts its worker, loads the core and the language data. Rejects
 * (with the worker stopped) when any of them cannot be loaded.
 */
export async function createReaderEngine(options: ReaderEngineOptions = {}): Promise<ReaderEngine> {
  // Without Web Workers tesseract.js would run on the main thread, which the reader must never block.
  if (typeof Worker === 'undefined') throw new Error('Web Workers are not available')
  const base = options.assetsUrl ?? defaultReaderAssetsUrl()
  const { createWorker, OEM, PSM } = (await import('tesseract.js/dist/tesseract.esm.min.js')).default
  let worker: TesseractWorker | null = null
  try {
    // German read more dates and totals right than English on the receipt fixtures, as fast, and reads
    // English words and amounts too; both models together would double the time (docs/benchmarks.md).
    worker = await createWorker(options.languages ?? 'deu', OEM.LSTM_ONLY, {
      workerPath: `${base}worker.min.js`,
      corePath: base,
      langPath: base,
      // The worker script is ours and same-origin: no Blob URL (which a strict CSP would refuse) and no
      // IndexedDB copy of the language data (the HTTP cache and the service worker keep the files).
      workerBlobURL: false,
      cacheMethod: 'none',
      gzip: true,
    })
    // One uniform block reads receipts' columns of text and amounts better than automatic layout analysis.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, user_defined_dpi: '300' })
  } catch (error) {
    await worker?.terminate().catch(() => undefined)
    throw error instanceof Error ? error : new Error(String(error))
  }
  const running = worker
  let mode: ReadMode = 'plain'
  return {
    async read(image, wanted = 'plain') {
      if (wanted !== mode) {
        // Tesseract 5's thresholding_method: 0 is Otsu over the page, 2 is Sauvola's local thresholds.
        await running.setParameters({ thresholding_method: wanted === 'adaptive' ? '2' : '0' } as never)
        mode = wanted
      }
      const result = await running.recognize(image)
      return { text: result.data.text, confidence: result.data.confidence }
    },
    async terminate() {
      await running.terminate()
    },
  }
}
