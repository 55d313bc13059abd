//! The lecture page's words, section by section: the argument of the lecture note
//! (LECTURE.md) in our own words, with its mathematics as MathML made at compile time.

use crate::ui::components::math::{Math, MathBlock};
use crate::{tex, tex_block};
use leptos::prelude::*;

/// The body of section `id` in parts, and the captions of its figures (one per figure, in
/// order): the page shows part 1, figure 1, part 2, figure 2, … and then any parts left.
pub fn section(id: &str) -> (Vec<AnyView>, Vec<AnyView>) {
    match id {
        "risk" => (vec![risk().into_any()], vec![risk_caption().into_any()]),
        "classical" => (vec![classical().into_any()], vec![classical_caption().into_any()]),
        "minima" => (
            vec![minima().into_any(), minima_digits().into_any()],
            vec![minima_caption().into_any(), digits_caption().into_any()],
        ),
        "restarts" => (
            vec![restarts().into_any(), restarts_why().into_any()],
            vec![picture_caption().into_any(), restarts_caption().into_any()],
        ),
        "sharpness" => (vec![sharpness().into_any()], vec![sharpness_caption().into_any()]),
        "reading" => (
            vec![
                reading_wide().into_any(),
                reading_linear().into_any(),
                reading_measures().into_any(),
            ],
            vec![wide_caption().into_any(), lowrank_caption().into_any()],
        ),
        _ => (Vec::new(), Vec::new()),
    }
}

fn risk() -> impl IntoView {
    view! {
        <p>
            "A model with parameters " <Math m=tex!("w") /> " computes a function " <Math m=tex!("f_w") after="." />
            " What we care about is how it does on examples it has never seen: its "<strong>"risk"</strong>
            ", the loss " <Math m=tex!(r"\ell") /> " averaged over the distribution " <Math m=tex!("D") />
            " that produces the examples,"
        </p>
        <MathBlock m=tex_block!(r"R(w) = \mathbb{E}_{(x,y)\sim D}\,\ell\big(f_w(x),\,y\big).") />
        <p>
            "We never see " <Math m=tex!("D") after="." /> " We see " <Math m=tex!("N") /> " examples drawn from it, the training set "
            <Math m=tex!(r"\mathcal{S} = \{(x_n, y_n)\}_{n=1}^{N}") after="," />
            " and what we can compute, and so minimise, is the "<strong>"empirical risk"</strong>
            ", the average loss on those examples:"
        </p>
        <MathBlock m=tex_block!(r"\hat R(w) = \frac{1}{N}\sum_{n=1}^{N} \ell\big(f_w(x_n),\,y_n\big).") />
        <p>
            "The "<strong>"model class"</strong>" is every function the parameters can produce, "
            <Math m=tex!(r"\{f_w : w \in \mathcal{W}\}") after="." />
            " The whole question of generalisation is when a small " <Math m=tex!(r"\hat R(w)") />
            " promises a small " <Math m=tex!("R(w)") after="," /> " that is, when the gap "
            <Math m=tex!(r"R(w) - \hat R(w)") /> " is small."
        </p>
    }
}

fn risk_caption() -> impl IntoView {
    view! {
        "Two parameters, so the loss is a landscape. The contours are a training loss " <Math m=tex!(r"\hat R") after=";" />
        " the test loss drawn over them is the same landscape shifted a little, an assumption standing in for "
        <Math m=tex!("R") after="," /> " which no finite sample shows. Where " <Math m=tex!(r"\hat R") />
        " is lowest need not be where " <Math m=tex!("R") /> " is."
    }
}

fn classical() -> impl IntoView {
    view! {
        <p>
            "Draw the space of parameters. Mark in "<span class="magenta">"magenta"</span>" the parameters whose risk is low, "
            <Math m=tex!(r"R(w) \le \min R + \delta") after=":" /> " that is where we want to end up. Empirical risk "
            "minimisation picks the parameters that fit the training set best, "
            <Math m=tex!(r"\hat w = \operatorname{arg\,min}_w \hat R(w)") after="," /> " a "<span class="green">"green star"</span>"."
        </p>
        <p>
            "Classical theory asks when the green star falls inside the magenta set with high probability. Not always: "
            "the no-free-lunch theorems say no learner can promise it for every distribution. Its answers (the VC "
            "dimension, Rademacher complexity) bound the gap by how rich the model class is: a small class and "
            "enough data, and the star lands in magenta. The richer the class, the weaker the promise."
        </p>
        <p>
            "Deep networks are an extremely rich class: large ones can fit almost any labelling of their training "
            "set. By this reasoning they should not generalise, and many expected them to stop working as they grew."
        </p>
    }
}

