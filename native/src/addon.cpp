// Node-API bindings of the native Groth16 prover.
//
//   new Prover(zkeyBytes)            parses the zkey once (throws on malformed input)
//   prover.info()                    { nVars, nPublic, domainSize }
//   prover.prove(wtns, r, s, threads) Promise<{ a, b, c, publicSignals }>: affine coordinates,
//                                    32-byte LE integers (a: x|y, b: x.c0|x.c1|y.c0|y.c1, c: x|y;
//                                    all zero bytes = the point at infinity) and witness values
//                                    1..nPublic; the proof runs on a libuv worker thread
//   testing: fieldOp, g1Op, g2Op, msmG1, msmG2, rootOfUnity — the arithmetic, exposed for the
//   property tests only.
//
// Errors thrown to JavaScript carry a `code`: ZKEY_INVALID, WITNESS_INVALID, WITNESS_LENGTH,
// ARGUMENT_INVALID.
#include <napi.h>

#include <memory>

#include "groth16.hpp"

using namespace zkd;

namespace {

Napi::Error codedError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

Span bytesArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info.Length() <= i || !info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw codedError(info.Env(), "ARGUMENT_INVALID", std::string(name) + " must be a Uint8Array");
  }
  Napi::Uint8Array a = info[i].As<Napi::Uint8Array>();
  return Span{a.Data(), a.ByteLength()};
}

Span fixedBytesArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t size) {
  Span s = bytesArg(info, i, name);
  if (s.size != size) throw codedError(info.Env(), "ARGUMENT_INVALID", std::string(name) + " must be " + std::to_string(size) + " bytes");
  return s;
}

unsigned threadsArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || info[i].IsUndefined()) return 0;
  if (!info[i].IsNumber()) throw codedError(info.Env(), "ARGUMENT_INVALID", "threads must be a number");
  int64_t t = info[i].As<Napi::Number>().Int64Value();
  if (t < 0 || t > 256) throw codedError(info.Env(), "ARGUMENT_INVALID", "threads must be between 0 and 256");
  return (unsigned)t;
}

void putFq(uint8_t* out, const Fq& v) {
  uint64_t l[4];
  v.toInt(l);
  storeLimbs(out, l);
}
void putG1(uint8_t* out, const G1Affine& p) {
  putFq(out, p.x);
  putFq(out + 32, p.y);
}
void putG2(uint8_t* out, const G2Affine& p) {
  putFq(out, p.x.c0);
  putFq(out + 32, p.x.c1);
  putFq(out + 64, p.y.c0);
  putFq(out + 96, p.y.c1);
}

// ---- the prover --------------------------------------------------------------------------

class ProveWorker : public Napi::AsyncWorker {
 public:
  ProveWorker(Napi::Env env, std::shared_ptr<const Groth16Prover> prover, Witness witness, const uint64_t r[4], const uint64_t s[4], unsigned threads)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), prover_(std::move(prover)), witness_(std::move(witness)), threads_(threads) {
    std::memcpy(r_, r, 32);
    std::memcpy(s_, s, 32);
  }
  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      proof_ = prover_->prove(witness_, r_, s_, threads_);
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object result = Napi::Object::New(env);
    Napi::Buffer<uint8_t> a = Napi::Buffer<uint8_t>::New(env, 64), b = Napi::Buffer<uint8_t>::New(env, 128), c = Napi::Buffer<uint8_t>::New(env, 64);
    putG1(a.Data(), proof_.a);
    putG2(b.Data(), proof_.b);
    putG1(c.Data(), proof_.c);
    result.Set("a", a);
    result.Set("b", b);
    result.Set("c", c);
    size_t nPublic = prover_->nPublic();
    result.Set("publicSignals", Napi::Buffer<uint8_t>::Copy(env, witness_.values.data() + 32, 32 * nPublic));
    deferred_.Resolve(result);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(codedError(Env(), "PROVE_FAILED", e.Message()).Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<const Groth16Prover> prover_;
  Witness witness_;
  uint64_t r_[4], s_[4];
  unsigned threads_;
  Groth16Proof proof_;
};

