// BN254 prime fields in Montgomery form on four 64-bit limbs (little-endian limb order).
// One template serves the base field Fq and the scalar field Fr: each is described by its
// modulus only; R = 2^256 mod p, R^2 mod p and -p^-1 mod 2^64 are derived at compile time.
// Multiplication is CIOS Montgomery multiplication: x86-64 assembly (mulx/adcx/adox) when the CPU
// has BMI2 and ADX, else portable C++ with unsigned __int128 products. Values are
// always kept fully reduced (< p). Both moduli are below 2^254, which the add/double code uses.
#pragma once
#include <cstdint>
#include <cstring>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace zkd {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "limbs are loaded from little-endian bytes by memcpy");

typedef unsigned __int128 u128;

struct Limbs {
  uint64_t v[4];
};

constexpr bool limbsGeq(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; i--) {
    if (a.v[i] != b.v[i]) return a.v[i] > b.v[i];
  }
  return true;
}

constexpr Limbs limbsSub(const Limbs& a, const Limbs& b) {
  Limbs r{{0, 0, 0, 0}};
  uint64_t borrow = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t d = a.v[i] - b.v[i];
    uint64_t borrow1 = a.v[i] < b.v[i];
    uint64_t d2 = d - borrow;
    uint64_t borrow2 = d < borrow;
    r.v[i] = d2;
    borrow = borrow1 | borrow2;
  }
  return r;
}

// 2^k mod p by doubling (p < 2^255, so a doubled reduced value never overflows 256 bits).
constexpr Limbs pow2Mod(int k, const Limbs& p) {
  Limbs x{{1, 0, 0, 0}};
  for (int i = 0; i < k; i++) {
    Limbs d{{x.v[0] << 1, (x.v[1] << 1) | (x.v[0] >> 63), (x.v[2] << 1) | (x.v[1] >> 63), (x.v[3] << 1) | (x.v[2] >> 63)}};
    x = limbsGeq(d, p) ? limbsSub(d, p) : d;
  }
  return x;
}

// -p^-1 mod 2^64 by Newton iteration (each step doubles the number of correct bits).
constexpr uint64_t negInverse64(uint64_t p0) {
  uint64_t x = 1;
  for (int i = 0; i < 7; i++) x *= 2 - p0 * x;
  return ~x + 1;
}

// x86-64 with BMI2 and ADX (checked at run time): Montgomery multiplication in inline assembly,
// CIOS with two interleaved carry chains (adcx for the low halves of the products, adox for the
// high halves). Accumulator limbs rotate through five registers; the limb the reduction clears
// becomes the next iteration's top limb. Needs p < 2^254 (then every intermediate fits in five
// limbs); returns a value below 2p, reduced by the caller.
#if defined(__x86_64__) && defined(__GNUC__)
#define ZKD_HAVE_MULX_ASM 1
inline bool cpuHasMulxAdx() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
  }();
  return has;
}

inline void montMulMulxAdx(uint64_t out[4], const uint64_t a[4], const uint64_t b[4], const uint64_t p[4], uint64_t inv) {
  uint64_t r0, r1, r2, r3, r4, lo, hi, z;
  __asm__(
      "xorq %[r0], %[r0]\n\t"
      "xorq %[r1], %[r1]\n\t"
      "xorq %[r2], %[r2]\n\t"
      "xorq %[r3], %[r3]\n\t"
      "xorq %[r4], %[r4]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "adcxq %[z], %[r4]\n\t"
      "movq %[r0], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "adcxq %[z], %[r4]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 8(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "adcxq %[z], %[r0]\n\t"
      "movq %[r1], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "adcxq %[z], %[r0]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 16(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "adcxq %[z], %[r1]\n\t"
      "movq %[r2], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "adcxq %[z], %[r1]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 24(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "adcxq %[z], %[r2]\n\t"
      "movq %[r3], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "adcxq %[z], %[r2]\n\t"

      : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4), [lo] "=&r"(lo), [hi] "=&r"(hi), [z] "=&r"(z)
      : [a] "r"(a), [b] "r"(b), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3]), [inv] "m"(inv)
      : "rdx", "cc", "memory");
  // After four iterations the accumulator is (r4, r0, r1, r2) and r3 is the cleared top limb.
  out[0] = r4;
  out[1] = r0;
  out[2] = r1;
  out[3] = r2;
  (void)r3;
}
#endif

