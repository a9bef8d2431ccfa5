"""Min-max optimization: gradient descent-ascent and its two corrections, for games min_x max_y f(x, y).

The player ``x`` descends on f and the player ``y`` ascends. Stacked as one point z = (x, y), both
move along the game's vector field

    V(z) = (∇ₓf(x, y), −∇ᵧf(x, y)),

so every method here is a rule z ← z − η·(V somewhere). On the bilinear game f(x, y) = xy the field
V(x, y) = (y, −x) is a rotation: its Jacobian [[0, 1], [−1, 0]] has eigenvalues ±i, and

* simultaneous GDA multiplies the distance to the equilibrium (0, 0) by exactly √(1 + η²) per step;
* alternating GDA keeps x² + y² − η·xy constant (for η < 2 the iterates circle, bounded);
* extragradient multiplies it by exactly √(1 − η² + η⁴) < 1 (for 0 < η < 1);
* optimistic GDA converges linearly, at the rate of the larger root of λ² − (1 + 2iη)λ + iη.

Every solver returns an [`OptimizeResult`][lessonlib.result.OptimizeResult] with the last iterates
``x`` and ``y``, the stacked path ``path`` (shape ``(nit + 1, nx + ny)``) and the players' paths
``path_x`` and ``path_y``; ``jac`` is V at the last point. The status is "converged" when
‖V‖ ≤ ``tol``, "diverged" when ‖z‖ runs past 1e8·max(1, ‖z₀‖), "nonfinite" when a gradient gives
nan or inf, and "max_iter" after ``steps`` steps otherwise.

References
----------
G. M. Korpelevich, "The extragradient method for finding saddle points and other problems",
*Ekonomika i Matematicheskie Metody* 12, 1976.
C. Daskalakis, A. Ilyas, V. Syrgkanis & H. Zeng, "Training GANs with optimism", ICLR 2018.
A. Mokhtari, A. Ozdaglar & S. Pattathil, "A unified analysis of extra-gradient and optimistic
gradient methods for saddle point problems: proximal point approach", AISTATS 2020.
G. Gidel, R. A. Hemmat, M. Pezeshki, R. Le Priol, G. Huang, S. Lacoste-Julien & I. Mitliagkas,
"Negative momentum for improved game dynamics", AISTATS 2019.
"""

from __future__ import annotations

import numpy as np

from lessonlib.result import OptimizeResult, Run, _as_point


class _Game:
    """The two gradients of a game as one vector field on the stacked point z = (x, y)."""

    def __init__(self, grad_x, grad_y, x0, y0, eta):
        if not callable(grad_x) or not callable(grad_y):
            raise ValueError("grad_x and grad_y must be functions of (x, y).")
        if not (np.isscalar(eta) and np.isfinite(eta) and eta > 0):
            raise ValueError(f"eta must be a finite number > 0, got {eta!r}.")
        try:
            self.x0, self.y0 = _as_point(x0), _as_point(y0)
        except ValueError as err:
            raise ValueError(str(err).replace("x0", "the starting point")) from None
        self.nx = self.x0.size
        self._gx, self._gy = grad_x, grad_y

    def split(self, z):
        return z[: self.nx], z[self.nx :]

    def grad_x(self, x, y):
        return self._checked("x", self._gx(x, y), x)

    def grad_y(self, x, y):
        return self._checked("y", self._gy(x, y), y)

    @staticmethod
    def _checked(player, value, like):
        with np.errstate(all="ignore"):
            g = np.asarray(value, dtype=float)
        if g.size != like.size or g.ndim > 1:
            raise ValueError(f"grad_{player} must return an array of shape {like.shape} like {player}, "
                             f"got shape {g.shape}.")
        return g.reshape(like.shape)

    def field(self, z):
        """V(z) = (∇ₓf, −∇ᵧf): the direction both players step against."""
        x, y = self.split(z)
        return np.concatenate([self.grad_x(x, y), -self.grad_y(x, y)])

    def run(self, steps, tol):
        if isinstance(steps, bool) or int(steps) != steps or steps < 1:
            raise ValueError(f"steps must be an integer >= 1, got {steps!r}.")
        z0 = np.concatenate([self.x0, self.y0])
        return Run(None, z0, grad=self.field, max_iter=int(steps), tol=tol)

    def result(self, run):
        res = run.result()
        fields = dict(res)
        for name in ("fun", "values", "nfev", "nhev"):
            fields.pop(name)
        z = res.x
        fields["x"], fields["y"] = (part.copy() for part in self.split(z))
        fields["path_x"], fields["path_y"] = res.path[:, : self.nx], res.path[:, self.nx :]
        fields["message"] = res.message.replace("gradient norm", "norm of the field (∇ₓf, −∇ᵧf)").replace("|x|", "|(x, y)|")
        return OptimizeResult(**fields)


