// BN254 groups: G1 over Fq (y^2 = x^3 + 3) and G2 over Fq2 = Fq[u]/(u^2 + 1)
// (y^2 = x^3 + 3/(9 + u)). Points are kept in Jacobian coordinates (x = X/Z^2, y = Y/Z^3,
// infinity when Z = 0); affine points use snarkjs's convention that (0, 0) is infinity (it is
// not on either curve). Formulas for a = 0 curves: doubling dbl-2009-l, addition add-2007-bl,
// mixed addition madd-2007-bl (from the Explicit-Formulas Database), with the equal-input and
// opposite-input cases routed to doubling and to infinity.
#pragma once
#include "field.hpp"

namespace zkd {

struct Fq2 {
  Fq c0, c1;

  static Fq2 zero() { return Fq2{Fq::zero(), Fq::zero()}; }
  static Fq2 one() { return Fq2{Fq::one(), Fq::zero()}; }
  bool isZero() const { return c0.isZero() && c1.isZero(); }
  bool operator==(const Fq2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq2& o) const { return !(*this == o); }
  Fq2 operator+(const Fq2& b) const { return Fq2{c0 + b.c0, c1 + b.c1}; }
  Fq2 operator-(const Fq2& b) const { return Fq2{c0 - b.c0, c1 - b.c1}; }
  Fq2 operator-() const { return Fq2{-c0, -c1}; }
  Fq2 dbl() const { return Fq2{c0.dbl(), c1.dbl()}; }
  Fq2 operator*(const Fq2& b) const {
    Fq t0 = c0 * b.c0;
    Fq t1 = c1 * b.c1;
    Fq t2 = (c0 + c1) * (b.c0 + b.c1);
    return Fq2{t0 - t1, t2 - t0 - t1};
  }
  Fq2 sqr() const {
    Fq t = c0 * c1;
    return Fq2{(c0 + c1) * (c0 - c1), t.dbl()};
  }
  Fq2 inv() const {
    Fq n = (c0.sqr() + c1.sqr()).inv();
    return Fq2{c0 * n, -(c1 * n)};
  }
};

// The constant b of each curve's equation, in Montgomery form.
inline Fq curveB(const Fq*) { return Fq::fromU64(3); }
inline Fq2 curveB(const Fq2*) {
  static const Fq2 b = Fq2{Fq::fromU64(3), Fq::zero()} * Fq2{Fq::fromU64(9), Fq::fromU64(1)}.inv();
  return b;
}

template <class F>
struct Affine {
  F x, y;
  bool isInfinity() const { return x.isZero() && y.isZero(); }
  static Affine infinity() { return Affine{F::zero(), F::zero()}; }
  Affine operator-() const { return isInfinity() ? *this : Affine{x, -y}; }
  bool onCurve() const {
    if (isInfinity()) return true;
    return y.sqr() == x.sqr() * x + curveB(static_cast<const F*>(nullptr));
  }
};

template <class F>
struct Jacobian {
  F X, Y, Z;

  static Jacobian infinity() { return Jacobian{F::one(), F::one(), F::zero()}; }
  static Jacobian fromAffine(const Affine<F>& a) {
    return a.isInfinity() ? infinity() : Jacobian{a.x, a.y, F::one()};
  }
  bool isInfinity() const { return Z.isZero(); }
  Jacobian operator-() const { return Jacobian{X, -Y, Z}; }

  Jacobian dbl() const {
    if (isInfinity()) return *this;
    F A = X.sqr();
    F B = Y.sqr();
    F C = B.sqr();
    F D = ((X + B).sqr() - A - C).dbl();
    F E = A.dbl() + A;
    F Fv = E.sqr();
    F X3 = Fv - D.dbl();
    F C8 = C.dbl().dbl().dbl();
    F Y3 = E * (D - X3) - C8;
    F Z3 = (Y * Z).dbl();
    return Jacobian{X3, Y3, Z3};
  }

  Jacobian operator+(const Jacobian& q) const {
    if (isInfinity()) return q;
    if (q.isInfinity()) return *this;
    F Z1Z1 = Z.sqr();
    F Z2Z2 = q.Z.sqr();
    F U1 = X * Z2Z2;
    F U2 = q.X * Z1Z1;
    F S1 = Y * q.Z * Z2Z2;
    F S2 = q.Y * Z * Z1Z1;
    F H = U2 - U1;
    F r = (S2 - S1).dbl();
    if (H.isZero()) return r.isZero() ? dbl() : infinity();
    F I = H.dbl().sqr();
    F J = H * I;
    F V = U1 * I;
    F X3 = r.sqr() - J - V.dbl();
    F Y3 = r * (V - X3) - (S1 * J).dbl();
    F Z3 = ((Z + q.Z).sqr() - Z1Z1 - Z2Z2) * H;
    return Jacobian{X3, Y3, Z3};
  }

  // Mixed addition: this + q with q affine (Z2 = 1).
  Jacobian addMixed(const Affine<F>& q) const {
    if (q.isInfinity()) return *this;
    if (isInfinity()) return fromAffine(q);
    F Z1Z1 = Z.sqr();
    F U2 = q.x * Z1Z1;
    F S2 = q.y * Z * Z1Z1;
    F H = U2 - X;
    F r = (S2 - Y).dbl();
    if (H.isZero()) return r.isZero() ? dbl() : infinity();
    F HH = H.sqr();
    F I = HH.dbl().dbl();
    F J = H * I;
    F V = X * I;
    F X3 = r.sqr() - J - V.dbl();
    F Y3 = r * (V - X3) - (Y * J).dbl();
    F Z3 = (Z + H).sqr() - Z1Z1 - HH;
    return Jacobian{X3, Y3, Z3};
  }

  Affine<F> toAffine() const {
    if (isInfinity()) return Affine<F>::infinity();
    F zi = Z.inv();
    F zi2 = zi.sqr();
    return Affine<F>{X * zi2, Y * zi2 * zi};
  }

  // k * this for a scalar given as little-endian limbs (integer value, not Montgomery).
  Jacobian mul(const uint64_t k[4]) const {
    Jacobian acc = infinity();
    for (int i = 255; i >= 0; i--) {
      acc = acc.dbl();
      if ((k[i / 64] >> (i % 64)) & 1) acc = acc + *this;
    }
    return acc;
  }
};

static_assert(sizeof(Affine<Fq>) == 64 && sizeof(Affine<Fq2>) == 128, "affine points are laid out as in a zkey");

typedef Affine<Fq> G1Affine;
typedef Jacobian<Fq> G1;
typedef Affine<Fq2> G2Affine;
typedef Jacobian<Fq2> G2;

}  // namespace zkd
