"""The infinite-width panel's notebook: random wide nets, their NNGP and NTK kernels, lazy training.

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/wide/notebook.rs puts the link, the settings, the lab's constants,
the data, the initial weights and the app's numbers before it). Names in capitals come
from those cells.
"""
# %% [markdown]
# ## The network and its two kernels
# One hidden layer of width $n$ in the NTK parametrisation (Jacot et al. 2018): every
# parameter is drawn $\mathcal N(0, 1)$ and the scales are written into the function,
# $$f(x) = \frac{\sigma_w}{\sqrt n} \sum_j v_j\, \varphi(\sigma_w u_j x + \sigma_b b_j) + \sigma_b c,
# \qquad \sigma_w = 1.5,\ \sigma_b = 0.5.$$
# As $n \to \infty$ two kernels describe it. With $\Sigma(x, x') = \sigma_w^2 x x' + \sigma_b^2$
# the covariance of a unit's input $h = \sigma_w u x + \sigma_b b$:
# * the **NNGP kernel** $K(x, x') = \sigma_w^2\, \mathbb E[\varphi(h)\varphi(h')] + \sigma_b^2$,
#   the covariance of the random function $f$ (Neal 1996);
# * the **neural tangent kernel** $\Theta(x, x') = K(x, x') + \sigma_w^2\, \Sigma(x, x')\,
#   \mathbb E[\varphi'(h)\varphi'(h')]$, the inner product of the gradients $\nabla_\theta f(x)
#   \cdot \nabla_\theta f(x')$: the output layer gives $K$, the hidden layer the second term.
#
# Both expectations have closed forms: for erf, Williams (1997); for ReLU, the arc-cosine
# kernels of Cho and Saul (2009).

# %%
import math  # the standard library's erf, for the normal distribution function

alpha = float(np.float32(ALPHA))  # the app keeps the output scale as a 32-bit float

# The app's erf: Abramowitz and Stegun 7.1.26, within 1.5e-7 of erf, sharing exp(-h^2) with erf'.
ERF_P = 0.3275911
ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def phi_and_slope(h):
    """phi(h) and phi'(h), elementwise, for the view's activation."""
    if ACT == "relu":
        return np.maximum(h, 0.0), (h > 0).astype(float)
    z = np.abs(h)
    gauss = np.exp(-z * z)
    t = 1 / (1 + ERF_P * z)
    a1, a2, a3, a4, a5 = ERF_A
    erf_z = 1 - t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5)))) * gauss  # erf(|h|)
    return np.copysign(erf_z, h), 2 / np.sqrt(np.pi) * gauss  # erf is odd


def expectations(s11, s12, s22):
    """E[phi(h) phi(h')] and E[phi'(h) phi'(h')] for (h, h') ~ N(0, [[s11, s12], [s12, s22]])."""
    if ACT == "erf":
        # Williams (1997): (2/pi) arcsin(2 s12 / sqrt((1 + 2 s11)(1 + 2 s22))); erf'(h) = (2/sqrt(pi)) e^(-h^2).
        a, b = 1 + 2 * s11, 1 + 2 * s22
        e_phi = 2 / np.pi * np.arcsin(np.clip(2 * s12 / np.sqrt(a * b), -1, 1))
        e_slope = 4 / np.pi / np.sqrt(np.maximum(a * b - 4 * s12**2, 1e-300))
    else:
        # Cho and Saul (2009), degrees 1 and 0, with the angle theta between the inputs
        # (s11 >= SIGMA_B^2 > 0, so it is always defined).
        norms = np.sqrt(s11 * s22)
        cos = np.clip(s12 / norms, -1, 1)
        theta = np.arccos(cos)
        e_phi = norms * (np.sqrt(1 - cos**2) + (np.pi - theta) * cos) / (2 * np.pi)
        e_slope = (np.pi - theta) / (2 * np.pi)
    return e_phi, e_slope


def kernels(x, y):
    """The matrices K(x_i, y_k) (NNGP) and Theta(x_i, y_k) (NTK)."""
    x, y = np.asarray(x, dtype=float)[:, None], np.asarray(y, dtype=float)[None, :]
    sigma = lambda a, b: SIGMA_W**2 * a * b + SIGMA_B**2  # noqa: E731
    e_phi, e_slope = expectations(sigma(x, x), sigma(x, y), sigma(y, y))
    K = SIGMA_W**2 * e_phi + SIGMA_B**2
    return K, K + SIGMA_W**2 * sigma(x, y) * e_slope


def training_kernel(x, y):
    """The kernel that governs training: Theta, or K when only the last layer trains (its
    gradient features are then the hidden units themselves)."""
    K, Theta = kernels(x, y)
    return K if LAST else Theta


def first_units(pool, width):
    """(u, b, v, c) of the first `width` units of a pool in the app's order: c, then
    (u_j, b_j, v_j) unit by unit. A wider net is the narrower one plus more units."""
    units = pool[1 : 1 + 3 * width].reshape(width, 3)
    return units[:, 0].copy(), units[:, 1].copy(), units[:, 2].copy(), float(pool[0])