class ProverWrap : public Napi::ObjectWrap<ProverWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "Prover", {InstanceMethod("info", &ProverWrap::info), InstanceMethod("prove", &ProverWrap::prove)});
  }

  explicit ProverWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ProverWrap>(info) {
    Span zkey = bytesArg(info, 0, "zkey");
    try {
      prover_ = std::make_shared<const Groth16Prover>(zkey.data, zkey.size);
    } catch (const FormatError& e) {
      throw codedError(info.Env(), e.code, e.what());
    } catch (const std::bad_alloc&) {
      throw codedError(info.Env(), "ZKEY_INVALID", "zkey: out of memory while loading");
    }
  }

 private:
  std::shared_ptr<const Groth16Prover> prover_;

  Napi::Value info(const Napi::CallbackInfo& info) {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("nVars", prover_->nVars());
    o.Set("nPublic", prover_->nPublic());
    o.Set("domainSize", prover_->domainSize());
    return o;
  }

  Napi::Value prove(const Napi::CallbackInfo& info) {
    Span wtns = bytesArg(info, 0, "witness");
    Span r = fixedBytesArg(info, 1, "r", 32), s = fixedBytesArg(info, 2, "s", 32);
    unsigned threads = threadsArg(info, 3);
    uint64_t rl[4], sl[4];
    loadLimbs(rl, r.data);
    loadLimbs(sl, s.data);
    if (!Fr::isReduced(rl) || !Fr::isReduced(sl)) throw codedError(info.Env(), "ARGUMENT_INVALID", "r and s must be below the scalar field modulus");
    Witness witness;
    try {
      witness = prover_->parseWitness(wtns.data, wtns.size);
    } catch (const FormatError& e) {
      throw codedError(info.Env(), e.code, e.what());
    }
    ProveWorker* worker = new ProveWorker(info.Env(), prover_, std::move(witness), rl, sl, threads);
    Napi::Promise p = worker->promise();
    worker->Queue();
    return p;
  }
};

// ---- arithmetic exposed for tests ---------------------------------------------------------

template <class F>
F fieldArg(const Napi::CallbackInfo& info, size_t i) {
  Span s = fixedBytesArg(info, i, "field element", 32);
  uint64_t l[4];
  loadLimbs(l, s.data);
  if (!F::isReduced(l)) throw codedError(info.Env(), "ARGUMENT_INVALID", "field element not below the modulus");
  return F::fromInt(l);
}

template <class F>
Napi::Value fieldResult(Napi::Env env, const F& v) {
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, 32);
  uint64_t l[4];
  v.toInt(l);
  storeLimbs(out.Data(), l);
  return out;
}

template <class F>
Napi::Value fieldOpIn(const Napi::CallbackInfo& info, const std::string& op) {
  F a = fieldArg<F>(info, 2);
  if (op == "neg") return fieldResult(info.Env(), -a);
  if (op == "sqr") return fieldResult(info.Env(), a.sqr());
  if (op == "inv") return fieldResult(info.Env(), a.inv());
  F b = fieldArg<F>(info, 3);
  if (op == "add") return fieldResult(info.Env(), a + b);
  if (op == "sub") return fieldResult(info.Env(), a - b);
  if (op == "mul") return fieldResult(info.Env(), a * b);
  if (op == "mulPortable") return fieldResult(info.Env(), a.mulPortable(b));
  throw codedError(info.Env(), "ARGUMENT_INVALID", "unknown field operation " + op);
}

// fieldOp(field: 'q' | 'r', op, a, b?): 32-byte LE integers in and out. 'mulPortable' is the
// C++ multiplication that 'mul' replaces with assembly on x86-64 CPUs with BMI2 and ADX.
Napi::Value fieldOp(const Napi::CallbackInfo& info) {
  std::string field = info[0].ToString(), op = info[1].ToString();
  if (field == "q") return fieldOpIn<Fq>(info, op);
  if (field == "r") return fieldOpIn<Fr>(info, op);
  throw codedError(info.Env(), "ARGUMENT_INVALID", "field must be q or r");
}

Fq fqAt(const uint8_t* p) {
  uint64_t l[4];
  loadLimbs(l, p);
  return Fq::fromInt(l);
}
Affine<Fq> pointFromBytes(const Fq*, const uint8_t* p) { return Affine<Fq>{fqAt(p), fqAt(p + 32)}; }
Affine<Fq2> pointFromBytes(const Fq2*, const uint8_t* p) { return Affine<Fq2>{Fq2{fqAt(p), fqAt(p + 32)}, Fq2{fqAt(p + 64), fqAt(p + 96)}}; }
void pointToBytes(uint8_t* out, const Affine<Fq>& p) { putG1(out, p); }
void pointToBytes(uint8_t* out, const Affine<Fq2>& p) { putG2(out, p); }

