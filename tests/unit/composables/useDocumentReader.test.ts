import 'fake-indexeddb/auto'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, watchEffect, type EffectScope } from 'vue'
import { useDocumentReader } from '@/composables/useDocumentReader'
import { putPage } from '@/storage/pages'
import { useDraftStore } from '@/stores/draft'
import { useMemoryStore } from '@/stores/memory'
import { useNoticesStore } from '@/stores/notices'
import { usePagesStore } from '@/stores/pages'
import { useReadingStore } from '@/stores/reading'
import { useScannerStore } from '@/stores/scanner'
import type { ReadabilityProblem } from '@/lib/document/readability'
import type { ReaderEngine, ReadMode } from '@/workers/readerEngine'

const suppliers = [{ name: 'Hornbach', supplier_name: 'Hornbach', default_currency: 'EUR' }]
vi.mock('@/api/resources', () => ({ getList: async () => suppliers }))
vi.mock('@/api/invoices', () => ({ findInvoiceByBillNo: async () => null }))
// pdf.js itself is tested in tests/unit/workers/pdfText.test.ts; here, what the reader does with its text.
const readPdfText = vi.fn<(file: Blob) => Promise<string>>()
vi.mock('@/workers/pdfText', () => ({ readPdfText: (file: Blob) => readPdfText(file) }))

const RECEIPT = ['HORNBACH Baumarkt AG', 'SUMME EUR 152,00', 'ec-Karte EUR 152,00', 'Datum 23.09.16 14:05 Uhr'].join('\n')

/** A reader engine that answers each pass with the text given for it; `gate` holds the second (plain) pass back. */
function fakeEngine(texts: Partial<Record<ReadMode, string>>, gate?: Promise<void>) {
  const engine = {
    read: vi.fn(async (_image: Blob, mode: ReadMode = 'plain') => {
      if (mode === 'plain' && gate) await gate
      return { text: texts[mode] ?? '', confidence: 80 }
    }),
    terminate: vi.fn(async () => undefined),
  } satisfies ReaderEngine
  return engine
}

let scope: EffectScope
beforeEach(() => {
  setActivePinia(createPinia())
  scope = effectScope()
})
afterEach(() => {
  scope.stop()
  vi.useRealTimers()
})

/** Opens a new draft, starts the reader on it, then adds page 1 as the image pipeline would. */
async function scanner(createEngine: () => Promise<ReaderEngine>, before?: () => void, idleMs?: number, kind: 'image' | 'pdf' = 'image') {
  const draft = useDraftStore()
  const pages = usePagesStore()
  const reading = useReadingStore()
  // A new draft, opened as the Scanner opens it (the scanner store owns which draft is open).
  const scannerStore = useScannerStore()
  await scannerStore.startNext()
  const id = scannerStore.draftId
  before?.()
  const reader = scope.run(() => useDocumentReader({ createEngine, idleMs }))!
  const page = {
    id: crypto.randomUUID(),
    draftId: id,
    order: 0,
    kind,
    blob: new Blob([kind === 'pdf' ? '%PDF-1.4' : 'jpeg']),
    thumb: null,
    width: 900,
    height: 2000,
  }
  await putPage({
    ...page,
    bytes: 4,
    mime: kind === 'pdf' ? 'application/pdf' : 'image/jpeg',
    fileName: `receipt.${kind === 'pdf' ? 'pdf' : 'jpg'}`,
    source: 'file',
    rotation: 0,
    created: Date.now() + 1,
  })
  await pages.load(id)
  const done = () => vi.waitFor(() => expect(reading.status).toBe('idle'))
  return { draft, pages, reading, reader, done }
}

