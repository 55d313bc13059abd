"""The measures panel's notebook: which measure predicts the generalisation gap?

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/measures/notebook.rs puts the link, the settings, the data, the
initial weights, the app's per-net numbers and its readout before it). Names in capitals
come from those cells.
"""
# %% [markdown]
# ## The networks
# Every net is a multilayer perceptron $f_w(x)$ on two inputs: `depth` hidden layers of
# `width` ReLU units and one linear output, its parameters in one flat vector $w$ laid out
# as in the app (layer by layer, the weight matrix $W_l$ row by row, then the biases
# $b_l$). It predicts the label $\mathrm{sign} f_w(x)$ and is trained on the logistic loss
# $\ell(f, y) = \log(1 + e^{-y f})$ (the cross-entropy of a sigmoid output).

# %%
AXIS_NAMES = ["width", "depth", "lr", "batch", "n", "wd"]
VARYING = [name in AXES.split(",") for name in AXIS_NAMES]


def value(config, axis):
    """The value of hyperparameter `axis` in configuration `config` (bit k: level of axis k)."""
    k = AXIS_NAMES.index(axis)
    return AXIS_VALUES[axis][(config >> k) & 1]


def widths_of(config):
    """Layer widths: 2 inputs, `depth` hidden layers of `width` units, 1 output."""
    return (2,) + (value(config, "width"),) * value(config, "depth") + (1,)


def layers(widths):
    """(offset of W_l, n_in, n_out) of each layer in the flat vector w."""
    out, at = [], 0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        out.append((at, n_in, n_out))
        at += (n_in + 1) * n_out
    return out


def forward(w, widths, X):
    """The outputs f_w(x) for every row of X, and each layer's activations. w may hold one
    parameter vector or a stack of them (leading axes), for the noisy copies of PAC-Bayes."""
    a, acts = X, [X]
    for l, (at, n_in, n_out) in enumerate(layers(widths)):
        W = w[..., at : at + n_in * n_out].reshape(w.shape[:-1] + (n_in, n_out))
        b = w[..., at + n_in * n_out : at + (n_in + 1) * n_out]
        z = a @ W + b[..., None, :]
        a = z if l == len(widths) - 2 else np.maximum(z, 0.0)  # ReLU but on the output
        acts.append(a)
    return a[..., 0], acts


def logistic(f, y):
    """Per-example loss log(1 + exp(-y f)), without overflow."""
    return np.logaddexp(0.0, -y * f)


def loss_and_grad(w, widths, X, y):
    """The mean loss over (X, y) and its gradient by backpropagation:
    dL/dW_l = a_{l-1}^T delta_l, dL/db_l = sum of delta_l, delta_{l-1} = (delta_l W_l^T) * [a_{l-1} > 0]."""
    f, acts = forward(w, widths, X)
    delta = (-y / (1.0 + np.exp(y * f)) / len(y))[:, None]  # d loss / d f = -y sigmoid(-y f), over the batch
    grad = np.empty_like(w)
    for l in reversed(range(len(widths) - 1)):
        at, n_in, n_out = layers(widths)[l]
        grad[at : at + n_in * n_out] = (acts[l].T @ delta).ravel()
        grad[at + n_in * n_out : at + (n_in + 1) * n_out] = delta.sum(axis=0)
        if l > 0:
            delta = (delta @ w[at : at + n_in * n_out].reshape(n_in, n_out).T) * (acts[l] > 0)
    return np.mean(logistic(f, y)), grad


def evaluate(w, widths, X, y):
    """Mean loss and error (share of points with sign f != y; f = 0 counts as +1)."""
    f = forward(w, widths, X)[0]
    return np.mean(logistic(f, y), axis=-1), np.mean((f >= 0) != (y > 0), axis=-1)


# %% [markdown]
# ## Training to the same loss
# Jiang et al. (2020, §2) stop every net at the same training cross-entropy, so that no
# measure can rank the nets merely by how far training got. Each net starts from the
# app's initial weights (He initialisation, embedded above) and takes steps of SGD with
# heavy-ball momentum and weight decay $\lambda$,
# $v \leftarrow \mu v + \nabla \hat L(w) + \lambda w$, $w \leftarrow w - \eta v$,
# on minibatches in the app's own shuffled order (a new order every epoch), until its
# cross-entropy on its training set (checked every 5 steps) is at most the target, or it
# gives up at the cap. Its training set is the first $n$ points of its seed's training
# data, labels as it saw them: a share `FLIP` of them flipped.

