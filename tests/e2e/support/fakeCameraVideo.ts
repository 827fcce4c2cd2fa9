/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture`): a receipt scan lying on a dark,
 * textured desk, written as Y4M (a text header and raw I420 frames, which Chromium reads as they are), so
 * no ffmpeg is needed. The receipt's place in the frame is returned for the test to check the outline against.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import jpeg from 'jpeg-js'

export interface FakeCameraScene {
  /** Frame size of the video. */
  width: number
  height: number
  /** The receipt's rectangle in frame pixels. */
  paper: { x: number; y: number; width: number; height: number }
}

/**
 * Writes `frames` identical frames of the receipt at `receiptPath` centred on a desk, its height `fill` of
 * the frame's, to `outPath`.
 */
export function writeReceiptOnDeskY4m(
  receiptPath: string,
  outPath: string,
  options: { width?: number; height?: number; fill?: number; frames?: number } = {},
): FakeCameraScene {
  const width = options.width ?? 640
  const height = options.height ?? 480
  const receipt = jpeg.decode(readFileSync(receiptPath), { useTArray: true, maxMemoryUsageInMB: 1024 })
  const paperHeight = Math.round(height * (options.fill ?? 0.8))
  const paperWidth = Math.round((receipt.width / receipt.height) * paperHeight)
  const paper = {
    x: Math.round((width - paperWidth) / 2),
    y: Math.round((height - paperHeight) / 2),
    width: paperWidth,
    height: paperHeight,
  }

  const rgb = new Uint8Array(width * height * 3)
  let seed = 12345
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 24) - 12
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3
      const inside = x >= paper.x && x < paper.x + paper.width && y >= paper.y && y < paper.y + paper.height
      if (inside) {
        // Nearest sample of the scan: enough for a 640 px preview.
        const sx = Math.min(receipt.width - 1, Math.floor(((x - paper.x) / paper.width) * receipt.width))
        const sy = Math.min(receipt.height - 1, Math.floor(((y - paper.y) / paper.height) * receipt.height))
        const s = (sy * receipt.width + sx) * 4
        rgb[o] = receipt.data[s]!
        rgb[o + 1] = receipt.data[s + 1]!
        rgb[o + 2] = receipt.data[s + 2]!
      } else {
        // A brown desk with grain, darker than paper everywhere.
        const grain = noise() + 8 * Math.sin(y / 5 + Math.sin(x / 40) * 3)
        rgb[o] = clamp(92 + grain)
        rgb[o + 1] = clamp(64 + grain)
        rgb[o + 2] = clamp(44 + grain)
      }
    }
  }

  const frame = rgbToI420(rgb, width, height)
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`, 'ascii')
  const marker = Buffer.from('FRAME\n', 'ascii')
  const parts: Buffer[] = [header]
  for (let i = 0; i < (options.frames ?? 2); i++) parts.push(marker, frame)
  writeFileSync(outPath, Buffer.concat(parts))
  return { width, height, paper }
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)))
}

/** Full-range BT.601 (JPEG's) RGB to planar 4:2:0: Y for each pixel, U and V averaged over 2×2 blocks. */
function rgbToI420(rgb: Uint8Array, width: number, height: number): Buffer {
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  const out = Buffer.alloc(width * height + 2 * cw * ch)
  const u = width * height
  const v = u + cw * ch
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3
      out[y * width + x] = clamp(0.299 * rgb[o]! + 0.587 * rgb[o + 1]! + 0.114 * rgb[o + 2]!)
    }
  }
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let r = 0
      let g = 0
      let b = 0
      let n = 0
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const x = cx * 2 + dx
          const y = cy * 2 + dy
          if (x >= width || y >= height) continue
          const o = (y * width + x) * 3
          r += rgb[o]!
          g += rgb[o + 1]!
          b += rgb[o + 2]!
          n++
        }
      }
      r /= n
      g /= n
      b /= n
      out[u + cy * cw + cx] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)
      out[v + cy * cw + cx] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
    }
  }
  return out
}
