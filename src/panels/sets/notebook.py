"""The sets panel's notebook: the green set and the magenta set of a random-features model.

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/sets/notebook.rs puts the link, the settings, the data and the app's
numbers before it). Names in capitals come from those cells.
"""
# %% [markdown]
# ## The model and its two risks
# The model is $f_w(x) = \sum_j w_j \max(0, a_j x + b_j)$ with $p = 40$ fixed random ReLU
# features. Its training error $\hat R(w) = \frac1N \sum_i (f_w(x_i) - y_i)^2$ and its risk
# $R(w) = \mathbb E_x[(f_w(x) - f^*(x))^2] + \sigma^2$ ($x$ uniform on $[-1.5, 1.5]$, the
# labels' noise of variance $\sigma^2$ included) are both quadratic in $w$, so everything
# below is linear algebra, no training loop.

# %%
def features(x):
    """The design matrix Phi: row i holds phi_j(x_i) = max(0, a_j x_i + b_j)."""
    return np.maximum(0.0, np.outer(x, SLOPES) + OFFSETS)


def truth(x):
    """The function the labels are drawn from, f*(x) = sin(3x) + x/2."""
    return np.sin(3 * x) + 0.5 * x


# The expectation over x, as in the app: the midpoint rule with 1500 points.
QUAD = -X_MAX + 2 * X_MAX * (np.arange(1500) + 0.5) / 1500
PHI, PHI_Q = features(X), features(QUAD)


def mean_square(Phi, w, target):
    """mean_i ((Phi w)_i - target_i)^2, for one parameter vector w or each row of a matrix."""
    residual = Phi @ np.atleast_2d(w).T - target[:, None]
    return np.mean(residual**2, axis=0).squeeze()


def train_error(w):
    """R_hat(w), the mean squared error on the training data."""
    return mean_square(PHI, w, Y)


def risk(w):
    """R(w) = E_x[(f_w(x) - f*(x))^2] + sigma^2."""
    return mean_square(PHI_Q, w, truth(QUAD)) + NOISE**2


def min_norm_fit(Phi, t):
    """The minimum-norm least-squares solution Phi^+ t; singular values below 1e-12 times the
    largest count as zero, as in the app."""
    return np.linalg.lstsq(Phi, t, rcond=1e-12)[0]


assert len(X) == N and len(SLOPES) == P

# %% [markdown]
# ## Three marked parameters
# * **gradient descent from 0** (the dot): gradient descent on $\hat R$ started at $w = 0$
#   never leaves the row space of $\Phi$ and converges to the minimum-norm fit
#   $w_{gd} = \Phi^+ y$;
# * **the bad fit** (the cross): the minimum-norm fit of the training data *and* wrong
#   labels $-f^*$ at `WRONG` extra inputs halfway between neighbouring training inputs. When
#   $N$ plus those points outnumber what the 40 features can fit, it is only a least-squares
#   compromise between the data and the wrong labels;
# * **the best parameter** (the diamond): the minimiser of $R$, the best the model class can do.
#
# Near $N \approx p$ the data pin the fit down only just: $\Phi$ is ill-conditioned, $w_{gd}$
# grows large and soaks up the label noise, and its risk peaks (sample-wise double descent:
# Nakkiran et al. 2020; Belkin et al. 2019).

# %%
w_gd = min_norm_fit(PHI, Y)
w_best = min_norm_fit(PHI_Q, truth(QUAD))