# %%
def train(rep, config):
    """Trains net (rep, config) as the app does. Returns its weights, its initial weights,
    the steps taken, whether the cap stopped it, whether it diverged, and the minibatch loss
    before each step."""
    widths, n = widths_of(config), value(config, "n")
    X, y = TRAIN_X[rep][:n].astype(FLOAT), TRAIN_Y[rep][:n].astype(FLOAT)
    batch = n if value(config, "batch") == "full" else value(config, "batch")
    lr, wd = value(config, "lr"), value(config, "wd")
    w0 = INIT[rep, widths].astype(FLOAT)
    w, v = w0.copy(), np.zeros_like(w0)
    budget, stop_early = (FIXED_STEPS, False) if FIXED else (CAP, True)
    losses, epoch, cursor, reached, diverged = [], -1, n, False, False
    while len(losses) < budget:
        if cursor >= n:  # a new epoch: the app's next shuffled order (full batch: any order)
            epoch, cursor = epoch + 1, 0
            order = ORDERS[rep, n][epoch] if batch < n else np.arange(n)
        idx = order[cursor : cursor + batch]
        cursor += len(idx)
        loss, g = loss_and_grad(w, widths, X[idx], y[idx])
        v = MOMENTUM * v + g + wd * w
        w = w - lr * v
        losses.append(loss)
        if not np.isfinite(loss):
            diverged = True
            break
        if stop_early and len(losses) % CHECK_EVERY == 0 and evaluate(w, widths, X, y)[0] <= np.float32(CE):
            reached = True
            break
    diverged = diverged or not np.all(np.isfinite(w)) or not np.isfinite(evaluate(w, widths, X, y)[0])
    return w, w0, len(losses), stop_early and not reached and not diverged, diverged, np.array(losses)


# %% [markdown]
# ## The candidate measures
# Jiang et al. 2020 (§5 and appendix C), each a number per trained net that should be
# larger when its generalisation gap is:
# * **norms**: $\lVert w \rVert_2$, the distance from the initialisation $\lVert w - w_0 \rVert_2$;
# * **spectral**: $\sum_l \log \lVert W_l \rVert_2^2$ (biases left out), and minus $2 \log \gamma$,
#   where the margin $\gamma$ is the 10th percentile of $y f(x)$ over the training points
#   (floored at 0.01); $1/\gamma^2$;
# * **path norm** $\sum_{\text{paths}} \prod_{e} w_e^2$ (Neyshabur et al. 2015): the output of the
#   net with every weight squared, no biases and no ReLU, fed the all-ones input; and over $\gamma^2$;
# * **PAC-Bayes flatness** $1/\sigma^2$ (Jiang et al. eq. 48-49): the largest $\sigma$ such that
#   Gaussian noise $u \sim N(0, \sigma^2 I)$ on the weights raises the expected training error by at
#   most 0.1, found by bisection on $\log \sigma$ with the same 24 noise draws for every $\sigma$
#   tried; **magnitude-aware**: $u_i \sim N(0, \sigma'^2 w_i^2 + \epsilon^2)$;
# * **SAM $\rho$-sharpness** (Foret et al. 2021): $\hat L(w + \rho g / \lVert g \rVert) - \hat L(w)$,
#   one gradient step uphill; not Jiang's sharpness, which searches for the worst perturbation;
# * the parameter count, the steps taken, and a **random control** (the app's uniform draw,
#   embedded: it is data, not a computation).

# %%
def margin(w, widths, X, y):
    """gamma: the 10th percentile (nearest rank) of the margins y f(x)."""
    m = np.sort(forward(w, widths, X)[0] * y)
    k = min(max(int(np.ceil(0.1 * len(m))), 1), len(m)) - 1
    return m[k]


def spectral_log_sum(w, widths):
    """sum_l log ||W_l||_2^2, the largest singular value of each weight matrix squared."""
    return sum(
        np.log(np.linalg.norm(w[at : at + n_in * n_out].reshape(n_in, n_out), 2) ** 2)
        for at, n_in, n_out in layers(widths)
    )


