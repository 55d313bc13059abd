//! The lecture's simplest case of "same functions, different answers": lines through one
//! data point (x, y), parametrised as f(x) = a·u·x + v with a fixed scale a (a = 1 is the
//! plain f = w₁·x + w₂; a = s is f = s·w₃·x + w₄). Both describe every line, yet gradient
//! descent on ½(f(x) − y)² picks different ones.
//!
//! The prediction is linear in the parameters w = (u, v): f = J·w with J = (a·x, 1). The
//! gradient (f − y)·Jᵀ always points along Jᵀ, so gradient descent moves on the line
//! through w₀ along Jᵀ and, when it converges (η·‖J‖² < 2), stops where that line meets
//! the minima J·w = y:  w∞ = w₀ + J⁺·(y − J·w₀), with J⁺ = Jᵀ/‖J‖² the pseudo-inverse.

/// One parametrisation of the lines, fitted to one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineFit {
    /// The scale a of the slope parameter.
    pub scale: f64,
    /// The data point's input x.
    pub x: f64,
    /// The data point's target y.
    pub y: f64,
}

impl LineFit {
    /// J = ∂f/∂w = (a·x, 1).
    pub fn jacobian(&self) -> [f64; 2] {
        [self.scale * self.x, 1.0]
    }

    /// The step size used: η = 0.2/‖J‖², a tenth of the stability limit 2/‖J‖², so each
    /// step shrinks the residual by a fifth and the path shows (the limit does not depend
    /// on η while η·‖J‖² < 2).
    pub fn step_size(&self) -> f64 {
        let [a, b] = self.jacobian();
        0.2 / (a * a + b * b)
    }

    /// Gradient descent from `start` for `steps` steps with step size η: every point.
    pub fn path(&self, start: [f64; 2], eta: f64, steps: usize) -> Vec<[f64; 2]> {
        let j = self.jacobian();
        let mut w = start;
        let mut path = vec![w];
        for _ in 0..steps {
            let residual = j[0] * w[0] + j[1] * w[1] - self.y;
            w = [w[0] - eta * residual * j[0], w[1] - eta * residual * j[1]];
            path.push(w);
        }
        path
    }

    /// w₀ + J⁺·(y − J·w₀), the closest global minimum to `start`.
    pub fn limit(&self, start: [f64; 2]) -> [f64; 2] {
        let j = self.jacobian();
        let norm = j[0] * j[0] + j[1] * j[1];
        let residual = self.y - (j[0] * start[0] + j[1] * start[1]);
        [start[0] + j[0] * residual / norm, start[1] + j[1] * residual / norm]
    }

    /// The line (slope, intercept) the parameters `w` describe: (a·u, v).
    pub fn line(&self, w: [f64; 2]) -> (f64, f64) {
        (self.scale * w[0], w[1])
    }
}