template <class Cfg>
struct Fp {
  static constexpr Limbs P = Cfg::modulus;
  static constexpr Limbs R1 = pow2Mod(256, Cfg::modulus);
  static constexpr Limbs R2 = pow2Mod(512, Cfg::modulus);
  static constexpr uint64_t INV = negInverse64(Cfg::modulus.v[0]);

  uint64_t v[4];

  static Fp zero() { return Fp{{0, 0, 0, 0}}; }
  static Fp one() { return Fp{{R1.v[0], R1.v[1], R1.v[2], R1.v[3]}}; }
  static Fp raw(const Limbs& l) { return Fp{{l.v[0], l.v[1], l.v[2], l.v[3]}}; }

  bool isZero() const { return (v[0] | v[1] | v[2] | v[3]) == 0; }
  bool operator==(const Fp& o) const { return v[0] == o.v[0] && v[1] == o.v[1] && v[2] == o.v[2] && v[3] == o.v[3]; }
  bool operator!=(const Fp& o) const { return !(*this == o); }

  // True when the limbs, read as an integer, are below p (a valid reduced representative).
  static bool isReduced(const uint64_t l[4]) { return !limbsGeq(Limbs{{l[0], l[1], l[2], l[3]}}, P); }

#if defined(__x86_64__)
  // Branch-free add/sub with the carry-flag intrinsics (adc/sbb chains).
  Fp operator+(const Fp& b) const {
    unsigned long long s[4], t[4];
    unsigned char c = _addcarry_u64(0, v[0], b.v[0], &s[0]);
    c = _addcarry_u64(c, v[1], b.v[1], &s[1]);
    c = _addcarry_u64(c, v[2], b.v[2], &s[2]);
    _addcarry_u64(c, v[3], b.v[3], &s[3]);  // no carry out: p < 2^255
    unsigned char borrow = _subborrow_u64(0, s[0], P.v[0], &t[0]);
    borrow = _subborrow_u64(borrow, s[1], P.v[1], &t[1]);
    borrow = _subborrow_u64(borrow, s[2], P.v[2], &t[2]);
    borrow = _subborrow_u64(borrow, s[3], P.v[3], &t[3]);
    return borrow ? Fp{{s[0], s[1], s[2], s[3]}} : Fp{{t[0], t[1], t[2], t[3]}};
  }

  Fp operator-(const Fp& b) const {
    unsigned long long s[4], t[4];
    unsigned char borrow = _subborrow_u64(0, v[0], b.v[0], &s[0]);
    borrow = _subborrow_u64(borrow, v[1], b.v[1], &s[1]);
    borrow = _subborrow_u64(borrow, v[2], b.v[2], &s[2]);
    borrow = _subborrow_u64(borrow, v[3], b.v[3], &s[3]);
    uint64_t mask = 0 - (uint64_t)borrow;  // add p back when the difference went negative
    unsigned char c = _addcarry_u64(0, s[0], P.v[0] & mask, &t[0]);
    c = _addcarry_u64(c, s[1], P.v[1] & mask, &t[1]);
    c = _addcarry_u64(c, s[2], P.v[2] & mask, &t[2]);
    _addcarry_u64(c, s[3], P.v[3] & mask, &t[3]);
    return Fp{{t[0], t[1], t[2], t[3]}};
  }
#else
  Fp operator+(const Fp& b) const {
    Fp r;
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
      c += (u128)v[i] + b.v[i];
      r.v[i] = (uint64_t)c;
      c >>= 64;
    }
    r.reduceOnce();
    return r;
  }

  Fp operator-(const Fp& b) const {
    Fp r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
      u128 d = (u128)v[i] - b.v[i] - borrow;
      r.v[i] = (uint64_t)d;
      borrow = (uint64_t)(d >> 64) & 1;
    }
    if (borrow) {
      u128 c = 0;
      for (int i = 0; i < 4; i++) {
        c += (u128)r.v[i] + P.v[i];
        r.v[i] = (uint64_t)c;
        c >>= 64;
      }
    }
    return r;
  }
