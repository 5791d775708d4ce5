// The exported project's train.py, verbatim (Python source; the export writes it as it is).
export const TrainPy = String.raw`"""Trains the exported model as RNN Studio would, and writes the run in its run format under runs/.

    python train.py                                 # one process
    torchrun --nproc_per_node 4 train.py            # DistributedDataParallel (gloo on CPU, nccl on GPU)
    python train.py --ray --workers 4               # a Ray Train job (RAY_ADDRESS names an existing cluster)

batch_size in the spec is the global batch: with N workers each takes batch_size / N."""
import argparse
import copy
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from rnn_data import load_dataset  # noqa: E402
from rnn_model import RecurrentModel  # noqa: E402
from rnn_runs import RunWriter  # noqa: E402
from rnn_training import (EngineOrderSampler, all_reduce_sum, clip_gradients, loss_function,  # noqa: E402
                          make_optimizer, task_metric)

WEIGHTS_FILE = "weights.safetensors"


def load_spec():
    with open(os.path.join(HERE, "spec.json"), encoding="utf-8") as file:
        spec = json.load(file)
    with open(os.path.join(HERE, "model.rnn"), encoding="utf-8") as file:
        source = file.read()
    return spec, source


def load_weights(model, path):
    """Weights by exchange name in the engine's layout (rnn export --weights writes them): safetensors runs no code."""
    model.load_engine_state(load_file(path))


def save_weights(model, path, spec):
    state = {name: value.cpu() for name, value in model.engine_state().items()}
    save_file(state, path, metadata={"format": "rnn-studio-weights", "layout": "engine", "model": spec["name"]})


def tensors(batch, device, kind):
    x, y = batch
    return torch.from_numpy(np.asarray(x)).to(device), torch.from_numpy(np.asarray(y)).to(device)


def distributed_setup():
    """(rank, world, device): torchrun's and Ray Train's workers share a process group; one process has none."""
    if int(os.environ.get("WORLD_SIZE", "1")) > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    if dist.is_available() and dist.is_initialized():
        rank, world = dist.get_rank(), dist.get_world_size()
    else:
        rank, world = 0, 1
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    return rank, world, device


def evaluate(model, data, loss, metric, batch_size, device):
    """Loss and metric over the validation part without dropout, in batches of max(batch_size, 256)."""
    model.eval()
    size = data.split["validation"]
    loss_sum = metric_sum = 0.0
    with torch.no_grad():
        for start in range(0, size, batch_size):
            indices = list(range(start, min(size, start + batch_size)))
            x, y = tensors(data.batch("validation", indices), device, data.targets)
            predicted = model(x)
            loss_sum += float(loss(y, predicted)) * len(indices)
            metric_sum += float(metric(y, predicted)) * len(indices)
    return loss_sum / size, metric_sum / size


def train(options):
    spec, source = load_spec()
    rank, world, device = distributed_setup()
    seed = options.get("seed")
    if seed is None:
        seed = spec["train"].get("seed")
    if seed is None:
        seed = random.randrange(1_000_000)
        if world > 1:
            seed = int(all_reduce_sum(seed if rank == 0 else 0, world))
    epochs = options.get("epochs") or spec["train"]["epochs"]
    batch_size = spec["train"]["batch_size"]
    if batch_size % world != 0 and rank == 0:
        print(f"note: batch_size {batch_size} does not divide among {world} workers; shares differ by one", file=sys.stderr)

    data = load_dataset(spec, seed, HERE)
    torch.manual_seed(seed)
    model = RecurrentModel(spec).to(device)
    if options.get("weights"):
        load_weights(model, options["weights"])
    torch.manual_seed(seed + 1 + rank)  # each worker its own dropout masks
    network = model
    if world > 1:
        network = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(spec["optimizer"], params)
    loss = loss_function(spec["loss"], data.targets)
    metric_name, metric = task_metric(data.task, spec["loss"], data.targets)
    clip = {"clipnorm": spec["optimizer"]["args"].get("clipnorm"), "clipvalue": spec["optimizer"]["args"].get("clipvalue")}
    sampler = EngineOrderSampler(data.split["train"], batch_size, spec["train"]["shuffle"], seed, world, rank)
    patience = spec["train"]["early_stopping"]

    writer = None
    if rank == 0:
        backend = f"pytorch-{device.type}" + (f"-ddp{world}" if world > 1 else "")
        writer = RunWriter(options["runs_dir"], spec, source, seed, backend)
        summary_data = {"task": data.task, "features": data.features, "outputs": data.outputs, "timesteps": data.timesteps, "split": data.split}
        if data.vocabulary is not None:
            summary_data["vocabulary"] = data.vocabulary
        writer.update(data=summary_data, **({"normalization": data.normalization} if data.normalization else {}))
        writer.emit({"type": "start", "model": spec["name"], "runDir": writer.dir, "backend": backend, "seed": seed,
                     "epochs": epochs, "stepsPerEpoch": sampler.steps, "trainSamples": data.split["train"],
                     "validationSamples": data.split["validation"], "task": data.task, "metric": metric_name,
                     "layers": spec["layers"], "totalParams": spec["totalParams"]})
        print(f"run: {writer.dir}", flush=True)

    step, final, status, reason = 0, {}, "completed", None
    best, best_epoch, since_best, best_state = float("inf"), 0, 0, None
    epochs_done, weights_epoch = 0, 0
    try:
        for epoch in range(1, epochs + 1):
            started = time.time()
            sampler.set_epoch(epoch)
            loss_sum = metric_sum = 0.0
            seen = 0
            network.train()
            for b, (whole, mine) in enumerate(sampler.batches()):
                optimizer.zero_grad()
                # A worker without a share (a last batch smaller than the workers) still takes part in DDP's
                # forward and gradient exchange, on one window that weighs nothing.
                x, y = tensors(data.batch("train", mine or whole[:1]), device, data.targets)
                predicted = network(x)
                local_loss, local_metric = loss(y, predicted), metric(y, predicted)
                # DDP averages gradients over workers: weigh each share so that the result is the whole batch's mean.
                (local_loss * (len(mine) * world / len(whole))).backward()
                loss_part, metric_part = float(local_loss.detach()) * len(mine), float(local_metric.detach()) * len(mine)
                clip_gradients(params, **clip)
                optimizer.step()
                batch_loss = all_reduce_sum(loss_part, world) / len(whole)
                batch_metric = all_reduce_sum(metric_part, world) / len(whole)
                step += 1
                if not np.isfinite(batch_loss):
                    raise FloatingPointError(f"the loss became {batch_loss} at epoch {epoch}, batch {b + 1}")
                loss_sum += batch_loss * len(whole)
                metric_sum += batch_metric * len(whole)
                seen += len(whole)
                if writer:
                    writer.emit({"type": "batch", "epoch": epoch, "batch": b + 1, "step": step, "loss": batch_loss})
                    writer.heartbeat()
            metrics = {metric_name: metric_sum / seen}
            final = {"loss": loss_sum / seen}
            if data.split["validation"] > 0:
                val_loss, val_metric = evaluate(model, data, loss, metric, max(batch_size, 256), device)
                final["val_loss"] = val_loss
                metrics[f"val_{metric_name}"] = val_metric
            final.update(metrics)
            epochs_done = weights_epoch = epoch
            seconds = time.time() - started
            if writer:
                event = {"type": "epoch", "epoch": epoch, "step": step, "loss": final["loss"], "metrics": metrics,
                         "seconds": seconds, "eta": seconds * (epochs - epoch)}
                if "val_loss" in final:
                    event["val_loss"] = final["val_loss"]
                writer.emit(event)
            if patience > 0:
                monitored = final.get("val_loss", final["loss"])
                if monitored < best:
                    best, best_epoch, since_best = monitored, epoch, 0
                    best_state = copy.deepcopy(model.state_dict())
                else:
                    since_best += 1
                if since_best >= patience:
                    status = "early_stopped"
                    what = "validation loss" if "val_loss" in final else "loss"
                    reason = f"the {what} did not improve for {patience} epochs; kept the best epoch, {best_epoch} ({what} {best:.4g})"
            if writer:
                save_weights(model, os.path.join(writer.dir, WEIGHTS_FILE), spec)
                writer.update(epochs=epochs_done, final=final, weightsEpoch=weights_epoch)
            if status == "early_stopped":
                break
        if best_state is not None:
            model.load_state_dict(best_state)
            weights_epoch = best_epoch
    except KeyboardInterrupt:
        status, reason = "cancelled", f"cancelled during epoch {epochs_done + 1}"
    except Exception as error:  # the run records why it failed, then the error goes on
        status, reason = "failed", str(error)
        if writer:
            writer.emit({"type": "error", "message": reason, "code": "nan-loss" if isinstance(error, FloatingPointError) else "internal"})
        raise
    finally:
        if writer:
            if status != "failed" and epochs_done > 0:
                save_weights(model, os.path.join(writer.dir, WEIGHTS_FILE), spec)
            end = {"type": "end", "status": status, "epochs": epochs_done, "seconds": writer.elapsed(), "final": final}
            if reason:
                end["reason"] = reason
            writer.emit(end)
            fields = {"status": status, "epochs": epochs_done, "final": final}
            if reason:
                fields["reason"] = reason
            if epochs_done > 0:
                fields["weightsEpoch"] = weights_epoch
            writer.update(**fields)
            print(f"{status}: {epochs_done} epochs, " + ", ".join(f"{k} {v:.4g}" for k, v in final.items()), flush=True)
    return writer.dir if writer else None


def train_with_ray(options):
    """The same training as a Ray Train job: one TorchTrainer worker per process, Ray sets up the process group."""
    import ray
    from ray.train import RunConfig, ScalingConfig
    from ray.train.torch import TorchTrainer

    ray.init(address=os.environ.get("RAY_ADDRESS") or None, include_dashboard=False, log_to_driver=True)
    # Ray's own records stay out of the runs folder, which holds RNN Studio runs only.
    storage = os.path.join(HERE, "ray_results")
    trainer = TorchTrainer(
        lambda config: train(config),
        train_loop_config=options,
        scaling_config=ScalingConfig(num_workers=options["workers"], use_gpu=torch.cuda.is_available()),
        run_config=RunConfig(storage_path=storage, name="rnn-studio"),
    )
    try:
        trainer.fit()
    finally:
        ray.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, help="override train.epochs")
    parser.add_argument("--seed", type=int, help="override train.seed")
    parser.add_argument("--runs-dir", default="runs", help="where runs are written (default: runs)")
    parser.add_argument("--weights", help="start from these weights (.safetensors, engine layout)")
    parser.add_argument("--ray", action="store_true", help="run as a Ray Train job")
    parser.add_argument("--workers", type=int, default=2, help="Ray Train workers (with --ray)")
    args = parser.parse_args()
    options = {"epochs": args.epochs, "seed": args.seed, "runs_dir": os.path.abspath(args.runs_dir),
               "weights": os.path.abspath(args.weights) if args.weights else None, "workers": args.workers}
    if args.ray:
        train_with_ray(options)
        return
    try:
        train(options)
    except (FloatingPointError, ValueError, OSError) as error:
        # Bad data, a diverged loss: the run folder already says so; one line here, no traceback.
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