fn classical_caption() -> impl IntoView {
    view! {
        "A random-features model with " <Math m=tex!("p = 40") /> " parameters fitted to " <Math m=tex!("N = 200") />
        " points, seen on a plane through parameter space. With many more points than parameters the data pin "
        "the fit down, and here every good fit lies inside magenta: the classical picture. Lower "
        <Math m=tex!("N") /> " below 40 and watch the green set grow."
    }
}

fn minima() -> impl IntoView {
    view! {
        <p>
            "The training loss of a deep network is not convex. Its many minima were once feared: gradient "
            "descent might stop in a bad one. For large networks the opposite turned out to matter: many "
            "minima are equally good, each fitting the training set perfectly. It is fairer to speak of many "
            "global minima, a whole "<span class="green">"green set"</span>
        </p>
        <MathBlock m=tex_block!(r"G = \{\, w : \hat R(w) \le \min \hat R + \varepsilon \,\}.") />
        <p>
            "Theory would now have to put all of " <Math m=tex!("G") /> " inside magenta. It cannot, because it is "
            "not true. Zhang et al. (2017) trained standard image classifiers on labels drawn at random: the "
            "networks fitted them perfectly, so the architecture can fit anything and a bound from its capacity "
            "alone says nothing. With part of the labels corrupted they fitted every label too, the wrong ones "
            "included, and tested worse the more were wrong. Perfect fits of the true training labels can test "
            "badly as well: SGD reaches them when it starts from a network fitted to random labels, and a fit "
            "can take the training set together with wrong labels elsewhere (Liu et al. 2020; the ✕ of the "
            "sets panel). Part of the green set lies outside magenta."
        </p>
    }
}

fn minima_caption() -> impl IntoView {
    view! {
        "The same model with " <Math m=tex!("N = 12") /> " points and " <Math m=tex!("p = 40") />
        " parameters: the fits form a long band, and part of it leaves magenta. The ✕ fits the data "
        "and some wrong labels too. Below the picture, a sweep trains on random labels."
    }
}

fn minima_digits() -> impl IntoView {
    view! {
        <p>
            "Zhang et al.'s experiment runs live below, on 1,000 real handwritten digits: a network is trained "
            "until it fits every training label, with a growing share of the labels replaced by random ones."
        </p>
    }
}

fn digits_caption() -> impl IntoView {
    view! {
        "Each dot is a network that fits every one of its training labels, the random ones included; its "
        "test error climbs with the share of random labels, to chance (dashed). The lab's other tabs fit "
        "random pixels and noise, and reach bad fits of the true labels from an adversarial start."
    }
}

fn restarts() -> impl IntoView {
    view! {
        <p>
            "If the model class and the loss cannot explain generalisation, the algorithm that picks a "
            "minimum must. A thought experiment: train the same network on the same data many times, each "
            "time from a fresh random start " <Math m=tex!(r"w_0 \sim p(w_0)") after="." />
            " Every run ends at some point of the green set, so together the runs draw a "
            <strong>"distribution over the minima"</strong> "."
        </p>
        <p>
            "The note's third picture draws that distribution gathered on the part of the green set inside "
            "magenta. Below it is live, for the random-features model of the last section, where gradient "
            "descent's end is known exactly."
        </p>
    }
}

fn picture_caption() -> impl IntoView {
    view! {
        {format!(
            "The note's third picture, live: the dots are where gradient descent ends from {} random starts of scale ",
            crate::engine::rf_minima::STARTS
        )}
        <Math m=tex!("s = 2") after="." /> " Most lie inside magenta. Drag "
        <Math m=tex!("s") /> " up in the settings and they spread out of it: the starts matter."
    }
}

fn restarts_why() -> impl IntoView {
    view! {
        <p>
            "With networks, training does not find every minimum equally often. It prefers some, and the "
            "ones it prefers mostly generalise: the green set is not inside magenta, but most of what training "
            "finds is. This preference is written nowhere in the loss; it is called "
            <strong>"implicit regularisation"</strong> "."
        </p>
        <p>
            "Where does it come from: from SGD's path, or from the network and how its starting weights are "
            "drawn? The restarts panel below also draws fits at random, by guess and check. At its scale "
            "random fits test about as well as SGD's, so there the preference lies in the network and the "
            "distribution of its starting weights, not in SGD's path: most of the room that fits the data "
            "fits it well (Valle-Pérez et al. 2019; Chiang et al. 2023). On xor with 16 points SGD's fits "
            "test clearly better. Either way, a theory of generalisation has to look past the model class, "
            "at how training draws its minimum."
        </p>
    }
}

fn restarts_caption() -> impl IntoView {
    view! {
        "Press Train: one network trained 40 times from different random starts, and 40 random fits beside "
        "it. Compare the two histograms: the spread of test accuracy over the minima each finds."
    }
}

