// The exported project's keras_model.py, verbatim (Python source; the export writes it as it is).
export const KerasModelPy = String.raw`"""The spec's network in Keras 3, with RNN Studio's semantics and weight layout.

RNN Studio's engine is TensorFlow.js, whose layers are Keras's: LSTM, SimpleRNN
and GRU with reset_after=False (the reset gate applied before the recurrent
product) hold the same weights in the same layout. Gate subsets, coupled gates
and peepholes run on EngineCell below, whose weights keep the engine's layout:
a kernel [inputs, blocks*units], a recurrent kernel [units, blocks*units], one
bias [blocks*units] (blocks: lstm input, forget, candidate, output; gru update,
reset, candidate; a missing gate leaves its block out) and the peepholes."""
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


def build_model(spec):
    hidden = spec["hidden"]
    layers = [keras.Input((spec["input"]["timesteps"], spec["input"]["features"]))]
    for i, units in enumerate(hidden["units"]):
        if not is_standard(hidden) and hidden["dropout"] > 0:
            # Input dropout as the engine draws it for its gated cell: one mask per sequence, the same at every step.
            layers.append(keras.layers.SpatialDropout1D(hidden["dropout"]))
        layer = recurrent_layer(hidden, units, i == len(hidden["units"]) - 1)
        layers.append(keras.layers.Bidirectional(layer, merge_mode="concat") if hidden["bidirectional"] else layer)
    layers.append(keras.layers.Dense(spec["output"]["units"], activation=activation(spec["output"]["activation"])))
    return keras.Sequential(layers, name=spec["name"])


def load_engine_weights(model, spec, path):
    """Weights by exchange name in the engine's layout (rnn export --weights writes them), from safetensors."""
    from safetensors.numpy import load_file

    state = load_file(path)
    parts = ["kernel", "recurrent_kernel", "bias"] + (["peephole"] if spec["hidden"]["peepholes"] and spec["hidden"]["cell"] == "lstm" and not is_standard(spec["hidden"]) else [])
    directions = ["forward", "backward"] if spec["hidden"]["bidirectional"] else ["forward"]
    recurrent = [layer for layer in model.layers if not isinstance(layer, (keras.layers.Dense, keras.layers.SpatialDropout1D))]
    used = set()
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
    recurrent = [layer for layer in model.layers if not isinstance(layer, (keras.layers.Dense, keras.layers.SpatialDropout1D))]
    state = {}
    for i, layer in enumerate(recurrent):
        names = [f"hidden.{i}.{d}.{p}" for d in directions for p in parts]
        state.update(zip(names, layer.get_weights()))
    state["output.kernel"], state["output.bias"] = model.layers[-1].get_weights()
    save_file({k: v.astype("float32") for k, v in state.items()}, path, metadata={"format": "rnn-studio-weights", "layout": "engine", "model": spec["name"]})
`;
