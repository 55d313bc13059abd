"""The real-digits lab's notebook: Zhang et al. (2017)'s experiments on real handwritten digits.

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/digits/notebook.rs puts the link, the settings, the digits, the app's
random draws and its numbers before it). Names in capitals come from those cells.
"""
# %% [markdown]
# ## The digits as the network is given them
# Rows 0 to 999 of `IMAGES` are the test set, the next `N` the training set. The network sees
# each image as 196 numbers: its grey levels $v \in [0, 1]$, standardised with one mean $\mu$
# and one standard deviation $\sigma$ over all the training images' pixels, $x = (v - \mu) /
# \sigma$ (computed in float32, as in the app, then trained in float64). Zhang et al.'s
# randomisation tests (their §2) change what it is given:
# * **true labels**; with **label corruption** $p$, each training label independently, with
#   probability $p$, replaced by a class drawn uniformly from all ten (it may stay the same);
# * **random labels**: every training label replaced ($p = 1$);
# * **shuffled pixels**: one fixed permutation of the pixels, for every image, test images
#   included: a fully connected network has no notion of neighbouring pixels, so this is as
#   learnable as the digits;
# * **random pixels**: a permutation of its own for each image: only the amount of ink is left;
# * **Gaussian**: every pixel drawn from a Gaussian with the training pixels' $\mu$ and
#   $\sigma$, so the input is a standard normal draw; the labels are kept.


# %%
import ctypes
import glob
import os
import time


def one_blas_thread():
    """numpy's BLAS splits even these small matrix products over all cores, which on a busy
    machine makes each step several times slower: ask it for one thread (if it is OpenBLAS)."""
    for path in glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*")):
        lib = ctypes.CDLL(path)
        for name in ["scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads"]:
            if hasattr(lib, name):
                getattr(lib, name)(1)
                return


one_blas_thread()
FLOAT = np.float64  # the precision numpy trains in; np.float32 is the app's (and about twice as fast)
TEST, TRAIN, EXTRA = slice(0, 1000), slice(1000, 1000 + N), slice(1000 + N, 1000 + 2 * N)
CONDITIONS = ["true", "random_labels", "shuffled_pixels", "random_pixels", "gaussian"]
LEVELS = IMAGES.astype(np.float32) / np.float32(255)  # grey levels v in [0, 1], float32


def own_rng(run, purpose):
    """numpy's generator for what the app's draws above leave out, one stream per run and purpose."""
    purposes = ["init", "orders", "shifts", "wrong labels", "pre-training orders", "gaussian", "random pixels"]
    return np.random.default_rng([SEED, run, purposes.index(purpose)])


def standardise(v):
    """x = (v - mu) / sigma, in float32 as in the app."""
    return (v - np.float32(MEAN)) / np.float32(STD)


# The app computes mu and sigma in float64 and keeps them as float32: so does this check.
levels = IMAGES[TRAIN].astype(float) / 255
assert np.float32(levels.mean()) == np.float32(MEAN) and abs(np.float32(levels.std()) - np.float32(STD)) <= 1e-7

OWN_RANDOM_PIXELS = RANDOM_PIXELS is None
if OWN_RANDOM_PIXELS:
    RANDOM_PIXELS = np.argsort(own_rng(0, "random pixels").random(IMAGES.shape), axis=1)
GAUSSIAN = own_rng(0, "gaussian").standard_normal(IMAGES.shape)  # the app's draws are not embedded


def inputs(condition, rows):
    """The network's inputs for the images `rows` (a slice of IMAGES) under `condition`."""
    v = LEVELS[rows]
    if condition == "shuffled_pixels":
        v = v[:, SHUFFLE]
    elif condition == "random_pixels":
        v = np.take_along_axis(v, RANDOM_PIXELS[rows], axis=1)
    elif condition == "gaussian":
        return GAUSSIAN[rows].astype(FLOAT)  # (mu + sigma z - mu) / sigma = z
    return standardise(v).astype(FLOAT)


