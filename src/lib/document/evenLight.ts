/**
 * A photo's light made even: the grey image divided by a smooth estimate of how it was lit. Under a desk lamp
 * or light from one side, the bright end of a light desk can be as light as the dim end of the receipt on it,
 * so no one threshold has the paper's outline; divided by its light, the paper is the brightest again. Pure,
 * like the rest of this folder.
 */
import { solveAugmented } from './linear'
import { clamp, type GreyImage } from './raster'

// The light is fitted to the log of each level plus this, so black pixels (log 0) do not pull the fit down.
const DARK_OFFSET = 8
// Every SAMPLE_STEP-th pixel across and down is fitted: the surface is smooth, 12 000 samples on a 512 px image.
const SAMPLE_STEP = 4
// The surface's terms in u and v (−1 to 1 across and down the image): 1, u, v, u², uv, v².
const TERMS = 6

/**
 * `image` divided by a quadratic surface fitted (least squares) to the log of its levels, taken relative to
 * the surface's mean so the image keeps about its levels. A quadratic follows a lamp's falloff and light from one side; it is too stiff to
 * follow a receipt's edge, so the step at the paper's edge stays. The fit also takes in what is on the
 * desk, so it is only for a second look when the photo as it is gave no sure answer (detect.ts).
 */
export function evenLight(image: GreyImage): GreyImage {
  const { width, height, data } = image
  // The normal equations of the fit, each row its TERMS sums and then the target's.
  const normal = Array.from({ length: TERMS }, () => new Array<number>(TERMS + 1).fill(0))
  const terms = new Float64Array(TERMS)
  for (let y = 0; y < height; y += SAMPLE_STEP) {
    for (let x = 0; x < width; x += SAMPLE_STEP) {
      surfaceTerms(terms, x, y, width, height)
      const level = Math.log(data[y * width + x]! + DARK_OFFSET)
      for (let i = 0; i < TERMS; i++) {
        const row = normal[i]!
        for (let j = 0; j < TERMS; j++) row[j]! += terms[i]! * terms[j]!
        row[TERMS]! += terms[i]! * level
      }
    }
  }
  const surface = solveAugmented(normal)
  if (!surface) return image
  // The surface's log-light at pixel (x, y): along a row it is a quadratic in u. Walked twice, for its mean
  // and then to divide by it, rather than held (a float per pixel).
  const eachPixel = (visit: (i: number, light: number) => void) => {
    for (let y = 0; y < height; y++) {
      const v = (2 * (y + 0.5)) / height - 1
      const constant = surface[0]! + surface[2]! * v + surface[5]! * v * v
      const linear = surface[1]! + surface[4]! * v
      for (let x = 0; x < width; x++) {
        const u = (2 * (x + 0.5)) / width - 1
        visit(y * width + x, constant + (linear + surface[3]! * u) * u)
      }
    }
  }
  let total = 0
  eachPixel((_i, light) => (total += light))
  const mean = total / data.length
  const out = new Uint8Array(data.length)
  eachPixel((i, light) => {
    out[i] = clamp(Math.round((data[i]! + DARK_OFFSET) * Math.exp(mean - light) - DARK_OFFSET), 0, 255)
  })
  return { width, height, data: out }
}

/** The surface's terms at pixel (x, y), written into `into`. */
function surfaceTerms(into: Float64Array, x: number, y: number, width: number, height: number): void {
  const u = (2 * (x + 0.5)) / width - 1
  const v = (2 * (y + 0.5)) / height - 1
  into[0] = 1
  into[1] = u
  into[2] = v
  into[3] = u * u
  into[4] = u * v
  into[5] = v * v
}
