/**
 * `npm run bench:detect`: how often the document step crops right, on photos it has never seen. Each cropped
 * receipt scan is drawn in perspective on four generated desks (dark, mid-grey, light, busy) at random
 * angles (±23°), sizes (45–95 % of the photo's height) and tilts, and the pure detection (the code the
 * worker runs) is asked for its corners: a crop within 2 % of the diagonal of the receipt's true corners is
 * right, a crop further off is wrong (it cuts text off or keeps desk), and anything else leaves the photo
 * whole. A receipt running off the photo, whose corners out there cannot all be seen, is right when the crop and
 * the receipt overlap by 95 % inside the photo (intersection over union).
 * Then the cropped scans laid on generated scanner beds (black, beside or on a grey card, under a grey, pale or
 * white lid) where and as the dataset's uncropped scans have them, and elsewhere: right when cropped to the
 * receipt's shape (±10 %), whole when left whole, wrong for any other crop.
 * Then the real scans: the uncropped ones cropped to the paper's shape in truth.json (±10 %), the cropped
 * ones left whole (±3 %). The naive way, keeping every photo whole, is right on none and wrong on none.
 * Figures are reported, never asserted; written into docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { detectDocument } from '../../src/lib/document/detect'
import { clipPolygon, cornerError, flatSize, polygonArea, rectQuad, scaleQuad, type Quad } from '../../src/lib/document/geometry'
import { toGrey, type RgbaImage } from '../../src/lib/document/raster'
import { FIXTURES_DIR } from '../../tests/e2e/support/server'
import { deskTexture, drawInPerspective, lightUnevenly, loadFixture, type DeskLook } from '../../tests/unit/lib/document/fixtures'
import { writeBenchSection } from '../support/docs'
import { describeMachine, utcMinute } from '../support/machine'

interface Truth {
  uncropped: boolean
  paper_aspect_h_over_w?: number
}
const truth = JSON.parse(readFileSync(resolve(FIXTURES_DIR, '..', 'truth.json'), 'utf8')) as Record<string, Truth>
const CROPPED = Object.keys(truth).filter((path) => !truth[path]!.uncropped)

const [WIDTH, HEIGHT] = [900, 1200]
const SEEDS = [1, 2, 3]
const POSES = 3
const DESKS: { name: string; look: DeskLook }[] = [
  { name: 'dark wood', look: { level: 70, swing: 25, noise: 25 } },
  { name: 'mid grey', look: { level: 130, swing: 20, noise: 20 } },
  { name: 'light', look: { level: 185, swing: 12, noise: 12 } },
  { name: 'busy', look: { level: 90, swing: 60, noise: 60 } },
]

/**
 * Light over the whole photo, desk and receipt alike, as a phone sees it: how much of the light at (x, y)
 * reaches it (0–1), for a photo `random` places the light in.
 */
const LIGHTS: { name: string; description: string; light: (random: () => number) => (x: number, y: number) => number }[] = [
  { name: 'even', description: 'the same everywhere', light: () => () => 1 },
  {
    name: 'from one side',
    description: '65 % at one edge to 100 % at the other, from a random direction',
    light: (random) => {
      const angle = random() * 2 * Math.PI
      const [dx, dy] = [Math.cos(angle), Math.sin(angle)]
      return (x, y) => 0.65 + 0.35 * (0.5 + (x / WIDTH - 0.5) * dx + (y / HEIGHT - 0.5) * dy)
    },
  },
  {
    name: 'a lamp',
    description: "100 % under it, falling to 55 % (σ 45 % of the photo's height), anywhere over the photo",
    light: (random) => {
      const [lx, ly, spread] = [random() * WIDTH, random() * HEIGHT, 0.45 * HEIGHT]
      return (x, y) => 0.55 + 0.45 * Math.exp(-((x - lx) ** 2 + (y - ly) ** 2) / (2 * spread ** 2))
    },
  },
]

type Outcome = 'right' | 'whole' | 'wrong'
// A crop of a receipt running off the photo is right when it and the receipt overlap this much inside the photo.
const RUN_OFF_OVERLAP = 0.95

function randomFrom(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
}

