// The export's README and pinned requirements (generated text stays English).
import type { ModelSpec } from '../../../shared';

/** The versions the interop tests ran against (python/requirements-interop.txt pins the same). */
export const PYTORCH_REQUIREMENTS = `# Tested with these versions (RNN Studio's interop tests). ray is needed only for --ray and --ray-tune.
torch==2.13.0
numpy==2.4.6
safetensors==0.8.0
ray[train]==2.58.0
`;

/** How the project trains a sweep's trials (sweep.json), when the spec has one. */
function sweepSection(spec: ModelSpec, trials: number): string {
  if (trials === 0) return '';
  return `
## The sweep: ${trials} trials

\`sweep.json\` holds the trials of the spec's \`sweep\` block as RNN Studio expanded them (each trial's values and
its whole spec: a named case, a drawn value and a repeat's seed are already in it).

\`\`\`bash
.venv/bin/python train.py                                  # every trial, one after the other (as rnn train does)
.venv/bin/python train.py --trial 2                        # one trial
.venv/bin/python train.py --ray-tune                       # every trial as a Ray Tune trial, as many at once as the CPUs allow
.venv/bin/python train.py --ray-tune --max-concurrent 4 --cpus-per-trial 2 --gpus-per-trial 0.5
\`\`\`

Each trial writes its own run under \`runs/${spec.name}/\`, whose \`summary.json\` names the sweep
(\`sweep.id\`, the same for the trials started together), the trial and its values, so RNN Studio lists them as
one sweep. Ray Tune runs a grid over the trial numbers; its own records go to \`ray_results/\`. Under torchrun or
\`--ray --workers N\` the trials run one after the other, each on all the workers.
`;
}

export function pytorchReadme(spec: ModelSpec, trials = 0): string {
  const batch = spec.train.batch_size;
  return `# ${spec.name}, exported from RNN Studio to PyTorch

\`model.rnn\` is the spec; \`spec.json\` is the same model as RNN Studio checked it (every default filled
in), which the Python modules read. Train, predict and exchange weights:

\`\`\`bash
python -m venv .venv && .venv/bin/pip install -r requirements.txt
.venv/bin/python train.py                                  # one process; the run goes to runs/${spec.name}/<time>/
.venv/bin/torchrun --nproc_per_node 2 train.py             # DistributedDataParallel: gloo on CPU, nccl on GPU
.venv/bin/python train.py --ray --workers 2                # a Ray Train job; RAY_ADDRESS=... for an existing cluster
.venv/bin/python train.py --weights weights.safetensors    # start from weights (rnn export --weights writes them)
.venv/bin/python predict.py --weights runs/${spec.name}/<time>/weights.safetensors
\`\`\`

Options of \`train.py\`: \`--epochs\`, \`--seed\`, \`--runs-dir\` (default \`runs\`), \`--weights\`, \`--ray\`, \`--workers\`;
for a sweep \`--trial\`, \`--ray-tune\`, \`--max-concurrent\`, \`--cpus-per-trial\`, \`--gpus-per-trial\`.
${sweepSection(spec, trials)}
**batch_size is the global batch.** Under torchrun and Ray Train, each of N workers takes its share of every
batch of ${batch} (${batch} / N windows; when N does not divide it, shares differ by one) and the gradients are
averaged so that one step is the step of the whole batch. Validation runs on every worker; only rank 0 writes.

## What is the same as in RNN Studio

- The data: the same generated series (RNN Studio's seeded generator, ported), windows, time-ordered split with
  its gap, normalisation with statistics of the training part only, targets after the last step, at every step
  or the next \`horizon\` rows; character and word vocabularies (a limited one with \`<unk>\` at index 0,
  lowercasing); labelled sequences from a CSV (long and wide format, classes named and ordered as RNN Studio
  does) and text folders, padded to \`timesteps\` with a step mask, the validation sequences drawn with the seed
  (per class with \`stratify\`).
- The model: the same cells, gate variants, coupled gates, peepholes, stacking, bidirectional layers, activations,
  and the same initialisers (Glorot-uniform kernels, orthogonal recurrent kernels, zero biases with the LSTM
  forget gate's at one). \`torch.nn.LSTM\` / \`torch.nn.RNN\` run where they compute the same cell (every gate,
  sigmoid gates, tanh; the second bias PyTorch adds stays zero and frozen); everything else, and every GRU (RNN
  Studio applies the reset gate before the recurrent product, as Keras's \`reset_after=False\`), runs on the step
  loop of \`rnn_model.py\`. An \`embedding\` is \`torch.nn.Embedding\` (uniform ±0.05, as RNN Studio); the output
  is one dense layer after the last step (\`horizon\` × units values, row after row) or at every step.
- Padded sequences: a masked step keeps the state and outputs it again, as RNN Studio's layers do; the backward
  direction of a bidirectional layer reads the padding first, with its state still zero. The loss is the mean
  over the sequences (each has one label), so padding adds nothing to it.
- Training: the same losses and metrics, optimizer settings, clipping (by value, then by global norm, by the
  loop), shuffle order for a seed, early stopping that keeps the best epoch.
- The run: \`runs/<Model>/<time>/\` in RNN Studio's run format (summary.json, metrics.jsonl, model.rnn), so
  RNN Studio's runs listing and training panel show it, live when the folder is shared. The weights are in
  \`weights.safetensors\` (a format that runs no code when loaded); \`rnn import\` brings them back into RNN
  Studio as a run.

## Limits

- A seed gives the same data and shuffles as RNN Studio, but the initial weights and dropout masks come from
  PyTorch's generator: same distributions, other numbers. Start from RNN Studio's weights with \`--weights\`.
- Dropout: one mask per sequence for each layer's inputs (and its recurrent state); RNN Studio's stock LSTM and
  GRU layers draw one per gate.
- adagrad, adadelta and adamax are PyTorch's, whose epsilon sits slightly differently from TensorFlow.js's.
- A \`generate\` block is not exported: this project trains and predicts, it does not sample text.
- Padded batches run \`torch.nn.LSTM\` / \`torch.nn.RNN\` one step at a time (to keep the state over masked
  steps), slower than the whole-sequence call; batches without padding use the whole-sequence call.
- Files are read whole: a CSV that RNN Studio streams is loaded into memory here, and the limits RNN Studio puts
  on a text folder (links leading out of it, 1 MiB a file) are not checked again.
`;
}
