/**
 * Stands in for '@/workers/imageWorkerClient' in component tests (the real worker needs a browser; the
 * e2e test drives it). It rejects what the real one rejects by name: empty files and files named
 * "corrupt…", with clerk-facing messages; everything else becomes a 2000 × 1500 page.
 */
export class ImageRejectedError extends Error {
  override name = 'ImageRejectedError'
}

export function createImageWorkerClient() {
  return {
    async normalize(file: Blob, { fileName }: { fileName: string }) {
      if (file.size === 0) throw new ImageRejectedError('This file is empty (0 bytes).')
      if (fileName.startsWith('corrupt')) throw new ImageRejectedError('This file is damaged and cannot be read as an image.')
      const pdf = file.type === 'application/pdf'
      return {
        kind: pdf ? 'pdf' : 'image',
        page: file,
        thumb: pdf ? null : file,
        width: 2000,
        height: 1500,
        mime: file.type,
        keptOriginal: false,
      }
    },
    restart() {},
    terminate() {},
  }
}