def path_norm(w, widths):
    """sum over input-output paths of the product of the squared weights along the path."""
    a = np.ones(widths[0])
    for at, n_in, n_out in layers(widths):
        a = a @ w[at : at + n_in * n_out].reshape(n_in, n_out) ** 2
    return a.sum()


def pacbayes_sigma(w, widths, X, y, noise, magnitude):
    """The largest sigma with E_u[err(w + u)] - err(w) <= 0.1 (DEVIATION), the expectation a
    mean over the rows of `noise` (standard normal draws), by bisection on log sigma."""
    base = evaluate(w, widths, X, y)[1]

    def rise(sigma):
        std = np.sqrt(sigma**2 * w**2 + MAGNITUDE_EPS2) if magnitude else sigma
        return np.mean(evaluate(w + std * noise, widths, X, y)[1]) - base

    lo, hi = np.log(SIGMA_RANGE[0]), np.log(SIGMA_RANGE[1])
    if rise(np.exp(hi)) <= DEVIATION:
        return np.exp(hi)
    for _ in range(HALVINGS):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if rise(np.exp(mid)) <= DEVIATION else (lo, mid)
    return np.exp(0.5 * (lo + hi))


def rho_sharpness(w, widths, X, y):
    """L(w + rho g/||g||) - L(w): the rise of the training loss one step of length rho uphill."""
    loss, g = loss_and_grad(w, widths, X, y)
    norm = np.linalg.norm(g)
    return evaluate(w + RHO_SHARPNESS * g / norm, widths, X, y)[0] - loss if norm > 0 else 0.0


def errors(w, rep, config):
    """Training cross-entropy, training error and clean test error of weights w."""
    widths, n = widths_of(config), value(config, "n")
    train_ce, train_err = evaluate(w, widths, TRAIN_X[rep][:n].astype(FLOAT), TRAIN_Y[rep][:n].astype(FLOAT))
    test_err = evaluate(w, widths, TEST_X.astype(FLOAT), TEST_Y.astype(FLOAT))[1]
    return {"train_ce": train_ce, "train_err": train_err, "test_err": test_err, "gap": test_err - train_err}


def noise_draws(index, p):
    """PAC-Bayes's noise for net `index`: the app's draws where embedded; else our own, so
    that its two flatness measures then agree with the app's only statistically."""
    if index in PB_NOISE:
        return PB_NOISE[index]
    return np.random.default_rng([SEED, index]).standard_normal((2, DRAWS, p))


def measures(w, w0, steps, index):
    """Every measure of net `index` with trained weights w (initial weights w0)."""
    rep, config = int(APP_NETS[index][0]), int(APP_NETS[index][1])
    widths, n = widths_of(config), value(config, "n")
    X, y = TRAIN_X[rep][:n].astype(FLOAT), TRAIN_Y[rep][:n].astype(FLOAT)
    gamma = max(margin(w, widths, X, y), MARGIN_FLOOR)
    spectral, path = spectral_log_sum(w, widths), path_norm(w, widths)
    plain, aware = noise_draws(index, len(w))
    return {
        "pacbayes": pacbayes_sigma(w, widths, X, y, plain.astype(FLOAT), False) ** -2,
        "pacbayes_mag": pacbayes_sigma(w, widths, X, y, aware.astype(FLOAT), True) ** -2,
        "sam": rho_sharpness(w, widths, X, y),
        "params": len(w),
        "norm": np.linalg.norm(w),
        "dist": np.linalg.norm(w - w0),
        "spectral": spectral,
        "spectral_margin": spectral - 2 * np.log(gamma),
        "inv_margin": 1 / gamma**2,
        "path": path,
        "path_margin": path / gamma**2,
        "steps": steps,
        "random": APP_NETS[index][COLUMNS.index("random")],  # the app's draw: data, not a computation
    }


def rerun(index):
    """Trains net `index` of the population and measures it: a dict of what the app reports."""
    rep, config = int(APP_NETS[index][0]), int(APP_NETS[index][1])
    w, w0, steps, capped, diverged, losses = train(rep, config)
    out = {"w": w, "losses": losses, "steps": steps, "capped": capped, "diverged": diverged}
    out |= errors(w, rep, config)
    return out | ({m: np.nan for m in MEASURES} if diverged else measures(w, w0, steps, index))


