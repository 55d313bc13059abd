"""The SGD-restarts panel's notebook: one small network trained many times from random starts.

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/restarts/notebook.rs puts the link, the settings, the data, the
restarts' starting points and minibatch orders and the app's numbers before it). Names in
capitals come from those cells.
"""
# %% [markdown]
# ## The network and its loss
# A multilayer perceptron $f_w: \mathbb R^2 \to \mathbb R$ with `DEPTH` hidden layers of
# `WIDTH` units: $a_0 = x$, $a_l = \varphi(a_{l-1} W_l + b_l)$ with $\varphi = \tanh$ or ReLU,
# and a linear output $f = a_{L-1} W_L + b_L$. All its parameters sit in one vector $w$,
# layer by layer, each $W_l$ (row-major, $n_{l-1} \times n_l$) followed by $b_l$, as in the app.
# It predicts class $+1$ where $f(x) \ge 0$ and is trained on the logistic loss
# $\ell(f, y) = \log(1 + e^{-y f})$, $y \in \{-1, +1\}$, averaged over a minibatch.
#
# Every function below works on many restarts at once: the first axis of `w` counts the
# runs, so one matrix product trains all of them.

# %%
def layers(w):
    """Split parameter rows w (runs x P) into [(W_l, b_l)], W_l: runs x n_{l-1} x n_l."""
    out, at = [], 0
    for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:]):
        W = w[:, at : at + n_in * n_out].reshape(len(w), n_in, n_out)
        b = w[:, at + n_in * n_out : at + (n_in + 1) * n_out]
        out.append((W, b))
        at += (n_in + 1) * n_out
    return out


def phi(z):
    return np.tanh(z) if ACT == "tanh" else np.maximum(z, 0)


def forward(w, x):
    """The activations a_0 = x, ..., a_L of every run (x: runs x points x 2); a_L[..., 0] = f."""
    a = [x]
    for l, (W, b) in enumerate(layers(w)):
        z = a[-1] @ W + b[:, None, :]
        a.append(z if l == len(WIDTHS) - 2 else phi(z))
    return a


def loss_and_gradient(w, x, y):
    """Mean logistic loss of each run on its minibatch (x, y) and its gradient, by
    backpropagation: delta_L = dl/df / B = -y sigma(-y f) / B, dR/dW_l = a_{l-1}^T delta_l,
    dR/db_l = sum of delta_l, delta_{l-1} = (delta_l W_l^T) * phi'(z_{l-1})."""
    a = forward(w, x)
    margin = -y * a[-1][..., 0]
    loss = np.logaddexp(0, margin).mean(axis=1)
    delta = (-y / (1 + np.exp(-margin)) / y.shape[1])[..., None]
    grads = []
    for l, (W, b) in reversed(list(enumerate(layers(w)))):
        grads = [(np.swapaxes(a[l], 1, 2) @ delta).reshape(len(w), -1), delta.sum(axis=1)] + grads
        if l > 0:
            slope = 1 - a[l] ** 2 if ACT == "tanh" else (a[l] > 0)
            delta = (delta @ np.swapaxes(W, 1, 2)) * slope
    return loss, np.concatenate(grads, axis=1)

# %% [markdown]
# ## SGD with momentum, the app's minibatches
# Each run starts from its own random $w_0$ (weights $\mathcal N(0, g^2/n_{l-1})$, $g^2 = 2$ for
# ReLU and 1 for tanh, biases 0) and takes `STEPS` steps of heavy-ball SGD,
# $v \leftarrow \mu v + \nabla \hat R_B(w)$, $w \leftarrow w - \eta v$ ($\eta$ = `LR`, $\mu$ =
# `MOM`), where $\hat R_B$ is the mean loss on the step's minibatch $B$. Minibatches are
# consecutive slices of `BATCH` points of a fresh random permutation of the training points
# each epoch (the last slice shorter when `BATCH` does not divide `N`); `ORDERS` holds the
# app's permutations. A run whose loss becomes infinite or NaN has diverged and stops.
#
# With `ALPHA` $\ne 1$ every trained network is then rescaled as Dinh et al. (2017) do: the
# first layer times $\alpha$, the second layer's weights divided by $\alpha$. A ReLU network
# computes the same function afterwards; a tanh network does not.

