// The exported project's rnn_model.py, verbatim (Python source; the export writes it as it is).
export const RnnModelPy = String.raw`"""The spec's network in PyTorch, with the engine's semantics and weight layout.

Standard layers (torch.nn.LSTM and torch.nn.RNN) run where PyTorch computes
exactly what the engine does; everything else (every GRU, since the engine
applies the reset gate before the recurrent product as Keras's
reset_after=False does, gate subsets, coupled gates, peepholes, other
activations, recurrent dropout) runs on EngineCell, a step loop written out
below. Weights are kept and exchanged in the engine's layout: a kernel
[inputs, blocks*units], a recurrent kernel [units, blocks*units] and one bias
[blocks*units], blocks in the order lstm: input, forget, candidate, output;
gru: update, reset, candidate; a missing gate leaves its block out.

Padded sequences come with a step mask: a masked step keeps the state and
outputs it again, as the engine's (and Keras's) recurrent layers do, so the
state after the last step is the state after the last real one."""
import math

import torch
from torch import nn

ACTIVATIONS = {
    "linear": lambda x: x,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "hard_sigmoid": lambda x: torch.clamp(0.2 * x + 0.5, 0.0, 1.0),
    "relu": torch.relu,
    "elu": nn.functional.elu,
    "selu": torch.selu,
    "softmax": lambda x: torch.softmax(x, dim=-1),
}

CELL_GATES = {"lstm": ["input", "forget", "output"], "gru": ["update", "reset"], "rnn": []}


def computed_gates(hidden):
    """Gates with weights of their own: the active ones, less the input gate that coupling derives."""
    gates = [g for g in CELL_GATES[hidden["cell"]] if g in hidden["gates"]]
    return [g for g in gates if not (hidden.get("coupled") and g == "input")]


def weight_blocks(hidden):
    if hidden["cell"] == "lstm":
        order = ["input", "forget", "candidate", "output"]
    elif hidden["cell"] == "gru":
        order = ["update", "reset", "candidate"]
    else:
        order = ["candidate"]
    gates = computed_gates(hidden)
    return [b for b in order if b == "candidate" or b in gates]


def uses_torch_layer(hidden):
    """torch.nn.LSTM / RNN compute the engine's cell only in these configurations."""
    if hidden["recurrent_dropout"] > 0:
        return False
    if hidden["cell"] == "lstm":
        return (set(hidden["gates"]) == set(CELL_GATES["lstm"]) and not hidden["coupled"] and not hidden["peepholes"]
                and hidden["activation"] == "tanh" and hidden["gate_activation"] == "sigmoid")
    if hidden["cell"] == "rnn":
        return hidden["activation"] in ("tanh", "relu")
    return False


def glorot_uniform_(tensor):
    fan_in, fan_out = tensor.shape
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        return tensor.uniform_(-limit, limit)


class Direction(nn.Module):
    """One direction of one recurrent layer, its weights in the engine's layout (see the module's doc)."""

    def __init__(self, hidden, inputs, units):
        super().__init__()
        self.cell, self.units = hidden["cell"], units
        self.blocks = weight_blocks(hidden)
        self.gates = computed_gates(hidden)
        self.coupled, self.peepholes = bool(hidden.get("coupled")), bool(hidden.get("peepholes"))
        self.activation = ACTIVATIONS[hidden["activation"]]
        self.gate_activation = ACTIVATIONS[hidden["gate_activation"]]
        self.recurrent_dropout = hidden["recurrent_dropout"]
        width = len(self.blocks) * units
        self.torch_layer = None
        if uses_torch_layer(hidden):
            if self.cell == "lstm":
                self.torch_layer = nn.LSTM(inputs, units, batch_first=True)
            else:
                self.torch_layer = nn.RNN(inputs, units, nonlinearity=hidden["activation"], batch_first=True)
            # The engine has one bias per block, PyTorch two: the second stays zero and frozen,
            # so that the parameters and their updates are the engine's.
            self.torch_layer.bias_hh_l0.requires_grad_(False)
        else:
            self.kernel = nn.Parameter(torch.empty(inputs, width))
            self.recurrent_kernel = nn.Parameter(torch.empty(units, width))
            self.bias = nn.Parameter(torch.empty(width))
            self.peephole = nn.Parameter(torch.empty(len(self.gates) * units)) if self.peepholes and self.cell == "lstm" else None
        self.reset_parameters(inputs, width)

    def reset_parameters(self, inputs, width):
        """The engine's initialisers: Glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the
        LSTM forget gate's block at one (Keras's unit_forget_bias), zero peepholes."""
        kernel = glorot_uniform_(torch.empty(inputs, width))
        recurrent = torch.empty(self.units, width)
        nn.init.orthogonal_(recurrent)
        bias = torch.zeros(width)
        if self.cell == "lstm" and "forget" in self.blocks:
            k = self.blocks.index("forget")
            bias[k * self.units:(k + 1) * self.units] = 1
        peephole = torch.zeros(len(self.gates) * self.units) if self.peepholes and self.cell == "lstm" else None
        self.set_engine_weights(kernel, recurrent, bias, peephole)

    def engine_weights(self):
        """kernel, recurrent_kernel, bias (and peephole) in the engine's layout."""
        if self.torch_layer is not None:
            layer = self.torch_layer
            weights = {"kernel": layer.weight_ih_l0.T, "recurrent_kernel": layer.weight_hh_l0.T,
                       "bias": layer.bias_ih_l0 + layer.bias_hh_l0}
        else:
            weights = {"kernel": self.kernel, "recurrent_kernel": self.recurrent_kernel, "bias": self.bias}
            if self.peephole is not None:
                weights["peephole"] = self.peephole
        return {name: value.detach().contiguous() for name, value in weights.items()}

    @torch.no_grad()
    def set_engine_weights(self, kernel, recurrent_kernel, bias, peephole=None):
        if self.torch_layer is not None:
            layer = self.torch_layer
            layer.weight_ih_l0.copy_(kernel.T)
            layer.weight_hh_l0.copy_(recurrent_kernel.T)
            layer.bias_ih_l0.copy_(bias)
            layer.bias_hh_l0.zero_()
            return
        self.kernel.copy_(kernel)
        self.recurrent_kernel.copy_(recurrent_kernel)
        self.bias.copy_(bias)
        if self.peephole is not None:
            self.peephole.copy_(peephole)

    def forward(self, x, mask=None):
        """x [batch, time, inputs] -> outputs [batch, time, units] (the last one is the final state);
        mask [batch, time], 1 on real steps."""
        if self.torch_layer is not None:
            if mask is None:
                return self.torch_layer(x)[0]
            return self._masked_torch_layer(x, mask)
        batch = x.shape[0]
        h = x.new_zeros(batch, self.units)
        c = x.new_zeros(batch, self.units)
        dropout_mask = None
        if self.training and 0 < self.recurrent_dropout < 1:
            # One mask of the recurrent state for the whole sequence, as the engine draws it.
            dropout_mask = nn.functional.dropout(x.new_ones(batch, self.units), self.recurrent_dropout, True)
        # One matmul for the inputs of every step and block; blocks are column slices.
        from_input = x @ self.kernel + self.bias
        outputs = []
        for t in range(x.shape[1]):
            h_in = h * dropout_mask if dropout_mask is not None else h
            if self.cell == "lstm":
                h_new, c_new = self._lstm_step(from_input[:, t], h_in, c)
            elif self.cell == "gru":
                h_new, c_new = self._gru_step(from_input[:, t], h_in, h), c
            else:
                h_new, c_new = self.activation(from_input[:, t] + h_in @ self.recurrent_kernel), c
            if mask is not None:
                real = mask[:, t:t + 1] > 0
                h_new, c_new = torch.where(real, h_new, h), torch.where(real, c_new, c)
            h, c = h_new, c_new
            outputs.append(h)
        return torch.stack(outputs, dim=1)

    def _masked_torch_layer(self, x, mask):
        """torch.nn.LSTM / RNN one step at a time, keeping the state over masked steps."""
        batch = x.shape[0]
        h = x.new_zeros(1, batch, self.units)
        c = x.new_zeros(1, batch, self.units)
        outputs = []
        for t in range(x.shape[1]):
            if self.cell == "lstm":
                _, (h_new, c_new) = self.torch_layer(x[:, t:t + 1], (h, c))
            else:
                _, h_new = self.torch_layer(x[:, t:t + 1], h)
                c_new = c
            real = (mask[:, t] > 0)[None, :, None]
            h, c = torch.where(real, h_new, h), torch.where(real, c_new, c)
            outputs.append(h[0])
        return torch.stack(outputs, dim=1)

    def _block(self, values, name):
        k = self.blocks.index(name)
        return values[:, k * self.units:(k + 1) * self.units]

    def _lstm_step(self, x_part, h, c_prev):
        from_state = h @ self.recurrent_kernel

        def gate(name, cell_state):
            if name not in self.gates:
                return None
            z = self._block(x_part, name) + self._block(from_state, name)
            if self.peephole is not None:
                k = self.gates.index(name)
                z = z + cell_state * self.peephole[k * self.units:(k + 1) * self.units]
            return self.gate_activation(z)

        # Peepholes (Gers & Schmidhuber 2000): input and forget see c_{t-1}, output sees c_t.
        forget = gate("forget", c_prev)
        if self.coupled:
            input_gate = 1 - forget if forget is not None else torch.zeros_like(c_prev)
        else:
            input_gate = gate("input", c_prev)
        candidate = self.activation(self._block(x_part, "candidate") + self._block(from_state, "candidate"))
        kept = forget * c_prev if forget is not None else c_prev
        c = kept + (input_gate * candidate if input_gate is not None else candidate)
        output = gate("output", c)
        h_new = output * self.activation(c) if output is not None else self.activation(c)
        return h_new, c

    def _gru_step(self, x_part, h_in, h_prev):
        def gate(name):
            if name not in self.gates:
                return None
            return self.gate_activation(self._block(x_part, name) + h_in @ self._columns(name))

        update, reset = gate("update"), gate("reset")
        state = reset * h_in if reset is not None else h_in
        candidate = self.activation(self._block(x_part, "candidate") + state @ self._columns("candidate"))
        # The engine's (Keras's) convention: z weighs the old state; without it the candidate replaces it.
        return update * h_prev + (1 - update) * candidate if update is not None else candidate

    def _columns(self, name):
        k = self.blocks.index(name)
        return self.recurrent_kernel[:, k * self.units:(k + 1) * self.units]


class RecurrentLayer(nn.Module):
    """One entry of hidden.units: a direction, or two concatenated (forward, then backward)."""

    def __init__(self, hidden, inputs, units):
        super().__init__()
        self.dropout = hidden["dropout"]
        self.forward_direction = Direction(hidden, inputs, units)
        self.backward_direction = Direction(hidden, inputs, units) if hidden["bidirectional"] else None

    def _masked(self, x):
        # Input dropout as the engine does it: one mask per sequence, the same at every step.
        if not (self.training and 0 < self.dropout < 1):
            return x
        mask = nn.functional.dropout(x.new_ones(x.shape[0], 1, x.shape[2]), self.dropout, True)
        return x * mask

    def forward(self, x, mask=None):
        outputs = self.forward_direction(self._masked(x), mask)
        if self.backward_direction is None:
            return outputs
        # The backward direction reads the steps in reverse, its padding first (masked: the state stays zero).
        backward = self.backward_direction(self._masked(x).flip(1), None if mask is None else mask.flip(1)).flip(1)
        return torch.cat([outputs, backward], dim=-1)


class RecurrentModel(nn.Module):
    """An optional embedding of token ids, stacked recurrent layers, each feeding its whole sequence to the next,
    then a dense output on the last state (horizon x units values), or on every step's state."""

    def __init__(self, spec):
        super().__init__()
        hidden = spec["hidden"]
        self.bidirectional = hidden["bidirectional"]
        self.every_step = spec["output"].get("at", "last") == "every_step"
        inputs = spec["input"]["features"]
        self.embedding = None
        if spec.get("embedding") is not None:
            # Keras's (and the engine's) default initialiser: uniform in +-0.05.
            self.embedding = nn.Embedding(inputs, spec["embedding"]["dim"])
            nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
            inputs = spec["embedding"]["dim"]
        self.recurrent = nn.ModuleList()
        for units in hidden["units"]:
            self.recurrent.append(RecurrentLayer(hidden, inputs, units))
            inputs = units * (2 if hidden["bidirectional"] else 1)
        outputs = spec["output"]["units"] * (spec["output"].get("horizon") or 1)
        self.output = nn.Linear(inputs, outputs)
        with torch.no_grad():
            self.output.weight.copy_(glorot_uniform_(torch.empty(inputs, outputs)).T)
            self.output.bias.zero_()
        self.output_activation = ACTIVATIONS[spec["output"]["activation"]]

    def forward(self, x, mask=None):
        """x [batch, time, features] (token ids [batch, time] with an embedding); mask [batch, time] for padding."""
        if self.embedding is not None:
            x = self.embedding(x.long())
        for layer in self.recurrent:
            x = layer(x, mask)
        if self.every_step:
            return self.output_activation(self.output(x))
        last = x[:, -1]
        if self.bidirectional:
            # The backward direction's final state is its output at the first step.
            units = x.shape[-1] // 2
            last = torch.cat([x[:, -1, :units], x[:, 0, units:]], dim=-1)
        return self.output_activation(self.output(last))

    def directions(self):
        for i, layer in enumerate(self.recurrent):
            yield f"hidden.{i}.forward", layer.forward_direction
            if layer.backward_direction is not None:
                yield f"hidden.{i}.backward", layer.backward_direction

    def engine_state(self):
        """Every weight by its exchange name (the names of rnn export --weights and rnn import), engine layout."""
        state = {}
        if self.embedding is not None:
            state["embedding.embeddings"] = self.embedding.weight.detach().clone()
        for prefix, direction in self.directions():
            for name, value in direction.engine_weights().items():
                state[f"{prefix}.{name}"] = value
        state["output.kernel"] = self.output.weight.detach().T.contiguous()
        state["output.bias"] = self.output.bias.detach().clone()
        return state

    def load_engine_state(self, state):
        expected = self.engine_state()
        missing = sorted(set(expected) - set(state))
        unexpected = sorted(set(state) - set(expected))
        if missing or unexpected:
            raise ValueError(f"the weights do not fit this model: missing {missing}, unexpected {unexpected}")
        for name, value in expected.items():
            if tuple(state[name].shape) != tuple(value.shape):
                raise ValueError(f"weight {name}: shape {tuple(state[name].shape)}, the model needs {tuple(value.shape)}")
        for prefix, direction in self.directions():
            direction.set_engine_weights(*(state.get(f"{prefix}.{n}") for n in ("kernel", "recurrent_kernel", "bias", "peephole")))
        with torch.no_grad():
            if self.embedding is not None:
                self.embedding.weight.copy_(state["embedding.embeddings"])
            self.output.weight.copy_(state["output.kernel"].T)
            self.output.bias.copy_(state["output.bias"])
`;
