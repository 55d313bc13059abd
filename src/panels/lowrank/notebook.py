"""The deep-linear-networks panel's notebook: matrix completion by deep factorisations.

genlab's compute worker turns this percent-format script into the notebook a student
downloads (src/panels/lowrank/notebook.rs puts the link, the settings, the data, the
initial factors and the app's numbers before it). Names in capitals come from those cells.
"""
# %% [markdown]
# ## The problem
# The truth $M$ is an $n \times n$ matrix of rank $r$ (scaled to $\lVert M\rVert_F = 10$), and
# only the $k$ entries in $\Omega$ (outlined in the panel) are seen. Every model minimises the
# same loss on them, $L(W) = \frac12 \sum_{(i,j) \in \Omega} (W - M)_{ij}^2$, and is judged on
# the entries it never saw: the relative error $\lVert P_{\Omega^c}(W - M)\rVert_F /
# \lVert P_{\Omega^c}(M)\rVert_F$. The effective rank $\exp(H(\sigma / \sum_i \sigma_i))$
# (Roy and Vetterli 2007), the exponential of the entropy of the normalised singular values,
# counts how many singular values matter.

# %%
n = TRUTH.shape[0]
OBSERVED = MASK.astype(bool)
TOLERANCE = 1e-7  # training stops when L(W) < TOLERANCE * |P_Omega(M)|^2


def relative_error_unobserved(W):
    """|P_Omega^c(W - M)|_F / |P_Omega^c(M)|_F (0 when every entry is observed)."""
    hidden = ~OBSERVED
    norm = np.sqrt(np.sum(TRUTH[hidden] ** 2))
    return np.sqrt(np.sum((W - TRUTH)[hidden] ** 2)) / norm if norm > 0 else 0.0


def singular_values(W):
    return np.linalg.svd(W, compute_uv=False)  # largest first


def effective_rank(sigma):
    """exp(H(p)) with p = sigma / sum(sigma): between 1 and n, equal to r when r singular
    values are equal and the others 0."""
    p = sigma / sigma.sum()
    p = p[p > 0]
    return np.exp(-np.sum(p * np.log(p)))


sigma_truth = singular_values(TRUTH)
print(f"truth: {n} x {n}, rank {np.sum(sigma_truth > 1e-9 * sigma_truth[0])}, "
      f"{OBSERVED.sum()} entries observed; singular values {np.round(sigma_truth[:RANK + 1], 3)}")

# %% [markdown]
# ## Deep factorisations trained by gradient descent
# A depth-$N$ model is the product $W = W_N \cdots W_2 W_1$ of $n \times n$ factors (Arora,
# Cohen, Hu and Luo 2019). With $G = P_\Omega(W - M)$, the gradient of the loss in $W$, the
# chain rule gives each factor's gradient
# $$\frac{\partial L}{\partial W_j} = (W_N \cdots W_{j+1})^\top \, G \, (W_{j-1} \cdots W_1)^\top .$$
# Depth 1 is $W$ itself: its gradient is zero on every unobserved entry, which keeps its
# random start. Deeper products couple the entries. Every factor starts with independent
# $N(0, (\text{init}^{1/N}/\sqrt n)^2)$ entries, so the product starts at about the scale `INIT`
# (the arrays `FACTORS0` are the app's own draws). The step is
# $\eta = 0.3 / (N \sigma_1(M)^{2 - 2/N})$: along a singular value $\sigma$ the end-to-end matrix
# moves about $N \sigma^{2 - 2/N} \eta$ per step (Arora, Cohen, Hu and Luo 2019), so the same
# step is about as stable at every depth, unless a model's $\sigma_1$ overshoots the truth's by
# far (see the checks at the end). Training stops when $L < 10^{-7} \lVert P_\Omega(M)\rVert^2$
# or after `STEPS` steps.
#
# From a small start the singular values of a deep product grow at a rate
# $\dot\sigma \propto N \sigma^{2 - 2/N}$: the large ones fast, the small ones hardly at all.
# So gradient descent learns them one at a time, each waiting near zero and then rising
# quickly to the truth's (saddle to saddle), and it ends near low rank: the implicit
# regularisation that fills in the unobserved entries.

# %%
def learning_rate(depth, sigma1):
    return 0.3 / (depth * sigma1 ** (2 - 2 / depth))


def partial_products(factors):
    """below[j] = W_j ... W_1, with below[0] = I; below[-1] is the product W."""
    below = [np.eye(n)]
    for W in factors:
        below.append(W @ below[-1])
    return below


