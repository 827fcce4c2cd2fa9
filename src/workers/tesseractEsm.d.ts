// tesseract.js ships an ES module build beside its CommonJS entry; importing it spares the bundle the
// CommonJS interop runtime that would otherwise be shared with (and loaded by) the initial chunk.
declare module 'tesseract.js/dist/tesseract.esm.min.js' {
  const Tesseract: typeof import('tesseract.js')
  export default Tesseract
}
