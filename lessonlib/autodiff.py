"""Automatic differentiation on NumPy arrays: reverse mode (backpropagation), forward mode, Hessian-vector products.

Write f with Python operators (``+ - * / **``, ``@`` with a constant array, indexing and slicing) and this
module's functions ``exp, log, sin, cos, tanh, sqrt, sum, maximum``; x is a float or a 1-D array. Then

* ``grad(f)(x)`` and ``value_and_grad(f)(x)`` give ∇f(x) by reverse mode: f runs once on a traced value
  (`Var`) that records every operation, and one backward sweep applies the chain
  rule from the output to the input, for a small constant times the cost of f, whatever n;
* ``jvp(f, x, v)`` gives the directional derivative (J v) by forward mode: dual numbers
  (`Dual`) carry a value and a tangent through f;
* ``hvp(f, x, v)`` gives the Hessian-vector product ∇²f(x) v exactly, by reverse-over-reverse: the
  backward sweep is itself recorded, and differentiated once more (Pearlmutter 1994).

On plain (real or complex) arrays the functions are NumPy's, so the same f runs on a complex array for a
complex-step check.

What the engine refuses, with a ValueError or TypeError that names the problem, rather than return a
wrong gradient:

* a NumPy function applied to a traced value (``np.exp(x)``, ``np.sum(x)``, ``np.asarray(x)``,
  ``float(x)``): NumPy cannot record what it does, so the gradient would be lost;
* an operation with no finite value (log of 0, division by 0, overflow) or no finite derivative (sqrt
  at 0, ``x ** 0.5`` at 0), and ``maximum(a, b)`` where a == b and the gradient reaches it, which has no
  derivative there (PyTorch and JAX return half to each argument; this engine raises);
* a traced value of more than one dimension (a constant 2-D array broadcast against x), an output that is
  not a number, an x that is not a finite real number or 1-D array.

References
----------
A. Griewank & A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM, 2008, Chapters 3 (forward and reverse
mode) and 4 (the cost of a gradient). A. G. Baydin, B. A. Pearlmutter, A. A. Radul & J. M. Siskind,
"Automatic differentiation in machine learning: a survey", JMLR 18(153), 2018. B. A. Pearlmutter,
"Fast exact multiplication by the Hessian", Neural Computation 6(1), 1994. A. Karpathy's micrograd is
the model for size.
"""

from __future__ import annotations

import numpy as np

_RAISE = dict(divide="raise", over="raise", invalid="raise")


class _Traced:
    """Operators and refusals shared by `Var` and `Dual`."""

    __slots__ = ()

    def __add__(self, other): return add(self, other)
    def __radd__(self, other): return add(other, self)
    def __sub__(self, other): return subtract(self, other)
    def __rsub__(self, other): return subtract(other, self)
    def __mul__(self, other): return multiply(self, other)
    def __rmul__(self, other): return multiply(other, self)
    def __truediv__(self, other): return divide(self, other)
    def __rtruediv__(self, other): return divide(other, self)
    def __pow__(self, other): return power(self, other)
    def __rpow__(self, other): return power(other, self)
    def __matmul__(self, other): return matmul(self, other)
    def __rmatmul__(self, other): return matmul(other, self)
    def __neg__(self): return multiply(-1.0, self)
    def __getitem__(self, index): return take(self, index)
    def __len__(self): return len(self.value)

    @property
    def shape(self):
        return np.shape(self.value)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # ndarray + traced comes here: run it as our own operation; refuse every other ufunc.
        ours = {"add": add, "subtract": subtract, "multiply": multiply, "divide": divide,
                "true_divide": divide, "power": power, "matmul": matmul}
        if method == "__call__" and not kwargs and ufunc.__name__ in ours:
            return ours[ufunc.__name__](*inputs)
        _refuse(ufunc.__name__)

    def __array_function__(self, func, types, args, kwargs):
        _refuse(func.__name__)

    def __array__(self, dtype=None, copy=None):
        raise TypeError("a traced value cannot be converted to a NumPy array: the conversion would cut it "
                        "from the derivative (use the functions of lessonlib.autodiff on it instead).")

    def __float__(self):
        raise TypeError("a traced value cannot be converted to a float: the conversion would cut it from "
                        "the derivative.")

    def __bool__(self):
        raise TypeError("a traced value has no truth value: autodiff follows arithmetic, not branches on x.")

    def _compare(self, other):
        raise TypeError("traced values cannot be compared: autodiff follows arithmetic, not branches on x.")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _compare
    __hash__ = object.__hash__