#endif

  Fp operator-() const { return isZero() ? *this : zero() - *this; }
  Fp dbl() const { return *this + *this; }

  Fp operator*(const Fp& b) const {
#ifdef ZKD_HAVE_MULX_ASM
    if (cpuHasMulxAdx()) {
      Fp r;
      montMulMulxAdx(r.v, v, b.v, P.v, INV);
      r.reduceOnce();
      return r;
    }
#endif
    return mulPortable(b);
  }

  // CIOS Montgomery multiplication in portable C++.
  Fp mulPortable(const Fp& b) const {
    uint64_t t[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
      uint64_t carry = 0;
      for (int j = 0; j < 4; j++) {
        u128 s = (u128)v[j] * b.v[i] + t[j] + carry;
        t[j] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
      }
      u128 s = (u128)t[4] + carry;
      t[4] = (uint64_t)s;
      t[5] = (uint64_t)(s >> 64);
      uint64_t m = t[0] * INV;
      s = (u128)m * P.v[0] + t[0];
      carry = (uint64_t)(s >> 64);
      for (int j = 1; j < 4; j++) {
        s = (u128)m * P.v[j] + t[j] + carry;
        t[j - 1] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
      }
      s = (u128)t[4] + carry;
      t[3] = (uint64_t)s;
      t[4] = t[5] + (uint64_t)(s >> 64);
    }
    Fp r{{t[0], t[1], t[2], t[3]}};
    if (t[4] != 0 || !isReduced(r.v)) r = r.subP();
    return r;
  }

  Fp sqr() const { return *this * *this; }

  // a^e for a little-endian exponent given as limbs.
  Fp pow(const Limbs& e) const {
    Fp acc = one();
    for (int i = 255; i >= 0; i--) {
      acc = acc.sqr();
      if ((e.v[i / 64] >> (i % 64)) & 1) acc = acc * *this;
    }
    return acc;
  }

  // Inverse by Fermat (a^(p-2)); the inverse of zero is zero.
  Fp inv() const { return pow(limbsSub(P, Limbs{{2, 0, 0, 0}})); }

  // Conversions between the integer value (normal form) and the Montgomery representation.
  static Fp fromInt(const uint64_t l[4]) { return Fp{{l[0], l[1], l[2], l[3]}} * raw(R2); }
  static Fp fromU64(uint64_t x) { uint64_t l[4] = {x, 0, 0, 0}; return fromInt(l); }
  void toInt(uint64_t out[4]) const {
    Fp r = *this * Fp{{1, 0, 0, 0}};
    std::memcpy(out, r.v, 32);
  }

 private:
  void reduceOnce() {
    if (!isReduced(v)) *this = subP();
  }
  Fp subP() const {
    Fp r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
      u128 d = (u128)v[i] - P.v[i] - borrow;
      r.v[i] = (uint64_t)d;
      borrow = (uint64_t)(d >> 64) & 1;
    }
    return r;
  }
};

struct FqCfg {
  // 21888242871839275222246405745257275088696311157297823662689037894645226208583
  static constexpr Limbs modulus{{0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
};
struct FrCfg {
  // 21888242871839275222246405745257275088548364400416034343698204186575808495617
  static constexpr Limbs modulus{{0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
};

typedef Fp<FqCfg> Fq;
typedef Fp<FrCfg> Fr;

// Reads 32 little-endian bytes as four limbs, and back.
inline void loadLimbs(uint64_t out[4], const uint8_t* bytes) { std::memcpy(out, bytes, 32); }
inline void storeLimbs(uint8_t* bytes, const uint64_t in[4]) { std::memcpy(bytes, in, 32); }

}  // namespace zkd