def gradients(factors, below):
    """dL/dW_j = (W_N ... W_{j+1})^T G (W_{j-1} ... W_1)^T for every factor, G = P_Omega(W - M)."""
    G = np.where(OBSERVED, below[-1] - TRUTH, 0.0)
    grads = [None] * len(factors)
    above = np.eye(n)  # W_N ... W_{j+1}
    for j in reversed(range(len(factors))):
        grads[j] = above.T @ G @ below[j].T
        above = above @ factors[j]
    return grads


def train(factors):
    """Plain gradient descent on every factor at once, until the loss is below the target,
    the loss is no longer finite, or STEPS steps. Records the singular values, the error
    on the unobserved entries and the effective rank at about 150 steps, spaced
    geometrically, and at the end."""
    factors = [W.copy() for W in factors]
    depth = len(factors)
    eta = learning_rate(depth, sigma_truth[0])
    target = TOLERANCE * np.sum(TRUTH[OBSERVED] ** 2)
    recorded = set(np.unique(np.geomspace(1, STEPS, 150).astype(int)).tolist())
    history, step = [], 0
    while True:
        below = partial_products(factors)
        W = below[-1]
        loss = 0.5 * np.sum((W - TRUTH)[OBSERVED] ** 2)
        diverged = not np.isfinite(loss)
        ended = diverged or loss < target or step >= STEPS
        if step == 0 or step in recorded or ended:
            sigma = singular_values(W)
            history.append((step, sigma, relative_error_unobserved(W), effective_rank(sigma)))
        if ended:
            break
        grads = gradients(factors, below)
        factors = [Wj - eta * g for Wj, g in zip(factors, grads)]
        step += 1
    return {"depth": depth, "W": W, "eta": eta, "steps": step, "loss": loss, "converged": bool(loss < target),
            "history": history}


runs = [train(factors) for factors in FACTORS0]
for run in runs:
    step, sigma, error, erank = run["history"][-1]
    print(f"depth {run['depth']}: {'converged' if run['converged'] else 'stopped'} after {step} steps "
          f"(eta = {run['eta']:.4g}); error on unobserved {error:.3f}, effective rank {erank:.2f}")

# %% [markdown]
# ## The minimum nuclear norm completion
# The reference: $\min \lVert W\rVert_*$ subject to $W = M$ on $\Omega$ (Candès and Recht 2009);
# Gunasekar et al. (2017) conjectured that depth 2 from a small start finds it. Like the app,
# this solves it by soft-impute (Mazumder, Hastie and Tibshirani 2010):
# $Z \leftarrow S_\lambda(P_\Omega(M) + P_{\Omega^c}(Z))$, where $S_\lambda$ shrinks every singular
# value by $\lambda$ (floored at 0). Each $\lambda$'s fixed point minimises
# $\frac12 \lVert P_\Omega(Z - M)\rVert^2 + \lambda \lVert Z\rVert_*$; $\lambda$ halves from
# $\sigma_1(P_\Omega(M))$ down to $10^{-6}$ of it, each solve starting from the last (at most
# 2000 iterations, until a step changes $Z$ by less than $10^{-8} \lVert M\rVert_F$), so the
# result approaches the exact fit of least nuclear norm.

# %%
def shrink(A, lam):
    """S_lambda(A) = U max(Sigma - lambda, 0) V^T."""
    U, sigma, Vt = np.linalg.svd(A)
    return (U * np.maximum(sigma - lam, 0.0)) @ Vt


def soft_impute():
    """The completion, and how many values of lambda ended at the 2000-iteration cap rather
    than converged."""
    seen = np.where(OBSERVED, TRUTH, 0.0)
    lam_max = singular_values(seen)[0]
    Z, lam, capped = np.zeros((n, n)), lam_max, 0
    while lam > 1e-6 * lam_max:
        lam *= 0.5
        for _ in range(2000):
            Z_next = shrink(np.where(OBSERVED, TRUTH, Z), lam)
            change = np.sum((Z_next - Z) ** 2)
            Z = Z_next
            if change <= 1e-16 * 10.0**2:
                break
        else:
            capped += 1
    return Z, capped


W_nuclear, capped_stages = soft_impute()
nuclear_error = relative_error_unobserved(W_nuclear)
nuclear_norm = singular_values(W_nuclear).sum()
print(f"min nuclear norm: error on unobserved {nuclear_error:.3f}, nuclear norm {nuclear_norm:.3f}"
      + (f" ({capped_stages} values of lambda stopped at the iteration cap)" if capped_stages else ""))

# %% [markdown]
# ## The figures
# The panel's matrices (observed entries outlined) and each depth's singular values against
# the step, the truth's dashed: do they climb one at a time? Then the error on the unobserved
# entries against the step, with the minimum nuclear norm dashed.

