// The exported project's rnn_training.py, verbatim (Python source; the export writes it as it is).
export const RnnTrainingPy = String.raw`"""The engine's training semantics in PyTorch: its losses and metrics, its
optimizers (with clipping done by the loop, by value then by global norm), its
shuffle order, early stopping that keeps the best epoch, and data-parallel
training where batch_size is the global batch."""
import math

import torch
import torch.distributed as dist
from torch.utils.data.distributed import DistributedSampler

from rnn_data import Mulberry32

EPSILON = 1e-7


def one_hot(target, predicted, kind):
    if kind == "sparse":
        return torch.nn.functional.one_hot(target.long(), predicted.shape[-1]).to(predicted.dtype)
    return target


def loss_function(name, kind):
    if name == "mse":
        return lambda y, p: torch.mean((y - p) ** 2)
    if name == "mae":
        return lambda y, p: torch.mean(torch.abs(y - p))
    if name == "huber":
        def huber(y, p):
            error = torch.abs(y - p)
            quadratic = torch.clamp(error, max=1.0)
            return torch.mean(0.5 * quadratic ** 2 + (error - quadratic))
        return huber
    if name == "binary_crossentropy":
        def binary(y, p):
            clipped = torch.clamp(p, EPSILON, 1 - EPSILON)
            return -torch.mean(y * torch.log(clipped) + (1 - y) * torch.log(1 - clipped))
        return binary
    if name in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        def cross_entropy(y, p):
            clipped = torch.clamp(p, EPSILON, 1 - EPSILON)
            return -torch.mean(torch.sum(one_hot(y, p, kind) * torch.log(clipped), dim=-1))
        return cross_entropy
    raise ValueError(f"loss {name!r} is not supported by this export")


def task_metric(task, loss, kind):
    """mae for regression, accuracy for classification (binary: threshold 0.5, else argmax)."""
    if task == "regression":
        return "mae", lambda y, p: torch.mean(torch.abs(y - p))
    if loss == "binary_crossentropy":
        return "accuracy", lambda y, p: torch.mean(((p > 0.5) == (y > 0.5)).float())
    def accuracy(y, p):
        truth = y.long() if kind == "sparse" else torch.argmax(y, dim=-1)
        return torch.mean((torch.argmax(p, dim=-1) == truth).float())
    return "accuracy", accuracy


class EngineRMSprop(torch.optim.Optimizer):
    """tfjs's RMSProp: epsilon inside the square root, momentum on the scaled step (torch.optim.RMSprop differs)."""

    def __init__(self, params, lr, rho, momentum, epsilon):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, epsilon=epsilon))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["mean_square"] = torch.zeros_like(p)
                    state["moment"] = torch.zeros_like(p)
                ms, moment = state["mean_square"], state["moment"]
                ms.mul_(group["rho"]).addcmul_(p.grad, p.grad, value=1 - group["rho"])
                moment.mul_(group["momentum"]).add_(group["lr"] * p.grad / torch.sqrt(ms + group["epsilon"]))
                p.sub_(moment)


def make_optimizer(spec, params):
    fn, a = spec["fn"], spec["args"]
    if fn == "sgd":
        return torch.optim.SGD(params, lr=a["lr"], momentum=a.get("momentum", 0), nesterov=bool(a.get("nesterov")) and a.get("momentum", 0) > 0)
    if fn == "adam":
        return torch.optim.Adam(params, lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["epsilon"])
    if fn == "rmsprop":
        return EngineRMSprop(params, a["lr"], a["rho"], a["momentum"], a["epsilon"])
    if fn == "adagrad":
        # tfjs starts the accumulator at 0.1.
        return torch.optim.Adagrad(params, lr=a["lr"], initial_accumulator_value=0.1, eps=EPSILON)
    if fn == "adadelta":
        return torch.optim.Adadelta(params, lr=a["lr"], rho=a["rho"], eps=a["epsilon"])
    if fn == "adamax":
        return torch.optim.Adamax(params, lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["epsilon"])
    raise ValueError(f"optimizer {fn!r} is not supported by this export")


@torch.no_grad()
def clip_gradients(params, clipnorm=None, clipvalue=None):
    """By value first, then by global norm: scale = clipnorm / max(norm, clipnorm), as the engine's loop does."""
    grads = [p.grad for p in params if p.grad is not None]
    if clipvalue is not None:
        for g in grads:
            g.clamp_(-clipvalue, clipvalue)
    if clipnorm is not None and grads:
        norm = torch.sqrt(sum(torch.sum(g * g) for g in grads))
        scale = clipnorm / torch.clamp(norm, min=clipnorm)
        for g in grads:
            g.mul_(scale)


class EngineOrderSampler(DistributedSampler):
    """The engine's batches (its seeded shuffle, cumulative across epochs), each global batch
    cut into one near-equal share per worker: with N workers each takes batch_size / N."""

    def __init__(self, size, batch_size, shuffle, seed, num_replicas=1, rank=0):
        super().__init__(range(size), num_replicas=num_replicas, rank=rank, shuffle=False, seed=seed)
        self.size, self.batch_size, self.shuffle_windows = size, batch_size, shuffle
        self.order = list(range(size))
        self.random = Mulberry32(seed + 1)
        self.steps = math.ceil(size / batch_size)

    def batches(self):
        """(global batch, this worker's share) for the next epoch."""
        if self.shuffle_windows:
            self.random.shuffle(self.order)
        for b in range(self.steps):
            whole = self.order[b * self.batch_size:(b + 1) * self.batch_size]
            share = math.ceil(len(whole) / self.num_replicas)
            yield whole, whole[self.rank * share:(self.rank + 1) * share]


def all_reduce_sum(value, world):
    if world == 1:
        return value
    tensor = torch.tensor([float(value)], dtype=torch.float64)
    dist.all_reduce(tensor)
    return float(tensor.item())
`;