/** The receipt's corners on the photo: turned, sized, moved off centre, its top end further away. */
function pose(random: () => number, page: RgbaImage): Quad {
  const height = HEIGHT * (0.45 + random() * 0.5)
  const width = (height * page.width) / page.height
  const angle = (random() - 0.5) * 0.8
  const cx = WIDTH / 2 + (random() - 0.5) * WIDTH * 0.3
  const cy = HEIGHT / 2 + (random() - 0.5) * HEIGHT * 0.2
  const squeeze = 1 - random() * 0.15
  const corners = [
    [-width / 2, -height / 2, squeeze],
    [width / 2, -height / 2, squeeze],
    [width / 2, height / 2, 1],
    [-width / 2, height / 2, 1],
  ] as const
  return corners.map(([x, y, s]) => ({
    x: cx + x * s * Math.cos(angle) - y * Math.sin(angle),
    y: cy + x * s * Math.sin(angle) + y * Math.cos(angle),
  })) as Quad
}

/** The largest corner distance over the diagonal, whichever corner the detector calls first. */
function offBy(found: Quad, corners: Quad): number {
  const turns = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((i) => found[(i + r) % 4]!) as Quad)
  return Math.min(...turns.map((q) => cornerError(q, corners))) / Math.hypot(WIDTH, HEIGHT)
}

/** Intersection over union of the parts of two quads inside the photo: what each crop keeps of the paper. */
function visibleOverlap(found: Quad, corners: Quad): number {
  const photo = rectQuad({ width: WIDTH, height: HEIGHT })
  const [a, b] = [clipPolygon(found, photo), clipPolygon(corners, photo)]
  const both = a.length && b.length ? polygonArea(clipPolygon(a, b)) : 0
  return both / (polygonArea(a) + polygonArea(b) - both || 1)
}

function scene(random: () => number, path: string, look: DeskLook, light: (typeof LIGHTS)[number]['light']): Outcome {
  const page = loadFixture(path)
  const corners = pose(random, page)
  const desk = deskTexture(WIDTH, HEIGHT, Math.floor(random() * 0x7fffffff), look)
  const photo = lightUnevenly(drawInPerspective(desk, page, corners), light(random))
  const found = detectDocument(toGrey(photo))
  if (found.kind !== 'found') return 'whole'
  const inPixels = scaleQuad(found.corners, WIDTH, HEIGHT)
  const inside = corners.every((p) => p.x >= 0 && p.y >= 0 && p.x <= WIDTH && p.y <= HEIGHT)
  // A receipt running off the photo: its corners out there cannot all be seen, so the crop is judged by what
  // it keeps of the paper the photo shows.
  if (!inside) return visibleOverlap(inPixels, corners) >= RUN_OFF_OVERLAP ? 'right' : 'wrong'
  return offBy(inPixels, corners) <= 0.02 ? 'right' : 'wrong'
}

// A4 at 75 dpi: the uncropped scans' page, a quarter of their size. A receipt is 36 % of its width, as there.
const [BED_WIDTH, BED_HEIGHT] = [638, 877]
const BED_RECEIPT_WIDTH = Math.round(BED_WIDTH * 0.36)
/** Scanner beds: the level at (x, y) for a receipt whose left edge is at `left`. */
const BEDS: { name: string; level: (x: number, y: number, left: number) => number }[] = [
  { name: 'black', level: (x) => 22 + (x % 37 === 0 ? 6 : 0) },
  {
    name: 'black, grey card beside the receipt',
    level: (x, y, left) => (x > BED_WIDTH * 0.42 && x < left + 4 ? 160 + ((x * 7 + y * 3) % 11) : 22),
  },
  {
    name: 'grey card under the receipt',
    level: (x, y) => (x > BED_WIDTH * 0.25 && y < BED_HEIGHT * 0.97 ? 170 + ((x * 5 + y * 13) % 13) : 22),
  },
  { name: 'grey lid (150)', level: () => 150 },
  { name: 'pale lid (222)', level: () => 222 },
  { name: 'white lid (236)', level: () => 236 },
]
/** Where a receipt `width` × `height` lies on the bed. */
const PLACES: { name: string; corners: (width: number, height: number) => Quad }[] = [
  { name: 'top right, as the dataset has them', corners: (w, h) => rectAt(BED_WIDTH - w, 0, w, h) },
  { name: 'top left', corners: (w, h) => rectAt(0, 0, w, h) },
  { name: 'in the middle', corners: (w, h) => rectAt((BED_WIDTH - w) / 2, Math.max(10, (BED_HEIGHT - h) / 2), w, h) },
  {
    name: 'turned 1.7°',
    corners: (w, h) => {
      const [angle, cx, cy] = [0.03, BED_WIDTH - w / 2 - 20, Math.min(h, BED_HEIGHT) / 2 + 15]
      const turn = ([dx, dy]: readonly [number, number]) => ({
        x: cx + dx * Math.cos(angle) - dy * Math.sin(angle),
        y: cy + dx * Math.sin(angle) + dy * Math.cos(angle),
      })
      return (
        [
          [-w / 2, -h / 2],
          [w / 2, -h / 2],
          [w / 2, h / 2],
          [-w / 2, h / 2],
        ] as const
      ).map(turn) as Quad
    },
  },
]