# %% [markdown]
# ## Retraining nets
# By default the nets listed in `SUBSET` (indices into the app's population), for which the
# app's PAC-Bayes noise draws, trained weights and step-by-step losses are embedded too; every
# net starts from the app's exact data, initial weights and minibatch orders.
# `RUN_ALL = True` retrains every net of the population.

# %%
RERUN = list(range(len(APP_NETS))) if RUN_ALL else SUBSET
start = time.perf_counter()
ours = {i: rerun(i) for i in RERUN}
print(f"{len(ours)} nets trained and measured in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# ## Ranking the measures against the gap
# The gap of a net is its error on the clean test set minus its error on the training labels
# as it saw them, flipped ones included. Kendall's $\tau$ as Jiang et al. define it (eq. 3):
# $\tau = \sum_{i<j} \mathrm{sgn}(\mu_i - \mu_j)\,\mathrm{sgn}(g_i - g_j) / \binom{n}{2}$,
# a pair tied in either counting 0. The granulated $\Psi$ (§4) averages over the axes
# $\psi_k$, the mean of $\mathrm{sgn}(\Delta\mu)\,\mathrm{sgn}(\Delta g)$ over the pairs of nets that
# differ in axis $k$ only (same seed): Dziugaite et al.'s (2020) coupled pairs, of which a share
# $(1 - \psi_k)/2$ is ordered wrongly.
#
# These use the app's own numbers for every net (`APP_NETS`), so the correlation maths is
# checked on the whole population; nets the cap stopped or whose training diverged are left
# out, as in the app. The gap is computed in 32-bit floats, as the app does, so that two
# nets with equal gaps in the app stay tied here.

# %%
COL = {name: np.array([row[k] for row in APP_NETS], dtype=float) for k, name in enumerate(COLUMNS)}
ranked = (COL["capped"] == 0) & (COL["diverged"] == 0)
reps, configs = COL["rep"][ranked].astype(int), COL["config"][ranked].astype(int)
gap = (COL["test_err"].astype(np.float32) - COL["train_err"].astype(np.float32))[ranked]


def sgn(x):
    return (x > 0).astype(int) - (x < 0).astype(int)


def concordance(m, g):
    """sum_{i<j} sgn(m_i - m_j) sgn(g_i - g_j): the numerator of Kendall's tau."""
    s = sgn(m[:, None] - m[None, :]) * sgn(g[:, None] - g[None, :])
    return s[np.triu_indices(len(m), 1)].sum()


def kendall(m, g):
    n = len(m)
    return concordance(m, g) / (n * (n - 1) / 2) if n >= 2 else np.nan


def per_axis(m, g):
    """psi_k for each axis: the mean of sgn(dm) sgn(dg) over pairs differing only in axis k."""
    slot = {(r, c): i for i, (r, c) in enumerate(zip(reps, configs))}
    psi = np.full(6, np.nan)
    for k in range(6):
        pairs = [(i, slot[r, c | 1 << k]) for i, (r, c) in enumerate(zip(reps, configs))
                 if VARYING[k] and not c >> k & 1 and (r, c | 1 << k) in slot]
        if pairs:
            psi[k] = np.mean([sgn(m[j] - m[i]) * sgn(g[j] - g[i]) for i, j in pairs])
    return psi


def central(values):
    """The 2.5 % and 97.5 % quantiles, nearest rank, as the app takes them."""
    v = np.sort(values)
    return v[min(int(0.025 * len(v)), len(v) - 1)], v[min(int(0.975 * len(v)), len(v) - 1)]


# The band a measure with no information reaches: the app's random orderings of the ranked
# nets (embedded), each used as a measure.
band_tau = central([kendall(order, gap) for order in BAND_ORDERS])
band_psi = central([np.nanmean(per_axis(order, gap)) for order in BAND_ORDERS])
# Seed by seed: each seed's tau against that seed's own band of random orderings.
seeds = sorted(SEED_ORDERS)
members = {r: np.flatnonzero(reps == r) for r in seeds}
seed_band = {r: central([kendall(order, gap[members[r]]) for order in SEED_ORDERS[r]]) for r in seeds}


def verdict(seed_taus):
    """Beats the random control: tau above its seed's band on more than half of at least
    MIN_SEEDS seeds; reverse: below it on more than half; else undecided."""
    above = sum(seed_taus[r] > seed_band[r][1] for r in seeds)
    below = sum(seed_taus[r] < seed_band[r][0] for r in seeds)
    if len(seeds) < MIN_SEEDS:
        return "too_few_seeds", above
    return ("beats" if 2 * above > len(seeds) else "reverse" if 2 * below > len(seeds) else "undecided"), above


table = {}
for name in MEASURES:
    m = COL[name][ranked]
    psi_k = per_axis(m, gap)
    seed_taus = {r: kendall(m[members[r]], gap[members[r]]) for r in seeds}
    table[name] = {"tau": kendall(m, gap), "psi": np.nanmean(psi_k), "per_axis": psi_k,
                   "wrong": (1 - psi_k.astype(np.float32)) / 2,  # in 32-bit floats, as the app
                   "seed_tau": seed_taus, "verdict": verdict(seed_taus)}

print(f"{ranked.sum()} of {len(ranked)} nets ranked; random band of tau: {band_tau[0]:+.3f} to {band_tau[1]:+.3f}")
print(f"{'measure':>28}  {'tau':>6}  {'Psi':>6}  seeds above band  verdict")
for name, label in zip(MEASURES, LABELS):
    t = table[name]
    print(f"{label:>28}  {t['tau']:+.3f}  {t['psi']:+.3f}  {t['verdict'][1]} of {len(seeds):<12}  {t['verdict'][0]}")

# %% [markdown]
# ## The figures
# Left, the panel's scatter: the measure picked in the panel (`M`) against the gap, one dot per
# ranked net (the app's numbers) coloured by the level of `COLOUR`; black rings are this
# notebook's reruns. Right, every measure seed by seed: a dot per seed at its $\tau$ on a grey
# bar spanning that seed's random band; a measure beats the random control when more than half
# of at least 3 seeds lie right of their bars.

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5), gridspec_kw={"width_ratios": [1.1, 1]})
k = AXIS_NAMES.index(COLOUR)
x = COL[M][ranked]
log = x.min() > 0 and x.max() / x.min() > 20  # a log scale, as the panel chooses
for level, colour in [(0, "#0072b2"), (1, "#e69f00")]:
    pick = (configs >> k & 1) == level
    left.scatter(x[pick], gap[pick], s=22, color=colour, alpha=0.85,
                 label=f"{COLOUR} {AXIS_VALUES[COLOUR][level]}")
