/**
 * A one-page PDF written by hand, with each line of `lines` as a text object in Helvetica (and a right
 * column where a line has a tab: `Milch\t1,19 A`), or with no text at all. Small enough to read: objects,
 * a content stream and an exact cross-reference table, as a program that prints receipts would write it.
 */
export function textPdf(lines: readonly string[]): Uint8Array {
  const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`)
  const content = lines
    .flatMap((line, i) => {
      const y = 800 - i * 14
      const [left = '', right] = line.split('\t')
      const runs = [`BT /F1 10 Tf 40 ${y} Td (${escape(left)}) Tj ET`]
      if (right !== undefined) runs.push(`BT /F1 10 Tf 260 ${y} Td (${escape(right)}) Tj ET`)
      return runs
    })
    .join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ]
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(pdf.length)
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = pdf.length
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  // ASCII only (the lines are too), so one character is one byte and the offsets above are byte offsets.
  return new TextEncoder().encode(pdf)
}
