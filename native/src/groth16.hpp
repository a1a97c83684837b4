// A Groth16 prover over a snarkjs zkey (BN254), producing the proof snarkjs would for the same
// witness and the same r and s.
//
// The zkey is parsed once into memory (sections: 1 header, 2 Groth16 header, 4 coefficients of
// the A and B matrices, 5 A points, 6 B1 points, 7 B2 points, 8 C points, 9 H points; section 3,
// the IC points, is only needed by verifiers). Curve points in the file are affine, Montgomery
// form, little-endian; every coordinate is range-checked and every point checked on its curve.
//
// Proving, as snarkjs does it: A(w_i) and B(w_i) on the domain from the coefficients (stored
// as value * R^2, so one Montgomery product with the normal-form witness gives A's value in
// Montgomery form), C = A * B pointwise; each of A, B, C is interpolated (inverse NTT),
// multiplied by shift^i with shift the primitive 2n-th root of unity, and evaluated again (NTT),
// which gives the values on the odd coset; h_i = A_i * B_i - C_i there (the zkey's H points
// already divide by the vanishing polynomial, constant on that coset). Then five MSMs and the
// blinding with r and s.
#pragma once
#include <functional>
#include <thread>
#include <vector>

#include "binfile.hpp"
#include "curve.hpp"
#include "msm.hpp"
#include "ntt.hpp"

namespace zkd {

struct Groth16Proof {
  G1Affine a;
  G2Affine b;
  G1Affine c;
};

// A witness parsed from .wtns bytes: nVars values, 32 bytes each, little-endian normal form.
struct Witness {
  std::vector<uint8_t> values;
};

class Groth16Prover {
 public:
  Groth16Prover(const uint8_t* data, size_t size) { parse(Span{data, size}); }

  uint32_t nVars() const { return nVars_; }
  uint32_t nPublic() const { return nPublic_; }
  uint32_t domainSize() const { return domainSize_; }

  // Parses and checks a .wtns file against this circuit. @throws FormatError
  Witness parseWitness(const uint8_t* data, size_t size) const {
    const std::string code = "WITNESS_INVALID", what = "witness";
    auto sections = readBinSections(Span{data, size}, "wtns", 2, code, what);
    Reader h(requireSection(sections, 1, code, what), code, what);
    uint32_t n8 = h.u32();
    if (n8 != 32) throw FormatError(code, what + ": field element size " + std::to_string(n8) + ", expected 32");
    if (std::memcmp(h.take(32), Fr::P.v, 32) != 0) throw FormatError(code, what + ": not over the BN254 scalar field");
    uint32_t n = h.u32();
    if (n != nVars_) throw FormatError("WITNESS_LENGTH", what + ": " + std::to_string(n) + " values, the circuit has " + std::to_string(nVars_));
    Span values = requireSection(sections, 2, code, what);
    if (values.size != (size_t)n * 32) throw FormatError("WITNESS_LENGTH", what + ": values section holds " + std::to_string(values.size) + " bytes, expected " + std::to_string((size_t)n * 32));
    Witness w;
    w.values.assign(values.data, values.data + values.size);
    for (uint32_t i = 0; i < n; i++) {
      uint64_t l[4];
      loadLimbs(l, w.values.data() + 32 * i);
      if (!Fr::isReduced(l)) throw FormatError(code, what + ": value " + std::to_string(i) + " is not below the field modulus");
    }
    return w;
  }

