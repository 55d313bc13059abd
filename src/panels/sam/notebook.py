"""The sharpness panel's notebook: gradient descent and SAM on a 2-D loss surface.

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/sam/notebook.rs puts the link, the settings, the data and the app's
numbers before it). Names in capitals come from those cells.
"""
# %% [markdown]
# ## The loss surfaces
# Each surface is a function of two parameters $w = (w_1, w_2)$ that returns the loss
# $L(w)$ and its gradient $\nabla L(w)$, written out by hand as in the app's engine.

# %%
def wells(w, batch=None):
    """Two bowls q_k(w) = h_k + a_k/2 |w - c_k|^2, joined by a soft minimum:
    L(w) = -T log(exp(-q_1/T) + exp(-q_2/T)). Curvature 30 (sharp) and 3 (flat)."""
    centres = np.array([[-0.6, 0.4], [0.6, -0.3]])
    curvature = np.array([30.0, 3.0])
    floor = np.array([0.0, 0.05])
    T = 0.02
    q = floor + 0.5 * curvature * ((w - centres) ** 2).sum(axis=1)
    p = np.exp(-(q - q.min()) / T)  # softmax weights of the bowls
    value = q.min() - T * np.log(p.sum())
    grad = (p[:, None] * curvature[:, None] * (w - centres)).sum(axis=0) / p.sum()
    return value, grad


def valley(w, batch=None):
    """L(w) = 1/2 (1 + 4 w_1^2) w_2^2: every point with w_2 = 0 is a global minimum,
    of curvature 1 + 4 w_1^2 (Wen, Ma and Li 2022)."""
    across = 1 + 4 * w[0] ** 2
    return 0.5 * across * w[1] ** 2, np.array([4 * w[0] * w[1] ** 2, across * w[1]])


def ravine(w, batch=None):
    """L(w) = 1/2 (20 u^2 + 0.2 v^2), with (v, u) = w rotated by 0.5 rad."""
    c, s = np.cos(0.5), np.sin(0.5)
    v, u = c * w[0] + s * w[1], -s * w[0] + c * w[1]
    gu, gv = 20 * u, 0.2 * v
    return 0.5 * (20 * u**2 + 0.2 * v**2), np.array([c * gv - s * gu, s * gv + c * gu])


def model(w, batch=None):
    """The empirical risk (1/2n) sum_i (f(x_i) - y_i)^2 of f(x) = w_2 tanh(w_1 x) or, on
    the linear surfaces, f(x) = s w_1 x + w_2 (s = 1 or 10), on the training points
    `batch` (all of them when None)."""
    x, y = (X, Y) if batch is None else (X[batch], Y[batch])
    if SURFACE == "tanh":
        t = np.tanh(w[0] * x)
        f, d1, d2 = w[1] * t, w[1] * (1 - t**2) * x, t
    else:
        s = 10.0 if SURFACE == "linear10" else 1.0
        f, d1, d2 = s * w[0] * x + w[1], s * x, np.ones_like(x)
    r = f - y
    return 0.5 * np.mean(r**2), np.array([np.mean(r * d1), np.mean(r * d2)])


loss = {"wells": wells, "valley": valley, "ravine": ravine}.get(SURFACE, model)

# %% [markdown]
# ## Gradient descent and SAM
# Gradient descent steps downhill, $w \leftarrow w - \eta \nabla L(w)$. SAM (Foret et al.
# 2021, eq. 2-3) first goes $\rho$ uphill along the gradient, $\varepsilon = \rho \nabla
# L(w) / \lVert \nabla L(w) \rVert$, the worst point within $\rho$ of the loss *linearised*
# at $w$, and steps with the gradient found there: $w \leftarrow w - \eta \nabla L(w +
# \varepsilon)$. With stochastic gradients on, each step uses the app's own minibatch or
# noise draw (the arrays above), the same for both methods. A path stops where it leaves
# the window.

