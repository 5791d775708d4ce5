// The exported project's train.py, verbatim (Python source; the export writes it as it is).
export const TrainPy = String.raw`"""Trains the exported model as RNN Studio would, and writes the run in its run format under runs/.

    python train.py                                 # one process
    torchrun --nproc_per_node 4 train.py            # DistributedDataParallel (gloo on CPU, nccl on GPU)
    python train.py --ray --workers 4               # a Ray Train job (RAY_ADDRESS names an existing cluster)
    python train.py --ray-tune                      # a spec with a sweep: its trials as Ray Tune trials

batch_size in the spec is the global batch: with N workers each takes batch_size / N.
A spec with a sweep (sweep.json) trains every trial, one after the other, unless --trial picks one
or --ray-tune hands them to Ray Tune; each trial is a run of its own, marked as a trial of one sweep."""
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
from rnn_runs import RunWriter, chosen_trials, load_trials, new_sweep_id, sweep_field  # noqa: E402
from rnn_training import (EngineOrderSampler, all_reduce_sum, clip_gradients, loss_function,  # noqa: E402
                          make_optimizer, task_metric)

WEIGHTS_FILE = "weights.safetensors"
# Ray's own records stay out of the runs folder, which holds RNN Studio runs only.
RAY_STORAGE = os.path.join(HERE, "ray_results")


def load_spec():
    with open(os.path.join(HERE, "spec.json"), encoding="utf-8") as file:
        spec = json.load(file)
    with open(os.path.join(HERE, "model.rnn"), encoding="utf-8") as file:
        source = file.read()
    return spec, source


def trial_options(options, trials):
    """The options of each trial to train: the one --trial names, or all of them; [options] without a sweep."""
    chosen = chosen_trials(trials, options.get("trial"))
    if not chosen:
        return [options]
    sweep_id = options.get("sweep_id") or new_sweep_id(load_spec()[0]["name"])
    return [dict(options, trial=trial["trial"], sweep_id=sweep_id) for trial in chosen]


def trial_spec(spec, options):
    """The spec a run trains and the sweep it belongs to (None outside a sweep)."""
    if not options.get("trial"):
        return spec, None
    trials = load_trials(HERE)
    trial = next(t for t in trials if t["trial"] == options["trial"])
    return trial["spec"], sweep_field(trial, trials, options["sweep_id"])


def load_weights(model, path):
    """Weights by exchange name in the engine's layout (rnn export --weights writes them): safetensors runs no code."""
    model.load_engine_state(load_file(path))


def save_weights(model, path, spec):
    state = {name: value.cpu() for name, value in model.engine_state().items()}
    save_file(state, path, metadata={"format": "rnn-studio-weights", "layout": "engine", "model": spec["name"]})


def tensors(data, part, indices, device):
    """x, y and the step mask (None without padding) of windows of a part, on the device."""
    x, y = data.batch(part, indices)
    mask = data.mask(part, indices)
    return (torch.from_numpy(np.asarray(x)).to(device), torch.from_numpy(np.asarray(y)).to(device),
            None if mask is None else torch.from_numpy(mask).to(device))


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
            x, y, mask = tensors(data, "validation", indices, device)
            predicted = model(x, mask)
            loss_sum += float(loss(y, predicted)) * len(indices)
            metric_sum += float(metric(y, predicted)) * len(indices)
    return loss_sum / size, metric_sum / size


def train(options):
    spec, source = load_spec()
    spec, sweep = trial_spec(spec, options)
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
        writer = RunWriter(options["runs_dir"], spec, source, seed, backend, sweep)
        writer.record_data(data)
        writer.emit({"type": "start", "model": spec["name"], "runDir": writer.dir, "backend": backend, "seed": seed,
                     "epochs": epochs, "stepsPerEpoch": sampler.steps, "trainSamples": data.split["train"],
                     "validationSamples": data.split["validation"], "task": data.task, "metric": metric_name,
                     "layers": spec["layers"], "totalParams": spec["totalParams"]})
        if sweep:
            values = ", ".join(f"{k} {json.dumps(v)}" for k, v in sweep["params"].items())
            print(f"trial {sweep['trial']} of {sweep['trials']}: {values}", flush=True)
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
                x, y, mask = tensors(data, "train", mine or whole[:1], device)
                predicted = network(x, mask)
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
    try:
        # A sweep's trials one after the other, each a job of all the workers.
        for trial in trial_options(options, load_trials(HERE)):
            trainer = TorchTrainer(
                lambda config: train(config),
                train_loop_config=trial,
                scaling_config=ScalingConfig(num_workers=options["workers"], use_gpu=torch.cuda.is_available()),
                run_config=RunConfig(storage_path=RAY_STORAGE, name="rnn-studio"),
            )
            trainer.fit()
    finally:
        ray.shutdown()


def train_with_ray_tune(options):
    """Every trial of the sweep as a Ray Tune trial (a grid over the trial numbers), --max-concurrent at a time,
    each with --cpus-per-trial CPUs (and a GPU with --gpus-per-trial); each writes its RNN Studio run."""
    import ray
    from ray import tune

    trials = load_trials(HERE)
    if not trials:
        raise ValueError("--ray-tune runs the trials of a sweep: this model has no sweep block")
    chosen = trial_options(options, trials)
    sweep_id = chosen[0]["sweep_id"]
    ray.init(address=os.environ.get("RAY_ADDRESS") or None, include_dashboard=False, log_to_driver=True)

    def run_trial(config):
        torch.set_num_threads(max(1, int(options["cpus_per_trial"])))
        run_dir = train(dict(options, trial=config["trial"], sweep_id=sweep_id))
        with open(os.path.join(run_dir, "summary.json"), encoding="utf-8") as file:
            summary = json.load(file)
        tune.report({**{k: v for k, v in summary["final"].items() if v is not None}, "trial": config["trial"], "run": run_dir})

    resources = {"cpu": options["cpus_per_trial"], "gpu": options["gpus_per_trial"]}
    tuner = tune.Tuner(
        tune.with_resources(run_trial, resources),
        param_space={"trial": tune.grid_search([trial["trial"] for trial in chosen])},
        tune_config=tune.TuneConfig(max_concurrent_trials=options["max_concurrent"] or None),
        run_config=tune.RunConfig(storage_path=RAY_STORAGE, name=sweep_id),
    )
    try:
        results = tuner.fit()
    finally:
        ray.shutdown()
    failed = [result for result in results if result.error is not None]
    for result in failed:
        print(f"trial {result.config['trial']} failed: {result.error}", file=sys.stderr)
    print(f"sweep {sweep_id}: {len(chosen) - len(failed)} of {len(chosen)} trials trained", flush=True)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(chosen)} trials failed")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, help="override train.epochs")
    parser.add_argument("--seed", type=int, help="override train.seed")
    parser.add_argument("--runs-dir", default="runs", help="where runs are written (default: runs)")
    parser.add_argument("--weights", help="start from these weights (.safetensors, engine layout)")
    parser.add_argument("--ray", action="store_true", help="run as a Ray Train job")
    parser.add_argument("--workers", type=int, default=2, help="Ray Train workers (with --ray)")
    parser.add_argument("--trial", type=int, help="a sweep: train only this trial (from 1)")
    parser.add_argument("--ray-tune", action="store_true", help="a sweep: run its trials with Ray Tune")
    parser.add_argument("--max-concurrent", type=int, default=0, help="Ray Tune trials at a time (default: as the CPUs allow)")
    parser.add_argument("--cpus-per-trial", type=float, default=1, help="CPUs Ray Tune gives each trial (default 1)")
    parser.add_argument("--gpus-per-trial", type=float, default=0, help="GPUs Ray Tune gives each trial (default 0)")
    args = parser.parse_args()
    if args.ray and args.ray_tune:
        parser.error("--ray and --ray-tune: choose one")
    options = {"epochs": args.epochs, "seed": args.seed, "runs_dir": os.path.abspath(args.runs_dir),
               "weights": os.path.abspath(args.weights) if args.weights else None, "workers": args.workers,
               "trial": args.trial, "max_concurrent": args.max_concurrent, "cpus_per_trial": args.cpus_per_trial,
               "gpus_per_trial": args.gpus_per_trial}
    try:
        if args.ray:
            train_with_ray(options)
        elif args.ray_tune:
            train_with_ray_tune(options)
        else:
            for trial in trial_options(options, load_trials(HERE)):
                train(trial)
    except (FloatingPointError, ValueError, OSError, RuntimeError) as error:
        # Bad data, a diverged loss: the run folder already says so; one line here, no traceback.
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