def _refuse(name):
    hint = (f"use lessonlib.autodiff.{name}" if name in ("exp", "log", "sin", "cos", "tanh", "sqrt", "sum", "maximum")
            else "write it with Python operators and the functions of lessonlib.autodiff")
    raise TypeError(f"numpy.{name} was called on a traced value: NumPy cannot record it, so autodiff "
                    f"cannot differentiate through it; {hint}.")


def _shape_checked(value, name):
    if np.ndim(value) > 1:
        raise ValueError(f"{name} made a traced value of shape {np.shape(value)}: autodiff handles numbers "
                         "and 1-D arrays only (was a 2-D constant broadcast against x?).")
    return value


# --8<-- [start:var]
class Var(_Traced):
    """A traced value: a number or 1-D array, with the operation that made it and its arguments.

    ``args`` are the arguments (traced or constant), ``partials`` one function per argument that maps
    the adjoint g = ∂f/∂(this value) to that argument's share of the chain rule (a vector-Jacobian
    product). A leaf, the input x, has neither.
    """

    __slots__ = ("value", "name", "args", "partials")

    def __init__(self, value, name="x", args=(), partials=()):
        self.value, self.name, self.args, self.partials = value, name, args, partials

    def __repr__(self):
        return f"Var({self.value!r}, {self.name!r})"


def _record(name, forward, args, partials):
    """Run ``forward`` on the values of ``args`` and return the result as a node of the graph."""
    values = [a.value if isinstance(a, Var) else a for a in args]
    try:
        value = forward(*values)
    except FloatingPointError:
        raise ValueError(f"{name} has no finite value at this point (log or sqrt outside its domain, "
                         "division by 0, or overflow).") from None
    return Var(_shape_checked(value, name), name, tuple(args), partials)
# --8<-- [end:var]