# %%
def train(starts, orders, dtype=float):
    """Train every row of `starts` (in floats of type `dtype`) on the training data, run k
    with the permutations orders[k] (None: every step uses all the points)."""
    w = starts.astype(dtype)
    x, y = X_TRAIN.astype(dtype), Y_TRAIN.astype(dtype)
    v = np.zeros_like(w)
    diverged = np.zeros(len(w), bool)
    per_epoch = -(-N // BATCH)  # minibatches per epoch
    with np.errstate(all="ignore"):
        for t in range(STEPS):
            if orders is None:
                batch = np.broadcast_to(np.arange(N), (len(w), N))
            else:
                epoch, k = divmod(t, per_epoch)
                batch = orders[:, epoch, k * BATCH : (k + 1) * BATCH]
            loss, g = loss_and_gradient(w, x[batch], y[batch])
            diverged |= ~np.isfinite(loss)
            live = ~diverged
            v[live] = MOM * v[live] + g[live]
            w[live] -= LR * v[live]
    return w.astype(float), diverged | ~np.isfinite(w).all(axis=1)


def rescale(w):
    """Dinh et al.'s reparametrisation: W_1, b_1 times ALPHA, W_2 divided by ALPHA."""
    w = w.copy()
    first = (WIDTHS[0] + 1) * WIDTHS[1]
    w[:, :first] *= ALPHA
    w[:, first : first + WIDTHS[1] * WIDTHS[2]] /= ALPHA
    return w


def outputs(w, x):
    with np.errstate(all="ignore"):
        return forward(w, np.broadcast_to(x, (len(w),) + x.shape))[-1][..., 0]


def measure(w, diverged):
    """What the panel reports of each run: correct training and test points, training loss."""
    f_train, f_test = outputs(w, X_TRAIN), outputs(w, X_TEST)
    return {
        "train_correct": ((f_train >= 0) == (Y_TRAIN > 0)).sum(axis=1),
        "test_correct": ((f_test >= 0) == (Y_TEST > 0)).sum(axis=1),
        "train_loss": np.logaddexp(0, -Y_TRAIN * f_train).mean(axis=1),
        "diverged": diverged | ~np.isfinite(f_train).all(axis=1),
        "w": w,
    }


def restarts(starts, orders, dtype=float):
    w, diverged = train(starts, orders, dtype)
    return measure(rescale(w) if ALPHA != 1 else w, diverged)

# %% [markdown]
# ## The restarts
# The app's first `RERUN` restarts, from exactly its starting points and minibatch orders, in
# 64-bit floats. Then twice more, to see which runs depend on rounding: in 32-bit floats (as
# the app computes), and in 64-bit floats from the starting points moved by half a 32-bit
# rounding step (a relative $2^{-24}$). Where these end apart from the first, SGD amplifies
# rounding errors, and no implementation can promise the app's digits for that run (see the
# checks at the end).

# %%
import time

clock = time.perf_counter()
ours = restarts(STARTS, ORDERS)
seconds = time.perf_counter() - clock
twin = restarts(STARTS, ORDERS, np.float32)
nudge = 2.0**-24 * np.random.default_rng(0).choice([-1, 1], STARTS.shape)
nudged = restarts(STARTS * (1 + nudge), ORDERS)
print(f"{RERUN} restarts trained in {seconds:.1f} s (64-bit), then twice more in {time.perf_counter() - clock - seconds:.1f} s.")
if RERUN < RUNS:
    print(f"All {RUNS} restarts of the view would take about {seconds * RUNS / RERUN:.0f} s (64-bit).")

# %% [markdown]
# ### More restarts, drawn here
# The file holds the app's starting points for `RERUN` restarts only. Set `MORE` to train that
# many more from numpy's own random starts and minibatch orders (the same distributions, other
# draws): they are not the app's runs, so only their mean test accuracy is compared with the
# app's, within the standard errors of both means.

# %%
MORE = 0


def own_starts(count, rng):
    """Random starts as the app draws them: W_l ~ N(0, g^2/n_{l-1}), biases 0."""
    gain2 = 2.0 if ACT == "relu" else 1.0
    parts = []
    for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:]):
        parts += [rng.normal(0, np.sqrt(gain2 / n_in), (count, n_in * n_out)), np.zeros((count, n_out))]
    return np.concatenate(parts, axis=1)