# %%
limit = np.abs(TRUTH).max()
matrices = [("truth M", TRUTH)] + [(f"depth {r['depth']}", r["W"]) for r in runs] + [("min nuclear norm", W_nuclear)]
fig, axes = plt.subplots(1, len(matrices), figsize=(3 * len(matrices), 3.3))
for ax, (title, A) in zip(axes, matrices):
    ax.imshow(A, cmap="RdBu_r", vmin=-limit, vmax=limit)
    rows, cols = np.nonzero(OBSERVED)
    ax.scatter(cols, rows, s=60, marker="s", facecolors="none", edgecolors="black", linewidths=0.6)
    error = "" if title == "truth M" else f"\nerror {relative_error_unobserved(A):.3f}"
    ax.set_title(title + error, fontsize=10)
    ax.set_xticks([]), ax.set_yticks([])
plt.show()

colours = ["#e69f00", "#56b4e9", "#009e73"]
fig, axes = plt.subplots(1, 4, figsize=(17, 3.6))
for ax, run, colour in zip(axes, runs, colours):
    steps = [h[0] for h in run["history"]]
    ax.plot(steps, np.array([h[1] for h in run["history"]]), color=colour)
    for s in sigma_truth[:RANK]:
        ax.axhline(s, color="black", ls="--", lw=0.8)
    ax.set(xscale="symlog", xlim=(0, max(steps[-1], 1)), xlabel="step", ylabel="singular values",
           title=f"depth {run['depth']}")
ax = axes[3]
for run, colour in zip(runs, colours):
    ax.plot([h[0] for h in run["history"]], [h[2] for h in run["history"]], color=colour, label=f"depth {run['depth']}")
ax.axhline(nuclear_error, color="grey", ls="--", label="min nuclear norm")
ax.set(xscale="symlog", xlim=(0, max(max(run["steps"] for run in runs), 1)), ylim=(0, 1.2), xlabel="step",
       title="error on unobserved entries")
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Two parametrisations of one line
# The panel's other tab: lines through the point $(1, 1)$ written as $f = w_1 x + w_2$ and as
# $f = s\,w_3 x + w_4$. The prediction is linear in the parameters, $f(1) = Jw$ with
# $J = (a, 1)$ ($a = 1$ or $s$), so every gradient $(f - y) J^\top$ points along $J^\top$ and
# gradient descent with $\eta = 0.2 / \lVert J\rVert^2$ runs straight to the closest minimum,
# $w_0 + J^+(y - J w_0)$. The app draws 100 steps from the starts `(W1, W2)` and `(W3, W4)`.

# %%
def line_fit(scale, start, steps=100, x=1.0, y=1.0):
    """Gradient descent on (1/2)(scale * u * x + v - y)^2 from start; the line (slope, intercept) it ends on."""
    j = (scale * x, 1.0)
    eta = 0.2 / (j[0] * j[0] + j[1] * j[1])
    u, v = start
    for _ in range(steps):
        residual = j[0] * u + j[1] * v - y
        u, v = u - eta * residual * j[0], v - eta * residual * j[1]
    return scale * u, v


lines = {"plain": line_fit(1.0, (W1, W2)), "scaled": line_fit(S, (W3, W4))}
for name, (slope, intercept) in lines.items():
    print(f"{name}: slope {slope:.4f}, intercept {intercept:.4f}")

# %% [markdown]
# ## The app's numbers, recomputed
# The app's engine computes in 64-bit floats as numpy does, from the same truth, entries and
# initial factors, so what can differ is only the order of the sums inside each matrix product
# (numpy hands them to BLAS) and the SVD routine (the app's is nalgebra's, numpy's LAPACK's).
#
# *Gradient descent.* While it is stable, that stays at the level of rounding: over 474
# settings across every slider's range (1422 runs) the ends differed by at most a relative
# $1.3 \cdot 10^{-12}$, and they are compared within a relative $10^{-9}$, step counts and
# convergence exactly. The exception is a run whose step went past the stability limit. Along
# the top singular direction the product moves about $N \sigma_1^{2 - 2/N} \eta$ per step;
# once that passes 2 (depth 4 from a small start with few entries observed can overshoot to a
# $\sigma_1$ several times the truth's) gradient descent oscillates there, and the oscillation
# amplifies rounding the way chaos does: in 103 such runs the errors on the unobserved entries
# differed by up to a relative $1.1 \cdot 10^{-2}$ (there numpy's own run moves by 0.3 % when
# its start moves by $10^{-15}$), the step counts by up to 3 in 25 000, the oscillating final
# losses by up to a factor 6, while whether a run converged always agreed. Those runs are
# flagged below: their errors, effective ranks and singular values are compared within a
# relative $10^{-1}$, their steps within 1 %, their final loss not at all.
#
# *Soft-impute.* Where the matrix is recovered the minimum nuclear norm completion is unique
# and the two agree to $2 \cdot 10^{-11}$; its error is compared within $10^{-5}$ (an
# iteration that moves $Z$ by less than $10^{-7}$ ends each $\lambda$, so where it stops
# depends on rounding). Where it is not recovered (error above 0.02, too few entries), many
# completions can share the least nuclear norm, and which one soft-impute ends on depends on
# rounding: over 1245 problems the nuclear norms agreed to a relative $1.6 \cdot 10^{-5}$
# (mostly $10^{-12}$) while such errors differed by up to 1.4 % of themselves. So the error is
# compared within 5 % of itself there, the nuclear norm within a relative $10^{-4}$
# everywhere.