describe('useDocumentReader', () => {
  it('fills the empty fields from the page, with the text each came from', async () => {
    const engine = fakeEngine({ adaptive: RECEIPT })
    const { draft, reading, done } = await scanner(async () => engine)
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
    await done()
    expect(draft.header).toMatchObject({ bill_date: '2016-09-23', supplier: 'Hornbach', currency: 'EUR', bill_no: '' })
    expect(reading.sources).toMatchObject({
      document_total: 'SUMME EUR 152,00',
      bill_date: 'Datum 23.09.16 14:05 Uhr',
      supplier: 'HORNBACH Baumarkt AG',
    })
    // Date and total were found: no second pass (Bill No alone does not ask for one).
    expect(engine.read.mock.calls.map((call) => call[1])).toEqual(['adaptive'])
    expect(reading.texts.size).toBe(1)
  })

  it('never overwrites what the clerk typed', async () => {
    const engine = fakeEngine({ adaptive: RECEIPT })
    const { draft, done } = await scanner(
      async () => engine,
      () => {
        const reading = useReadingStore()
        useDraftStore().setHeader({ bill_date: '2020-01-31' })
        reading.noteTyped(['bill_date'])
      },
    )
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
    await done()
    expect(draft.header.bill_date).toBe('2020-01-31')
  })

  it('leaves a field the clerk cleared empty, even when a later pass reads it again', async () => {
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    // The first pass has no date, so the second is made; the clerk clears the total meanwhile.
    const engine = fakeEngine({ adaptive: 'SUMME EUR 152,00\nec-Karte EUR 152,00', plain: RECEIPT }, gate)
    const { draft, reading, done } = await scanner(async () => engine)
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
    draft.setHeader({ document_total: '' })
    reading.noteTyped(['document_total'])
    open()
    await done()
    expect(draft.header.document_total).toBe('')
    expect(draft.header.bill_date).toBe('2016-09-23')
    expect(reading.sources.document_total).toBeUndefined()
  })

  it('leaves fields empty below the confidence threshold', async () => {
    // A total keyword read with errors, alone, and two dates that disagree: nothing sure enough.
    const engine = fakeEngine({ adaptive: 'Tatal 9,99\n01.02.2020\n03.04.2020', plain: 'Tatal 9,99' })
    const { draft, done } = await scanner(async () => engine)
    await vi.waitFor(() => expect(engine.read).toHaveBeenCalledTimes(2))
    await done()
    expect([draft.header.document_total ?? '', draft.header.bill_date]).toEqual(['', ''])
  })

  it('loads the engine while page 1 of a new invoice is still being made, and stops it if no page comes', async () => {
    const engine = fakeEngine({ adaptive: RECEIPT })
    const createEngine = vi.fn(async () => engine)
    const scannerStore = useScannerStore()
    await scannerStore.startNext()
    scope.run(() => useDocumentReader({ createEngine, idleMs: 30 }))
    expect(createEngine).not.toHaveBeenCalled()
    const pages = usePagesStore()
    pages.jobs = [{ id: 'job-1', fileName: 'receipt.jpg', position: 1, state: 'processing' }]
    await vi.waitFor(() => expect(createEngine).toHaveBeenCalledTimes(1))
    // The photo was refused: no page, so the engine is stopped once idle, and nothing was read.
    pages.jobs = []
    await vi.waitFor(() => expect(engine.terminate).toHaveBeenCalledTimes(1))
    expect(engine.read).not.toHaveBeenCalled()
  })

  it('shows one notice when the reader cannot load, and does not try again for the next invoice', async () => {
    const createEngine = vi.fn(async (): Promise<ReaderEngine> => {
      throw new Error('WebAssembly refused')
    })
    const { reading } = await scanner(createEngine)
    await vi.waitFor(() => expect(reading.status).toBe('failed'))
    const notices = useNoticesStore().notices
    expect(notices).toHaveLength(1)
    expect(notices[0]!.text).toMatch(/Documents cannot be read on this device \(WebAssembly refused\)/)
    expect(createEngine).toHaveBeenCalledTimes(1)
  })

  it('starts no reading above gc_threshold', async () => {
    const createEngine = vi.fn(async () => fakeEngine({ adaptive: RECEIPT }))
    const { draft } = await scanner(createEngine, () => {
      const memory = useMemoryStore()
      memory.holdBytes('test', memory.budgetBytes)
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(createEngine).not.toHaveBeenCalled()
    expect(draft.header.document_total ?? '').toBe('')
  })

  it('stops the reader after it has been idle', async () => {
    const engine = fakeEngine({ adaptive: RECEIPT, plain: RECEIPT })
    const { done } = await scanner(async () => engine, undefined, 30)
    await done()
    await vi.waitFor(() => expect(engine.terminate).toHaveBeenCalledTimes(1))
    expect(useMemoryStore().heldBlobBytes).toBe(0)
  })

  it('counts the loaded reader in the memory account until Stop', async () => {
    const engine = fakeEngine({ adaptive: RECEIPT, plain: RECEIPT })
    const { done, reader } = await scanner(async () => engine)
    await done()
    const memory = useMemoryStore()
    expect(memory.heldBlobBytes).toBeGreaterThan(0)
    expect(memory.cleanupNames()).toContain('document-reader')
    reader.stop()
    await vi.waitFor(() => expect(engine.terminate).toHaveBeenCalledTimes(1))
    expect(memory.heldBlobBytes).toBe(0)
    expect(memory.cleanupNames()).not.toContain('document-reader')
  })

  it('stops the worker when the Scanner is left', async () => {
    const engine = fakeEngine({ adaptive: RECEIPT, plain: RECEIPT })
    const { done } = await scanner(async () => engine)
    await done()
    scope.stop()
    await vi.waitFor(() => expect(engine.terminate).toHaveBeenCalledTimes(1))
  })
})

describe('useDocumentReader on a PDF', () => {
  beforeEach(() => readPdfText.mockReset())

  it('reads a PDF from its text layer, without OCR, counting pdf.js in the memory account only while it reads', async () => {
    const createEngine = vi.fn(async () => fakeEngine({ plain: RECEIPT }))
    let heldWhileReading = 0
    readPdfText.mockImplementation(async () => {
      heldWhileReading = useMemoryStore().heldBlobBytes
      return RECEIPT
    })
    const { draft, reading } = await scanner(createEngine, undefined, undefined, 'pdf')
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
    expect(draft.header).toMatchObject({ bill_date: '2016-09-23', supplier: 'Hornbach' })
    expect(reading.texts.size).toBe(1)
    expect(createEngine).not.toHaveBeenCalled()
    expect(heldWhileReading).toBeGreaterThan(0)
    expect(useMemoryStore().heldBlobBytes).toBe(0)
  })

  it('leaves a PDF without text (a scan) alone: no prefill, no text, no notice', async () => {
    const createEngine = vi.fn(async () => fakeEngine({ plain: RECEIPT }))
    readPdfText.mockResolvedValue('  \n ')
    const { draft, reading } = await scanner(createEngine, undefined, undefined, 'pdf')
    await vi.waitFor(() => expect(readPdfText).toHaveBeenCalled())
    await vi.waitFor(() => expect(useMemoryStore().heldBlobBytes).toBe(0))
    expect(draft.header).toMatchObject({ bill_date: '', supplier: '' })
    expect(draft.header.document_total ?? '').toBe('')
    expect(reading.texts.size).toBe(0)
    expect(useNoticesStore().notices).toEqual([])
    expect(createEngine).not.toHaveBeenCalled()
  })

  it('leaves a PDF pdf.js cannot open alone, without a notice', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    readPdfText.mockResolvedValue('')
    readPdfText.mockImplementationOnce(() => Promise.reject(new TypeError('Invalid PDF structure')))
    const { draft } = await scanner(async () => fakeEngine({}), undefined, undefined, 'pdf')
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('Reading the page failed:', expect.any(TypeError)))
    expect(draft.header.document_total ?? '').toBe('')
    expect(useNoticesStore().notices).toEqual([])
    expect(useMemoryStore().heldBlobBytes).toBe(0)
  })
})