rerun = [i for i in ours if not ours[i]["capped"] and not ours[i]["diverged"]]
left.scatter([ours[i][M] for i in rerun], [ours[i]["gap"] for i in rerun], s=90, facecolors="none",
             edgecolors="black", label="rerun here")
left.set(xscale="log" if log else "linear", xlabel=LABELS[MEASURES.index(M)], ylabel="gap: test − train error",
         title=f"τ = {table[M]['tau']:+.2f}, Ψ = {table[M]['psi']:+.2f} over {ranked.sum()} nets")
left.legend()
for row, name in enumerate(MEASURES):
    y0 = len(MEASURES) - 1 - row
    for j, r in enumerate(seeds):
        yj = y0 + (j - (len(seeds) - 1) / 2) * 0.2
        lo, hi = seed_band[r]
        right.plot([lo, hi], [yj, yj], color="#c9ced6", lw=4, solid_capstyle="butt")
        tau = table[name]["seed_tau"][r]
        side = "#0072b2" if tau > hi else "#d55e00" if tau < lo else "white"
        right.plot(tau, yj, "o", color=side, mec="#0072b2" if tau > hi else "#d55e00" if tau < lo else "#68717d", ms=6)
right.axvline(0, color="grey", ls="--", lw=1)
right.set(yticks=range(len(MEASURES)), yticklabels=LABELS[::-1], xlim=(-1, 1),
          xlabel="Kendall's τ of each seed (grey: that seed's random band)")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## The app's numbers, recomputed
# **The ranking** (τ, Ψ, ψ per axis, the coupled-pair shares, τ per seed, the bands and the
# verdicts) is computed above from the app's own per-net numbers, so it must agree exactly:
# each is a count of concordant pairs over a count of pairs, compared as the 32-bit float the
# app prints (Ψ, a mean of such ratios, and its band to $10^{-6}$).

# %%
agree = []


