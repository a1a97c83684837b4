// Radix-2 number-theoretic transform over Fr, natural order in and out, with the roots of unity
// snarkjs/ffjavascript use: w_28 = 5^((r-1)/2^28) (5 is the first quadratic non-residue of Fr,
// 28 its two-adicity) and w_k = w_(k+1)^2, so that evaluations line up with the zkey's H points.
#pragma once
#include <vector>

#include "field.hpp"

namespace zkd {

constexpr int FR_TWO_ADICITY = 28;

// The primitive 2^k-th root of unity for k in [0, 28].
inline Fr rootOfUnity(int k) {
  // (r - 1) >> 28 as limbs.
  Limbs t = limbsSub(Fr::P, Limbs{{1, 0, 0, 0}});
  for (int i = 0; i < FR_TWO_ADICITY; i++) {
    t.v[0] = (t.v[0] >> 1) | (t.v[1] << 63);
    t.v[1] = (t.v[1] >> 1) | (t.v[2] << 63);
    t.v[2] = (t.v[2] >> 1) | (t.v[3] << 63);
    t.v[3] >>= 1;
  }
  Fr w = Fr::fromU64(5).pow(t);
  for (int i = FR_TWO_ADICITY; i > k; i--) w = w.sqr();
  return w;
}

inline void bitReverse(std::vector<Fr>& a) {
  size_t n = a.size();
  for (size_t i = 1, j = 0; i < n; i++) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
}

// In place: a[k] <- sum_i a[i] * w^(ik), w the primitive n-th root (n = a.size(), a power of 2);
// with inverse = true, w^-1 is used and the result is divided by n.
inline void ntt(std::vector<Fr>& a, bool inverse) {
  size_t n = a.size();
  int logN = 0;
  while (((size_t)1 << logN) < n) logN++;
  bitReverse(a);
  std::vector<Fr> twiddles(n / 2 > 0 ? n / 2 : 1);
  for (int s = 1; s <= logN; s++) {
    size_t m = (size_t)1 << s, halfM = m >> 1;
    Fr wm = rootOfUnity(s);
    if (inverse) wm = wm.inv();
    twiddles[0] = Fr::one();
    for (size_t j = 1; j < halfM; j++) twiddles[j] = twiddles[j - 1] * wm;
    for (size_t k = 0; k < n; k += m) {
      for (size_t j = 0; j < halfM; j++) {
        Fr t = twiddles[j] * a[k + j + halfM];
        Fr u = a[k + j];
        a[k + j] = u + t;
        a[k + j + halfM] = u - t;
      }
    }
  }
  if (inverse) {
    Fr nInv = Fr::fromU64(n).inv();
    for (auto& x : a) x = x * nInv;
  }
}

}  // namespace zkd
