/** pdf.js ships no types for its worker script; the Node tests only hand its handler to pdf.js. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown
}
