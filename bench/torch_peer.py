#!/usr/bin/python3
"""The PyTorch peer of the benchmark: one model (--model rnn|bilstm|conv-lstm) written the way a
PyTorch user would write the course's Keras model, trained and scored on the course's synthetic
series, timed as bench/seqcast.ts times seqcast. Run by bench/run.ts with Debian's python3-torch
(`apt-get install -y python3-torch libopenblas0-pthread`; use /usr/bin/python3):

    /usr/bin/python3 bench/torch_peer.py --model bilstm --runs 5 --warmup 1 [--json]

Same models as seqcast and TensorFlow.js (the trainable parameter counts must agree):
  rnn        nn.RNN(tanh, 40, num_layers=2) -> last step -> Linear(40, 1) -> x100       (window 20)
  bilstm     nn.LSTM(32, num_layers=2, bidirectional) -> [h_fwd, h_bwd] -> Linear(64, 1) -> x100
  conv-lstm  left-pad 2 + Conv1d(1, 32, 3) + relu (Keras causal) -> nn.LSTM(64, num_layers=2)
             -> last step -> Linear(64, 1) -> x200                                       (window 30)
PyTorch's RNNs carry two bias vectors (b_ih, b_hh) where Keras has one: b_hh is zeroed and frozen,
so the trainable parameters are exactly Keras's. Initializers as Keras: Glorot-uniform kernels,
orthogonal recurrent kernels, zero biases, LSTM forget bias 1.
Training: Huber loss (delta 1), SGD momentum 0.9, batches of 32 windows drawn from a fresh random
permutation each epoch, the batch MAE computed as Keras reports it. One thread: torch.set_num_threads(1)
and OPENBLAS_NUM_THREADS=1 (PyTorch never gains from a second thread at these sizes).
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy/torch load their thread pools

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from statistics import median  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# window, learning rate and output scale of each model, as bench/models.ts
MODELS = {
    "rnn": {"window": 20, "lr": 1e-6, "scale": 100.0},
    "bilstm": {"window": 20, "lr": 2e-6, "scale": 100.0},
    "conv-lstm": {"window": 30, "lr": 1e-6, "scale": 200.0},
}
SPLIT, BATCH, MOMENTUM, SEED = 1000, 32, 0.9, 0


def synthetic_series():
    """The course's series, with the course's own numpy code (float32 time axis, RandomState(42))."""
    t = np.arange(4 * 365 + 1, dtype="float32")
    season = ((t + 0) % 365) / 365
    pattern = np.where(season < 0.4, np.cos(season * 2 * np.pi), 1 / np.exp(3 * season))
    series = 10 + 0.05 * t + 40 * pattern
    series = series + np.random.RandomState(42).randn(len(t)) * 5
    return series.astype(np.float32)


def keras_init(model):
    """Keras's initializers on a PyTorch model, in the order of its parameters: Glorot-uniform
    kernels (Linear, Conv1d: fan in C*k, fan out F*k; RNN/LSTM input kernels), orthogonal recurrent
    kernels, zero biases, LSTM forget bias 1 (gate order i, f, g, o as Keras). PyTorch's RNNs carry a
    second bias (bias_hh) where Keras has one: it is zeroed and frozen, bias_ih plays Keras's."""
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if name.startswith("bias_hh"):
                p.data.zero_()
                p.requires_grad_(False)
            elif name.startswith("bias_ih"):
                p.data.zero_()
                if isinstance(module, nn.LSTM):
                    p.data[module.hidden_size:2 * module.hidden_size] = 1.0
            elif name.startswith("weight_hh"):
                nn.init.orthogonal_(p.data)
            elif name.startswith("weight"):
                nn.init.xavier_uniform_(p.data)
            else:
                p.data.zero_()


class CourseNet(nn.Module):
    """[causal Conv1d + relu] -> a two-layer RNN/LSTM stack -> its last output -> Linear -> x scale."""

    def __init__(self, kind, units, bidirectional, filters, scale):
        super().__init__()
        self.conv = nn.Conv1d(1, filters, 3) if filters else None
        features = filters or 1
        cls = nn.LSTM if kind == "lstm" else nn.RNN
        extra = {} if kind == "lstm" else {"nonlinearity": "tanh"}
        self.rnn = cls(features, units, num_layers=2, bidirectional=bidirectional, batch_first=True, **extra)
        self.bidirectional = bidirectional
        self.dense = nn.Linear(units * (2 if bidirectional else 1), 1)
        self.scale = scale
        keras_init(self)

    def forward(self, x):  # x (B, W)
        if self.conv is not None:
            h = F.relu(self.conv(F.pad(x.unsqueeze(1), (2, 0))))  # (B, F, W), causal: 2 zeros on the left
            seq = h.transpose(1, 2)  # (B, W, F)
        else:
            seq = x.unsqueeze(2)  # (B, W, 1), the course's expand_dims
        _, state = self.rnn(seq)
        h_n = state[0] if isinstance(state, tuple) else state  # (layers * directions, B, H)
        last = torch.cat([h_n[-2], h_n[-1]], 1) if self.bidirectional else h_n[-1]
        return self.dense(last) * self.scale


def build(model_id):
    if model_id == "rnn":
        return CourseNet("rnn", 40, False, 0, 100.0)
    if model_id == "bilstm":
        return CourseNet("lstm", 32, True, 0, 100.0)
    return CourseNet("lstm", 64, False, 32, 200.0)