def gda(grad_x, grad_y, x0, y0, *, eta, steps, alternating=False, tol=1e-10):
    """Gradient descent-ascent: x steps down ∇ₓf, y steps up ∇ᵧf, both with step η.

    Simultaneous (the default): both players use the gradients at the current point,
    x ← x − η∇ₓf(x, y), y ← y + η∇ᵧf(x, y). Alternating: y sees x's new move,
    x' = x − η∇ₓf(x, y), then y ← y + η∇ᵧf(x', y).

    Parameters
    ----------
    grad_x, grad_y : callable
        ``grad_x(x, y)`` and ``grad_y(x, y)``, the partial gradients of f; each returns an array
        shaped like its player.
    x0, y0 : float or array_like, shape (nx,) and (ny,)
        The players' starting points (finite).
    eta : float
        The step size, > 0.
    steps : int
        Most steps to take (>= 1).
    alternating : bool
        Update y after x, with x's new value.
    tol : float
        Converged when ‖(∇ₓf, −∇ᵧf)‖ ≤ tol at the current point.

    Returns
    -------
    OptimizeResult
        ``x``, ``y`` (last iterates), ``path`` (shape (nit + 1, nx + ny)), ``path_x``, ``path_y``,
        ``jac`` (the field at the end), ``nit``, ``njev`` (evaluations of the whole field;
        alternating GDA also calls ``grad_y`` once per step at (x', y)), ``status_name``,
        ``success``, ``message``.

    Raises
    ------
    ValueError
        eta not > 0, steps not an integer >= 1, a start not finite or not 1-D, a gradient of the
        wrong shape.

    Examples
    --------
    On f(x, y) = xy, simultaneous GDA spirals out: each step multiplies the distance to (0, 0)
    by √(1 + η²); alternating GDA keeps x² + y² − η·xy fixed.

    >>> gx = lambda x, y: y          # ∂f/∂x for f = xy
    >>> gy = lambda x, y: x          # ∂f/∂y
    >>> res = gda(gx, gy, 1.0, 0.0, eta=0.5, steps=2)
    >>> res.path
    array([[1.  , 0.  ],
           [1.  , 0.5 ],
           [0.75, 1.  ]])
    >>> res.status_name, res.path_x[:, 0]
    ('max_iter', array([1.  , 1.  , 0.75]))
    >>> alt = gda(gx, gy, 1.0, 0.0, eta=0.5, steps=2, alternating=True)
    >>> alt.path
    array([[1.   , 0.   ],
           [1.   , 0.5  ],
           [0.75 , 0.875]])
    >>> x, y = alt.path[:, 0], alt.path[:, 1]
    >>> x**2 + y**2 - 0.5 * x * y
    array([1., 1., 1.])
    """
    game = _Game(grad_x, grad_y, x0, y0, eta)
    run = game.run(steps, tol)
    # --8<-- [start:gda_loop]
    z, v = run.x, run.jac                      # v = (∇ₓf, −∇ᵧf) at z
    for k in run.iterations():
        if alternating:
            x, y = game.split(z)
            x_new = x - eta * v[: game.nx]                 # x moves first ...
            y_new = y + eta * game.grad_y(x_new, y)        # ... and y answers x's new move
            z, _, v = run.accept(np.concatenate([x_new, y_new]))
        else:
            z, _, v = run.accept(z - eta * v)              # both move at once
    # --8<-- [end:gda_loop]
    return game.result(run)


