// The exported project's keras_model.py, verbatim (Python source; the export writes it as it is).
export const KerasModelPy = String.raw`"""The spec's network in Keras 3, with RNN Studio's semantics and weight layout.

RNN Studio's engine is TensorFlow.js, whose layers are Keras's: LSTM, SimpleRNN
and GRU with reset_after=False (the reset gate applied before the recurrent
product) hold the same weights in the same layout. Gate subsets, coupled gates
and peepholes run on EngineCell below, whose weights keep the engine's layout:
a kernel [inputs, blocks*units], a recurrent kernel [units, blocks*units], one
bias [blocks*units] (blocks: lstm input, forget, candidate, output; gru update,
reset, candidate; a missing gate leaves its block out) and the peepholes.

An embedding of token ids comes first when the spec has one; the output is a
Dense of horizon x units values after the last step, or of units at every step.
Padded sequences (sequences and text_folder data) take their step mask as a
second input, which every recurrent layer honours: a masked step keeps the
state and outputs it again, as in RNN Studio."""
import numpy as np
import keras
from keras import ops

CELL_GATES = {"lstm": ["input", "forget", "output"], "gru": ["update", "reset"], "rnn": []}


def activation(name):
    if name == "hard_sigmoid":
        # The engine's (and Keras 2's) hard sigmoid: clip(0.2x + 0.5, 0, 1); Keras 3's has slope 1/6.
        return lambda x: ops.clip(0.2 * x + 0.5, 0.0, 1.0)
    return keras.activations.get(name)


def computed_gates(hidden):
    gates = [g for g in CELL_GATES[hidden["cell"]] if g in hidden["gates"]]
    return [g for g in gates if not (hidden.get("coupled") and g == "input")]


def weight_blocks(hidden):
    order = {"lstm": ["input", "forget", "candidate", "output"], "gru": ["update", "reset", "candidate"], "rnn": ["candidate"]}[hidden["cell"]]
    gates = computed_gates(hidden)
    return [b for b in order if b == "candidate" or b in gates]


def is_standard(hidden):
    """Keras's own layers compute the engine's cell: every gate, not coupled, no peepholes."""
    return set(hidden["gates"]) == set(CELL_GATES[hidden["cell"]]) and not hidden["coupled"] and not hidden["peepholes"]


@keras.saving.register_keras_serializable(package="rnn_studio")
class EngineCell(keras.layers.Layer):
    """One step of an LSTM or GRU variant, as RNN Studio's gated cell computes it."""

    def __init__(self, hidden, units, **kwargs):
        super().__init__(**kwargs)
        self.hidden, self.units = hidden, units
        self.cell = hidden["cell"]
        self.blocks, self.gates = weight_blocks(hidden), computed_gates(hidden)
        self.activate, self.gate_activate = activation(hidden["activation"]), activation(hidden["gate_activation"])
        self.state_size = [units, units] if self.cell == "lstm" else units
        self.output_size = units

    def build(self, input_shape):
        width = len(self.blocks) * self.units
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], width), initializer="glorot_uniform")
        self.recurrent_kernel = self.add_weight(name="recurrent_kernel", shape=(self.units, width), initializer="orthogonal")
        bias = [0.0] * width
        if self.cell == "lstm" and "forget" in self.blocks:
            k = self.blocks.index("forget")
            bias[k * self.units:(k + 1) * self.units] = [1.0] * self.units
        self.bias = self.add_weight(name="bias", shape=(width,), initializer=keras.initializers.Constant(bias))
        self.peephole = None
        if self.cell == "lstm" and self.hidden["peepholes"]:
            self.peephole = self.add_weight(name="peephole", shape=(len(self.gates) * self.units,), initializer="zeros")

    def _block(self, values, name):
        k = self.blocks.index(name)
        return values[:, k * self.units:(k + 1) * self.units]

    def _columns(self, name):
        k = self.blocks.index(name)
        return self.recurrent_kernel[:, k * self.units:(k + 1) * self.units]

    def call(self, inputs, states, training=False):
        from_input = ops.matmul(inputs, self.kernel) + self.bias
        h = states[0]
        if self.cell == "lstm":
            c_prev = states[1]
            from_state = ops.matmul(h, self.recurrent_kernel)

            def gate(name, cell_state):
                if name not in self.gates:
                    return None
                z = self._block(from_input, name) + self._block(from_state, name)
                if self.peephole is not None:
                    k = self.gates.index(name)
                    z = z + cell_state * self.peephole[k * self.units:(k + 1) * self.units]
                return self.gate_activate(z)

            forget = gate("forget", c_prev)
            if self.hidden["coupled"]:
                input_gate = 1 - forget if forget is not None else ops.zeros_like(c_prev)
            else:
                input_gate = gate("input", c_prev)
            candidate = self.activate(self._block(from_input, "candidate") + self._block(from_state, "candidate"))
            kept = forget * c_prev if forget is not None else c_prev
            c = kept + (input_gate * candidate if input_gate is not None else candidate)
            output = gate("output", c)
            h_new = output * self.activate(c) if output is not None else self.activate(c)
            return h_new, [h_new, c]

        def gru_gate(name):
            if name not in self.gates:
                return None
            return self.gate_activate(self._block(from_input, name) + ops.matmul(h, self._columns(name)))

        update, reset = gru_gate("update"), gru_gate("reset")
        state = reset * h if reset is not None else h
        candidate = self.activate(self._block(from_input, "candidate") + ops.matmul(state, self._columns("candidate")))
        h_new = update * h + (1 - update) * candidate if update is not None else candidate
        return h_new, [h_new]

    def get_config(self):
        return {**super().get_config(), "hidden": self.hidden, "units": self.units}


def recurrent_layer(hidden, units, last):
    common = dict(units=units, return_sequences=not last, activation=activation(hidden["activation"]))
    if is_standard(hidden):
        dropout = dict(dropout=hidden["dropout"], recurrent_dropout=hidden["recurrent_dropout"])
        gate = activation(hidden["gate_activation"])
        if hidden["cell"] == "lstm":
            return keras.layers.LSTM(recurrent_activation=gate, unit_forget_bias=True, **common, **dropout)
        if hidden["cell"] == "gru":
            return keras.layers.GRU(recurrent_activation=gate, reset_after=False, **common, **dropout)
        return keras.layers.SimpleRNN(**common, **dropout)
    return keras.layers.RNN(EngineCell(hidden, units), return_sequences=not last)


def takes_mask(spec):
    """Labelled sequences are padded: the model takes their step mask beside the steps."""
    return spec["data"]["fn"] in ("sequences", "text_folder")


def model_inputs(spec, data, part):
    """What the model takes for the windows of a part: the steps, and the step mask for padded sequences."""
    x, _ = data.part(part)
    if not takes_mask(spec):
        return x
    mask = data.part_mask(part)
    return [x, np.ones(x.shape[:2], dtype=bool) if mask is None else mask > 0]


def build_model(spec):
    hidden, timesteps = spec["hidden"], spec["input"]["timesteps"]
    embedding = spec.get("embedding")
    every_step = spec["output"].get("at", "last") == "every_step"
    steps = keras.Input((timesteps,) if embedding else (timesteps, spec["input"]["features"]), name="steps")
    inputs, x, mask = [steps], steps, None
    if takes_mask(spec):
        mask = keras.Input((timesteps,), dtype="bool", name="mask")
        inputs.append(mask)
    if embedding:
        # RNN Studio's (and Keras's default) initialiser: uniform in +-0.05.
        x = keras.layers.Embedding(spec["input"]["features"], embedding["dim"], name="embedding",
                                   embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05))(x)
    for i, units in enumerate(hidden["units"]):
        if not is_standard(hidden) and hidden["dropout"] > 0:
            # Input dropout as the engine draws it for its gated cell: one mask per sequence, the same at every step.
            x = keras.layers.SpatialDropout1D(hidden["dropout"])(x)
        layer = recurrent_layer(hidden, units, i == len(hidden["units"]) - 1 and not every_step)
        layer = keras.layers.Bidirectional(layer, merge_mode="concat") if hidden["bidirectional"] else layer
        x = layer(x, mask=mask) if mask is not None else layer(x)
    units = spec["output"]["units"] * (spec["output"].get("horizon") or 1)
    x = keras.layers.Dense(units, activation=activation(spec["output"]["activation"]))(x)
    return keras.Model(inputs if len(inputs) > 1 else steps, x, name=spec["name"])


RECURRENT_LAYERS = (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN, keras.layers.RNN, keras.layers.Bidirectional)


def _recurrent(model):
    return [layer for layer in model.layers if isinstance(layer, RECURRENT_LAYERS)]


def _embedding(model):
    return next((layer for layer in model.layers if isinstance(layer, keras.layers.Embedding)), None)


def load_engine_weights(model, spec, path):
    """Weights by exchange name in the engine's layout (rnn export --weights writes them), from safetensors."""
    from safetensors.numpy import load_file

    state = load_file(path)
    parts = ["kernel", "recurrent_kernel", "bias"] + (["peephole"] if spec["hidden"]["peepholes"] and spec["hidden"]["cell"] == "lstm" and not is_standard(spec["hidden"]) else [])
    directions = ["forward", "backward"] if spec["hidden"]["bidirectional"] else ["forward"]
    recurrent = _recurrent(model)
    used = set()
    embedding = _embedding(model)
    if embedding is not None:
        if "embedding.embeddings" not in state:
            raise ValueError("the weights file has no embedding.embeddings, which this model needs")
        embedding.set_weights([state["embedding.embeddings"]])
        used.add("embedding.embeddings")
    for i, layer in enumerate(recurrent):
        names = [f"hidden.{i}.{d}.{p}" for d in directions for p in parts]
        missing = [n for n in names if n not in state]
        if missing:
            raise ValueError(f"the weights file has no {', '.join(missing)}, which this model needs")
        layer.set_weights([state[n] for n in names])
        used.update(names)
    model.layers[-1].set_weights([state["output.kernel"], state["output.bias"]])
    unexpected = sorted(set(state) - used - {"output.kernel", "output.bias"})
    if unexpected:
        raise ValueError(f"the weights file has {', '.join(unexpected)}, which this model does not have")


def save_engine_weights(model, spec, path):
    """The model's weights by exchange name (what rnn import reads), as safetensors."""
    from safetensors.numpy import save_file

    parts = ["kernel", "recurrent_kernel", "bias"] + (["peephole"] if spec["hidden"]["peepholes"] and spec["hidden"]["cell"] == "lstm" and not is_standard(spec["hidden"]) else [])
    directions = ["forward", "backward"] if spec["hidden"]["bidirectional"] else ["forward"]
    recurrent = _recurrent(model)
    state = {}
    embedding = _embedding(model)
    if embedding is not None:
        state["embedding.embeddings"] = embedding.get_weights()[0]
    for i, layer in enumerate(recurrent):
        names = [f"hidden.{i}.{d}.{p}" for d in directions for p in parts]
        state.update(zip(names, layer.get_weights()))
    state["output.kernel"], state["output.bias"] = model.layers[-1].get_weights()
    save_file({k: v.astype("float32") for k, v in state.items()}, path, metadata={"format": "rnn-studio-weights", "layout": "engine", "model": spec["name"]})
`;