  // r and s: integers below the scalar field modulus, little-endian limbs.
  Groth16Proof prove(const Witness& w, const uint64_t r[4], const uint64_t s[4], unsigned threads) const {
    if (threads == 0) threads = defaultThreads();
    const size_t n = domainSize_;
    std::vector<Fr> a(n, Fr::zero()), b(n, Fr::zero()), c(n);
    buildAB(w, a, b, threads);
    for (size_t i = 0; i < n; i++) c[i] = a[i] * b[i];

    std::vector<Fr> shifts(n);
    shifts[0] = Fr::one();
    for (size_t i = 1; i < n; i++) shifts[i] = shifts[i - 1] * shift_;
    auto toCoset = [&shifts](std::vector<Fr>& v) {
      ntt(v, true);
      for (size_t i = 0; i < v.size(); i++) v[i] = v[i] * shifts[i];
      ntt(v, false);
    };
    runParallel({[&] { toCoset(a); }, [&] { toCoset(b); }, [&] { toCoset(c); }}, threads);

    std::vector<uint8_t> h(n * 32);
    for (size_t i = 0; i < n; i++) {
      uint64_t l[4];
      (a[i] * b[i] - c[i]).toInt(l);
      storeLimbs(h.data() + 32 * i, l);
    }

    const uint8_t* ws = w.values.data();
    G1 msmA = msm(pointsA_.data(), ws, nVars_, threads);
    G1 msmB1 = msm(pointsB1_.data(), ws, nVars_, threads);
    G2 msmB2 = msm(pointsB2_.data(), ws, nVars_, threads);
    G1 msmC = msm(pointsC_.data(), ws + 32 * ((size_t)nPublic_ + 1), pointsC_.size(), threads);
    G1 msmH = msm(pointsH_.data(), h.data(), n, threads);

    uint64_t negRs[4];
    (-(Fr::fromInt(r) * Fr::fromInt(s))).toInt(negRs);
    G1 delta1 = G1::fromAffine(delta1_);
    G1 piA = msmA.addMixed(alpha1_) + delta1.mul(r);
    G2 piB = msmB2.addMixed(beta2_) + G2::fromAffine(delta2_).mul(s);
    G1 piB1 = msmB1.addMixed(beta1_) + delta1.mul(s);
    G1 piC = msmC + msmH + piA.mul(s) + piB1.mul(r) + delta1.mul(negRs);
    return Groth16Proof{piA.toAffine(), piB.toAffine(), piC.toAffine()};
  }

 private:
  struct Coef {
    uint32_t matrix, constraint, signal;
    Fr value;
  };

  uint32_t nVars_ = 0, nPublic_ = 0, domainSize_ = 0;
  Fr shift_;
  G1Affine alpha1_, beta1_, delta1_;
  G2Affine beta2_, delta2_;
  std::vector<Coef> coefs_;
  std::vector<G1Affine> pointsA_, pointsB1_, pointsC_, pointsH_;
  std::vector<G2Affine> pointsB2_;

  static void runParallel(const std::vector<std::function<void()>>& tasks, unsigned threads) {
    size_t next = 0;
    while (next < tasks.size()) {
      std::vector<std::thread> pool;
      size_t batch = std::min<size_t>(threads, tasks.size() - next);
      for (size_t i = 1; i < batch; i++) pool.emplace_back(tasks[next + i]);
      tasks[next]();
      for (auto& t : pool) t.join();
      next += batch;
    }
  }