def pool(seed):
    """The app's pool of seed `seed` when this notebook carries it; else a seeded draw of
    our own in the same layout (numpy's generator, not the app's)."""
    if seed in POOLS:
        return POOLS[seed]
    return np.random.default_rng(seed).standard_normal(1 + 3 * WIDEST)


def data(seed):
    """The training data of seed `seed`: the app's when this notebook carries them; else our
    own draw by the app's recipe, one point per cell of width 2/N jittered within its middle
    80 % (plain random points can nearly coincide and make the kernel matrix ill-conditioned),
    with targets y = A sin(pi x)."""
    if seed in DATA:
        return DATA[seed]
    x = -1 + 2 / N * (np.arange(N) + 0.1 + 0.8 * np.random.default_rng(seed).random(N))
    return x, float(np.float32(AMP)) * np.sin(np.pi * x)


def f(net, x):
    """f(x) at every input x."""
    u, b, v, c = net
    phi, _ = phi_and_slope(np.outer(x, SIGMA_W * u) + SIGMA_B * b)  # h_j = sigma_w u_j x + sigma_b b_j
    return SIGMA_W / np.sqrt(len(v)) * (phi @ v) + SIGMA_B * c


# %% [markdown]
# ## 1 · Random nets: the prior
# Each output is a sum of $n$ independent terms, one per hidden unit, so as $n$ grows the
# central limit theorem makes $f(x)$ Gaussian, and the whole function a Gaussian process
# with covariance $K$. Careful: with one hidden layer the variance already equals
# $K(x, x)$ at every width, even $n = 1$; only the shape converges. The fourth cumulant of
# a sum of $n$ independent terms is $n$ times one term's, so the **excess kurtosis** falls
# like $1/n$:
# $$\frac{\kappa_4}{K^2} = \frac{3\,\sigma_w^4\, \mathrm{Var}[\varphi(h)^2]}{n\, K(x_0, x_0)^2}.$$
# The panel draws $f(x_0 = 1)$ for 2,000 nets (pools 1 to 2,000 of the seed) and compares
# it with $\mathcal N(0, K(x_0, x_0))$ by its sample variance, excess kurtosis and
# Kolmogorov–Smirnov distance.

# %%
def outputs_at_x0(nets):
    """f(X0) of each net, from rows [c, u_1, b_1, v_1, u_2, ...] (one net per row)."""
    c, units = nets[:, 0], nets[:, 1:].reshape(len(nets), -1, 3)
    u, b, v = units[..., 0], units[..., 1], units[..., 2]
    phi, _ = phi_and_slope(SIGMA_W * u * X0 + SIGMA_B * b)
    return SIGMA_W / np.sqrt(u.shape[1]) * (phi * v).sum(axis=1) + SIGMA_B * c


def normal_cdf(z):
    """Phi(z) = (1 + erf(z / sqrt 2)) / 2, with the standard library's erf."""
    return 0.5 * (1 + np.vectorize(math.erf)(z / np.sqrt(2)))


def summarise(values, variance):
    """The panel's numbers for draws of f(x0) against N(0, variance)."""
    m = len(values)
    centred = values - values.mean()
    m2, m4 = np.mean(centred**2), np.mean(centred**4)
    sd = np.sqrt(variance)
    bins = np.clip(np.floor((values / sd + 4) / 8 * BINS), 0, BINS - 1).astype(int)  # over +-4 sd
    cdf = normal_cdf(np.sort(values) / sd)
    i = np.arange(m)
    return {
        "sample_variance": np.mean(values**2),
        "excess_kurtosis": m4 / m2**2 - 3,  # m4/m2^2 - 3: 0 for a Gaussian
        "ks": np.max(np.maximum(cdf - i / m, (i + 1) / m - cdf)),  # sup |F_M - Phi|
        "counts": np.bincount(bins, minlength=BINS),
    }


