// TensorBoard event files in the run folder (run-store/tensorboard.ts), unless
// the spec says `train { tensorboard: false }`: the loss of every batch at its
// step (batch/loss), and each epoch's loss, val_loss and metrics at the epoch
// (epoch/loss, epoch/val_loss, epoch/mae, ...), as Keras's TensorBoard
// callback logs them; with `train { insight: true }` also the insight
// recording's weight and gradient histograms at each epoch (0: at
// initialisation), one per layer, kind, block and gate
// (layer0/weights/recurrent/forget). A resumed run numbers on, so its curves
// continue. They are a side output: a file that cannot be written is a
// warning, once, and the run goes on (metrics.jsonl is the record).
import { EventFileWriter } from '../../tensorboard/event-file';
import { t } from '../../../shared';
import type { BatchLogs, Callback, EpochLogs, RunContext, TrainingContext } from './callback';
import type { InsightHistogramSink } from './insight';

export function tensorboardWriter(): Callback & InsightHistogramSink {
  let writer: EventFileWriter | undefined;
  const guarded = (run: RunContext, write: () => void) => {
    if (!writer) return;
    try {
      write();
    } catch (error) {
      writer = undefined;
      run.log('warning', t('stopped writing TensorBoard files: {0}', (error as Error).message));
    }
  };
  return {
    onTrainBegin(run: TrainingContext) {
      if (!run.spec.train.tensorboard) return;
      try {
        writer = new EventFileWriter(run.writer.dir);
      } catch (error) {
        run.log('warning', t('cannot write TensorBoard files: {0}', (error as Error).message));
      }
    },
    onBatchEnd(run: TrainingContext, logs: BatchLogs) {
      guarded(run, () => writer!.add(logs.step, [{ tag: 'batch/loss', value: logs.loss }]));
    },
    onEpochEnd(run: TrainingContext, logs: EpochLogs) {
      const scalars = [
        { tag: 'epoch/loss', value: logs.loss },
        ...(logs.valLoss !== undefined ? [{ tag: 'epoch/val_loss', value: logs.valLoss }] : []),
        ...Object.entries(logs.metrics).map(([name, value]) => ({ tag: `epoch/${name}`, value })),
      ];
      guarded(run, () => {
        writer!.add(logs.epoch, scalars);
        writer!.flush();
      });
    },
    addInsightHistograms(run, epoch, { layer, direction }, histograms) {
      const prefix = `layer${layer}${direction === 'backward' ? '_backward' : ''}`;
      guarded(run, () => {
        writer!.addHistograms(epoch, histograms.map(({ of, block, gate, stats }) => ({ tag: `${prefix}/${of}/${block}/${gate}`, stats })));
        // The recording runs after this callback's onEpochEnd: flushed here, so a live TensorBoard shows the epoch now.
        writer!.flush();
      });
    },
    onRunEnd(run: RunContext) {
      guarded(run, () => writer!.flush());
      writer = undefined;
    },
  };
}