  // A and B on the domain: each thread sums its share of the coefficients into its own arrays.
  void buildAB(const Witness& w, std::vector<Fr>& a, std::vector<Fr>& b, unsigned threads) const {
    size_t nCoefs = coefs_.size();
    unsigned nThreads = (unsigned)std::max<size_t>(1, std::min<size_t>(threads, nCoefs / 4096 + 1));
    std::vector<std::vector<Fr>> partA(nThreads - 1, std::vector<Fr>(a.size(), Fr::zero()));
    std::vector<std::vector<Fr>> partB(nThreads - 1, std::vector<Fr>(b.size(), Fr::zero()));
    auto work = [&](unsigned t, std::vector<Fr>& outA, std::vector<Fr>& outB) {
      size_t from = nCoefs * t / nThreads, to = nCoefs * (t + 1) / nThreads;
      for (size_t i = from; i < to; i++) {
        const Coef& k = coefs_[i];
        uint64_t l[4];
        loadLimbs(l, w.values.data() + 32 * (size_t)k.signal);
        Fr term = k.value * Fr{{l[0], l[1], l[2], l[3]}};
        std::vector<Fr>& out = k.matrix == 0 ? outA : outB;
        out[k.constraint] = out[k.constraint] + term;
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < nThreads; t++) pool.emplace_back(work, t, std::ref(partA[t - 1]), std::ref(partB[t - 1]));
    work(0, a, b);
    for (auto& t : pool) t.join();
    for (unsigned t = 1; t < nThreads; t++) {
      for (size_t i = 0; i < a.size(); i++) {
        a[i] = a[i] + partA[t - 1][i];
        b[i] = b[i] + partB[t - 1][i];
      }
    }
  }

  static Fq readFq(Reader& r, const std::string& what) {
    uint64_t l[4];
    loadLimbs(l, r.take(32));
    if (!Fq::isReduced(l)) throw FormatError("ZKEY_INVALID", what + ": coordinate not below the base field modulus");
    return Fq{{l[0], l[1], l[2], l[3]}};
  }
  static G1Affine readG1(Reader& r, const std::string& what) {
    Fq x = readFq(r, what);
    Fq y = readFq(r, what);
    G1Affine p{x, y};
    if (!p.onCurve()) throw FormatError("ZKEY_INVALID", what + ": point not on the curve");
    return p;
  }
  static G2Affine readG2(Reader& r, const std::string& what) {
    Fq x0 = readFq(r, what), x1 = readFq(r, what), y0 = readFq(r, what), y1 = readFq(r, what);
    G2Affine p{Fq2{x0, x1}, Fq2{y0, y1}};
    if (!p.onCurve()) throw FormatError("ZKEY_INVALID", what + ": point not on the curve");
    return p;
  }
  template <class P, class ReadFn>
  static std::vector<P> readPoints(Span section, size_t count, size_t pointSize, ReadFn read, const std::string& what) {
    if (section.size != count * pointSize) {
      throw FormatError("ZKEY_INVALID", what + ": " + std::to_string(section.size) + " bytes, expected " + std::to_string(count * pointSize));
    }
    Reader r(section, "ZKEY_INVALID", what);
    std::vector<P> points;
    points.reserve(count);
    for (size_t i = 0; i < count; i++) points.push_back(read(r, what));
    return points;
  }

  void parse(Span file) {
    const std::string code = "ZKEY_INVALID";
    auto sections = readBinSections(file, "zkey", 2, code, "zkey");
    Reader h1(requireSection(sections, 1, code, "zkey"), code, "zkey header");
    if (h1.u32() != 1) throw FormatError(code, "zkey: not a Groth16 key");

    Reader h(requireSection(sections, 2, code, "zkey"), code, "zkey Groth16 header");
    if (h.u32() != 32 || std::memcmp(h.take(32), Fq::P.v, 32) != 0) throw FormatError(code, "zkey: base field is not BN254's");
    if (h.u32() != 32 || std::memcmp(h.take(32), Fr::P.v, 32) != 0) throw FormatError(code, "zkey: scalar field is not BN254's");
    nVars_ = h.u32();
    nPublic_ = h.u32();
    domainSize_ = h.u32();
    if (nVars_ == 0 || nPublic_ >= nVars_) throw FormatError(code, "zkey: inconsistent variable counts");
    int power = 0;
    while (power <= FR_TWO_ADICITY && (1u << power) < domainSize_) power++;
    if (power >= FR_TWO_ADICITY || (1u << power) != domainSize_) throw FormatError(code, "zkey: domain size is not a power of two below 2^28");
    shift_ = rootOfUnity(power + 1);
    alpha1_ = readG1(h, "zkey alpha1");
    beta1_ = readG1(h, "zkey beta1");
    beta2_ = readG2(h, "zkey beta2");
    readG2(h, "zkey gamma2");
    delta1_ = readG1(h, "zkey delta1");
    delta2_ = readG2(h, "zkey delta2");

    Span coefSection = requireSection(sections, 4, code, "zkey");
    Reader cr(coefSection, code, "zkey coefficients");
    uint32_t nCoefs = cr.u32();
    if ((uint64_t)nCoefs * 44 != cr.remaining()) throw FormatError(code, "zkey coefficients: section size does not match the count");
    coefs_.reserve(nCoefs);
    for (uint32_t i = 0; i < nCoefs; i++) {
      Coef k;
      k.matrix = cr.u32();
      k.constraint = cr.u32();
      k.signal = cr.u32();
      uint64_t l[4];
      loadLimbs(l, cr.take(32));
      if (k.matrix > 1 || k.constraint >= domainSize_ || k.signal >= nVars_ || !Fr::isReduced(l)) {
        throw FormatError(code, "zkey coefficients: entry " + std::to_string(i) + " out of range");
      }
      k.value = Fr{{l[0], l[1], l[2], l[3]}};
      coefs_.push_back(k);
    }

    pointsA_ = readPoints<G1Affine>(requireSection(sections, 5, code, "zkey"), nVars_, 64, readG1, "zkey A points");
    pointsB1_ = readPoints<G1Affine>(requireSection(sections, 6, code, "zkey"), nVars_, 64, readG1, "zkey B1 points");
    pointsB2_ = readPoints<G2Affine>(requireSection(sections, 7, code, "zkey"), nVars_, 128, readG2, "zkey B2 points");
    pointsC_ = readPoints<G1Affine>(requireSection(sections, 8, code, "zkey"), (size_t)nVars_ - nPublic_ - 1, 64, readG1, "zkey C points");
    pointsH_ = readPoints<G1Affine>(requireSection(sections, 9, code, "zkey"), domainSize_, 64, readG1, "zkey H points");
  }
};

}  // namespace zkd
