import { resolve } from 'node:path'

/** Where `npm run bench:ocr` keeps the text the shipped model read from each fixture, for `npm run bench:lines`. */
export const OCR_TEXTS_DIR = resolve(import.meta.dirname, '../../.tmp/ocr-texts')