def extragradient(grad_x, grad_y, x0, y0, *, eta, steps, tol=1e-10):
    """Extragradient (Korpelevich 1976): look ahead one GDA step, then step with the gradients there.

    z_half = z − η V(z), then z ← z − η V(z_half), where V = (∇ₓf, −∇ᵧf). Two field
    evaluations per step.

    Parameters
    ----------
    grad_x, grad_y, x0, y0, eta, steps, tol
        As for `gda`.

    Returns
    -------
    OptimizeResult
        As for `gda`; ``njev`` = 2·nit + 1.

    Raises
    ------
    ValueError
        As for `gda`.

    Examples
    --------
    On f = xy every step multiplies the distance to (0, 0) by √(1 − η² + η⁴):

    >>> res = extragradient(lambda x, y: y, lambda x, y: x, 1.0, 0.0, eta=0.5, steps=3)
    >>> d = np.linalg.norm(res.path, axis=1)
    >>> bool(np.allclose(d[1:] / d[:-1], np.sqrt(1 - 0.5**2 + 0.5**4), rtol=1e-12, atol=0))
    True
    >>> res.njev
    7
    """
    game = _Game(grad_x, grad_y, x0, y0, eta)
    run = game.run(steps, tol)
    # --8<-- [start:extragradient_loop]
    z, v = run.x, run.jac
    for k in run.iterations():
        z_half = z - eta * v                      # a trial GDA step ...
        v_half = run.grad(z_half)                 # ... the field there ...
        z, _, v = run.accept(z - eta * v_half)    # ... and the real step, from z, with it
    # --8<-- [end:extragradient_loop]
    return game.result(run)


def optimistic_gda(grad_x, grad_y, x0, y0, *, eta, steps, tol=1e-10):
    """Optimistic GDA (Daskalakis et al. 2018): z ← z − 2η V(z_k) + η V(z_{k−1}).

    The step uses the current field plus the change since the last step, a guess of the next
    field that costs no extra evaluation. The first step, with no previous field, is a GDA step
    (V(z₋₁) = V(z₀)).

    Parameters
    ----------
    grad_x, grad_y, x0, y0, eta, steps, tol
        As for `gda`.

    Returns
    -------
    OptimizeResult
        As for `gda`; one field evaluation per step.

    Raises
    ------
    ValueError
        As for `gda`.

    Examples
    --------
    >>> res = optimistic_gda(lambda x, y: y, lambda x, y: x, 1.0, 0.0, eta=0.5, steps=400)
    >>> res.status_name
    'converged'
    >>> bool(np.linalg.norm(np.concatenate([res.x, res.y])) <= 1e-10)
    True
    """
    game = _Game(grad_x, grad_y, x0, y0, eta)
    run = game.run(steps, tol)
    # --8<-- [start:optimistic_gda_loop]
    z, v = run.x, run.jac
    v_old = v                                     # no previous step: the first step is GDA's
    for k in run.iterations():
        z_next, _, v_next = run.accept(z - 2 * eta * v + eta * v_old)
        z, v, v_old = z_next, v_next, v
    # --8<-- [end:optimistic_gda_loop]
    return game.result(run)


def bilinear_rates(eta):
    """The exact per-step factors of the distance to (0, 0) on f(x, y) = xy, for each method.

    Simultaneous GDA: √(1 + η²). Alternating GDA: 1 (the iteration matrix has determinant 1 and,
    for η < 2, eigenvalues on the unit circle; the distance itself oscillates but stays bounded).
    Extragradient: √(1 − η² + η⁴). Optimistic GDA: the modulus of the larger root of
    λ² − (1 + 2iη)λ + iη (the asymptotic rate; the first steps can differ, and at η = 1/2, where
    the two roots coincide, the distance falls like k·rᵏ).

    Parameters
    ----------
    eta : float
        Step size, > 0.

    Returns
    -------
    dict
        ``{"gda": ..., "alternating": ..., "extragradient": ..., "optimistic": ...}``.

    Examples
    --------
    >>> r = bilinear_rates(0.2)
    >>> {k: round(v, 4) for k, v in r.items()}
    {'gda': 1.0198, 'alternating': 1.0, 'extragradient': 0.9806, 'optimistic': 0.9789}
    """
    if not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")
    # --8<-- [start:bilinear_rates_body]
    optimistic = max(abs(np.roots([1.0, -(1 + 2j * eta), 1j * eta])))
    return {"gda": float(np.sqrt(1 + eta**2)), "alternating": 1.0,
            "extragradient": float(np.sqrt(1 - eta**2 + eta**4)), "optimistic": float(optimistic)}
    # --8<-- [end:bilinear_rates_body]