# %%
STABLE, PAST_EDGE = 1e-9, 1e-1  # relative tolerances (see above)
RECOVERED_BELOW = 0.02  # the app's threshold: an error below it recovered the matrix


def check(what, ours, app, rtol, atol=0.0):
    ours = np.atleast_1d(ours).astype(float)
    app = np.atleast_1d(np.array(app, dtype=float))  # None (the app's NaN) reads as nan
    ok = ours.shape == app.shape and np.allclose(ours, app, rtol=rtol, atol=atol, equal_nan=True)
    tolerance = atol + rtol * np.abs(app).max()
    shown = lambda v: np.array2string(v, precision=6, max_line_width=200)
    print(f"{what}: {shown(ours)} (app: {shown(app)}, tolerance {tolerance:.1e}){'' if ok else '  <-- DIFFERS'}")
    return ok


def same(what, ours, app):
    print(f"{what}: {ours} (app: {app}){'' if ours == app else '  <-- DIFFERS'}")
    return ours == app


def past_edge(run):
    """The largest eta N sigma_1^(2 - 2/N) at the recorded steps: past 2, the step was beyond
    the stability limit along the top singular direction."""
    N = run["depth"]
    return max(run["eta"] * N * h[1][0] ** (2 - 2 / N) for h in run["history"])


agree = [same("k", int(OBSERVED.sum()), APP["k"])]
for m, run in enumerate(runs):
    app = APP["models"][m]
    step, sigma, error, erank = run["history"][-1]
    edge = past_edge(run)
    rtol = PAST_EDGE if edge >= 2 else STABLE
    print(f"-- depth {run['depth']}: largest eta N sigma_1^(2-2/N) {edge:.2f}"
          + (" (past the stability limit: rounding amplified)" if edge >= 2 else ""))
    name = f"depth {run['depth']}"
    agree += [
        same(f"{name}: steps", step, app["steps"]) if edge < 2 else check(f"{name}: steps", step, app["steps"], 1e-2),
        same(f"{name}: converged", run["converged"], app["converged"]),
        check(f"{name}: step size eta", run["eta"], APP["eta"][m], 1e-12),
        check(f"{name}: error on unobserved", error, app["rel_test_error"], rtol, 1e-12),
        check(f"{name}: effective rank", erank, app["effective_rank"], rtol),
        # The app keeps the spectra as 32-bit floats (their shortest text above is within one
        # float32 step, 1.2e-7 of the value, of ours): 2.5e-7 of sigma_1 more.
        check(f"{name}: singular values", sigma, APP["singular_values"][m], 0, (rtol + 2.5e-7) * sigma[0]),
    ]
    if edge < 2:
        agree.append(check(f"{name}: final loss", run["loss"], APP["loss"][m], rtol, 1e-15))
    else:
        print(f"{name}: final loss {run['loss']:.6g} (app: {APP['loss'][m]:.6g}; not compared: it oscillates)")
# Not recovered: the completions of least nuclear norm can form a flat set (see above).
flat = max(nuclear_error, APP["nuclear"]["rel_test_error"]) >= RECOVERED_BELOW
agree += [
    check("min nuclear norm: error on unobserved" + (" (not recovered: 5 % of it)" if flat else ""),
          nuclear_error, APP["nuclear"]["rel_test_error"], 5e-2 if flat else 0, 0 if flat else 1e-5),
    check("min nuclear norm: nuclear norm", nuclear_norm, APP["nuclear_norm"], 1e-4),
]
for name, (slope, intercept) in lines.items():
    agree.append(check(f"other tab, {name}: slope and intercept", [slope, intercept],
                       [APP["reparam"][name]["slope"], APP["reparam"][name]["intercept"]], 1e-12, 1e-15))
errors = [run["history"][-1][2] for run in runs]
print(f"The panel says: the error on the unobserved entries is {errors[0]:.3f} for depth 1, {errors[1]:.3f} for "
      f"depth 2 and {errors[2]:.3f} for depth {DEPTH}; the minimum nuclear norm completion has {nuclear_error:.3f}.")
assert all(agree), "the notebook and the app disagree (see DIFFERS above)"
print("All numbers agree with the app.")