template <class F>
Affine<F> pointArg(const Napi::CallbackInfo& info, size_t i) {
  constexpr size_t size = sizeof(F) == 32 ? 64 : 128;
  Span s = fixedBytesArg(info, i, "point", size);
  for (size_t k = 0; k < size; k += 32) {
    uint64_t l[4];
    loadLimbs(l, s.data + k);
    if (!Fq::isReduced(l)) throw codedError(info.Env(), "ARGUMENT_INVALID", "coordinate not below the modulus");
  }
  Affine<F> p = pointFromBytes(static_cast<const F*>(nullptr), s.data);
  if (!p.onCurve()) throw codedError(info.Env(), "ARGUMENT_INVALID", "point not on the curve");
  return p;
}

// The same point with a Z other than one (X * z^2, Y * z^3, Z = z): exercises the general formulas.
template <class F>
Jacobian<F> withZ(const Affine<F>& p, const F& z) {
  if (p.isInfinity()) return Jacobian<F>::infinity();
  F z2 = z.sqr();
  return Jacobian<F>{p.x * z2, p.y * z2 * z, z};
}

// g1Op / g2Op(op, p, q | scalar): 'add' (Jacobian + Jacobian), 'addMixed', 'double', 'mul',
// 'onCurve'. Points are affine LE integer coordinates, all zero = infinity.
template <class F>
Napi::Value groupOp(const Napi::CallbackInfo& info) {
  std::string op = info[0].ToString();
  constexpr size_t size = sizeof(F) == 32 ? 64 : 128;
  if (op == "onCurve") {
    Span s = fixedBytesArg(info, 1, "point", size);
    return Napi::Boolean::New(info.Env(), pointFromBytes(static_cast<const F*>(nullptr), s.data).onCurve());
  }
  Affine<F> p = pointArg<F>(info, 1);
  F z = F::one().dbl() + F::one();  // 3
  Jacobian<F> result;
  if (op == "double") {
    result = withZ(p, z).dbl();
  } else if (op == "mul") {
    Span k = fixedBytesArg(info, 2, "scalar", 32);
    uint64_t l[4];
    loadLimbs(l, k.data);
    result = withZ(p, z).mul(l);
  } else if (op == "add") {
    result = withZ(p, z) + withZ(pointArg<F>(info, 2), z.dbl());
  } else if (op == "addMixed") {
    result = withZ(p, z).addMixed(pointArg<F>(info, 2));
  } else {
    throw codedError(info.Env(), "ARGUMENT_INVALID", "unknown group operation " + op);
  }
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(info.Env(), size);
  pointToBytes(out.Data(), result.toAffine());
  return out;
}

// msmG1 / msmG2(bases, scalars, threads?): bases as in a zkey (affine, Montgomery LE, zero =
// infinity, not checked on the curve), scalars 32-byte LE integers; returns the affine sum.
template <class F>
Napi::Value msmOp(const Napi::CallbackInfo& info) {
  constexpr size_t size = sizeof(F) == 32 ? 64 : 128;
  Span bases = bytesArg(info, 0, "bases"), scalars = bytesArg(info, 1, "scalars");
  unsigned threads = threadsArg(info, 2);
  if (bases.size % size != 0 || scalars.size != bases.size / size * 32) {
    throw codedError(info.Env(), "ARGUMENT_INVALID", "bases and scalars lengths do not match");
  }
  size_t n = bases.size / size;
  std::vector<Affine<F>> points(n);
  std::memcpy(points.data(), bases.data, bases.size);
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(info.Env(), size);
  pointToBytes(out.Data(), msm(points.data(), scalars.data, n, threads).toAffine());
  return out;
}

// rootOfUnity(k): the primitive 2^k-th root the NTT uses, as a 32-byte LE integer.
Napi::Value rootOfUnityOp(const Napi::CallbackInfo& info) {
  int64_t k = info[0].As<Napi::Number>().Int64Value();
  if (k < 0 || k > FR_TWO_ADICITY) throw codedError(info.Env(), "ARGUMENT_INVALID", "k out of range");
  return fieldResult(info.Env(), rootOfUnity((int)k));
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("Prover", ProverWrap::define(env));
  Napi::Object testing = Napi::Object::New(env);
  testing.Set("fieldOp", Napi::Function::New(env, fieldOp));
  testing.Set("g1Op", Napi::Function::New(env, groupOp<Fq>));
  testing.Set("g2Op", Napi::Function::New(env, groupOp<Fq2>));
  testing.Set("msmG1", Napi::Function::New(env, msmOp<Fq>));
  testing.Set("msmG2", Napi::Function::New(env, msmOp<Fq2>));
  testing.Set("rootOfUnity", Napi::Function::New(env, rootOfUnityOp));
  exports.Set("testing", testing);
  return exports;
}

}  // namespace

NODE_API_MODULE(zkd_native, init)