def same(what, ours_value, app_value, atol=0.0):
    """Equal as 32-bit floats (NaN and None alike), or within atol."""
    a = np.float32(np.nan if ours_value is None else ours_value)
    b = np.float32(np.nan if app_value is None else app_value)
    ok = bool(a == b or (np.isnan(a) and np.isnan(b)) or abs(float(a) - float(b)) <= atol)
    agree.append(ok)
    if not ok or VERBOSE:
        print(f"{what}: {a:+.6g} (app: {b:+.6g}){'' if ok else '  <-- DIFFERS'}")


def equal(what, ours_value, app_value):
    """Exactly equal (counts, flags)."""
    ok = ours_value == app_value
    agree.append(ok)
    if not ok or VERBOSE:
        print(f"{what}: {ours_value} (app: {app_value}){'' if ok else '  <-- DIFFERS'}")


nan = lambda v: None if v is None or not np.isfinite(v) else v  # noqa: E731
equal("nets ranked", int(ranked.sum()), APP["ranked"])
equal("nets the cap stopped", int(COL["capped"].sum()), APP["stopped_by_cap"])
equal("nets diverged", int(COL["diverged"].sum()), APP["diverged"])
same("random band of tau, low end", band_tau[0], APP["band"][0][0])
same("random band of tau, high end", band_tau[1], APP["band"][0][1])
same("random band of Psi, low end", band_psi[0], APP["band"][1][0], atol=1e-6)
same("random band of Psi, high end", band_psi[1], APP["band"][1][1], atol=1e-6)
equal("seeds judged", seeds, APP["seed_reps"])
for r, (lo, hi) in zip(APP["seed_reps"], APP["seed_bands"]):
    same(f"seed {r}: band of tau, low end", seed_band[r][0], lo)
    same(f"seed {r}: band of tau, high end", seed_band[r][1], hi)
for row in APP["measures"]:
    t, name = table[row["name"]], row["name"]
    same(f"{name}: tau", t["tau"], row["tau"])
    same(f"{name}: Psi", nan(t["psi"]), row["psi"], atol=1e-6)
    for k, axis in enumerate(AXIS_NAMES):
        same(f"{name}: psi_{axis}", nan(t["per_axis"][k]), row["per_axis"][k])
        same(f"{name}: wrong share, {axis}", nan(t["wrong"][k]), row["wrong"][k])
    for r, app_tau in zip(seeds, row["seed_tau"]):
        same(f"{name}: tau on seed {r}", t["seed_tau"][r], app_tau)
    equal(f"{name}: verdict", t["verdict"][0], row["verdict"])
for name in dict.fromkeys([M, "pacbayes", "random"]):
    t, row = table[name], next(r for r in APP["measures"] if r["name"] == name)
    print(f"{LABELS[MEASURES.index(name)]}: tau over {ranked.sum()} nets {t['tau']:+.4f} (app: {row['tau']:+.4f}); "
          f"above its band on {t['verdict'][1]} of {len(seeds)} seeds: {t['verdict'][0]} (app: {row['verdict']})")
print(f"The ranking of all {len(APP_NETS)} nets: {sum(agree)} of {len(agree)} numbers agree with the app's.")

# %% [markdown]
# **The measures**, computed here from the app's own trained weights of the nets in `SUBSET`
# (`W_APP`), so that training plays no part: they differ from the app's only by the rounding of
# the measure itself (the app computes in 32-bit floats, this notebook in 64-bit ones). The
# tolerances are relative; each is at least 5 times the largest difference measured over 1,312
# nets of 12 settings. SAM's sharpness is a difference of two nearly equal losses, so it keeps
# fewer digits. PAC-Bayes flatness bisects on counts of training errors of noisy copies of the
# net, drawn with the app's own noise: the same counts unless a point lies within rounding of
# a noisy copy's decision boundary, which moved the result of the bisection by 0.1 % in 2 of
# 2,624 measurements.

# %%
TOL_ON_APP = {"train_ce": 1e-5, "norm": 1e-5, "dist": 1e-5, "spectral": 1e-5, "path": 1e-5,
              "spectral_margin": 1e-4, "inv_margin": 1e-4, "path_margin": 1e-4,
              "sam": 2e-3, "pacbayes": 1e-2, "pacbayes_mag": 1e-2, "params": 0, "steps": 0}