function rectAt(x: number, y: number, width: number, height: number): Quad {
  return [
    { x, y },
    { x: x + width, y },
    { x: x + width, y: y + height },
    { x, y: y + height },
  ]
}

/** A cropped scan laid on a scanner bed: right when cropped to the receipt's shape inside the bed (±10 %). */
function bedScene(random: () => number, page: RgbaImage, bed: (typeof BEDS)[number], place: (typeof PLACES)[number]): Outcome {
  const corners = place.corners(BED_RECEIPT_WIDTH, (BED_RECEIPT_WIDTH * page.height) / page.width)
  const left = Math.min(...corners.map((p) => p.x))
  const data = new Uint8ClampedArray(BED_WIDTH * BED_HEIGHT * 4)
  for (let y = 0; y < BED_HEIGHT; y++) {
    for (let x = 0; x < BED_WIDTH; x++) {
      const level = bed.level(x, y, left) + (random() - 0.5) * 8
      data.fill(level, (y * BED_WIDTH + x) * 4, (y * BED_WIDTH + x) * 4 + 3)
      data[(y * BED_WIDTH + x) * 4 + 3] = 255
    }
  }
  const photo = drawInPerspective({ width: BED_WIDTH, height: BED_HEIGHT, data }, page, corners)
  const found = detectDocument(toGrey(photo))
  if (found.kind !== 'found') return 'whole'
  // A long receipt runs off the bed's bottom: what is on the bed is its shape.
  const ys = corners.map((p) => p.y)
  const expected = (Math.min(BED_HEIGHT, Math.max(...ys)) - Math.max(0, Math.min(...ys))) / BED_RECEIPT_WIDTH
  const size = flatSize(scaleQuad(found.corners, BED_WIDTH, BED_HEIGHT), BED_HEIGHT)
  return Math.abs(size.height / size.width / expected - 1) <= 0.1 ? 'right' : 'wrong'
}

/** What the detector makes of a receipt scan (or a changed copy), against what truth.json says it is. */
function judgeScan(photo: RgbaImage, t: Truth): { found: string; aspect: number; expected: number; outcome: Outcome } {
  const found = detectDocument(toGrey(photo))
  const corners = found.kind === 'found' ? scaleQuad(found.corners, photo.width, photo.height) : rectQuad(photo)
  const size = flatSize(corners, Math.max(photo.width, photo.height))
  const aspect = size.height / size.width
  const expected = t.uncropped ? t.paper_aspect_h_over_w! : photo.height / photo.width
  const close = Math.abs(aspect / expected - 1) <= (t.uncropped ? 0.1 : 0.03)
  let outcome: Outcome
  if (t.uncropped) outcome = found.kind !== 'found' ? 'whole' : close ? 'right' : 'wrong'
  else outcome = found.kind !== 'found' && close ? 'right' : 'wrong'
  return { found: found.kind, aspect, expected, outcome }
}

/** Changes to a scan's levels (each channel, 0–255) as other scanners, light and cameras would make them. */
const SCAN_VARIANTS: {
  name: string
  description: string
  level: (v: number, x: number, y: number, size: { width: number; height: number }, random: () => number) => number
}[] = [
  { name: 'darker', description: 'gamma 1.6', level: (v) => 255 * (v / 255) ** 1.6 },
  { name: 'lighter', description: 'gamma 0.6', level: (v) => 255 * (v / 255) ** 0.6 },
  { name: 'dull', description: 'levels squeezed into 60–213', level: (v) => 60 + v * 0.6 },
  { name: 'duller', description: 'into 90–192', level: (v) => 90 + v * 0.4 },
  { name: 'dull and dark', description: 'into 30–158', level: (v) => 30 + v * 0.5 },
  {
    name: 'side light',
    description: '65 % at the left edge to 100 % at the right',
    level: (v, x, _y, { width }) => v * (0.65 + (0.35 * x) / width),
  },
  { name: 'grainy', description: '± 20 levels of noise', level: (v, _x, _y, _size, random) => v + (random() - 0.5) * 40 },
  {
    name: 'dull, light from below',
    description: 'into 60–213, then 70 % at the top to 100 % at the bottom',
    level: (v, _x, y, { height }) => (60 + v * 0.6) * (0.7 + (0.3 * y) / height),
  },
]