fn sharpness() -> impl IntoView {
    view! {
        <p>
            "Which minima does SGD prefer? One candidate is "<strong>"flat"</strong>" ones. A minimum is sharp when "
            "the loss rises steeply around it, measured by " <Math m=tex!(r"\lambda_{\max}") after="," />
            " the largest eigenvalue of the Hessian " <Math m=tex!(r"\nabla^2 \hat R(w)") after="." />
            " Gradient descent with step " <Math m=tex!(r"\eta") /> " can settle only where "
            <Math m=tex!(r"\eta\,\lambda_{\max} < 2") after=";" /> " in a sharper well it overshoots and leaves. So large "
            "steps already lean towards flat minima."
        </p>
        <p>
            "Sharpness-aware minimisation (SAM, Foret et al. 2021) makes the lean explicit. It steps with the "
            "gradient at an ascent point a distance " <Math m=tex!(r"\rho") /> " straight uphill: not the worst point "
            "within that distance, which would need a search, but the worst point of the loss linearised at "
            <Math m=tex!("w") /> " (their eq. 2). How that point moves with " <Math m=tex!("w") />
            " is left out of the gradient (their eq. 3–4). Foret et al. derive the method from a PAC-Bayes bound "
            "on the test error (their Theorem 1):"
        </p>
        <MathBlock m=tex_block!(
            r"\varepsilon(w) = \rho\,\frac{\nabla \hat R(w)}{\lVert \nabla \hat R(w) \rVert},\qquad w \leftarrow w - \eta\,\nabla \hat R\big(w + \varepsilon(w)\big)."
        ) />
        <p>
            "A caveat: sharpness depends on how the model is parametrised. Rescaling one layer up and the next "
            "down leaves the function unchanged but can make a flat minimum as sharp as you like (Dinh et al. 2017)."
        </p>
    }
}

fn sharpness_caption() -> impl IntoView {
    view! {
        "A valley of global minima: every point of its floor fits perfectly, but the floor is sharper the "
        "further it is from the middle. Gradient descent stops where it first reaches the floor; SAM, with "
        <Math m=tex!(r"\rho = 0.3") after="," /> " drifts along it towards the flattest minimum."
    }
}

fn reading_wide() -> impl IntoView {
    view! {
        <h3>"Infinitely wide networks"</h3>
        <p>
            "Let every layer's width grow without bound. At a random start such a network computes a Gaussian "
            "process (Neal 1994). Scaled as in the neural tangent parametrisation (each layer's output divided "
            "by the square root of its width) and trained by gradient descent, it behaves like a kernel method: "
            "training is lazy, the weights move so little that the network stays a linear model around its start, "
            "with the neural tangent kernel"
        </p>
        <MathBlock m=tex_block!(r"\Theta(x, x') = \nabla_w f_w(x)^{\top}\,\nabla_w f_w(x')") />
        <p>
            "(Jacot et al. 2018), and kernel methods' generalisation is far better understood. Other limits, the "
            "mean-field scaling and the maximal-update parametrisation (Yang and Hu 2021), keep learning "
            "features as the width grows."
        </p>
    }
}

fn reading_linear() -> impl IntoView {
    view! {
        <h3>"Deep linear networks"</h3>
        <p>
            "A product of matrices " <Math m=tex!(r"W_L \cdots W_2 W_1") />
            " is still one linear map: depth adds nothing to the model class. Yet on matrix completion, "
            "gradient descent from a small start finds lower-rank completions the deeper the product "
            "(Arora et al. 2019). The parametrisation changes which solution the optimiser finds, something "
            "the model class alone cannot tell."
        </p>
    }
}

fn reading_measures() -> impl IntoView {
    view! {
        <h3>"Generalisation measures"</h3>
        <p>
            "Since Zhang et al., many quantities have been proposed to predict generalisation: norms, margins, "
            "sharpness, PAC-Bayes bounds. Jiang et al. (2020), “Fantastic generalization measures and where to "
            "find them”, tested dozens of them on thousands of trained networks, and a NeurIPS 2020 competition "
            "followed. The "<a href="?panel=measures" data-testid="link-measures">"measures panel"</a>
            " computes some of them on networks trained here."
        </p>
    }
}

fn wide_caption() -> impl IntoView {
    view! {
        "Random networks at their start: over many draws, the output at one input against the Gaussian "
        "that infinite width predicts. Raise the width and watch the two agree."
    }
}

fn lowrank_caption() -> impl IntoView {
    view! {
        "Matrix completion by factorisations of depth 1, 2 and " <Math m=tex!("N") after="," />
        " trained in the background when you ask, against the minimum nuclear-norm completion."
    }
}