worst = {}


def close(what, key, ours_value, app_value, rtol):
    """Within rtol |app|; records the difference as a share of that tolerance."""
    allowed = rtol * abs(app_value)
    diff = abs(float(ours_value) - float(app_value))
    worst[key] = max(worst.get(key, 0.0), diff / allowed if allowed else float(diff > 0) * np.inf)
    agree.append(bool(diff <= allowed))
    if diff > allowed or VERBOSE:
        print(f"{what}: {float(ours_value):.7g} (app: {float(app_value):.7g}){'' if diff <= allowed else '  <-- DIFFERS'}")


def describe(index):
    rep, config = int(APP_NETS[index][0]), int(APP_NETS[index][1])
    return f"net {index} (seed {rep}, " + ", ".join(
        f"{a} {value(config, a)}" for k, a in enumerate(AXIS_NAMES) if VARYING[k]) + ")"


def counts(errors, index):
    """Training and test errors as counts of points."""
    n = value(int(APP_NETS[index][1]), "n")
    return round(errors["train_err"] * n), round(errors["test_err"] * len(TEST_Y))


for i in SUBSET:
    app = dict(zip(COLUMNS, APP_NETS[i]))
    if app["diverged"]:
        continue
    rep, config = int(app["rep"]), int(app["config"])
    w = W_APP[i].astype(FLOAT)
    on_app = errors(w, rep, config) | measures(w, INIT[rep, widths_of(config)].astype(FLOAT), len(LOSS_APP[i]), i)
    equal(f"{describe(i)}: training and test errors", counts(on_app, i), counts(app, i))
    for key, rtol in TOL_ON_APP.items():
        close(f"{describe(i)}: {key}", key, on_app[key], app[key], rtol)
    print(f"{describe(i)}, measured on the app's weights: {M} {on_app[M]:.6g} (app: {app[M]:.6g}), "
          f"errors {counts(on_app, i)} (app: {counts(app, i)})")
print("On the app's weights, worst difference as a share of its tolerance: "
      + ", ".join(f"{k} {v:.2g}" for k, v in worst.items()))

# %% [markdown]
# **The training reruns.** A net's path is a few hundred steps of momentum SGD, and the rounding
# difference between 32-bit floats (the app) and 64-bit ones (here), about $10^{-7}$ of each
# number, does not always stay that small: where training is unstable it grows by a factor at
# every step until the two paths part. Over 1,312 nets of 12 settings, 1,152 followed the app's
# path to the end (their loss within $10^{-5}$ of the app's at every step); the others parted
# from it, the earliest at step 26, and ended elsewhere in the same landscape. Computing in
# 32-bit floats here (`FLOAT = np.float32`) does not keep them together either: the order of the
# sums differs from the app's, and that is enough. So each rerun is checked in stages:
# * its minibatch loss step by step against the app's (`LOSS_APP`) over the first `FIRST_STEPS`
#   steps, where rounding has not grown yet (measured: within $1.5 \cdot 10^{-6}$, relative): a
#   mistake in the data, the initial weights, the minibatch order or the gradient shows here;
# * a net whose loss stays within `PART_RTOL` of the app's at every step followed the app's path:
#   its steps, capped flag and error counts must equal the app's, and its training loss, norms,
#   spectral and path norms agree within `RERUN_RTOL` (measured: $1.2 \cdot 10^{-4}$ at most).
#   Its margin-based measures, SAM's sharpness and PAC-Bayes flatness are printed, not compared:
#   they move far more than the weights (SAM's sharpness by a third, for weights $7 \cdot 10^{-5}$
#   apart), and they were checked above on the app's own weights;
# * a net that parted from the app's path is printed beside the app's numbers, not compared.
#
# With `RUN_ALL`, the nets outside `SUBSET` have no embedded path: one that took the app's steps
# and ends within $10^{-6}$ of its training loss counts as having followed it (measured: their
# norms then agree to $5 \cdot 10^{-6}$), and its PAC-Bayes flatness, from our own noise draws,
# is compared on average over the nets: the mean log ratio within 4 standard errors of 0.