def _topological_order(y):
    """The nodes y depends on, each after all its arguments (a depth-first search, no recursion)."""
    order, seen, stack = [], set(), [(y, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if isinstance(a, Var))
    return order


# --8<-- [start:backward]
def backward(y, x, create_graph=False):
    """∂y/∂x for a traced number y and the leaf x: the chain rule applied from y back to x.

    Each node, visited after every node that uses it, passes its adjoint ḡ = ∂y/∂(node) to its
    arguments through its ``partials``; an argument used twice adds up both shares. With
    ``create_graph=True`` the sweep runs on traced values, so its result can be differentiated again.
    """
    adjoint = {id(y): 1.0}
    for node in reversed(_topological_order(y)):
        g = adjoint.get(id(node))
        if g is None or node is x:
            continue
        args = node.args if create_graph else [a.value if isinstance(a, Var) else a for a in node.args]
        out = node if create_graph else node.value
        for a, partial in zip(node.args, node.partials):
            if isinstance(a, Var):
                try:
                    share = _unbroadcast(partial(g, *args, out), a.value)
                except FloatingPointError:
                    raise ValueError(f"the derivative of {node.name} is not finite at this point: {node.name} "
                                     "is not differentiable there (sqrt at 0, x ** p with p < 1 at 0, ...).") from None
                adjoint[id(a)] = adjoint[id(a)] + share if id(a) in adjoint else share
    return adjoint.get(id(x), 0.0 * x.value)
# --8<-- [end:backward]


def _unbroadcast(share, value):
    """Sum a share over the axis an argument of one entry (shape () or (1,)) was broadcast along."""
    shape = np.shape(value)
    return share if np.shape(_value(share)) == shape else sum(share) * np.ones(shape)


def _value(a):
    return a.value if isinstance(a, _Traced) else a


def _as_point(x, what="x"):
    x = np.array(x)
    if np.iscomplexobj(x) or not np.issubdtype(x.dtype, np.number):
        raise ValueError(f"{what} must be a real number or a 1-D array of real numbers, got dtype {x.dtype}.")
    x = x.astype(float)
    if x.ndim > 1:
        raise ValueError(f"{what} must be a number or a 1-D array, got shape {x.shape}.")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{what} must be finite.")
    return x


def _as_number(y):
    if not isinstance(y, _Traced):
        if np.ndim(y) != 0:
            raise ValueError(f"f must return a number, got shape {np.shape(y)} (use sum(...) for a total).")
        return y
    if y.shape != ():
        raise ValueError(f"f must return a number, got a traced value of shape {y.shape} "
                         "(use sum(...) for a total).")
    return y


# --8<-- [start:grad]
def value_and_grad(f):
    """Return a function x -> (f(x), ∇f(x)), by reverse mode.

    Parameters
    ----------
    f : callable
        ``f(x) -> number``, written with Python operators and this module's functions.

    Returns
    -------
    callable
        ``(x) -> (float, gradient)``; the gradient has x's shape (a float for a float x).

    Raises
    ------
    ValueError
        If x is not a finite real number or 1-D array, f does not return a number, or f or its derivative
        has no finite value at x (see the module's notes).
    TypeError
        If f applies a NumPy function to the traced value.

    Examples
    --------
    >>> f = lambda x: sum(x ** 2) + sin(x[0]) * x[1]
    >>> value, g = value_and_grad(f)(np.array([0.0, 2.0, 1.0]))
    >>> value, g                    # ∇f = 2x + (cos(x₀) x₁, sin(x₀), 0)
    (5.0, array([2., 4., 2.]))
    """
    # --8<-- [start:value_and_grad_body]
    def value_and_gradient(x):
        x = Var(_as_point(x))
        with np.errstate(**_RAISE):
            y = _as_number(f(x))
            g = backward(y, x) if isinstance(y, Var) else 0.0 * x.value
        g = np.asarray(g, dtype=float) + np.zeros_like(x.value)
        return float(_value(y)), (float(g) if g.ndim == 0 else g)
    return value_and_gradient
    # --8<-- [end:value_and_grad_body]


def grad(f):
    """Return the function x -> ∇f(x), by reverse mode (see `value_and_grad`).

    Examples
    --------
    >>> grad(lambda x: x ** 3)(2.0)
    12.0
    >>> grad(lambda x: sum(exp(x)))(np.zeros(3))
    array([1., 1., 1.])
    """
    return lambda x: value_and_grad(f)(x)[1]
# --8<-- [end:grad]


# --8<-- [start:hvp]
def hvp(f, x, v):
    """The Hessian-vector product ∇²f(x) v, exact, for about the cost of two gradients.

    Reverse over reverse: the backward sweep is recorded (``create_graph=True``), so ∇f(x) is itself a
    traced value; ∇f(x)ᵀv is a number, and its gradient is ∇²f(x) v (the Hessian is symmetric).

    Parameters
    ----------
    f : callable
        ``f(x) -> number`` as for `grad`.
    x, v : float or array_like, shape (n,)

    Returns
    -------
    float or ndarray, shape (n,)

    Raises
    ------
    ValueError
        If v does not have x's shape, or for the reasons of `value_and_grad`.

    Examples
    --------
    On f(x) = x₀² x₁ the Hessian is ((2x₁, 2x₀), (2x₀, 0)):

    >>> hvp(lambda x: x[0] ** 2 * x[1], np.array([1.0, 3.0]), np.array([1.0, 0.0]))
    array([6., 2.])
    """
    x, v = _as_point(x), _as_point(v, "v")
    if v.shape != x.shape:
        raise ValueError(f"v must have the shape of x, {x.shape}, got {v.shape}.")
    # --8<-- [start:hvp_body]
    def gradient_dot_v(x):
        y = _as_number(f(x))
        g = backward(y, x, create_graph=True) if isinstance(y, Var) else 0.0 * x.value
        return sum(g * v)  # ∇f(x)ᵀv, a traced number

    return grad(gradient_dot_v)(x)
    # --8<-- [end:hvp_body]
# --8<-- [end:hvp]


# --8<-- [start:dual]
class Dual(_Traced):
    """A dual number a + a′ε with ε² = 0: a value and a tangent, its derivative along a direction v.

    Every operation applies the chain rule forwards: (a + a′ε)(b + b′ε) = ab + (a′b + ab′)ε, and
    φ(a + a′ε) = φ(a) + φ′(a) a′ ε.
    """

    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent):
        self.value, self.tangent = value, tangent

    def __repr__(self):
        return f"Dual({self.value!r}, {self.tangent!r})"


