// Multi-scalar multiplication sum(k_i * P_i) by Pippenger's bucket method, with batched affine
// bucket additions (see BucketSet).
// Scalars are 256-bit integers (32 bytes little-endian each, normal form, not Montgomery); bases
// are affine. Each scalar is cut into signed c-bit digits in [-2^(c-1), 2^(c-1)] (a digit above
// half the window borrows from the next one), so a window needs 2^(c-1) buckets and a negative
// digit adds the negated base. The window width c is chosen from the number of points (see
// msmWindowBits). Windows are independent: threads take them from a shared counter
// and the window sums are combined at the end with c doublings between windows.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "curve.hpp"

namespace zkd {

// Window width for n points: the c that minimises the estimated field multiplications per window
// count: n points at about 6 each plus their share of a batch inversion (about 300 for a batch
// of min(256, 2^(c-2))), and 27 per bucket (2^(c-1) of them) for the running sums.
inline int msmWindowBits(size_t n) {
  int best = 1;
  double bestCost = 1e300;
  for (int c = 1; c <= 20; c++) {
    double batch = std::min(256.0, std::max(1.0, std::ldexp(1.0, c - 2)));
    double cost = std::ceil(256.0 / c) * ((double)n * (6.0 + 300.0 / batch) + 27.0 * std::ldexp(1.0, c - 1));
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

// The buckets of one window. Points are added to affine buckets in batches: each addition
// needs 1/(x2 - x1) (or 1/(2y) when doubling), and one field inversion serves a whole batch
// (Montgomery's trick), which makes an addition cost about half a mixed Jacobian addition.
// A point for a bucket that already waits in the current batch is deferred to the next batch (a
// full batch or a full deferral list flushes); points deferred while retrying a deferral (skewed
// inputs: many equal small scalars) go to a Jacobian overflow sum of their bucket instead, so
// no input makes batches degenerate.
template <class F>
class BucketSet {
 public:
  // A batch of at most half the buckets keeps deferrals rare.
  explicit BucketSet(size_t count)
      : batch_(std::min<size_t>(MAX_BATCH, std::max<size_t>(1, count / 2))), points_(count), state_(count, EMPTY), overflow_(count, Jacobian<F>::infinity()) {
    batchBucket_.reserve(batch_);
    batchPoint_.reserve(batch_);
    den_.resize(batch_);
    prefix_.resize(batch_);
  }

  void clear() {
    std::fill(state_.begin(), state_.end(), EMPTY);
    std::fill(overflow_.begin(), overflow_.end(), Jacobian<F>::infinity());
  }

  // bucket b += p (p not infinity)
  void add(uint32_t b, const Affine<F>& p) { place(b, p, true); }

  // sum over b of (b + 1) * bucket[b], by a running sum from the top bucket down.
  Jacobian<F> weightedSum() {
    while (!batchBucket_.empty() || !deferred_.empty()) flush();
    Jacobian<F> running = Jacobian<F>::infinity(), total = Jacobian<F>::infinity();
    for (size_t b = points_.size(); b-- > 0;) {
      if (state_[b] == EMPTY) running = running + overflow_[b];
      else if (overflow_[b].isInfinity()) running = running.addMixed(points_[b]);
      else running = running + overflow_[b].addMixed(points_[b]);
      total = total + running;
    }
    return total;
  }

 private:
  static constexpr size_t MAX_BATCH = 256;
  struct Deferred {
    uint32_t bucket;
    Affine<F> point;
  };
  enum : uint8_t { EMPTY, FILLED, PENDING };
  const size_t batch_;
  std::vector<Affine<F>> points_;
  std::vector<uint8_t> state_;
  std::vector<Jacobian<F>> overflow_;
  std::vector<uint32_t> batchBucket_;
  std::vector<Affine<F>> batchPoint_;
  std::vector<F> den_, prefix_;
  std::vector<Deferred> deferred_;

  void place(uint32_t b, const Affine<F>& p, bool mayDefer) {
    if (state_[b] == EMPTY) {
      points_[b] = p;
      state_[b] = FILLED;
    } else if (state_[b] == FILLED) {
      state_[b] = PENDING;
      batchBucket_.push_back(b);
      batchPoint_.push_back(p);
      if (batchBucket_.size() == batch_) flush();
    } else if (mayDefer && deferred_.size() < batch_) {
      deferred_.push_back({b, p});
      if (deferred_.size() == batch_) flush();
    } else {
      overflow_[b] = overflow_[b].addMixed(p);
    }
  }

  void flush() {
    size_t m = batchBucket_.size();
    for (size_t k = 0; k < m; k++) {
      const Affine<F>& a = points_[batchBucket_[k]];
      const Affine<F>& p = batchPoint_[k];
      if (a.x != p.x) den_[k] = p.x - a.x;
      else if (a.y == p.y) den_[k] = a.y.dbl();  // y != 0: neither curve has points of order 2
      else den_[k] = F::one();                  // a + (-a): no inverse needed
      prefix_[k] = k == 0 ? den_[k] : prefix_[k - 1] * den_[k];
    }
    F inv = m == 0 ? F::one() : prefix_[m - 1].inv();
    for (size_t k = m; k-- > 0;) {
      F denInv = k == 0 ? inv : inv * prefix_[k - 1];
      inv = inv * den_[k];
      uint32_t b = batchBucket_[k];
      Affine<F>& a = points_[b];
      const Affine<F>& p = batchPoint_[k];
      F lambda;
      if (a.x != p.x) {
        lambda = (p.y - a.y) * denInv;
      } else if (a.y == p.y) {
        F xx = a.x.sqr();
        lambda = (xx.dbl() + xx) * denInv;
      } else {
        state_[b] = EMPTY;
        continue;
      }
      F x3 = lambda.sqr() - a.x - p.x;
      a.y = lambda * (a.x - x3) - a.y;
      a.x = x3;
      state_[b] = FILLED;
    }
    batchBucket_.clear();
    batchPoint_.clear();
    // The deferred points' buckets are free again: retry them (a full batch flushes on the way,
    // which retries what was deferred meanwhile from its own list).
    std::vector<Deferred> retry;
    retry.swap(deferred_);
    for (const Deferred& d : retry) place(d.bucket, d.point, false);
  }
};

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
    BucketSet<F> buckets(half);
    for (int w = next++; w < nWindows; w = next++) {
      buckets.clear();
      const int32_t* row = digits.data() + (size_t)w * n;
      for (size_t i = 0; i < n; i++) {
        int32_t d = row[i];
        if (d == 0 || bases[i].isInfinity()) continue;
        if (d > 0) buckets.add((uint32_t)(d - 1), bases[i]);
        else buckets.add((uint32_t)(-d - 1), -bases[i]);
      }
      windowSums[w] = buckets.weightedSum();
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