xs = np.sort(X)
gaps = len(xs) - 1
m = min(WRONG, gaps)
EXTRA = np.array([0.5 * (xs[i] + xs[i + 1]) for i in (k * gaps // max(m, 1) for k in range(m))])
all_x, all_y = np.concatenate([X, EXTRA]), np.concatenate([Y, -truth(EXTRA)])
w_bad = min_norm_fit(features(all_x), all_y)
bad_residual = np.mean((features(all_x) @ w_bad - all_y) ** 2)
bad_is_interpolant = bad_residual <= 1e-8  # the app's test of an exact fit

# %% [markdown]
# ## The slice and the two sets
# The panel draws the plane through the three marked parameters: $w = w_{gd} + s\,e_1 +
# t\,e_2$, with $e_1$ pointing to the bad fit and $e_2$ to the best parameter
# (Gram-Schmidt). The **green set** holds the parameters that fit the data,
# $\hat R(w) \le \min \hat R + \varepsilon$; the **magenta set** those with low risk,
# $R(w) \le \min R + \delta$. Restricted to the plane each risk is a quadratic in $(s, t)$.

# %%
e1 = (w_bad - w_gd) / np.linalg.norm(w_bad - w_gd)
to_best = w_best - w_gd
e2 = to_best - e1 * (e1 @ to_best)
e2 /= np.linalg.norm(e2)


def on_plane(w):
    """Plane coordinates (s, t) of w (of each row of a matrix), projected on the plane."""
    d = w - w_gd
    return np.stack([d @ e1, d @ e2], axis=-1)


def plane_quadratic(Phi, target, constant=0.0):
    """mean((Phi w - target)^2) + constant at w = w_gd + s e1 + t e2, as a function of (s, t):
    with the columns r0 = Phi w_gd - target, u1 = Phi e1, u2 = Phi e2 it is v^T G v, where
    v = (1, s, t) and G = [r0 u1 u2]^T [r0 u1 u2] / n."""
    B = np.stack([Phi @ w_gd - target, Phi @ e1, Phi @ e2], axis=1)
    G = B.T @ B / len(target)
    return lambda s, t: (G[0, 0] + 2 * G[0, 1] * s + 2 * G[0, 2] * t
                         + G[1, 1] * s**2 + 2 * G[1, 2] * s * t + G[2, 2] * t**2 + constant)


train_on_plane = plane_quadratic(PHI, Y)
risk_on_plane = plane_quadratic(PHI_Q, truth(QUAD), NOISE**2)
min_train_error, min_risk = train_error(w_gd), risk(w_best)
marks = {"gd": w_gd, "bad": w_bad, "best": w_best}

# The window: the three marks with half their spread (at least 1) as margin on every side.
corners = on_plane(np.array(list(marks.values())))
lo, hi = corners.min(axis=0), corners.max(axis=0)
margin = 0.5 * np.maximum(hi - lo, 1.0)
window = [lo[0] - margin[0], hi[0] + margin[0], lo[1] - margin[1], hi[1] + margin[1]]

# The panel's grid of 300 x 300 cells over the window, tested at each cell's centre.
grid_s, grid_t = np.meshgrid(window[0] + (window[1] - window[0]) * (np.arange(300) + 0.5) / 300,
                   window[3] - (window[3] - window[2]) * (np.arange(300) + 0.5) / 300)
green = train_on_plane(grid_s, grid_t) <= min_train_error + EPS
magenta = risk_on_plane(grid_s, grid_t) <= min_risk + DELTA
inside_share = (green & magenta).sum() / green.sum() if green.any() else 1.0

# %% [markdown]
# ## Where gradient descent ends from random starts
# $\hat R$'s gradient $\frac2N \Phi^\top(\Phi w - y)$ lies in the row space of $\Phi$, so
# gradient descent (with a stable step, run to convergence) never changes the part of the
# start $w_0$ that $\Phi$ cannot see, and ends at $w_0 + \Phi^+(y - \Phi w_0) = w_{gd} +
# (I - V V^\top) w_0$, with $V$ an orthonormal basis of the row space. The app starts from the
# 200 draws $w_0 = s Z_k$ and asks whether each end lies in magenta, judged in all 40
# dimensions (the plane shows only 2 of them).

# %%
_, sigma, Vt = np.linalg.svd(PHI)
V = Vt[: (sigma > 1e-12 * sigma.max()).sum()].T  # the row space, with the app's cutoff
starts = S * Z
ends = w_gd + starts - (starts @ V) @ V.T
ends_in_magenta = risk(ends) <= min_risk + DELTA
ends_on_plane = on_plane(ends)
in_view = ((window[0] <= ends_on_plane[:, 0]) & (ends_on_plane[:, 0] <= window[1])
           & (window[2] <= ends_on_plane[:, 1]) & (ends_on_plane[:, 1] <= window[3]))

# %% [markdown]
# ## The figures
# The slice with both sets, as in the panel (green hatched with a solid outline, magenta
# tinted with a dashed one), and the functions the three marked parameters compute.

# %%
fig, (ax, fx) = plt.subplots(1, 2, figsize=(13, 5.5))
plt.rcParams["hatch.color"] = "#009e73"  # green hatching
ax.contourf(grid_s, grid_t, magenta.astype(float), levels=[0.5, 1.5], colors=["#cc79a7"], alpha=0.25)
ax.contour(grid_s, grid_t, risk_on_plane(grid_s, grid_t), levels=[min_risk + DELTA], colors="#a0457f", linestyles="dashed")
ax.contourf(grid_s, grid_t, green.astype(float), levels=[0.5, 1.5], colors="none", hatches=["///"])
ax.contour(grid_s, grid_t, train_on_plane(grid_s, grid_t), levels=[min_train_error + EPS], colors="#009e73")
ax.scatter(*ends_on_plane[in_view].T, s=12, edgecolors="black", linewidths=0.5,
           c=np.where(ends_in_magenta[in_view], "black", "white"), label="ends from random starts")
for name, marker, label in [("gd", "o", "gradient descent from 0"), ("bad", "X", "bad fit"), ("best", "D", "best")]:
    ax.plot(*on_plane(marks[name]), marker, color="black", ms=10, mfc="gold", label=label)
ax.set(xlim=window[:2], ylim=window[2:], xlabel="s (towards the bad fit)", ylabel="t (towards the best)",
       title=f"{100 * inside_share:.0f} % of the visible green set lies inside magenta")
ax.legend(loc="lower left", fontsize=8, framealpha=0.9)

grid = np.linspace(-X_MAX, X_MAX, 301)
fx.plot(grid, truth(grid), color="black", lw=2, label="truth f*")
for name, style in [("gd", "-"), ("bad", "--"), ("best", ":")]:
    fx.plot(grid, features(grid) @ marks[name], style, label=f"f_w at {name}")
fx.plot(X, Y, "o", color="black", mfc="white", label="training data")
fx.plot(EXTRA, -truth(EXTRA), "x", color="red", ms=8, label="wrong labels (bad fit)")
fx.set(xlabel="x", ylabel="f(x)", ylim=(-3, 3), title=f"N = {N}, p = {P}")
fx.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## The app's numbers, recomputed
# The app's engine computes in 64-bit floats too, so this checks the maths rather than the
# rounding; what differs is the route. (1) The app evaluates each risk as the quadratic
# $w^\top A w - 2 b^\top w + c$, which loses about $10^{-16} \lVert A\rVert \lVert w\rVert^2$ to
# cancellation ($\lVert A\rVert$ is at most about 40 here, and near $N \approx p$ the fits can
# reach $\lVert w\rVert \approx 10^7$, where that is more than the training error itself). (2) It solves the least-squares problems with its own SVD; where
# $\Phi$ is nearly singular the solution is determined only to about $10^{-16}$ times the largest
# condition number the cutoff lets through, $10^{12}$: a relative $10^{-4}$. (3) It evaluates
# $f^*$ in 32-bit floats (a relative $10^{-7}$ in a risk). So risks and training errors are
# compared to within a relative $10^{-4}$ plus $10^{-8} + 10^{-14} \lVert w\rVert^2$, plane points
# and the window to within $10^{-4}$ of the window's size. Measured over 900 settings (every
# slider's range; 600 of them with $N$ from 28 to 48, the worst conditioned): risks differed by
# at most a relative $7 \cdot 10^{-6}$ (the bad fit near $N + $ `WRONG` $\approx p$), training
# errors by up to $9 \cdot 10^{-16} \lVert w\rVert^2$ (1.4 where $\lVert w\rVert = 3.9 \cdot 10^7$:
# there the app's value is rounding), plane points by $3.5 \cdot 10^{-6}$ of the window: each
# difference at most 0.09 of its tolerance, which each line below prints. Shares of grid cells or end points may differ by a cell centre or an end point
# that lies on a set's edge: two cells and one end point are allowed (measured: under one
# cell, no end point).

# %%
def check(what, ours, app, atol, rtol=1e-4):
    ours, app = np.atleast_1d(ours).astype(float), np.atleast_1d(app).astype(float)
    ok = np.allclose(ours, app, rtol=rtol, atol=atol)
    tolerance = atol + rtol * np.abs(app).max()
    print(f"{what}: {np.round(ours, 6).tolist()} (app: {np.round(app, 6).tolist()}, tolerance {tolerance:.1e})"
          f"{'' if ok else '  <-- DIFFERS'}")
    return ok


def same(what, ours, app):
    print(f"{what}: {ours} (app: {app}){'' if ours == app else '  <-- DIFFERS'}")
    return ours == app


def risk_tolerance(w):
    """What the app's quadratic form can lose at w: 1e-16 |A| |w|^2 with |A| up to about 40,
    and 1e-8 more."""
    return 1e-8 + 1e-14 * (w @ w)


size = np.abs(window).max()
agree = [
    check("min training error", min_train_error, APP["min_train_error"], risk_tolerance(w_gd)),
    check("min risk", min_risk, APP["min_risk"], risk_tolerance(w_best)),
    check("window [s0, s1, t0, t1]", window, APP["window"], 1e-4 * size),
    check("bad fit's mean squared residual", bad_residual, APP["bad_residual"], 1e-9),
    same("bad fit interpolates", bool(bad_is_interpolant), APP["bad_is_interpolant"]),
]
for name, w in marks.items():
    agree.append(check(f"{name}: plane point", on_plane(w), APP[name]["at"], 1e-4 * size))
    agree.append(check(f"{name}: training error", train_error(w), APP[name]["train_error"], risk_tolerance(w)))
    agree.append(check(f"{name}: risk", risk(w), APP[name]["risk"], risk_tolerance(w)))
agree += [
    same("gradient descent's fit in magenta", bool(risk(w_gd) <= min_risk + DELTA), APP["gd_in_magenta"]),
    same("bad fit in magenta", bool(risk(w_bad) <= min_risk + DELTA), APP["bad_in_magenta"]),
    check("share of the visible green set inside magenta", inside_share, APP["inside_share"], 2 / max(green.sum(), 1)),
    check("share of the ends inside magenta", ends_in_magenta.mean(), APP["gd_inside_share"], 1 / len(ends)),
    check("ends beyond the window", (~in_view).sum(), APP["ends_off_view"], 1),
]
print(f"The panel says: {100 * inside_share:.0f} % of the visible green set lies inside the magenta set; "
      f"{100 * ends_in_magenta.mean():.0f} % of the {len(ends)} ends from random starts lie inside magenta; "
      f"at the dot the training error is {max(min_train_error, 0):.4f} and the risk {risk(w_gd):.4f}.")
assert all(agree), "the notebook and the app disagree (see DIFFERS above)"
print("All numbers agree with the app.")