def own_orders(count, rng):
    """A fresh random permutation of the training points per epoch and run."""
    epochs = -(-STEPS // -(-N // BATCH))
    return None if BATCH >= N else np.array([[rng.permutation(N) for _ in range(epochs)] for _ in range(count)])


more = None
if MORE > 0:
    rng = np.random.default_rng(SEED)
    more = restarts(own_starts(MORE, rng), own_orders(MORE, rng))

# %% [markdown]
# ## The figures
# As in the panel: the histogram of the runs' test accuracies (hollow: the run did not fit its
# training data), and every run's decision boundary $f(x) = 0$ over the training data
# (filled and hollow dots are the two classes; a cross marks a label that the random labels
# changed).

# %%
def fits(r):
    return (r["train_correct"] == N) & ~r["diverged"]


accuracy = 100 * ours["test_correct"] / len(Y_TEST)
app_accuracy = 100 * np.array([run["test_acc"] for run in APP["runs"]], dtype=np.float32).astype(float)
fig, (hist, bounds) = plt.subplots(1, 2, figsize=(13, 5.5))
bins = np.linspace(min(accuracy.min(), app_accuracy.min()) - 0.5, max(accuracy.max(), app_accuracy.max()) + 0.5, 25)
live = ~ours["diverged"]
hist.hist([accuracy[live & fits(ours)], accuracy[live & ~fits(ours)]], bins=bins, stacked=True,
          color=["#0072b2", "white"], edgecolor="#0072b2", label=["numpy: fits", "numpy: does not fit"])
hist.hist(app_accuracy, bins=bins, histtype="step", color="black", ls="--", lw=1.5, label="app")
hist.set(xlabel="test accuracy (%)", ylabel="runs", title=f"Test accuracy of {RERUN} restarts")
hist.legend()

grid = np.linspace(-1.8, 1.8, 121)
G1, G2 = np.meshgrid(grid, grid)
field = outputs(ours["w"][live], np.stack([G1.ravel(), G2.ravel()], axis=1))
for f in field:
    bounds.contour(G1, G2, f.reshape(G1.shape), levels=[0], colors="#0072b2", alpha=0.35, linewidths=1)
positive = Y_TRAIN > 0
bounds.scatter(*X_TRAIN[positive].T, c="black", s=30, zorder=3)
bounds.scatter(*X_TRAIN[~positive].T, facecolors="white", edgecolors="black", s=30, zorder=3)
changed = Y_TRAIN != Y_CLEAN
bounds.scatter(*X_TRAIN[changed].T, marker="x", c="red", s=60, zorder=4, label="label changed to a random one")
bounds.set(xlim=(-1.8, 1.8), ylim=(-1.8, 1.8), aspect="equal", title="Decision boundaries over the training data")
if changed.any():
    bounds.legend(loc="lower left")
plt.show()

# %% [markdown]
# ## The app's numbers, recomputed
# The app computes in 32-bit floats, this notebook in 64-bit ones, from the same starting points
# and minibatches. Where SGD settles into a minimum the two stay together, and where it is
# chaotic (random labels with momentum, rates near the edge of stability, ReLU units that die)
# the rounding of early steps decides which minimum a run reaches. The two reruns above tell
# the cases apart, run by run: a run whose reruns both end within a relative $10^{-4}$ of it in
# parameters (and with the same fit, training loss and test points; where SGD settles they end
# about $10^{-6}$ apart, in the runs that ended elsewhere in the app at least $2 \cdot 10^{-3}$) is
# compared with the app one by one: the same fate (diverged, fitted) exactly, correct test points within 5 (of
# 2000), the training loss within a relative $10^{-2}$. The other runs are draws from
# the same distribution as the app's: they are compared as a sample, the mean test accuracy
# within four standard errors of a difference of means (plus 5 test points), the number that
# fit within four binomial standard deviations.
#
# Measured on 1086 runs in 46 settings (every dataset, tanh and ReLU, 1 to 4 hidden layers of 8
# to 64 units, rates 0.05 to 2 with momentum 0 to 0.99, minibatches of 1 to full batch, random
# labels, rescaling, runs that diverge): 658 runs were compared one by one and all agreed, at
# most 1 test point apart (0.2 of the tolerance) with training losses within a relative
# $1.7 \cdot 10^{-3}$ (0.17 of it); the other 428 ended up to 1068 test points from the app's.
# Means of test accuracy differed by at most 0.64 of their tolerance, counts of fitted runs by
# at most 0.73 of theirs.

# %%
def same_path(a, b):
    """Whether two trainings of each restart ended together: both diverged, or neither did and
    they ended within a relative 1e-4 in parameters (rounding amplified a thousandfold at most),
    fit alike, with training losses within a relative 1e-3 and test points within 1."""
    with np.errstate(all="ignore"):
        apart = np.linalg.norm(a["w"] - b["w"], axis=1) / np.linalg.norm(a["w"], axis=1)
        close = ((apart <= 1e-4) & (fits(a) == fits(b))
                 & (np.abs(a["train_loss"] - b["train_loss"]) <= 1e-3 * np.abs(a["train_loss"]))
                 & (np.abs(a["test_correct"] - b["test_correct"]) <= 1))
    return (a["diverged"] & b["diverged"]) | (~a["diverged"] & ~b["diverged"] & close)


app = {
    "train_correct": np.round(np.array([r["train_acc"] for r in APP["runs"]], np.float32).astype(float) * N),
    "test_correct": np.round(np.array([r["test_acc"] for r in APP["runs"]], np.float32).astype(float) * len(Y_TEST)),
    "train_loss": np.array(APP["train_loss"], dtype=float),
    "diverged": np.array([r["diverged"] for r in APP["runs"]]),
}
robust = same_path(ours, twin) & same_path(ours, nudged)
sensitive = ~robust


def summary(r, name):
    """The panel's sentence for a set of runs."""
    ok = ~r["diverged"]
    acc = 100 * r["test_correct"][ok] / len(Y_TEST)
    text = f"{name}: {fits(r).sum()} of {len(ok)} runs reach 100 % training accuracy"
    if (~ok).any():
        text += f" ({(~ok).sum()} diverged)"
    if ok.any():
        text += f"; test accuracy {acc.min():.1f}–{acc.max():.1f} %, mean {acc.mean():.1f} %"
    return text + "."


print(summary(ours, "numpy (64-bit)"))
print(summary(app, "app            "))
print(f"Restarts that do not depend on rounding (both reruns here end with them): {robust.sum()} of {RERUN}.")

one_by_one = []
for k in np.flatnonzero(robust):
    seed = APP["runs"][k]["seed"]
    checks = {"diverged": ours["diverged"][k] == app["diverged"][k]}
    if not ours["diverged"][k]:  # a diverged run's other numbers mean nothing
        checks["fits"] = fits(ours)[k] == fits(app)[k]
        checks["test points"] = abs(ours["test_correct"][k] - app["test_correct"][k]) <= 5
        checks["training loss"] = abs(ours["train_loss"][k] - app["train_loss"][k]) <= 1e-2 * ours["train_loss"][k] + 1e-12
    if not all(checks.values()):
        print(f"restart {seed}: diverged {ours['diverged'][k]} (app: {app['diverged'][k]}), test points "
              f"{ours['test_correct'][k]:.0f} (app: {app['test_correct'][k]:.0f}), training loss "
              f"{ours['train_loss'][k]:.6g} (app: {app['train_loss'][k]:.6g}), fits {fits(ours)[k]} (app: {fits(app)[k]})"
              "  <-- DIFFERS")
    one_by_one.append(all(checks.values()))
alive = robust & ~ours["diverged"] & ~app["diverged"]
if alive.any():
    worst_points = np.abs(ours["test_correct"] - app["test_correct"])[alive].max()
    worst_loss = (np.abs(ours["train_loss"] - app["train_loss"]) / ours["train_loss"])[alive].max()
    print(f"  one by one: at most {worst_points:.0f} test points apart (tolerance 5), training losses within a "
          f"relative {worst_loss:.1e} (tolerance 1e-2); {sum(one_by_one)} of {robust.sum()} agree.")
agree = one_by_one

# The headline over all rerun restarts: exact where no run depends on rounding, else within
# what the sensitive runs, being draws from the same distribution, can move it.
m = sensitive.sum()
both = ~ours["diverged"] & ~app["diverged"]
# The spread of one run's test accuracy: pooled over both sets of runs (at least one test point).
pool = [r["test_correct"][~r["diverged"]] / len(Y_TEST) for r in (ours, app)]
spread = max(np.sqrt(np.mean([np.var(a) for a in pool if len(a)] or [0])), 1 / len(Y_TEST))
mean_tolerance = 5 / len(Y_TEST) + 4 * np.sqrt(2 * m) * spread / max(both.sum(), 1)
p = (fits(ours)[sensitive].sum() + fits(app)[sensitive].sum()) / (2 * m) if m else 0
fit_tolerance = np.floor(4 * np.sqrt(2 * m * p * (1 - p)))
ours_mean = ours["test_correct"][both].mean() / len(Y_TEST) if both.any() else 0
app_mean = app["test_correct"][both].mean() / len(Y_TEST) if both.any() else 0
print(f"test accuracy, mean of the {both.sum()} restarts neither diverged: {100 * ours_mean:.2f} % "
      f"(app: {100 * app_mean:.2f} %, tolerance {100 * mean_tolerance:.2f} points)")
print(f"restarts that fit the training data: {fits(ours).sum()} of {RERUN} (app: {fits(app).sum()}, tolerance {fit_tolerance:.0f})")
agree.append(abs(ours_mean - app_mean) <= mean_tolerance)
agree.append(abs(fits(ours).sum() - fits(app).sum()) <= fit_tolerance)

if more is not None:
    accs = [more["test_correct"][~more["diverged"]] / len(Y_TEST), app["test_correct"][~app["diverged"]] / len(Y_TEST)]
    se = np.sqrt(sum(a.var(ddof=1) / len(a) for a in accs if len(a) > 1))
    print(f"{MORE} more restarts from numpy's own starts: mean test accuracy {100 * accs[0].mean():.2f} % "
          f"(app's {len(accs[1])}: {100 * accs[1].mean():.2f} %, standard error of the difference {100 * se:.2f} points)")
    agree.append(abs(accs[0].mean() - accs[1].mean()) <= 4 * se + 1 / len(Y_TEST))

assert all(agree), "the notebook and the app disagree (see DIFFERS and the tolerances above)"
print("All numbers agree with the app.")