function main(): void {
  const started = Date.now()
  const rows: string[] = []
  const all: Record<Outcome, number> = { right: 0, whole: 0, wrong: 0 }
  const lightRows: string[] = []
  for (const { name: lightName, description, light } of LIGHTS) {
    const lit: Record<Outcome, number> = { right: 0, whole: 0, wrong: 0 }
    const cells: string[] = []
    for (const { name, look } of DESKS) {
      const counts: Record<Outcome, number> = { right: 0, whole: 0, wrong: 0 }
      for (const seed of SEEDS) {
        // The same poses under every light, so the tables differ by the light alone.
        const random = randomFrom(seed * 7919 + look.level)
        for (const path of CROPPED) for (let k = 0; k < POSES; k++) counts[scene(random, path, look, light)]++
      }
      for (const key of ['right', 'whole', 'wrong'] as const) lit[key] += counts[key]
      cells.push(`${counts.right} / ${counts.whole} / ${counts.wrong}`)
      if (lightName === 'even') {
        for (const key of ['right', 'whole', 'wrong'] as const) all[key] += counts[key]
        rows.push(
          `| ${name} (grey ${look.level}, stripes ± ${look.swing}) | ${counts.right + counts.whole + counts.wrong} | ${counts.right} | ${counts.whole} | ${counts.wrong} |`,
        )
      }
      console.log(`[bench:detect] ${name}, light ${lightName}: ${JSON.stringify(counts)}`)
    }
    lightRows.push(`| ${lightName}: ${description} | ${cells.join(' | ')} | ${lit.right} / ${lit.whole} / ${lit.wrong} |`)
  }
  const total = all.right + all.whole + all.wrong
  rows.push(`| **All** | ${total} | ${all.right} (${Math.round((100 * all.right) / total)} %) | ${all.whole} | ${all.wrong} |`)

  const bedRows: string[] = []
  const bedAll: Record<Outcome, number> = { right: 0, whole: 0, wrong: 0 }
  const croppedPages = CROPPED.map((path) => loadFixture(path))
  for (const bed of BEDS) {
    const cells = PLACES.map((place) => {
      const random = randomFrom(11)
      const counts: Record<Outcome, number> = { right: 0, whole: 0, wrong: 0 }
      for (const page of croppedPages) counts[bedScene(random, page, bed, place)]++
      for (const key of ['right', 'whole', 'wrong'] as const) bedAll[key] += counts[key]
      return `${counts.right} / ${counts.whole} / ${counts.wrong}`
    })
    bedRows.push(`| ${bed.name} | ${cells.join(' | ')} |`)
    console.log(`[bench:detect] scanner bed ${bed.name}: ${cells.join(', ')}`)
  }
  const bedTotal = bedAll.right + bedAll.whole + bedAll.wrong

  let uncroppedRight = 0
  let uncropped = 0
  let croppedWhole = 0
  const scans: string[] = []
  const variantRows: string[] = []
  const variantAll: Record<Outcome, number> = { right: 0, whole: 0, wrong: 0 }
  const variantCounts = new Map(SCAN_VARIANTS.map(({ name }) => [name, { right: 0, whole: 0, wrong: 0 } as Record<Outcome, number>]))
  for (const [path, t] of Object.entries(truth)) {
    const photo = loadFixture(path)
    const { found, aspect, expected, outcome } = judgeScan(photo, t)
    if (t.uncropped) {
      uncropped++
      if (outcome === 'right') uncroppedRight++
    } else if (outcome === 'right') croppedWhole++
    scans.push(
      `| ${path} | ${t.uncropped ? 'uncropped' : 'cropped'} | ${found} | ${aspect.toFixed(2)} | ${expected.toFixed(2)} | ${outcome === 'right' ? 'yes' : '**no**'} |`,
    )
    for (const { name, level } of SCAN_VARIANTS) {
      const random = randomFrom(7)
      const data = photo.data.map((v, i) =>
        i % 4 === 3 ? v : level(v, (i >> 2) % photo.width, Math.floor(i / 4 / photo.width), photo, random),
      )
      const { outcome: variantOutcome } = judgeScan({ ...photo, data }, t)
      variantCounts.get(name)![variantOutcome]++
      variantAll[variantOutcome]++
      if (variantOutcome !== 'right') console.log(`[bench:detect] ${path}, ${name}: ${variantOutcome}`)
    }
  }
  for (const { name, description } of SCAN_VARIANTS) {
    const counts = variantCounts.get(name)!
    variantRows.push(
      `| ${name}: ${description} | ${counts.right + counts.whole + counts.wrong} | ${counts.right} | ${counts.whole} | ${counts.wrong} |`,
    )
  }
  const variantTotal = variantAll.right + variantAll.whole + variantAll.wrong
  variantRows.push(
    `| **All** | ${variantTotal} | ${variantAll.right} (${Math.round((100 * variantAll.right) / variantTotal)} %) | ${variantAll.whole} | ${variantAll.wrong} |`,
  )

  const markdown = [
    `Measured ${utcMinute()} with \`npm run bench:detect\` (${((Date.now() - started) / 1000).toFixed(0)} s).`,
    `Machine: ${describeMachine()}`,
    '',
    `#### Receipts the detector has not seen: the ${CROPPED.length} cropped scans on generated desks`,
    '',
    `${WIDTH}×${HEIGHT} photos, ${SEEDS.length * POSES} poses of each scan on each desk (seeds ${SEEDS.join(', ')}): turned up to ±23°, ` +
      '45–95 % of the photo high, its top end up to 15 % narrower, some running off the photo. Right: the crop within 2 % of the ' +
      `diagonal of the true corners; for a receipt running off the photo, the crop and the receipt overlapping by ${RUN_OFF_OVERLAP * 100} % inside it. ` +
      'Whole: the photo kept whole (no sheet seen for sure). Wrong: a crop further off, which cuts ' +
      'text off or keeps desk. Keeping every photo whole (the naive way) is right on none and wrong on none.',
    '',
    '| Desk | Photos | Right | Whole | Wrong |',
    '|---|--:|--:|--:|--:|',
    ...rows,
    '',
    '#### The same desks under uneven light',
    '',
    'The same photos (the same poses, the same desks) with the light over the whole photo changed, desk and receipt alike. ' +
      'Each cell: right / whole / wrong, of the photos above. With no sure answer on the photo as it is, the detector looks ' +
      'again with the light evened (a quadratic surface fitted to the log of the levels, divided out).',
    '',
    `| Light | ${DESKS.map(({ name }) => name).join(' | ')} | All |`,
    `|---|${DESKS.map(() => '--:').join('|')}|--:|`,
    ...lightRows,
    '',
    `#### The ${CROPPED.length} cropped scans on generated scanner beds`,
    '',
    `${BED_WIDTH}×${BED_HEIGHT} (A4 at 75 dpi), the receipt ${BED_RECEIPT_WIDTH} px wide (36 % of the page, as on the uncropped scans), ` +
      'a long one running off the bottom; ± 4 levels of noise. Each cell: right / whole / wrong, of ' +
      `${CROPPED.length}. Right: cropped to the receipt's shape on the bed (±10 %). ` +
      `All: ${bedAll.right} of ${bedTotal} right, ${bedAll.whole} whole, ${bedAll.wrong} wrong.`,
    '',
    `| Bed | ${PLACES.map(({ name }) => name).join(' | ')} |`,
    `|---|${PLACES.map(() => '--:').join('|')}|`,
    ...bedRows,
    '',
    '#### The receipt scans as they are',
    '',
    `Uncropped scans cropped to the paper's shape in truth.json (±10 %): ${uncroppedRight} of ${uncropped}. ` +
      `Cropped scans left whole (±3 %): ${croppedWhole} of ${Object.keys(truth).length - uncropped}.`,
    '',
    '| Scan | Kind | Detection | Page height / width | Expected | Within |',
    '|---|---|---|--:|--:|---|',
    ...scans,
    '',
    '#### The receipt scans under other light and scanner settings',
    '',
    `Each of the ${Object.keys(truth).length} scans with its levels changed as a duller, darker or unevenly lit scan or photo would have ` +
      'them. Right: cropped or left whole as the scan itself should be (above). Whole: an uncropped scan left whole. Wrong: a ' +
      'crop off the paper (cutting text off or keeping the background beside it), or a cropped scan cropped.',
    '',
    '| Change | Scans | Right | Whole | Wrong |',
    '|---|--:|--:|--:|--:|',
    ...variantRows,
  ].join('\n')
  console.log(markdown)
  writeBenchSection('detect', 'Document detection: crops on photos it has not seen (issue 13)', markdown)
}

main()
