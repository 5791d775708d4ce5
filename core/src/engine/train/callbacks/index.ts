// The callbacks every run has, in the order their hooks run.
import type { ModelSpec } from '../../../shared';
import type { TrainOptions } from '../options';
import type { Callback } from './callback';
import { checkpoint } from './checkpoint';
import { EarlyStopping } from './early-stopping';
import { heartbeat } from './heartbeat';
import { InsightRecorder } from './insight';
import { metricsWriter } from './metrics-writer';
import { validationPredictions } from './predictions';
import { progressEvents } from './progress';
import { ResumeCheckpoint } from './resume-checkpoint';
import { summaryWriter } from './summary-writer';
import { tensorboardWriter } from './tensorboard';
import { textSample } from './text-sample';

export type * from './callback';
export type { InsightHistogramSink, InsightOptions, InsightProbe } from './insight';
export { EarlyStopping, InsightRecorder, ResumeCheckpoint, checkpoint, heartbeat, metricsWriter, progressEvents, summaryWriter, tensorboardWriter, textSample, validationPredictions };

/**
 * Order matters where two callbacks meet: events reach metrics.jsonl before
 * the caller; the epoch event goes out before the checkpoint is saved and
 * the summary written; the best weights are back before predictions, the
 * sample and the final save; the summary's last write follows the end event.
 * The insight recording comes last: it sees a resumed run's weights put back
 * and early stopping's kept epoch, its histograms find TensorBoard's file open,
 * and an epoch's files and summary are written before it probes.
 */
export function standardCallbacks(spec: ModelSpec, options: Pick<TrainOptions, 'onEvent' | 'resume' | 'insightProbe'>): Callback[] {
  const { onEvent } = options;
  const patience = spec.train.early_stopping;
  const earlyStopping = patience > 0 ? new EarlyStopping(patience) : undefined;
  const tensorboard = tensorboardWriter();
  return [
    metricsWriter,
    ...(onEvent ? [{ onEvent: (event) => onEvent(event) } satisfies Callback] : []),
    progressEvents,
    ...(earlyStopping ? [earlyStopping] : []),
    validationPredictions,
    textSample,
    checkpoint,
    new ResumeCheckpoint(earlyStopping, options.resume),
    summaryWriter,
    heartbeat(),
    tensorboard,
    ...(spec.train.insight ? [new InsightRecorder({ probe: options.insightProbe, histogramSink: tensorboard })] : []),
  ];
}
