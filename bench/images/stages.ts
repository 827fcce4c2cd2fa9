/**
 * Where the script part of the document step's time goes, stage by stage, on one page in Node (the worker
 * runs the same lib/document code in V8). `node --import tsx bench/images/stages.ts photo.jpg…`: each photo
 * is decoded with jpeg-js, fitted to 2000 px as the pipeline's page is, then each stage runs ROUNDS times;
 * the median is printed, as wall time and as this process's CPU time (the steadier figure on a shared,
 * loaded machine). The canvas work (halving, flattening, the Document look, reading back, encoding) is not
 * here: it is the browser's, timed by `npm run bench:images`; the script warp is timed as the yardstick
 * the canvas patches replaced.
 */
import { readFileSync } from 'node:fs'
import jpeg from 'jpeg-js'
import { detectDocument } from '../../src/lib/document/detect'
import { flatSize, rectQuad, scaleQuad } from '../../src/lib/document/geometry'
import { blackAndWhite, paperCells } from '../../src/lib/document/looks'
import { shrinkGrey, toGrey, type RgbaImage } from '../../src/lib/document/raster'
import { checkReadability, checkReadabilityOfBands, READABILITY_SAMPLE, sampleBands } from '../../src/lib/document/readability'
import { warpPerspective } from '../../src/lib/document/warp'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const MAX_PAGE_PX = 2000

function fitTo(image: RgbaImage, maxSide: number): RgbaImage {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height))
  if (scale === 1) return image
  const width = Math.round(image.width * scale)
  const height = Math.round(image.height * scale)
  return warpPerspective(image, rectQuad(image), { width, height })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

/** Median wall and CPU milliseconds of `fn` over ROUNDS runs. */
function time(fn: () => unknown): [number, number] {
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now()
    const c = process.cpuUsage()
    fn()
    const used = process.cpuUsage(c)
    wall.push(performance.now() - t)
    cpu.push((used.user + used.system) / 1000)
  }
  return [median(wall), median(cpu)]
}

for (const path of process.argv.slice(2)) {
  const decoded = jpeg.decode(readFileSync(path), { useTArray: true, maxMemoryUsageInMB: 2048 })
  const page = fitTo({ width: decoded.width, height: decoded.height, data: decoded.data }, MAX_PAGE_PX)
  const found = detectDocument(toGrey(page))
  const corners = found.kind === 'found' ? scaleQuad(found.corners, page.width, page.height) : rectQuad(page)
  const flat = flatSize(corners, Math.max(page.width, page.height))
  const rows: [string, [number, number]][] = []
  rows.push(['grey of the page', time(() => toGrey(page))])
  // The worker detects on the page halved twice (≤ 512 px): the same size here, by area averaging.
  const small = shrinkGrey(toGrey(page), 512)
  rows.push([`detect on ${small.width}×${small.height} (${found.kind})`, time(() => detectDocument(small))])
  rows.push([`script warp to ${flat.width}×${flat.height} (yardstick)`, time(() => warpPerspective(page, corners, flat))])
  const warped = warpPerspective(page, corners, flat)
  rows.push(['grey of the warped page', time(() => toGrey(warped))])
  const warpedGrey = toGrey(warped)
  rows.push(['readability (all of the page)', time(() => checkReadability(warpedGrey))])
  rows.push(["readability (the worker's sample)", time(() => checkReadabilityOfBands(sampleBands(warpedGrey, READABILITY_SAMPLE)))])
  const quarter = fitTo(warped, Math.max(warped.width, warped.height) / 4)
  rows.push(['paper colour (on the quarter)', time(() => paperCells(quarter, 4, warped))])
  rows.push(['black and white', time(() => blackAndWhite({ ...warped, data: warped.data.slice() }))])
  rows.push(['(copy for black and white, subtracted)', time(() => warped.data.slice())])
  console.log(`\n${path} (${page.width}×${page.height}, ${ROUNDS} rounds, median ms: wall, CPU)`)
  for (const [name, [wall, cpu]] of rows) console.log(`${name.padEnd(36)} ${wall.toFixed(1).padStart(7)} ${cpu.toFixed(1).padStart(7)}`)
}