def _dual(name, forward, args, derivatives):
    """Forward mode: the value, and the sum of ∂out/∂arg · tangent over the dual arguments."""
    values = [_value(a) for a in args]
    try:
        out = forward(*values)
        tangent = 0.0
        for a, d in zip(args, derivatives):
            if isinstance(a, Dual):
                tangent = tangent + d(a.tangent, *values, out)
    except FloatingPointError:
        raise ValueError(f"{name} or its derivative has no finite value at this point.") from None
    return Dual(_shape_checked(out, name), tangent)
# --8<-- [end:dual]


def jvp(f, x, v):
    """(f(x), J v): the value and the directional derivative of f at x along v, by forward mode.

    One run of f on dual numbers x + vε. For a gradient by forward mode this is needed n times, once per
    coordinate direction; reverse mode gets all n entries from one backward sweep.

    Parameters
    ----------
    f : callable
        ``f(x)`` returning a number or a 1-D array.
    x, v : float or array_like, shape (n,)

    Returns
    -------
    value, tangent : float or ndarray

    Examples
    --------
    >>> jvp(lambda x: sum(x ** 2), np.array([1.0, 2.0]), np.array([1.0, 0.0]))    # ∇f · v = 2x₀
    (5.0, 2.0)
    """
    x, v = _as_point(x), _as_point(v, "v")
    if v.shape != x.shape:
        raise ValueError(f"v must have the shape of x, {x.shape}, got {v.shape}.")
    with np.errstate(**_RAISE):
        y = f(Dual(x, v))
    if not isinstance(y, Dual):
        return (float(y) if np.ndim(y) == 0 else np.asarray(y, float)), 0.0 * np.asarray(y, float)
    tangent = y.tangent + np.zeros_like(y.value)
    return (float(y.value), float(tangent)) if np.ndim(y.value) == 0 else (y.value, tangent)


# --8<-- [start:operation]
def _operation(name, forward, vjps, jvps=None):
    """One operation, for plain arrays (NumPy's), traced values (reverse) and dual numbers (forward).

    ``vjps[i](g, *args, out)`` is argument i's share of the adjoint g, and ``jvps[i](t, *args, out)`` the
    change of the output for a tangent t of argument i. For elementwise operations both are the same
    product of the local derivative with g or t, so ``jvps`` defaults to ``vjps``.
    """
    def op(*args):
        if any(isinstance(a, Var) for a in args):
            if any(isinstance(a, Dual) for a in args):
                raise TypeError("forward mode (Dual) and reverse mode (Var) cannot be mixed in one operation.")
            return _record(name, forward, args, vjps)
        if any(isinstance(a, Dual) for a in args):
            return _dual(name, forward, args, jvps or vjps)
        return forward(*args)
    op.__name__ = name
    return op
# --8<-- [end:operation]


