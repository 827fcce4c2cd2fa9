import { batchCount, batchRange } from '@/lib/chunk'
import type { SubmissionState, SubmissionStep } from './types'
import { t } from '@/locales/i18n'

/** Every step of a submission, in order: create with batch 0, append batches 1…n, then each page. */
export function planSteps(totalItems: number, batchSize: number, pageIds: readonly string[]): SubmissionStep[] {
  const steps: SubmissionStep[] = []
  const batches = batchCount(totalItems, batchSize)
  for (let batch = 0; batch < batches; batch++) {
    const { from, to } = batchRange(batch, batchSize, totalItems)
    steps.push(batch === 0 ? { kind: 'create', batch: 0, from, to } : { kind: 'append', batch, from, to })
  }
  pageIds.forEach((pageId, index) => steps.push({ kind: 'upload', pageId, pageNumber: index + 1 }))
  return steps
}

/** Whether the server has already acknowledged this step, according to the saved state. */
export function isStepDone(step: SubmissionStep, state: SubmissionState): boolean {
  if (step.kind === 'create') return state.invoice !== null && state.ackedBatches.includes(0)
  if (step.kind === 'append') return state.ackedBatches.includes(step.batch)
  return state.uploadedPages.includes(step.pageId)
}

/** The first step not yet acknowledged, or null when everything is. */
export function nextStep(steps: readonly SubmissionStep[], state: SubmissionState): SubmissionStep | null {
  return steps.find((step) => !isStepDone(step, state)) ?? null
}

/** The progress line for a step: "Lines 51–100 of 230" or "Page 2 of 4, 60 %". */
export function describeStep(step: SubmissionStep, totalItems: number, totalPages: number, uploadFraction = 0): string {
  if (step.kind === 'upload')
    return t('submission.stepUpload', { page: step.pageNumber, pages: totalPages, percent: Math.round(uploadFraction * 100) })
  return t('submission.stepLines', { from: step.from, to: step.to, total: totalItems })
}
