#!/usr/bin/python3
"""A sequence-to-sequence course case trained by PyTorch, written from the notebook, not from
seqcast: it reads the CSV itself, builds its own windows and shuffle, and draws its own weights.
With bench/tfjs-course-case.ts it gives a third engine's spread of the MAE over random starts, to
set seqcast's median over seeds, and the course's single run, against it (docs/reproduction.md).

    /usr/bin/python3 bench/torch_course_case.py --case sunspots-conv-lstm --seed 0 [--epochs n] [--json]

The cases and their settings are the notebook runs that printed the course's numbers (as
src/forecast/course-cases.ts):
  sunspots-conv-lstm      Conv1D(60, k5, causal, relu) -> LSTM(60)x2 seq2seq -> Dense 30-10-1 -> x400;
                          train on [0, 3000), windows of 60, batch 100, SGD 1e-5, 500 epochs; forecast windows of 64
  temperatures-conv-lstm  the same model; train on [0, 2500), 150 epochs
  synthetic-conv-lstm     Conv1D(32, k3) -> LSTM(32)x2 seq2seq -> Dense(1) -> x200; train on [0, 1000),
                          windows of 30, batch 32, SGD 1e-5, 500 epochs
Every case: windows (w[:-1], w[1:]), tf.data's shuffle with a buffer of 1000 afresh each epoch,
Huber loss (delta 1) averaged over every step of the batch, SGD momentum 0.9 (PyTorch's form equals
Keras's at a constant learning rate), Keras initializers (Glorot-uniform kernels, orthogonal recurrent
kernels, zero biases, LSTM forget bias 1; PyTorch's second LSTM bias zeroed and frozen). Score: the
MAE of the last step of each sliding forecast window over the validation split, as the course's
`rnn_forecast[split_time - window_size:-1, -1, 0]`. One thread: run two seeds at once on two cores.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy/torch load their thread pools

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from torch_peer import keras_init, synthetic_series  # noqa: E402  (bench/, the script's own folder)

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
SEQ2SEQ_DNN = {"filters": 60, "kernel": 5, "units": 60, "dense": [30, 10], "scale": 400.0}
CASES = {
    "sunspots-conv-lstm": {"series": "sunspots", "split": 3000, "window": 60, "forecast_window": 64,
                           "batch": 100, "lr": 1e-5, "epochs": 500, "course_mae": 15.40, **SEQ2SEQ_DNN},
    "temperatures-conv-lstm": {"series": "temperatures", "split": 2500, "window": 60, "forecast_window": 64,
                               "batch": 100, "lr": 1e-5, "epochs": 150, "course_mae": 1.78, **SEQ2SEQ_DNN},
    "synthetic-conv-lstm": {"series": "synthetic", "split": 1000, "window": 30, "forecast_window": 30,
                            "batch": 32, "lr": 1e-5, "epochs": 500, "course_mae": 5.01,
                            "filters": 32, "kernel": 3, "units": 32, "dense": [], "scale": 200.0},
}
SHUFFLE_BUFFER, MOMENTUM = 1000, 0.9


def load_series(name):
    """The value column of the shipped CSV, read as the course's notebooks read it (csv, float)."""
    if name == "synthetic":
        return synthetic_series()
    path, column = {"sunspots": ("sunspots.csv", 2), "temperatures": ("daily-min-temperatures.csv", 1)}[name]
    with open(DATASETS / path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    return np.array([float(r[column]) for r in rows], dtype=np.float32)


class ConvLstmSeq2Seq(nn.Module):
    """Causal Conv1d + relu -> two LSTMs returning sequences -> per-step Dense stack -> x scale."""

    def __init__(self, filters, kernel, units, dense, scale):
        super().__init__()
        self.kernel, self.scale = kernel, scale
        self.conv = nn.Conv1d(1, filters, kernel)
        self.lstm1 = nn.LSTM(filters, units, batch_first=True)
        self.lstm2 = nn.LSTM(units, units, batch_first=True)
        sizes = [units, *dense, 1]
        self.dense = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        keras_init(self)

    def forward(self, x):  # x (B, W, 1) -> (B, W, 1)
        h = F.relu(self.conv(F.pad(x.transpose(1, 2), (self.kernel - 1, 0))))  # causal: k-1 zeros on the left
        h, _ = self.lstm1(h.transpose(1, 2))
        h, _ = self.lstm2(h)
        for i, layer in enumerate(self.dense):
            h = layer(h)
            if i < len(self.dense) - 1:
                h = F.relu(h)
        return h * self.scale


def buffer_shuffle(n, size, rng):
    """The order tf.data's shuffle(size) emits a stream of n elements in."""
    buf = list(range(min(size, n)))
    nxt, out = len(buf), []
    while buf:
        slot = rng.randint(len(buf))
        out.append(buf[slot])
        if nxt < n:
            buf[slot] = nxt
            nxt += 1
        else:
            buf[slot] = buf[-1]
            buf.pop()
    return out


def run(case_id, seed, epochs=None, progress=False):
    c = CASES[case_id]
    series = load_series(c["series"])
    split, window = c["split"], c["window"]
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    model = ConvLstmSeq2Seq(c["filters"], c["kernel"], c["units"], c["dense"], c["scale"])
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=c["lr"], momentum=MOMENTUM)
    loss_fn = nn.HuberLoss(delta=1.0)
    windows = torch.from_numpy(series[:split]).unfold(0, window + 1, 1).unsqueeze(2)  # (N, W+1, 1)
    xs, ys = windows[:, :-1].contiguous(), windows[:, 1:].contiguous()
    n = xs.shape[0]
    epochs = epochs or c["epochs"]
    start = time.perf_counter()
    loss = float("nan")
    for epoch in range(epochs):
        order = torch.tensor(buffer_shuffle(n, SHUFFLE_BUFFER, rng))
        total = 0.0
        for s in range(0, n, c["batch"]):
            idx = order[s:s + c["batch"]]
            opt.zero_grad(set_to_none=True)
            batch_loss = loss_fn(model(xs[idx]), ys[idx])
            batch_loss.backward()
            opt.step()
            total += batch_loss.item() * len(idx)
        loss = total / n
        if not np.isfinite(loss):
            break
        if progress and (epoch + 1) % 50 == 0:
            print(f"{case_id} seed {seed}: epoch {epoch + 1}/{epochs} loss {loss:.4f}", flush=True)
    seconds = time.perf_counter() - start
    fw = c["forecast_window"]
    model.eval()
    with torch.no_grad():
        inputs = torch.from_numpy(series[split - fw:-1]).unfold(0, fw, 1).unsqueeze(2)  # (len - split, fw, 1)
        forecast = torch.cat([model(inputs[s:s + 32])[:, -1, 0] for s in range(0, inputs.shape[0], 32)]).numpy()
    mae = float(np.abs(series[split:] - forecast).mean())
    return {"case": case_id, "engine": f"PyTorch {torch.__version__}", "seed": seed, "epochs": epochs,
            "loss": loss, "mae": mae, "course_mae": c["course_mae"], "seconds": round(seconds, 1)}


def main():
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--seed", type=int, default=0, help="seed of the weights and the shuffle")
    ap.add_argument("--epochs", type=int, help="override the case's epochs (a quick check)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    r = run(args.case, args.seed, args.epochs, progress=not args.json)
    if args.json:
        print(json.dumps(r))
    else:
        print(f"{r['case']} seed {r['seed']}: MAE {r['mae']:.4f} (course {r['course_mae']}), "
              f"final loss {r['loss']:.4f}, {r['epochs']} epochs in {r['seconds']} s ({r['engine']})")


if __name__ == "__main__":
    main()