class RunPlan:
    """`warmup` untimed runs, then timed ones until `runs` are done or one more (as long as the mean
    so far) would pass the budget; at least one timed run. As bench/engine-cli.ts."""

    def __init__(self, warmup, runs, budget_ms):
        self.warmup, self.runs, self.budget_ms, self.seen = warmup, runs, budget_ms, 0
        self.timed, self.cpu, self._wall, self._cpu = [], [], 0.0, 0.0

    def start(self):
        self._cpu, self._wall = time.process_time(), time.perf_counter()

    def stop(self):
        wall, cpu = (time.perf_counter() - self._wall) * 1000, (time.process_time() - self._cpu) * 1000
        if self.seen >= self.warmup:
            self.timed.append(wall)
            self.cpu.append(cpu)
        self.seen += 1

    @property
    def done(self):
        n = len(self.timed)
        if n == 0:
            return False
        total = sum(self.timed)
        return n >= self.runs or total + total / n > self.budget_ms


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def blas_name():
    """The BLAS library the process has mapped (Debian's torch calls whatever libblas.so.3 points to)."""
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    if any("openblas" in p for p in libs):
        return "OpenBLAS"
    return "reference BLAS" if libs else "no BLAS mapped"


def bench(model_id, warmup, runs, budget_ms):
    cfg = MODELS[model_id]
    window = cfg["window"]
    series = torch.from_numpy(synthetic_series())
    train = series[:SPLIT]
    x_all = train.unfold(0, window, 1)[:-1].contiguous()  # (N, W): every window with a label after it
    y_all = train[window:].unsqueeze(1).contiguous()  # (N, 1)
    n = x_all.shape[0]
    idle_mb = rss_mb()

    torch.manual_seed(SEED)
    model = build(model_id)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=cfg["lr"], momentum=MOMENTUM)
    loss_fn = nn.HuberLoss(delta=1.0)
    gen = torch.Generator().manual_seed(SEED)

    def epoch():
        model.train()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for start in range(0, n, BATCH):
            idx = perm[start:start + BATCH]
            xb, yb = x_all[idx], y_all[idx]
            opt.zero_grad(set_to_none=True)
            pred = model(xb)
            loss = loss_fn(pred, yb)
            loss.backward()
            opt.step()
            with torch.no_grad():
                (pred - yb).abs().mean().item()  # the MAE metric, as Keras and seqcast report per batch
            total += loss.item() * len(idx)
        return total / n

    train_plan = RunPlan(warmup, runs, budget_ms)
    last_loss = float("nan")
    while not train_plan.done:
        train_plan.start()
        last_loss = epoch()
        train_plan.stop()

    def forecast():
        model.eval()
        with torch.no_grad():
            xs = series.unfold(0, window, 1)  # (N, W) view: every window of the series
            outs = [model(xs[s:s + BATCH]) for s in range(0, xs.shape[0], BATCH)]
            return torch.cat(outs).numpy().ravel()

    plan = RunPlan(warmup, runs, budget_ms)
    out = np.zeros(0, dtype=np.float32)
    while not plan.done:
        plan.start()
        out = forecast()
        plan.stop()

    return {
        "engine": "torch",
        "detail": f"PyTorch {torch.__version__}, {blas_name()}, {torch.get_num_threads()} thread, Python {sys.version.split()[0]}",
        "model": model_id,
        "params": sum(p.numel() for p in params),
        "batchesPerEpoch": -(-n // BATCH),
        "trainWindows": n,
        "predictWindows": int(out.shape[0]),
        "warmup": warmup,
        "epochMs": train_plan.timed,
        "predictMs": plan.timed,
        "epochCpuMs": train_plan.cpu,
        "predictCpuMs": plan.cpu,
        "lastLoss": last_loss,
        "forecastMean": float(out.mean()),
        "forecastFinite": bool(np.isfinite(out).all()),
        "memory": {"idleMB": idle_mb, "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
    }


def main():
    ap = argparse.ArgumentParser(description="times PyTorch on one benchmark model")
    ap.add_argument("--model", choices=list(MODELS), default="rnn")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each measurement at most")
    ap.add_argument("--warmup", type=int, default=3, help="untimed runs first (3, as SETUP.warmup in bench/models.ts)")
    ap.add_argument("--budget", type=float, default=120, help="seconds of timed runs per measurement, soft")
    ap.add_argument("--json", nargs="?", const=True, default=None, help="one JSON line on stdout, or into FILE")
    a = ap.parse_args()
    if a.runs < 1 or a.warmup < 0 or not a.budget > 0:
        ap.error("--runs must be >= 1, --warmup >= 0 and --budget > 0")
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    print(f"torch {a.model}: {a.warmup} warm-up + up to {a.runs} timed epochs, then as many predictions", file=sys.stderr)
    r = bench(a.model, a.warmup, a.runs, a.budget * 1000)
    line = json.dumps(r)
    if a.json is True:
        print("\n" + line)
    elif a.json:
        with open(a.json, "w") as f:
            f.write(line + "\n")
    else:
        print(f"torch {a.model}: {r['params']} params, epoch {median(r['epochMs']):.1f} ms ({len(r['epochMs'])} runs), "
              f"predict {median(r['predictMs']):.1f} ms ({len(r['predictMs'])} runs), peak RSS {r['memory']['peakMB']:.0f} MB")


if __name__ == "__main__":
    main()