def kurtosis_of_one_unit():
    """3 sigma_w^4 Var[phi(h)^2] / K^2 with h ~ N(0, Sigma(x0, x0)), by Gauss-Hermite quadrature:
    the population's excess kurtosis at width n is this divided by n."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(120)
    phi, _ = phi_and_slope(np.sqrt(SIGMA_W**2 * X0**2 + SIGMA_B**2) * nodes)
    mean = lambda g: (weights * g).sum() / weights.sum()  # noqa: E731
    var_phi2 = mean(phi**4) - mean(phi**2) ** 2
    return 3 * SIGMA_W**4 * var_phi2 / (SIGMA_W**2 * mean(phi**2) + SIGMA_B**2) ** 2

variance_k = kernels([X0], [X0])[0][0, 0]
if PRIOR_NETS is not None:
    # The app's own 2,000 nets: every number below should match the app's closely.
    prior = summarise(outputs_at_x0(PRIOR_NETS), variance_k)
    samples = [first_units(row, WIDTH) for row in PRIOR_NETS[:SAMPLES]]
else:
    # Our own nets, in batches of the app's size: the app's statistics are one draw from the
    # same distribution as each batch's, so each is compared with the batches' mean and spread.
    rng = np.random.default_rng(SEED)
    batches = int(np.clip(20_000_000 // (DRAWS * WIDTH), 6, 100))  # about 20 million units in all
    per_batch = []
    for _ in range(batches):
        draws = []
        for start in range(0, DRAWS, 250):  # 250 nets at a time, to keep memory small
            nets = rng.standard_normal((250, 1 + 3 * WIDTH))
            draws.append(outputs_at_x0(nets))
        per_batch.append(summarise(np.concatenate(draws), variance_k))
    prior = per_batch[0]
    samples = [first_units(row, WIDTH) for row in rng.standard_normal((SAMPLES, 1 + 3 * WIDTH))]

# %% [markdown]
# The panel's two figures: sample functions over the Gaussian process's band
# $\pm 2\sqrt{K(x, x)}$, and the histogram of $f(x_0)$ against $\mathcal N(0, K(x_0, x_0))$.
# A third shows the excess kurtosis against width: the $1/n$ law and this width's sample.

# %%
fig, (fa, fb, fc) = plt.subplots(1, 3, figsize=(15, 4.2))
band = 2 * np.sqrt(np.diag(kernels(GRID, GRID)[0]))
fa.fill_between(GRID, -band, band, color="0.85", label=r"$\pm 2\sqrt{K(x, x)}$")
for net in samples:
    fa.plot(GRID, f(net, GRID), lw=1.5)
fa.set(xlabel="x", ylabel="f(x)", title=f"{SAMPLES} random nets of width {WIDTH}")
fa.legend(loc="upper left")
sd = np.sqrt(variance_k)
edges = np.linspace(-4 * sd, 4 * sd, BINS + 1)
fb.stairs(prior["counts"] / (DRAWS * (edges[1] - edges[0])), edges, fill=True, color="#4c72b0", alpha=0.6)
z = np.linspace(-4 * sd, 4 * sd, 300)
fb.plot(z, np.exp(-(z**2) / (2 * variance_k)) / np.sqrt(2 * np.pi * variance_k), "k", label=r"$\mathcal{N}(0, K(x_0, x_0))$")
fb.set(xlabel=f"f(x0 = {X0})", ylabel="density", title=f"{DRAWS} nets: excess kurtosis {prior['excess_kurtosis']:.2f}")
fb.legend()
widths = np.unique(np.round(np.logspace(0, np.log10(4096), 30)))
fc.loglog(widths, kurtosis_of_one_unit() / widths, "k--", label=r"$3\sigma_w^4 \mathrm{Var}[\varphi^2] / (n K^2)$")
fc.plot(WIDTH, max(prior["excess_kurtosis"], 1e-4), "o", color="#c44e52", label=f"sample of {DRAWS} (width {WIDTH})")
fc.set(xlabel="width n", ylabel="excess kurtosis of f(x0)", title="The shape converges like 1/n")
fc.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 2 · Training against the kernel prediction
# The net learns $g(x) = \alpha\,(f(x; \theta) - f(x; \theta_0))$, so $g \equiv 0$ at the
# start like the kernel prediction (subtracting the constant function $f(\cdot\,; \theta_0)$
# leaves every gradient unchanged), by full-batch gradient descent on
# $L = \frac{1}{2N\alpha^2} \sum_i (g(x_i) - y_i)^2$ with $\eta = N/\lambda_{\max}(\Theta)$.
# The output scale $\alpha$ is Chizat, Oyallon and Bach's (2019): $g$ moves in function space
# as for $\alpha = 1$ while $\theta$ has to move $1/\alpha$ as far.
#
# A net of infinite width is linear in its parameters with tangent kernel $\Theta$, so its
# training outputs follow $f_{t+1} = f_t - \frac{\eta}{N}\Theta(f_t - y)$, and from $f_0 = 0$
# (Lee et al. 2019, eq. 9 in discrete time)
# $$f_t(x) = \Theta(x, X)\,\Theta^{-1}\big(I - (I - \eta\Theta/N)^t\big)\,y,$$
# computed through $\Theta = Q \Lambda Q^\top$: the middle matrix is
# $Q\,\mathrm{diag}\big((1 - (1 - \eta\lambda_k/N)^t)/\lambda_k\big)\,Q^\top$, finite even for tiny
# $\lambda_k$. With $\eta = N/\lambda_{\max}$ every mode is stable and the stiffest is fitted in one step.

# %%
def checkpoints(steps):
    """The recorded steps: 0, then about 20 a decade (round(10^(k/20))), and the last."""
    out, k = [0], 0
    while (t := int(np.floor(10 ** (k / 20) + 0.5))) < steps:
        if t > out[-1]:
            out.append(t)
        k += 1
    return out + [steps]


def kernel_flow(X, Y):
    """The kernel prediction on GRID after t steps, as a function of t, and eta / N = 1/lambda_max."""
    lam, Q = np.linalg.eigh(training_kernel(X, X))
    rate, projected, cross = 1 / lam.max(), Q.T @ Y, training_kernel(GRID, X)

    def at(t):
        step = rate * lam
        tiny = np.abs(step) < 1e-12
        weight = np.where(tiny, rate * t, (1 - (1 - step) ** t) / np.where(tiny, 1, lam))
        return cross @ (Q @ (weight * projected))

    return at, rate, lam


def jacobian(net, X):
    """The rows grad_theta f(x_i) in the order (u, b, v, c): s v_j phi'(h_j) sigma_w x,
    s v_j phi'(h_j) sigma_b, s phi(h_j), sigma_b, with s = sigma_w / sqrt(n); only (v, c)
    when the last layer alone trains."""
    u, b, v, c = net
    s = SIGMA_W / np.sqrt(len(v))
    phi, slope = phi_and_slope(np.outer(X, SIGMA_W * u) + SIGMA_B * b)
    last = [s * phi, np.full((len(X), 1), SIGMA_B)]
    if LAST:
        return np.hstack(last)
    return np.hstack([s * v * slope * SIGMA_W * X[:, None], s * v * slope * SIGMA_B] + last)


def rms(a):
    return np.sqrt(np.mean(np.square(a)))


def kink_spread(net, X, kernel0, change):
    """ReLU only: rounding decides on which side of the kink a unit's input lies when it is
    within 1e-9 (of the largest) of 0, and with it that unit's slope, 0 or 1, in the empirical
    kernel. Returns how much the kernel's relative change `change` moves when every such slope
    takes the other value (0 when there is none)."""
    if ACT != "relu" or LAST:
        return 0.0
    u, b, v, c = net
    H = np.outer(X, SIGMA_W * u) + SIGMA_B * b
    near = np.abs(H) <= 1e-9 * np.abs(H).max()
    if not near.any():
        return 0.0
    s = SIGMA_W / np.sqrt(len(v))
    slope = ((H > 0) ^ near).astype(float)  # the other side for the inputs at the kink
    J = np.hstack([s * v * slope * SIGMA_W * X[:, None], s * v * slope * SIGMA_B, s * np.maximum(H, 0),
                   np.full((len(X), 1), SIGMA_B)])
    return abs(np.linalg.norm(J @ J.T - kernel0) / np.linalg.norm(kernel0) - change)


def train(net, X, Y, record, jitter=0.0):
    """Full-batch gradient descent for STEPS steps from `net`. Returns the figures at the
    steps in `record` it reached and the step at which it diverged (None if it did not).
    `jitter` > 0 (the twin below) multiplies every trained weight by 1 + jitter z, z ~ N(0, 1),
    after every step."""
    rng = np.random.default_rng(0)
    touched = False  # ReLU: some unit's input at a training point came within 1e-9 of the kink
    u, b, v, c = net
    n, s = len(v), SIGMA_W / np.sqrt(len(v))
    theta0 = np.concatenate([u, b, v, [c]])
    f0_train, f0_grid = f(net, X), f(net, GRID)
    J0 = jacobian(net, X)
    kernel0 = J0 @ J0.T  # the empirical tangent kernel at the start
    prediction, rate, _ = kernel_flow(X, Y)
    eta = len(X) * rate
    figures = {}
    for t in range(STEPS + 1):
        if t in record:
            now = (u, b, v, c)
            J = jacobian(now, X)
            net_on_grid, kernel_on_grid = alpha * (f(now, GRID) - f0_grid), prediction(t)
            gap = (net_on_grid - kernel_on_grid)[np.abs(GRID) <= 1 + 1e-9]
            figures[t] = {
                "net": net_on_grid,
                "kernel": kernel_on_grid,
                "net_vs_kernel": rms(gap) / rms(Y),  # over [-1, 1], in units of the targets' rms
                "rel_weight_change": np.linalg.norm(np.concatenate([u, b, v, [c]]) - theta0) / np.linalg.norm(theta0),
                "rel_kernel_change": np.linalg.norm(J @ J.T - kernel0) / np.linalg.norm(kernel0),
                "kink": kink_spread(now, X, kernel0, np.linalg.norm(J @ J.T - kernel0) / np.linalg.norm(kernel0)),
                "touched": touched,
                "loss": np.mean((alpha * (f(now, X) - f0_train) - Y) ** 2) / 2,
            }
        if t == STEPS:
            return figures, None
        # One step: residuals r_i = g(x_i) - y_i, then grad L = (1/(N alpha)) sum_i r_i grad f(x_i).
        H = np.outer(X, SIGMA_W * u) + SIGMA_B * b
        phi, slope = phi_and_slope(H)
        touched = touched or (ACT == "relu" and bool(np.any(np.abs(H) <= 1e-9 * np.abs(H).max())))
        r = alpha * (s * (phi @ v) + SIGMA_B * c - f0_train) - Y
        loss = np.sum(r * r / (2 * len(X)))
        if not np.isfinite(loss) or loss > 1e12:
            return figures, t  # the app stops here: the step was too large for this finite net
        w = r / (len(X) * alpha)
        back = w[:, None] * slope
        if not LAST:
            u, b = u - eta * s * v * SIGMA_W * (X @ back), b - eta * s * v * SIGMA_B * back.sum(axis=0)
        v, c = v - eta * s * (w @ phi), c - eta * SIGMA_B * w.sum()
        if jitter:
            if not LAST:
                u, b = u * (1 + jitter * rng.standard_normal(n)), b * (1 + jitter * rng.standard_normal(n))
            v, c = v * (1 + jitter * rng.standard_normal(n)), c * (1 + jitter * rng.standard_normal())


JITTER = 1e-14  # see `twin`
COMPARED = ["loss", "net_vs_kernel", "rel_weight_change", "rel_kernel_change"]


def twin(net, X, Y, at):
    """The same run with a random relative error of 1e-14 put into every trained weight after
    every step, of the order of the differences between the app's rounding and numpy's: how far
    the twin ends from the run at step `at` says how much this run amplifies such differences.
    Returns its figures at `at` (None if it diverged before) and the step at which it diverged."""
    figures, went = train(net, X, Y, record={at}, jitter=JITTER)
    return figures.get(at), went


X, Y = data(SEED)
assert np.allclose(Y, float(np.float32(AMP)) * np.sin(np.pi * X), rtol=0, atol=1e-12)
prediction, rate, lam = kernel_flow(X, Y)
net = first_units(pool(SEED), WIDTH)
run, diverged_at = train(net, X, Y, record=set(checkpoints(STEPS)))
shown = run.get(T)  # None if the run diverged before step T
shown_twin, diverged_twin = twin(net, X, Y, T)
widest = None
if VIEW == "train":  # the panel also trains the widest net: do the curves merge?
    widest_net = first_units(pool(SEED), WIDEST)
    widest_run, widest_diverged = train(widest_net, X, Y, record={STEPS})
    widest_twin = twin(widest_net, X, Y, STEPS)[0]
    widest = widest_run[STEPS]["net_vs_kernel"] if widest_diverged is None else None

# %% [markdown]
# The panel's training figure at step $t$ = `T`: the net (solid) and the kernel prediction
# (dashed), with the training points; and, beside it, both distances over training.

# %%
fig, (fa, fb) = plt.subplots(1, 2, figsize=(13, 4.5))
name = "K (NNGP: only the last layer trains)" if LAST else "Θ (NTK)"
if shown is not None:
    fa.plot(GRID, shown["kernel"], "--", color="#dd8452", lw=2.5, label=f"kernel prediction with {name}")
    fa.plot(GRID, shown["net"], color="#4c72b0", lw=2.5, label="the net, trained by gradient descent")
fa.plot(X, Y, "ko", label="training points")
fa.set(xlabel="x", ylabel="g(x)", title=f"width {WIDTH}, step t = {T}" + (f" (diverged at step {diverged_at})" if diverged_at is not None else ""))
fa.legend(fontsize=8)
steps = sorted(t for t in run if t > 0)
for key, label in [("net_vs_kernel", "net vs kernel prediction"), ("rel_weight_change", "weights moved ‖θ_t − θ₀‖/‖θ₀‖"),
                   ("rel_kernel_change", "empirical kernel moved"), ("loss", "training loss")]:
    fb.loglog(steps, [max(run[t][key], 1e-12) for t in steps], label=label)
fb.axvline(T, color="0.6")
fb.set(xlabel="step t", title=f"η = N/λ_max = {len(X) * rate:.3f}")
fb.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 3 · Laziness against width
# The laziness view trains 3 nets of each width from 16 to 4,096 (seeds `SEED`, `SEED + 1`,
# `SEED + 2`: data and weights) and fits log–log slopes over widths from 64 up. Each unit's
# weights move by about $1/\sqrt n$, so all of $\theta$ moves by $O(1)$ while $\theta$ has size
# $\sqrt n$: the weights' relative change falls like $n^{-1/2}$ (Jacot et al. 2018; Lee et al.
# 2019). The kernel's change is bounded by $n^{-1/2}$ too, but for a smooth activation its
# first-order changes are odd in the output weights and cancel on average, leaving order $1/n$
# (Dyer and Gur-Ari 2020); ReLU's slope is a step, so its kernel changes more slowly.
#
# It runs here in the laziness view, on the app's own weights; set `RUN_SWEEP = True` to run
# it in another view, on seeded weights of numpy's own (no app numbers to compare then).

# %%
RUN_SWEEP = VIEW == "lazy"


def log_log_slope(widths, values):
    """Least-squares slope of log(value) against log(width), over widths >= SLOPE_FROM with
    finite positive values (None with fewer than two)."""
    keep = [(w, r) for w, r in zip(widths, values) if w >= SLOPE_FROM and np.isfinite(r) and r > 0]
    if len(keep) < 2:
        return None
    lx, ly = np.log(np.array(keep)).T
    return float(np.sum((lx - lx.mean()) * (ly - ly.mean())) / np.sum((lx - lx.mean()) ** 2))


def nearest_guide(slope):
    """The guide n^-1/2 or n^-1 nearest a slope (they split at -3/4); None when the slope is
    more than 1/4 from both."""
    if slope is None:
        return None
    g = -0.5 if slope > -0.75 else -1.0
    return g if abs(slope - g) <= 0.25 else None


sweep = None
if RUN_SWEEP:
    means = {key: [] for key in ["rel_weight_change", "rel_kernel_change", "net_vs_kernel"]}
    sweep_twins = {key: [] for key in means}  # the same means from the twins
    sweep_kinks = []  # how far ReLU's kink can move each width's mean kernel change
    sweep_touched = []  # whether a run of each width touched ReLU's kink
    for width in SWEEP_WIDTHS:
        finals, twins = [], []
        for k in range(SWEEP_SEEDS):
            Xk, Yk = data(SEED + k)
            start = first_units(pool(SEED + k), width)
            figures, went = train(start, Xk, Yk, record={STEPS})
            finals.append(figures[STEPS] if went is None else {key: np.nan for key in means})
            twins.append(twin(start, Xk, Yk, STEPS)[0] or {key: np.nan for key in means})
        sweep_kinks.append(np.mean([r.get("kink", 0.0) for r in finals]))
        sweep_touched.append(any(r.get("touched", False) for r in finals))
        for key in means:
            means[key].append(np.mean([r[key] for r in finals]))
            sweep_twins[key].append(np.mean([r[key] for r in twins]))
    sweep = {key: np.array(v) for key, v in means.items()}
    sweep["weight_slope"] = log_log_slope(SWEEP_WIDTHS, sweep["rel_weight_change"])
    sweep["kernel_slope"] = log_log_slope(SWEEP_WIDTHS, sweep["rel_kernel_change"])
    sweep["guides"] = [nearest_guide(sweep["weight_slope"]), nearest_guide(sweep["kernel_slope"])]

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for key, colour, label in [("rel_weight_change", "#4c72b0", "weights ‖θ_T − θ₀‖/‖θ₀‖"),
                               ("rel_kernel_change", "#55a868", "kernel ‖Θ̂_T − Θ̂₀‖/‖Θ̂₀‖"),
                               ("net_vs_kernel", "#dd8452", "net vs kernel prediction")]:
        ax.loglog(SWEEP_WIDTHS, sweep[key], "o-", color=colour, label=label)
    for key, g, colour in [("rel_weight_change", sweep["guides"][0], "#4c72b0"), ("rel_kernel_change", sweep["guides"][1], "#55a868")]:
        if g is not None:  # the dashed guide c n^g through the fitted widths
            fit = [(w, r) for w, r in zip(SWEEP_WIDTHS, sweep[key]) if w >= SLOPE_FROM and np.isfinite(r) and r > 0]
            c = np.exp(np.mean([np.log(r) - g * np.log(w) for w, r in fit]))
            ax.loglog(SWEEP_WIDTHS, c * np.array(SWEEP_WIDTHS, dtype=float) ** g, "--", color=colour, lw=1,
                      label=f"guide n^{g:g}")
    ax.axvline(WIDTH, color="0.6")
    ax.set(xlabel="width n", title=f"Laziness: means of {SWEEP_SEEDS} nets, {STEPS} steps")
    ax.legend(fontsize=8)
    plt.show()

# %% [markdown]
# ## The app's numbers, recomputed
# The app computes these in 64-bit floats too, from the same data and the same initial
# weights, with the same approximation of erf; what differs is rounding: numpy sums in
# another order, and its `exp`, `arcsin`, `arccos` and `eigh` are other implementations, so
# every step differs in the last bits. Over 1,000 steps of a lazy run that stays below one part
# in $10^{11}$, and the numbers are compared to within one part in $10^9$. A narrow net, or a
# small output scale $\alpha$, can amplify such differences step by step (its features move; a
# ReLU unit whose input crosses 0 a step earlier changes the rest of the run). So each compared
# run has a `twin` that puts a random relative error of $10^{-14}$ into every trained weight after
# every step, and the run's numbers are compared to within 100 times how far its twin ends from
# it, when that is larger than $10^{-9}$. With ReLU, a unit whose input at a training point comes
# within $10^{-9}$ of the kink goes to one side or the other as rounding decides, and the kernel's
# change counts its slope (0 or 1): where that happened, the kernel's change is compared within
# 5 %. (Measured against the app's engine at about 280 settings: runs whose twin stays within
# $10^{-11}$ agreed with the app to $5 \cdot 10^{-12}$; the others to at most 0.44 of their
# tolerance.) Where
# the notebook draws its own prior (widths above 16), the app's statistics are one draw of what
# our batches of 2,000 nets scatter around, and are compared with their spread.

# %%
TOLERANCE = 1e-9  # relative: numbers recomputed from the app's own weights by a run that amplifies little
# ReLU: where a unit's input at a training point came within 1e-9 of the kink during training,
# rounding decided on which side it went at that step, and the kernel's change (which counts such
# units' slopes, 0 or 1) can differ by more than the twin shows: measured 1.1 % once in about 60
# ReLU sweeps (width 256, N = 3), so it is compared within 5 % there.
KINK_TOLERANCE = 0.05
report = []  # one entry per comparison: what, ours, app, whether they agree


def fmt(x):
    if x is None:
        return "None"
    if isinstance(x, (list, tuple, np.ndarray)):
        return "[" + ", ".join(fmt(v) for v in x) + "]"
    return f"{x:.10g}" if isinstance(x, (float, np.floating)) else str(x)


def amplified(ours, twinned):
    """The relative tolerance for numbers of a run: TOLERANCE, or 100 times how far its twin
    ends from them (relative), whichever is larger; unbounded where only one of the two runs
    diverged (the run is at the edge of diverging)."""
    if ours is None or twinned is None:
        return TOLERANCE if ours is None and twinned is None else np.inf
    ours, twinned = np.asarray(ours, dtype=float), np.asarray(twinned, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.abs(ours - twinned) / np.abs(ours)
    equal = (ours == twinned) | (np.isnan(ours) & np.isnan(twinned))  # 0 and 0 (say, a kernel that never moves)
    gap = np.where(equal, 0.0, np.nan_to_num(gap, nan=np.inf))
    return np.maximum(TOLERANCE, 100 * gap)


def close(what, ours, app, rtol=TOLERANCE, atol=0.0, why="this run amplifies rounding"):
    """ours == app within rtol |app| + atol (rtol may hold one tolerance per number); None (a
    run that diverged) agrees only with None, NaN only with NaN."""
    if app is None or ours is None:
        ok = app is None and ours is None
    else:
        o, a = np.asarray(ours, dtype=float), np.asarray([np.nan if v is None else v for v in np.ravel(app)], dtype=float)
        with np.errstate(invalid="ignore"):
            ok = bool(np.all((np.abs(o.ravel() - a) <= atol + np.ravel(rtol) * np.abs(a)) | (o.ravel() == a)
                             | (np.isnan(o.ravel()) & np.isnan(a))))
    report.append({"what": what, "ours": ours, "app": app, "ok": ok, "rtol": rtol, "atol": atol})
    wider = np.max(rtol) > 100 * TOLERANCE  # the twin ended more than 1e-9 apart
    note = f" ({why}: compared within {np.max(rtol):.1g} relative)" if wider else ""
    if np.isinf(np.max(rtol)):
        note = " (only one of this run and its twin diverged: rounding decides this run, so not compared)"
    print(f"{what}: {fmt(ours)} (app: {fmt(app)}){note}{'' if ok else '  <-- DIFFERS'}")


def same(what, ours, app):
    """Exactly equal (counts, steps, choices)."""
    ok = ours == app
    report.append({"what": what, "ours": ours, "app": app, "ok": ok})
    print(f"{what}: {fmt(ours)} (app: {fmt(app)}){'' if ok else '  <-- DIFFERS'}")


def within_spread(what, batches, app, k):
    """Our batches' mean with its standard error; the app's one batch is a draw from the
    same distribution, so it should lie within k standard deviations of one batch."""
    mean, sd = np.mean(batches), np.std(batches, ddof=1)
    se = sd / np.sqrt(len(batches))
    apart = abs(app - mean) / np.hypot(sd, se)
    report.append({"what": what, "ours": mean, "app": app, "ok": apart <= k, "apart": apart})
    print(f"{what}: ours {mean:.4f} ± {se:.4f} (mean of {len(batches)} batches of {DRAWS} nets ± its standard error; "
          f"one batch scatters by {sd:.4f}) (app: {app:.4f}, {apart:.1f} of those apart)"
          f"{'' if apart <= k else '  <-- DIFFERS'}")


a = APP["prior"]
close("K(x0, x0), the limit's variance", variance_k, a["variance_k"], rtol=1e-12)
if PRIOR_NETS is not None:
    close("variance of f(x0) over the 2,000 nets", prior["sample_variance"], a["sample_variance"])
    close("excess kurtosis", prior["excess_kurtosis"], a["excess_kurtosis"])
    close("Kolmogorov-Smirnov distance to N(0, K)", prior["ks"], a["ks"])
    same("histogram counts", prior["counts"].tolist(), a["counts"])
else:
    # k: how many standard deviations apart count as a disagreement. Measured on about 11,000 batches
    # of our own (ReLU and erf, widths 17 to 256), one batch against 100 others: the variance lay at
    # most 4.2 apart, the KS distance (a skewed statistic) 5.7, the excess kurtosis 7.1 (ReLU at
    # width 20: the sample kurtosis of heavy-tailed draws is itself heavy-tailed, one extreme net
    # moves it; at width 17 one batch in 200 lay more than 5 apart).
    within_spread("variance of f(x0)", [p["sample_variance"] for p in per_batch], a["sample_variance"], k=6)
    within_spread("excess kurtosis", [p["excess_kurtosis"] for p in per_batch], a["excess_kurtosis"], k=10)
    within_spread("Kolmogorov-Smirnov distance to N(0, K)", [p["ks"] for p in per_batch], a["ks"], k=8)
print(f"  (in theory, for a population of nets of width {WIDTH}: excess kurtosis {kurtosis_of_one_unit() / WIDTH:.4f})")

a = APP["train"]
close("eta = N / lambda_max", len(X) * rate, a["eta"], rtol=1e-12)
close("lambda_max, lambda_min of the training kernel", [lam.max(), lam.min()], [a["lambda_max"], a["lambda_min"]],
      rtol=1e-12, atol=1e-14 * lam.max())
if diverged_twin == diverged_at:
    same("diverged at step", diverged_at, a["diverged_at"])
else:  # the twin diverged elsewhere: so may the app
    print(f"diverged at step: {diverged_at} (app: {a['diverged_at']}; the twin: {diverged_twin}, so not compared)")
for key in COMPARED:
    ours, twinned = (None, None) if shown is None else (shown[key], None if shown_twin is None else shown_twin[key])
    # A converged loss sits at rounding level (1e-30): compared to within 1e-20 of the targets' mean square;
    # the kernel's change within twice what ReLU units sitting at their kink can move it.
    atol = {"loss": 1e-20 * np.mean(Y**2), "rel_kernel_change": 0.0 if shown is None else 2 * shown["kink"]}.get(key, 0.0)
    rtol, why = amplified(ours, twinned), "this run amplifies rounding"
    if key == "rel_kernel_change" and shown is not None and shown["touched"] and rtol < KINK_TOLERANCE:
        rtol, why = KINK_TOLERANCE, "a ReLU unit's input touched the kink"
    close(f"step {T}: {key}", ours, a[key], rtol=rtol, atol=atol, why=why)
if VIEW == "train":
    close("widest net's distance to the kernel prediction", widest, APP["widest"],
          rtol=amplified(widest, None if widest_twin is None else widest_twin["net_vs_kernel"]))
if sweep is not None and APP["sweep"] is not None:
    a = APP["sweep"]
    same("sweep widths", list(SWEEP_WIDTHS), a["widths"])
    fitted_rtol = 0.0
    for key in ["rel_weight_change", "rel_kernel_change", "net_vs_kernel"]:
        rtol = amplified(sweep[key], sweep_twins[key])
        atol = 2 * np.array(sweep_kinks) if key == "rel_kernel_change" else 0.0
        why = "some of these runs amplify rounding"
        if key == "rel_kernel_change" and any(sweep_touched):
            rtol = np.where(sweep_touched, np.maximum(rtol, KINK_TOLERANCE), rtol)
            why = "a ReLU unit's input touched the kink in some runs"
        close(f"sweep means: {key}", sweep[key], a[key], rtol=rtol, atol=atol, why=why)
        if key != "net_vs_kernel":  # the relative tolerance of each fitted value, the kink's included
            with np.errstate(invalid="ignore", divide="ignore"):
                relative = np.nan_to_num(rtol + atol / np.abs(sweep[key]), nan=0.0)
            fitted_rtol = max(fitted_rtol, np.max(np.where(np.array(SWEEP_WIDTHS) >= SLOPE_FROM, relative, 0)))
    # A relative error e in every fitted value moves a least-squares slope over widths 64 to
    # 4,096 by at most 1.2 e (sum |log n - mean| / sum (log n - mean)^2 = 0.58, twice).
    slope_atol = 1.2 * fitted_rtol
    close("weights' slope", sweep["weight_slope"], a["weight_slope"], rtol=0.0, atol=slope_atol)
    close("kernel's slope", sweep["kernel_slope"], a["kernel_slope"], rtol=0.0, atol=slope_atol)
    edges = [-0.25, -0.75, -1.25]  # where the guide drawn changes
    clear = all(s is None or min(abs(s - e) for e in edges) > slope_atol for s in [sweep["weight_slope"], sweep["kernel_slope"]])
    if clear:
        same("guides drawn", sweep["guides"], a["guides"])
    else:
        print(f"guides drawn: {sweep['guides']} (app: {a['guides']}; a slope lies within its tolerance of a guide's edge, so not compared)")

# The panel's sentences, from our numbers.
if shown is not None:
    print(f"The panel says: step t = {T}: loss {shown['loss']:.2e}; distance between the net and the kernel prediction "
          f"over [-1, 1] {100 * shown['net_vs_kernel']:.1f} % of the targets' size; weights moved "
          f"{100 * shown['rel_weight_change']:.2f} % of their size, the empirical kernel {100 * shown['rel_kernel_change']:.2f} %.")
if VIEW == "train" and widest is not None:
    print(f"At width {WIDEST:,}, the widest here, the net ends {100 * widest:.1f} % of the targets' size from the kernel "
          f"prediction: the curves {'merge' if widest < MERGE_BELOW else 'do not merge'} (under {100 * MERGE_BELOW:.0f} % counts as merged).")

differ = [f"{r['what']}: notebook {fmt(r['ours'])}, app {fmt(r['app'])}" for r in report if not r["ok"]]
assert not differ, "the notebook and the app disagree: " + "; ".join(differ)
print("All numbers agree with the app.")