# %%
FIRST_STEPS, FIRST_RTOL = 10, 1e-4  # the first steps' losses agree to this (relative)
PART_RTOL = 1e-5  # a loss further than this from the app's at some step: the paths parted
RERUN_RTOL = 1e-3  # training loss and smooth measures of a net that followed the app's path
SMOOTH = ["train_ce", "norm", "dist", "spectral", "path", "params", "steps"]
followed, parted, worst = [], {}, {}
for i, net in ours.items():
    app = dict(zip(COLUMNS, APP_NETS[i]))
    if i in LOSS_APP:
        k = min(len(LOSS_APP[i]), len(net["losses"]))
        diff = np.abs(net["losses"][:k] - LOSS_APP[i][:k]) / np.abs(LOSS_APP[i][:k])
        first = min(FIRST_STEPS, k)
        close(f"{describe(i)}: loss of the first {first} steps, largest relative difference",
              "first steps' loss", 1 + diff[:first].max(), 1.0, FIRST_RTOL)
        apart = np.flatnonzero(~(diff <= PART_RTOL))
        if len(apart):
            parted[i] = apart[0] + 1
            continue
        followed.append(i)
    elif net["steps"] == app["steps"] and abs(net["train_ce"] - app["train_ce"]) <= 1e-6 * app["train_ce"]:
        followed.append(i)
    else:
        parted[i] = None
        continue
    equal(f"{describe(i)}: steps, capped, diverged", (net["steps"], net["capped"], net["diverged"]),
          (int(app["steps"]), app["capped"], app["diverged"]))
    if net["diverged"]:
        continue
    equal(f"{describe(i)}: training and test errors of the rerun", counts(net, i), counts(app, i))
    for key in SMOOTH:
        close(f"{describe(i)}: {key}, rerun", f"{key}, rerun", net[key], app[key], RERUN_RTOL)
for i in list(followed[:6]) + list(parted)[:6]:
    app = dict(zip(COLUMNS, APP_NETS[i]))
    gap = np.float32(app["test_err"]) - np.float32(app["train_err"])
    how = "followed the app's path" if i in followed else "parted from the app's path" + (
        f" at step {parted[i]}" if parted[i] else "")
    print(f"{describe(i)} {how}: {ours[i]['steps']} steps (app: {app['steps']:.0f}), gap {ours[i]['gap']:.4f} "
          f"(app: {gap:.4f}), {M} {ours[i][M]:.6g} (app: {app[M]:.6g})")
print(f"Reruns: {len(followed)} of {len(ours)} nets followed the app's path to the end.")
if RUN_ALL:  # PAC-Bayes flatness from our own noise draws: the same on average, not net by net
    for key in ["pacbayes", "pacbayes_mag"]:
        ratio = [np.log(ours[i][key] / APP_NETS[i][COLUMNS.index(key)]) for i in followed
                 if i not in PB_NOISE and not ours[i]["diverged"]]
        if len(ratio) > 1:
            se = np.std(ratio) / np.sqrt(len(ratio))
            ok = abs(np.mean(ratio)) <= 4 * se
            agree.append(ok)
            print(f"{key} with our own noise draws, mean log(ours / app) over {len(ratio)} nets: "
                  f"{np.mean(ratio):+.3f} (app: 0 within 4 standard errors, {4 * se:.3f}){'' if ok else '  <-- DIFFERS'}")
print("Reruns, worst difference as a share of its tolerance: " + ", ".join(f"{k} {v:.2g}" for k, v in worst.items()))

# %% [markdown]
# How far each rerun's loss is from the app's, step by step: rounding ($10^{-7}$, the app's
# 32-bit floats) either stays there to the end, or grows until the paths part.

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for i in ours:
    if i in LOSS_APP:
        k = min(len(LOSS_APP[i]), len(ours[i]["losses"]))
        d = np.abs(ours[i]["losses"][:k] - LOSS_APP[i][:k]) / np.abs(LOSS_APP[i][:k])
        ax.semilogy(np.arange(1, k + 1), np.maximum(d, 1e-12), lw=1, label=f"net {i}")
ax.axhline(PART_RTOL, color="grey", ls="--", lw=1)
ax.set(xlabel="step", ylabel="|loss − app's| / app's", title="Reruns against the app's path (dashed: parted)")
ax.legend(fontsize=8, ncol=2)
plt.show()

# %%
assert all(agree), "the notebook and the app disagree (see DIFFERS above)"
print("All numbers agree with the app.")