describe('useDocumentReader on an invoice of several pages', () => {
  /** An engine that reads each page's text from its blob ("page:<name>"), the same for both passes. */
  function pageEngine(texts: Record<string, string>) {
    return {
      read: vi.fn(async (image: Blob) => ({ text: texts[(await image.text()).replace('page:', '')] ?? '', confidence: 80 })),
      terminate: vi.fn(async () => undefined),
    } satisfies ReaderEngine
  }

  /** Opens a new draft with the reader on it, then adds the pages as the pipeline would, in one go. */
  async function invoice(engine: ReaderEngine, specs: { name: string; problems?: ReadabilityProblem[] }[]) {
    const scannerStore = useScannerStore()
    await scannerStore.startNext()
    const draftId = scannerStore.draftId
    const reader = scope.run(() => useDocumentReader({ createEngine: async () => engine }))!
    for (const [order, spec] of specs.entries()) {
      const blob = new Blob([`page:${spec.name}`])
      await putPage({
        id: spec.name,
        draftId,
        order,
        kind: 'image',
        blob,
        thumb: null,
        width: 900,
        height: 2000,
        bytes: blob.size,
        mime: 'image/jpeg',
        fileName: `${spec.name}.jpg`,
        source: 'file',
        rotation: 0,
        created: Date.now() + 1,
        document: { original: blob, corners: null, look: 'document', problems: spec.problems ?? [], lookBytes: {} },
      })
    }
    await usePagesStore().load(draftId)
    return { draft: useDraftStore(), reading: useReadingStore(), reader }
  }

  const readNames = (engine: ReturnType<typeof pageEngine>) =>
    Promise.all(engine.read.mock.calls.map(async ([image]) => (await image.text()).replace('page:', '')))

  it('reads a sharp page 2 first when page 1 is blurred, and no more once the fields are filled', async () => {
    const engine = pageEngine({ p1: '', p2: RECEIPT })
    const { draft, reading } = await invoice(engine, [{ name: 'p1', problems: ['blurred'] }, { name: 'p2' }])
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
    await vi.waitFor(() => expect(reading.status).toBe('idle'))
    expect(draft.header.bill_date).toBe('2016-09-23')
    expect(await readNames(engine)).toEqual(['p2'])
  })

  it('goes on to page 2 while the date or the total is still empty, and says which page it reads', async () => {
    const engine = pageEngine({ p1: 'HORNBACH Baumarkt AG\nDatum 23.09.16 14:05 Uhr', p2: 'SUMME EUR 152,00\nec-Karte EUR 152,00' })
    const { draft, reading } = await invoice(engine, [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }])
    const pageNumbers: number[] = []
    scope.run(() => watchEffect(() => pageNumbers.push(reading.pageNumber)))
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
    await vi.waitFor(() => expect(reading.status).toBe('idle'))
    expect(draft.header.bill_date).toBe('2016-09-23')
    // Page 1 twice (its second pass looks for the missing total), page 2 once, page 3 never.
    expect(await readNames(engine)).toEqual(['p1', 'p1', 'p2'])
    expect(pageNumbers).toContain(2)
  })

  it('reads a page with a problem when no good page is there', async () => {
    const engine = pageEngine({ p1: RECEIPT })
    const { draft } = await invoice(engine, [{ name: 'p1', problems: ['dark'] }])
    await vi.waitFor(() => expect(draft.header.document_total).toBe('152.00'))
  })

  it('reads no other page of the invoice after Stop', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const engine = pageEngine({ p1: '', p2: RECEIPT })
    const read = engine.read.getMockImplementation()!
    engine.read.mockImplementation(async (image: Blob) => {
      await gate
      return read(image)
    })
    const { draft, reader, reading } = await invoice(engine, [{ name: 'p1' }, { name: 'p2' }])
    await vi.waitFor(() => expect(reading.status).toBe('reading'))
    reader.stop()
    release()
    await vi.waitFor(() => expect(engine.terminate).toHaveBeenCalled())
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(await readNames(engine)).toEqual(['p1'])
    expect(draft.header.document_total ?? '').toBe('')
  })
})