def given_labels(condition, p=0.0):
    """The training labels the network is given: image i's label becomes COIN_CLASS[i] when its
    coin COIN[i] < p. Every image draws both whatever p is, so a label corrupted at one level is
    corrupted, to the same class, at every higher level."""
    p = {"true": p, "random_labels": 1.0}.get(condition, 0.0)
    return np.where(COIN < np.float32(p), COIN_CLASS, CLASSES[TRAIN]).astype(int)


# %% [markdown]
# ## The network and its training
# A fully connected network with `HIDDEN` ReLU layers of `WIDTH` units: $a_0 = x$,
# $a_l = \max(0, a_{l-1} W_l + b_l)$, and ten logits $f = a_{L-1} W_L + b_L$. Its loss on an
# image of class $y$ is the softmax cross-entropy $\ell = \log \sum_k e^{f_k} - f_y$, whose
# gradient in the logits is $\mathrm{softmax}(f) - e_y$; backpropagation carries it down the
# layers. Training is minibatch SGD with heavy-ball momentum (Zhang et al. used SGD with
# momentum 0.9) and optional weight decay $\lambda$ on every parameter:
# $v \leftarrow \mu v + \nabla \hat R(w) + \lambda w$, $w \leftarrow w - \eta v$.
#
# Each epoch visits the training images in a new random order, in minibatches of `BATCH` (the
# last one shorter). After an epoch in which every minibatch classified all its images right
# before its step, a full pass checks whether the network now classifies every training image
# right: if so the run has **fitted** and stops (Zhang et al.'s "time to fit"); otherwise it goes
# on until the step cap `STEPS`. With **shifts** on, each image is moved by a random
# $(\delta_x, \delta_y) \in \{-1, 0, 1\}^2$ pixels every time it is used, blank paper filling
# in; the full pass then checks after every epoch, on the unshifted images.
#
# The **adversarial start** (Liu, Papailiopoulos and Achlioptas 2020) first trains from the
# random start on the training images together with as many further images given wrong labels
# (each a class other than its own), until it fits all of them (step cap twice `STEPS`), and
# only then trains on the training set as usual.

# %%
WIDTHS = [14 * 14] + [WIDTH] * HIDDEN + [10]


def layers(w):
    """Views (W_l, b_l) into the flat parameter vector w, laid out as in the app: W_1 (n_0 x n_1,
    row by row), b_1, W_2, b_2, ..."""
    out, k = [], 0
    for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:]):
        out.append((w[k:k + n_in * n_out].reshape(n_in, n_out), w[k + n_in * n_out:k + (n_in + 1) * n_out]))
        k += (n_in + 1) * n_out
    return out


def forward(w, x):
    """Every layer's activations a_0 = x, ..., a_L = f (the logits)."""
    acts = [x]
    for l, (W, b) in enumerate(layers(w)):
        z = acts[-1] @ W + b
        acts.append(np.maximum(z, 0.0) if l + 1 < len(WIDTHS) - 1 else z)
    return acts


def loss_and_gradient(w, x, y, grad):
    """The mean cross-entropy over a minibatch and how many images its logits classify right;
    writes the gradient into grad."""
    acts = forward(w, x)
    f = acts[-1]
    centred = f - f.max(axis=1, keepdims=True)  # shifted by the largest logit: no overflow
    e = np.exp(centred)
    total = e.sum(axis=1)
    rows = np.arange(len(y))
    loss = np.mean(np.log(total) - centred[rows, y])
    right = int((f.argmax(axis=1) == y).sum())  # ties go to the lowest class, as in the app
    delta = e / total[:, None]
    delta[rows, y] -= 1.0
    delta /= f.dtype.type(len(y))  # d loss / d f
    for l in range(len(WIDTHS) - 2, -1, -1):
        (W, _), (gW, gb) = layers(w)[l], layers(grad)[l]
        gW[...] = acts[l].T @ delta
        gb[...] = delta.sum(axis=0)
        if l > 0:
            delta = (delta @ W.T) * (acts[l] > 0)  # through the ReLU
    return loss, right


def count_right(w, x, y):
    return int((forward(w, x)[-1].argmax(axis=1) == y).sum())