# %%
def run(use_sam):
    w = np.array([X0, Y0], dtype=float)
    path = [w.copy()]
    for t in range(STEPS):
        batch = None if BATCHES is None else BATCHES[t]
        xi = 0.0 if STEP_NOISE is None else STEP_NOISE[t]
        g = loss(w, batch)[1] + xi
        if use_sam:
            norm = np.linalg.norm(g)
            eps = RHO * g / norm if norm > 0 else np.zeros(2)
            g = loss(w + eps, batch)[1] + xi
        w = w - LR * g
        inside = np.all(np.isfinite(w)) and DOMAIN[0] <= w[0] <= DOMAIN[1] and DOMAIN[2] <= w[1] <= DOMAIN[3]
        if not inside:
            return np.array(path), t + 1  # left the window at this step
        path.append(w.copy())
    return np.array(path), None


def top_curvature(w, h=1e-3):
    """lambda_max, the largest eigenvalue of the Hessian, by central differences of the
    gradient. Gradient descent can stay in a minimum only while eta * lambda_max < 2."""
    H = np.array([(loss(w + h * e)[1] - loss(w - h * e)[1]) / (2 * h) for e in np.eye(2)])
    return np.linalg.eigvalsh((H + H.T) / 2).max()


paths = {"gd": run(False), "sam": run(True)}

# %% [markdown]
# ## The figure
# The loss surface with both paths, as in the panel.

# %%
g1 = np.linspace(DOMAIN[0], DOMAIN[1], 200)
g2 = np.linspace(DOMAIN[2], DOMAIN[3], 200)
Z = np.array([[loss(np.array([a, b]))[0] for a in g1] for b in g2])
fig, ax = plt.subplots(figsize=(6, 6))
ax.contourf(g1, g2, np.log10(Z - Z.min() + 1e-3), levels=30, cmap="viridis")
for name, colour, marker in [("gd", "#e69f00", "o"), ("sam", "#56b4e9", "^")]:
    path = paths[name][0]
    ax.plot(path[:, 0], path[:, 1], color=colour, lw=2, label="gradient descent" if name == "gd" else "SAM")
    ax.plot(*path[-1], marker, color=colour, ms=10, mec="black")
for (m1, m2), label in MINIMA:
    ax.annotate(label, (m1, m2), color="white", fontweight="bold")
ax.plot(X0, Y0, "o", mfc="none", mec="white", ms=12)
ax.set(xlabel="$w_1$", ylabel="$w_2$", title=rf"$\eta$ = {LR}, $\rho$ = {RHO}, {STEPS} steps")
ax.legend()
plt.show()

# %% [markdown]
# ## The app's numbers, recomputed
# The app computes in 32-bit floats, this notebook in 64-bit ones. Gradient descent's paths
# agree to about $10^{-4}$. Near a minimum SAM does not settle: it hovers, each step moving
# it by up to about $\eta\rho\lambda_{\max}$, and where in that hover the last step lands
# depends on rounding. So SAM's end point is compared to within twice that size, its loss
# to within what the curvature makes of it.

# %%
def check(what, ours, app, atol, rtol=1e-3):
    ours, app = np.atleast_1d(ours).astype(float), np.atleast_1d(app).astype(float)
    ok = np.allclose(ours, app, rtol=rtol, atol=atol)
    print(f"{what}: {np.round(ours, 4).tolist()} (app: {np.round(app, 4).tolist()}){'' if ok else '  <-- DIFFERS'}")
    return ok


agree = []
for name in ["gd", "sam"]:
    path, left = paths[name]
    end, app = path[-1], APP[name]
    lam = top_curvature(end)
    hover = 2 * LR * RHO * lam if name == "sam" else 0.0
    agree.append(left == app["left_at"])
    print(f"{name}: {'left the window at step ' + str(left) if left else 'stayed in the window'} (app: {app['left_at']})")
    agree.append(check(f"{name} end point", end, app["end"], 1e-3 + hover))
    agree.append(check(f"{name} loss at the end", loss(end)[0], app["loss"], 1e-4 + lam * hover**2))
    agree.append(check(f"{name} lambda_max at the end", lam, app["lambda_max"], 1e-3, rtol=1e-2))
assert all(agree), "the notebook and the app disagree (see DIFFERS above)"
print("All numbers agree with the app.")
