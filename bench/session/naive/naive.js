// The naive Scanner, for comparison only (bench/session/run.ts). Each habit here is one the app avoids:
// every photo goes through an object URL that is never revoked, is drawn on a canvas at full size and
// kept as a full-size JPEG data URL, shown at full resolution, and sent inside one JSON body as base64.
// Sent invoices stay in memory, as a "history" would keep them.

const $ = (id) => document.getElementById(id)
const state = { pages: [], lines: [], sent: [] }
window.naiveState = state

function loadImage(src) {
  const img = new Image()
  img.src = src
  return img.decode().then(() => img)
}

async function addPhoto(file) {
  const preview = URL.createObjectURL(file) // never revoked
  const img = await loadImage(preview)
  const canvas = document.createElement('canvas')
  canvas.width = img.naturalWidth
  canvas.height = img.naturalHeight
  canvas.getContext('2d').drawImage(img, 0, 0)
  const dataUrl = canvas.toDataURL('image/jpeg', 0.92)
  state.pages.push({ name: file.name, file, preview, img, dataUrl })
  const item = document.createElement('li')
  item.setAttribute('aria-label', `Page ${state.pages.length}`)
  const shown = await loadImage(dataUrl)
  shown.alt = `Page ${state.pages.length}`
  item.append(shown)
  $('strip').append(item)
}

$('photos').addEventListener('change', async (event) => {
  const files = [...event.target.files]
  for (const [index, file] of files.entries()) {
    $('processing').textContent = `Processing ${index + 1} of ${files.length}: ${file.name}`
    await addPhoto(file)
  }
  $('processing').textContent = ''
})

$('paste').addEventListener('click', () => $('paste-dialog').showModal())
$('paste-add').addEventListener('click', () => {
  for (const row of $('paste-text').value.split('\n')) {
    const [item_code, qty, rate] = row.split('\t')
    if (!item_code) continue
    const line = { item_code, qty: Number(qty), rate: Number(String(rate).replace(',', '.')) }
    state.lines.push(line)
    const tr = document.createElement('tr')
    for (const value of [line.item_code, line.qty, line.rate]) {
      const td = document.createElement('td')
      td.textContent = String(value)
      tr.append(td)
    }
    $('lines').append(tr)
  }
  $('total-items').textContent = String(state.lines.length)
  $('paste-text').value = ''
  $('paste-dialog').close()
})

$('submit').addEventListener('click', async () => {
  $('result').textContent = 'Sending…'
  const invoice = {
    supplier: $('supplier').value,
    bill_no: $('bill-no').value,
    bill_date: $('bill-date').value,
    items: state.lines,
    pages: state.pages.map((page) => ({ file_name: page.name, content: page.dataUrl })),
  }
  const body = JSON.stringify(invoice)
  const response = await fetch('/api/invoices', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
  if (!response.ok) {
    $('result').textContent = `Not sent: HTTP ${response.status}`
    return
  }
  const answer = await response.json()
  state.sent.push({ ...invoice, name: answer.name, pagesKept: state.pages, bodyBytes: body.length })
  state.pages = []
  state.lines = []
  $('strip').replaceChildren()
  $('lines').replaceChildren()
  $('total-items').textContent = '0'
  for (const id of ['supplier', 'bill-no', 'bill-date']) $(id).value = ''
  $('result').textContent = `Invoice sent: ${answer.name}, ${answer.pages} pages, ${answer.lines} lines`
})
