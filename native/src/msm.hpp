// Multi-scalar multiplication sum(k_i * P_i) by Pippenger's bucket method.
// Scalars are 256-bit integers (32 bytes little-endian each, normal form, not Montgomery); bases
// are affine. Each scalar is cut into signed c-bit digits in [-2^(c-1), 2^(c-1)] (a digit above
// half the window borrows from the next one), so a window needs 2^(c-1) buckets and a negative
// digit adds the negated base. The window width c is chosen from the number of points to minimise
// windows * (points + buckets). Windows are independent: threads take them from a shared counter
// and the window sums are combined at the end with c doublings between windows.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "curve.hpp"

namespace zkd {

// Window width for n points: the c that minimises ceil(256 / c) * (n + 2^c).
inline int msmWindowBits(size_t n) {
  int best = 1;
  double bestCost = 1e300;
  for (int c = 1; c <= 20; c++) {
    double cost = std::ceil(256.0 / c) * ((double)n + std::ldexp(1.0, c));
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

inline unsigned defaultThreads() {
  unsigned t = std::thread::hardware_concurrency();
  return t == 0 ? 1 : t;
}

// Raw c-bit window w of a 256-bit little-endian scalar.
inline uint32_t scalarWindow(const uint64_t k[4], int bit, int c) {
  if (bit >= 256) return 0;
  int limb = bit / 64, off = bit % 64;
  uint64_t v = k[limb] >> off;
  if (off + c > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - off);
  return (uint32_t)(v & ((1ULL << c) - 1));
}

template <class F>
Jacobian<F> msm(const Affine<F>* bases, const uint8_t* scalars, size_t n, unsigned threads = 0) {
  typedef Jacobian<F> J;
  if (n == 0) return J::infinity();
  if (threads == 0) threads = defaultThreads();
  const int c = msmWindowBits(n);
  // One window more than 256/c for the final borrow.
  const int nWindows = (256 + c - 1) / c + 1;
  const int32_t half = 1 << (c - 1);

  // Signed digits, window-major so each window reads a contiguous row.
  std::vector<int32_t> digits((size_t)nWindows * n);
  for (size_t i = 0; i < n; i++) {
    uint64_t k[4];
    loadLimbs(k, scalars + 32 * i);
    int32_t carry = 0;
    for (int w = 0; w < nWindows; w++) {
      int32_t d = (int32_t)scalarWindow(k, w * c, c) + carry;
      carry = 0;
      if (d > half) {
        d -= (1 << c);
        carry = 1;
      }
      digits[(size_t)w * n + i] = d;
    }
  }

  std::vector<J> windowSums(nWindows, J::infinity());
  std::atomic<int> next(0);
  auto worker = [&]() {
    std::vector<J> buckets(half);
    for (int w = next++; w < nWindows; w = next++) {
      std::fill(buckets.begin(), buckets.end(), J::infinity());
      const int32_t* row = digits.data() + (size_t)w * n;
      for (size_t i = 0; i < n; i++) {
        int32_t d = row[i];
        if (d > 0) buckets[d - 1] = buckets[d - 1].addMixed(bases[i]);
        else if (d < 0) buckets[-d - 1] = buckets[-d - 1].addMixed(-bases[i]);
      }
      // sum_b b * bucket[b] as a running sum from the top bucket down.
      J running = J::infinity(), total = J::infinity();
      for (int b = half - 1; b >= 0; b--) {
        running = running + buckets[b];
        total = total + running;
      }
      windowSums[w] = total;
    }
  };
  unsigned nThreads = std::min<unsigned>(threads, (unsigned)nWindows);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < nThreads; t++) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();

  J acc = J::infinity();
  for (int w = nWindows - 1; w >= 0; w--) {
    for (int i = 0; i < c; i++) acc = acc.dbl();
    acc = acc + windowSums[w];
  }
  return acc;
}

}  // namespace zkd
