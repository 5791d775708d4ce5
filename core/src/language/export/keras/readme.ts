// The Keras export's README and pinned requirements (generated text stays English).
import type { ModelSpec } from '../../../shared';

/** The versions the interop tests ran against (~/.cache/rnn-studio/venv-tf, made by .ci/run). */
export const KERAS_REQUIREMENTS = `# Tested with these versions (RNN Studio's interop tests).
tensorflow-cpu==2.21.0
keras==3.15.1
numpy==2.4.6
safetensors==0.8.0
`;

export function kerasReadme(spec: ModelSpec, trials = 0): string {
  const sweep = trials === 0 ? '' : `
The spec has a sweep of ${trials} trials (\`sweep.json\`, each trial's values and whole spec): \`train.py\` trains
every trial one after the other, \`train.py --trial N\` one of them; each writes its own run, marked as a trial of
one sweep, so RNN Studio lists them together. (Ray Tune is the PyTorch export's: \`rnn export --to pytorch\`.)
`;
  return `# ${spec.name}, exported from RNN Studio to Keras 3

\`model.rnn\` is the spec; \`spec.json\` is the same model as RNN Studio checked it, which the Python modules
read. \`keras_model.py\` builds the model; RNN Studio's weights load into it:

\`\`\`bash
python -m venv .venv && .venv/bin/pip install -r requirements.txt
.venv/bin/python predict.py --weights weights.safetensors   # validation predictions (rnn export --weights writes the file)
.venv/bin/python train.py                                   # model.fit; a run under runs/, and weights.safetensors for rnn import
\`\`\`
${sweep}
\`\`\`python
from keras_model import build_model, load_engine_weights
model = build_model(spec)                       # spec = json.load(open("spec.json"))
load_engine_weights(model, spec, "weights.safetensors")
\`\`\`

RNN Studio trains with TensorFlow.js, whose layers are Keras's: LSTM, SimpleRNN and GRU (\`reset_after=False\`,
the reset gate applied before the recurrent product) hold the same weights in the same layout. Gate subsets,
coupled gates and peepholes run on \`EngineCell\`, a Keras cell written out in \`keras_model.py\`. The data
(\`rnn_data.py\`) is built as RNN Studio builds it: the same windows, split, normalisation and vocabulary.
An \`embedding\` is Keras's \`Embedding\`; the output is a \`Dense\` of \`horizon\` × units after the last step, or at
every step. Labelled sequences (\`sequences\`, \`text_folder\`) are padded: the model then takes two inputs, the
steps and their mask (\`model_inputs(spec, data, part)\` in \`keras_model.py\` builds both), and every recurrent
layer honours the mask as RNN Studio's do (a masked step keeps the state).

## Limits

- \`train.py\` is plain \`model.fit\`: its shuffles, initial weights and dropout masks are Keras's, and its
  clipping by value is Keras's. It writes its run in RNN Studio's run format under \`runs/\`, where each batch's
  loss is Keras's running mean of the epoch so far; bring its weights back with \`rnn import\`.
- Keras's \`hard_sigmoid\` has another slope than RNN Studio's; \`keras_model.py\` uses RNN Studio's.
- Gate variants (EngineCell) drop their inputs with one mask per sequence (SpatialDropout1D), shared by both
  directions of a bidirectional layer.
`;
}