# Shifting: pixel (r, c) of an image shifted by (dy, dx) is pixel (r - dy, c - dx) of the
# image, or paper where that is outside. Shift k in 0..8 is (dy, dx) = (k // 3 - 1, k % 3 - 1);
# SOURCE[k] says where each pixel comes from in the image padded with a border of paper.
r, c = np.divmod(np.arange(14 * 14), 14)
SOURCE = np.array([(r - (k // 3 - 1) + 1) * 16 + (c - (k % 3 - 1) + 1) for k in range(9)])


def shifted(x, ks, paper):
    padded = np.full((len(x), 16, 16), paper, dtype=x.dtype)
    padded[:, 1:15, 1:15] = x.reshape(-1, 14, 14)
    return np.take_along_axis(padded.reshape(len(x), 256), SOURCE[ks], axis=1)


class Draws:
    """The random draws of run number `run`: the app's where they are embedded above, numpy's
    own where not (`exact` then turns False)."""

    def __init__(self, run):
        self.run, self.exact, self.used = run, run in INIT, 0

    def init(self):
        """He initialisation: W_l ~ N(0, 2 / n_{l-1}) entry by entry, biases 0."""
        if self.exact:
            return INIT[self.run].astype(FLOAT)
        rng = own_rng(self.run, "init")
        return np.concatenate([np.concatenate([rng.normal(0, np.sqrt(2 / n_in), n_in * n_out), np.zeros(n_out)])
                               for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:])]).astype(FLOAT)

    def epoch_orders(self, table, purpose, n):
        """A function giving epoch e's order of n examples."""
        rng = own_rng(self.run, purpose)

        def order(e):
            if self.exact and self.run in table and e < len(table[self.run]):
                return table[self.run][e].astype(int)
            self.exact = False  # beyond the app's draws
            return rng.permutation(n)
        return order

    def shifts(self):
        rng, used = own_rng(self.run, "shifts"), [0]

        def take(k):
            have = SHIFTS.get(self.run, [])
            if self.exact and used[0] + k <= len(have):
                used[0] += k
                return have[used[0] - k:used[0]].astype(int)
            self.exact = False
            return rng.integers(0, 9, k)
        return take

    def wrong_labels(self, true):
        """Each extra image's label: one of the nine classes other than its own, at random."""
        if self.exact:
            return WRONG[self.run].astype(int)
        return (true + own_rng(self.run, "wrong labels").integers(1, 10, len(true))) % 10


def run_phase(w, x, y, order, max_steps, weight_decay=0.0, shifts=None, paper=0.0):
    """Trains w in place; returns (steps, the step it fitted at or None, diverged, curve), the
    curve one (step, mean loss, accuracy) per epoch over its minibatches as they were seen."""
    n, batch = len(y), min(max(BATCH, 1), len(y))
    velocity, grad = np.zeros_like(w), np.zeros_like(w)
    steps, epoch, curve = 0, 0, []
    while steps < max_steps:
        perm = order(epoch)
        epoch += 1
        loss_sum, right, seen = 0.0, 0, 0
        for start in range(0, n, batch):
            if steps == max_steps:
                break
            idx = perm[start:start + batch]
            bx = x[idx] if shifts is None else shifted(x[idx], shifts(len(idx)), paper)
            loss, ok = loss_and_gradient(w, bx, y[idx], grad)
            steps += 1
            if not np.isfinite(loss):
                return steps, None, True, curve
            velocity *= FLOAT(MOM)
            velocity += grad + FLOAT(weight_decay) * w
            w -= FLOAT(LR) * velocity
            loss_sum, right, seen = loss_sum + loss * len(idx), right + ok, seen + len(idx)
        curve.append((steps, loss_sum / seen, right / seen))
        if not np.all(np.isfinite(w)):
            return steps, None, True, curve
        if seen == n and (shifts is not None or right == n) and count_right(w, x, y) == n:
            return steps, steps, False, curve
    return steps, None, False, curve


def train(recipe):
    """One run of the panel: the data of its condition, its start, its regularisers."""
    condition, draws = recipe["condition"], Draws(recipe["run"])
    x, y = inputs(condition, TRAIN), given_labels(condition, recipe["corruption"])
    test_x, test_y = inputs(condition, TEST), CLASSES[TEST].astype(int)
    w = draws.init()
    out, diverged = {"pretrain_steps": None}, False
    if recipe["start"] == "adversarial":
        all_x = np.concatenate([x, inputs(condition, EXTRA)])
        all_y = np.concatenate([y, draws.wrong_labels(CLASSES[EXTRA].astype(int))])
        pre_orders = draws.epoch_orders(PRE_ORDERS, "pre-training orders", 2 * N)
        out["pretrain_steps"], _, diverged, _ = run_phase(w, all_x, all_y, pre_orders, 2 * STEPS)
    steps, fitted, curve = 0, None, []
    if not diverged:
        paper = standardise(np.float32(0))  # blank paper, standardised
        shifts = draws.shifts() if recipe["shifts"] else None
        steps, fitted, diverged, curve = run_phase(w, x, y, draws.epoch_orders(ORDERS, "orders", N), STEPS,
                                                   recipe["weight_decay"], shifts, paper)
    random_inputs = (condition == "gaussian") or (condition == "random_pixels" and OWN_RANDOM_PIXELS)
    out.update(steps=steps, steps_to_fit=fitted, diverged=diverged, curve=curve, exact=draws.exact and not random_inputs,
               train_acc=count_right(w, x, y) / len(y), test_acc=count_right(w, test_x, test_y) / len(test_y))
    return out


# %% [markdown]
# ## The runs of this tab
# The same list as the app's, in the same order, each trained as above.

# %%
LABEL = {"true": "true labels", "random_labels": "random labels", "shuffled_pixels": "shuffled pixels",
         "random_pixels": "random pixels", "gaussian": "Gaussian"}


def recipes():
    plain = {"condition": "true", "corruption": 0.0, "weight_decay": 0.0, "shifts": False, "start": "random", "run": 0}
    if VIEW == "fit":
        return [{**plain, "condition": c} for c in CONDITIONS]
    if VIEW == "corrupt":
        return [{**plain, "corruption": p} for p in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]]
    if VIEW == "reg":
        return [{**plain, "condition": c, "weight_decay": wd, "shifts": s}
                for c in ["true", "random_labels"] for wd, s in [(0.0, False), (WD, False), (0.0, True), (WD, True)]]
    return [{**plain, "start": start, "run": run} for start in ["random", "adversarial"] for run in range(RUNS)]


def name(recipe):
    """A run as the panel names it."""
    if VIEW == "fit":
        return LABEL[recipe["condition"]]
    if VIEW == "corrupt":
        return f"label corruption p = {recipe['corruption']}"
    if VIEW == "reg":
        regulariser = {(False, False): "none", (True, False): "weight decay", (False, True): "shifts",
                       (True, True): "both"}[recipe["weight_decay"] > 0, recipe["shifts"]]
        return f"{LABEL[recipe['condition']]}, regulariser {regulariser}"
    return f"{recipe['start']} start, run {recipe['run']}"


RECIPES = recipes()
for mine, app in zip(RECIPES, APP_RUNS, strict=True):  # the app's list, run by run
    assert all(np.float32(mine[k]) == np.float32(app[k]) if isinstance(mine[k], float) else mine[k] == app[k]
               for k in mine), (mine, app)

started = time.perf_counter()
RESULTS = []
for recipe in RECIPES:
    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up overflows: train() stops it
        RESULTS.append(train(recipe))
    out = RESULTS[-1]
    fit = f"fitted in {out['steps_to_fit']} steps" if out["steps_to_fit"] else f"not fitted in {out['steps']} steps"
    print(f"{name(recipe)}: {fit}, training accuracy {100 * out['train_acc']:.1f} %, "
          f"test accuracy {100 * out['test_acc']:.1f} %")
print(f"{len(RESULTS)} runs in {time.perf_counter() - started:.0f} s")


# %% [markdown]
# ## The figure
# The tab's figure as the panel draws it, from the runs above; the app's runs are drawn hollow
# where they are not already the line.

# %%
COLOURS = dict(zip(CONDITIONS, ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"]))


def given_levels(condition, rows):
    """The images as the network is given them, in grey levels (a Gaussian image's clamped to [0, 1])."""
    if condition == "gaussian":
        return np.clip(MEAN + STD * GAUSSIAN[rows], 0, 1)
    return {"shuffled_pixels": lambda v: v[:, SHUFFLE],
            "random_pixels": lambda v: np.take_along_axis(v, RANDOM_PIXELS[rows], axis=1)}.get(condition, lambda v: v)(
        LEVELS[rows])


if VIEW == "fit":
    fig, (grid, ax) = plt.subplots(1, 2, figsize=(13, 4.5), gridspec_kw={"width_ratios": [1, 1.3]})
    images, labels = given_levels(SHOW, TRAIN)[:24], given_labels(SHOW)[:24]
    mosaic = np.ones((3 * 18, 8 * 16))
    for i in range(24):
        row, col = divmod(i, 8)
        mosaic[row * 18:row * 18 + 14, col * 16 + 1:col * 16 + 15] = 1 - images[i].reshape(14, 14)
        grid.text(col * 16 + 8, row * 18 + 16.5, str(labels[i]), ha="center", fontsize=9, fontweight="bold")
    grid.imshow(mosaic, cmap="gray", vmin=0, vmax=1)
    grid.set(title=f"The first 24 training images with {LABEL[SHOW]}, as given", xticks=[], yticks=[])
    for recipe, out in zip(RECIPES, RESULTS):
        steps, loss, _ = np.array(out["curve"]).T
        colour = COLOURS[recipe["condition"]]
        dashed = recipe["condition"] == "shuffled_pixels"  # it lies on the true labels' curve
        ax.plot(steps, loss, "--" if dashed else "-", color=colour, lw=2, label=LABEL[recipe["condition"]])
        if out["steps_to_fit"]:
            ax.plot(steps[-1], loss[-1], "o", color=colour, ms=7)
    ax.set(xlabel="steps", ylabel="training loss", ylim=(0, None),
           title="Every kind of data is fitted (a dot: 100 % training accuracy)")
    ax.legend()
elif VIEW == "corrupt":
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(12, 4.5))
    p = [r["corruption"] for r in RECIPES]
    ax.plot(p, [100 * (1 - o["test_acc"]) for o in RESULTS], "o-", color="#0072b2", lw=2, label="numpy")
    ax.plot(p, [100 * e for e in APP["test_error"]], "o", mfc="none", mec="black", ms=10, label="app")
    ax.axhline(90, color="grey", ls="--", lw=1, label="chance")
    ax.set(xlabel="label corruption", ylabel="test error (%)", ylim=(0, 100), title="Test error at zero training error")
    ax.legend()
    fitted = [(q, o["steps_to_fit"]) for q, o in zip(p, RESULTS) if o["steps_to_fit"]]
    bx.plot(*zip(*fitted), "o-", color="#0072b2", lw=2, label="numpy") if fitted else None
    app_fitted = [(q, s) for q, s in zip(p, APP["steps_to_fit"]) if s]
    bx.plot(*zip(*app_fitted), "o", mfc="none", mec="black", ms=10, label="app") if app_fitted else None
    bx.set(xlabel="label corruption", ylabel="steps to fit", ylim=(0, None), title="Time to fit")
    bx.legend()
elif VIEW == "reg":
    fig, ax = plt.subplots(figsize=(12, 4.5))
    at = np.arange(len(RECIPES))
    ax.bar(at - 0.2, [100 * o["train_acc"] for o in RESULTS], 0.4, color="#009e73", label="training accuracy")
    ax.bar(at + 0.2, [100 * o["test_acc"] for o in RESULTS], 0.4, color="#0072b2", label="test accuracy")
    ax.plot(at + 0.2, [100 * r["test_acc"] for r in APP["runs"]], "_", color="black", ms=20, mew=2,
            label="app's test accuracy")
    ax.set_xticks(at, [name(r).replace(", regulariser ", "\n") for r in RECIPES], fontsize=8)
    ax.set(ylabel="%", ylim=(0, 125), title="Regularisers change the test accuracy a little; random labels are still memorised")
    ax.legend(loc="upper center", ncol=3)
else:
    fig, ax = plt.subplots(figsize=(10, 3.2))
    for row, (start, colour) in enumerate([("random", "#0072b2"), ("adversarial", "#d55e00")]):
        mine = [100 * (1 - o["test_acc"]) for r, o in zip(RECIPES, RESULTS) if r["start"] == start]
        app = [100 * (1 - r["test_acc"]) for r in APP["runs"] if r["start"] == start]
        ax.plot(mine, [1 - row] * len(mine), "o", color=colour, ms=11, mec="white", label=f"numpy, {start} starts")
        ax.plot(app, [1 - row - 0.15] * len(app), "o", mfc="none", mec=colour, ms=11, label=f"app, {start} starts")
    ax.set(yticks=[1, 0], yticklabels=["SGD from\nrandom starts", "SGD from the\nadversarial start"],
           xlabel="test error (%)", ylim=(-0.6, 1.5), title="Every dot fits all the true training labels")
    ax.set_xlim(0, max(20, ax.get_xlim()[1]))
    ax.legend(fontsize=8, ncol=2, loc="upper right")
plt.show()


# %% [markdown]
# ## The app's numbers, recomputed
# The app trains in float32, this notebook in float64, and the two add up their sums in
# different orders. From the same draws a run follows the app's closely at first; the rounding
# differences grow over hundreds of SGD steps and now and then move the epoch at which the
# check first finds every image right, or a few test images across the network's decision
# boundary. The tolerances come from 30 settings of the four tabs (widths 16 to 512, one to
# three hidden layers, 200 to 1,500 images, learning rates 0.003 to 0.3, momentum 0.5 to 0.9,
# batches 10 to 500, step caps 1,500 to 10,000, twelve seeds; 185 runs), each rerun here:
# * **a run from the app's draws that fitted**: steps within a quarter of the app's plus two
#   epochs; training and test accuracy within two binomial standard deviations of a difference
#   between two runs, $2\sqrt{2a(1-a)/n}$ ($n$: the 1,000 test or `N` training images).
#   Measured on 145 runs: the same steps in 132 (at most 18 epochs apart: 0.69 of the
#   tolerance), the same test accuracy in 106 (at most 25 images apart: 0.56 of it), the same
#   training accuracy in all;
# * **a run from numpy's own draws** (the Gaussian images; at large settings the runs whose
#   draws did not fit in this file) or **stopped by the cap while still climbing** (thousands of
#   steps, over which rounding separates even runs from the same draws) is compared as another
#   restart would be: accuracies within four such standard deviations, steps (and the
#   adversarial start's pre-training steps) within three quarters of the app's plus two epochs;
#   the mean test accuracy of each kind of start within $4\sqrt{\sum_i s_i^2}/K$ over its $K$
#   runs, $s_i$ each run's standard deviation as above. Measured with
#   every run of every setting rerun from numpy's own draws (170 runs): at most 0.65 of the
#   accuracy tolerance, 0.74 of the steps tolerance and 0.46 of the means' tolerance; the 8
#   runs the cap stopped while climbing, from the app's draws, at most 0.72;
# * **a run that blew up, or stalled below a full fit** (its training accuracy no longer rising
#   when the cap came; at a learning rate too large for the network, hidden units switch off
#   for every image): where a run stalls, and when one blows up, is decided by rounding. From
#   the same draws, at learning rate 0.3, the app's random-pixel run blew up at step 798, this
#   notebook's at 6,586 (at 795 in float32), and stalled runs ended up to 18 test points apart.
#   Only the failure to fit is compared (15 such runs measured; all agreed).
#
# `FLOAT = np.float32` (above) trains in single precision, in numpy's order of sums: against
# float64 from the same draws the differences are of the same size (the same steps in 150 of
# 163 runs; where the app fitted, at most 14 epochs and 21 test images apart), except at the
# edge of stability (learning rate 0.1), where shuffled pixels fitted 13 epochs later in
# float32, beyond the tolerance.

# %%
def percent(v):
    return f"{100 * v:.1f} %"


def whole(v):
    return f"{v:.0f}"


def check(what, ours, app, tolerance, text=percent):
    ok = abs(ours - app) <= tolerance
    print(f"{what}: {text(ours)} (app: {text(app)}, tolerance {text(tolerance)}){'' if ok else '  <-- DIFFERS'}")
    return ok


def same(what, ours, app):
    print(f"{what}: {ours} (app: {app}){'' if ours == app else '  <-- DIFFERS'}")
    return ours == app


def app_numbers(i):
    """Run i's training and test accuracy and the step it fitted at, as the app's readout has them."""
    if VIEW == "fit":
        run = APP["conditions"][i]
    elif VIEW == "corrupt":
        run = {"train_acc": 1 - APP["train_error"][i], "test_acc": 1 - APP["test_error"][i],
               "steps_to_fit": APP["steps_to_fit"][i]}
    else:
        run = APP["runs"][i]
    return run["train_acc"], run["test_acc"], run["steps_to_fit"]


def spread(accuracy, images):
    """The standard deviation of the difference between two accuracies on `images` images
    measured by runs from independent draws: sqrt(2 a (1 - a) / images), binomial (with a kept
    between 0.01 and 0.99, so that a run that fits all but a few images is not a disagreement)."""
    a = np.clip(accuracy, 0.01, 0.99)
    return np.sqrt(2 * a * (1 - a) / images)


def steps_tolerance(steps, share, n):
    """`share` of the app's steps and two epochs of n images."""
    return share * steps + 2 * -(-n // min(BATCH, n))


def unstable(i):
    """Whether the app's run i blew up, or stalled below a full fit (stopped by the cap while
    its training accuracy no longer rose)."""
    return APP_RUNS[i]["diverged"] or (app_numbers(i)[2] is None and not APP_RUNS[i]["climbing"])


agree = []
for i, (recipe, out, app_run) in enumerate(zip(RECIPES, RESULTS, APP_RUNS)):
    app_train, app_test, app_fit = app_numbers(i)
    label = name(recipe) + ("" if out["exact"] else " (numpy's own draws)")
    if unstable(i):
        # Where a run stalls, and when one blows up, is decided by rounding: only the failure is compared.
        fate = "blew up" if app_run["diverged"] else "stalled below a full fit"
        ours = "fitted" if out["steps_to_fit"] else "blew up" if out["diverged"] else "did not fit"
        print(f"{label}: the app's run {fate} after {app_run['steps']} steps, this one {ours} after {out['steps']} "
              f"(training accuracy {percent(out['train_acc'])}, app: {percent(app_train)}); only the failure to fit is "
              "compared")
        agree.append(same(f"{label}: fitted", out["steps_to_fit"] is not None, False))
        continue
    if out["diverged"]:
        agree.append(same(f"{label}: blew up", True, False))
        continue
    # A run stopped by the cap while still climbing has taken thousands of steps, over which
    # rounding separates even runs from the same draws: it is compared as a different restart.
    alike = out["exact"] and app_fit is not None
    sigmas, share = (2, 0.25) if alike else (4, 0.75)
    if app_run["pretrain_steps"] is not None:
        agree.append(check(f"{label}: steps to fit the training and wrongly labelled images", out["pretrain_steps"],
                           app_run["pretrain_steps"], steps_tolerance(app_run["pretrain_steps"], share, 2 * N),
                           text=whole))
    agree.append(check(f"{label}: steps taken (to fit, or the cap)", out["steps"], app_run["steps"],
                       steps_tolerance(app_run["steps"], share, N), text=whole))
    agree.append(check(f"{label}: training accuracy", out["train_acc"], app_train, sigmas * spread(app_train, N)))
    agree.append(check(f"{label}: test accuracy", out["test_acc"], app_test, sigmas * spread(app_test, len(CLASSES[TEST]))))

if VIEW == "starts":
    for start in ["random", "adversarial"]:
        mine = [i for i, r in enumerate(RECIPES) if r["start"] == start and not unstable(i)]
        if not mine:
            continue
        ours = np.mean([RESULTS[i]["test_acc"] for i in mine])
        app = np.mean([app_numbers(i)[1] for i in mine])
        tolerance = 4 * np.sqrt(sum(spread(app_numbers(i)[1], len(CLASSES[TEST])) ** 2 for i in mine)) / len(mine)
        agree.append(check(f"test accuracy, mean of {len(mine)} {start} starts", ours, app, tolerance))
assert all(agree), "the notebook and the app disagree (see DIFFERS above)"
print("All numbers agree with the app.")