def _maximum_vjp(which):
    def share(g, a, b, out):
        a, b = _value(a), _value(b)
        if np.any((a == b) & (_value(g) != 0)):
            raise ValueError("maximum(a, b) has no derivative where a == b; the gradient asked for needs one "
                             "(move the point off the tie).")
        return g * ((a > b) if which == 0 else (b > a))
    return share


def _scatter(g, index, shape):
    out = np.zeros(shape, dtype=np.result_type(g, float))
    np.add.at(out, index, g)
    return out


def _matmul_vjp_a(g, a, b, out):
    return g * b if np.ndim(_value(b)) == 1 else b @ g


def _matmul_vjp_b(g, a, b, out):
    return g * a if np.ndim(_value(a)) == 1 else g @ a


# --8<-- [start:rules]
exp = _operation("exp", np.exp, [lambda g, a, out: g * out])
"""e^a, elementwise. d/da: e^a."""
log = _operation("log", np.log, [lambda g, a, out: g / a])
"""The natural logarithm, elementwise. d/da: 1/a."""
sin = _operation("sin", np.sin, [lambda g, a, out: g * cos(a)])
"""sin a, elementwise. d/da: cos a."""
cos = _operation("cos", np.cos, [lambda g, a, out: -g * sin(a)])
"""cos a, elementwise. d/da: −sin a."""
tanh = _operation("tanh", np.tanh, [lambda g, a, out: g * (1 - out ** 2)])
"""tanh a, elementwise. d/da: 1 − tanh² a."""
sqrt = _operation("sqrt", np.sqrt, [lambda g, a, out: g / (2 * out)])
"""√a, elementwise. d/da: 1/(2√a), infinite at 0."""
add = _operation("+", np.add, [lambda g, a, b, out: g, lambda g, a, b, out: g])
"""a + b."""
subtract = _operation("-", np.subtract, [lambda g, a, b, out: g, lambda g, a, b, out: -g])
"""a − b."""
multiply = _operation("*", np.multiply, [lambda g, a, b, out: g * b, lambda g, a, b, out: g * a])
"""a b, elementwise."""
divide = _operation("/", np.divide, [lambda g, a, b, out: g / b, lambda g, a, b, out: -g * out / b])
"""a / b, elementwise."""
power = _operation("**", lambda a, b: np.asarray(a) ** b, [lambda g, a, b, out: g * b * a ** (b - 1),
                                    lambda g, a, b, out: g * out * log(a)])
"""a ** b, elementwise. ∂/∂a: b a^(b−1); ∂/∂b: a^b log a (a traced exponent needs a > 0)."""
maximum = _operation("maximum", np.maximum, [_maximum_vjp(0), _maximum_vjp(1)])
"""The larger of a and b, elementwise; its derivative goes to the larger one, and at a tie it is refused."""
sum = _operation("sum", np.sum, [lambda g, a, out: g * np.ones(np.shape(_value(a)))],
                 [lambda t, a, out: np.sum(t)])
"""The sum of all entries. ∂/∂aᵢ: 1."""
matmul = _operation("@", np.matmul, [_matmul_vjp_a, _matmul_vjp_b],
                    [lambda t, a, b, out: t @ b, lambda t, a, b, out: a @ t])
"""a @ b, where the traced side is 1-D: vector-vector, matrix-vector or vector-matrix."""
take = _operation("[]", lambda a, index: a[index], [lambda g, a, index, out: scatter(g, index, np.shape(_value(a)))],
                  [lambda t, a, index, out: t[index]])
"""a[index] (what ``x[i]`` and ``x[1:3]`` call): the adjoint goes back to the entries read, added up."""
scatter = _operation("scatter", _scatter, [lambda g, h, index, shape, out: g[index]],
                     [lambda t, h, index, shape, out: _scatter(t, index, shape)])
"""A zero array of ``shape`` with ``h`` added at ``index``: the adjoint of indexing, itself differentiable."""
# --8<-- [end:rules]
