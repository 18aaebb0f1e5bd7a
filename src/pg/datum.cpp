#include "pg/datum.h"

#include <cctype>
#include <stdexcept>
#include <string>

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/typcache.h"
}

namespace hs::pg {

void* allocate(Size size) {
  return call_pg([size] { return palloc(size); });
}

void throw_unknown_format(const char* type_name, std::uint32_t format) {
  throw hs::Error(hs::ErrorKind::invalid_binary,
                  std::string("stored value of type ") + type_name + " has an unknown format",
                  "Format word " + std::to_string(format) + "; this release reads format 1.");
}

void reject_binary(const char* type_name, const char* why) {
  std::string detail(why);
  detail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(detail[0])));
  throw hs::Error(hs::ErrorKind::invalid_binary,
                  std::string("invalid binary representation for type ") + type_name, detail + ".");
}

Datum make_composite(FunctionCallInfo fcinfo, const Datum* values, const bool* nulls, int natts) {
  bool fits = true;
  Datum result = call_pg([&] {
    auto desc = static_cast<TupleDesc>(fcinfo->flinfo->fn_extra);
    if (desc == nullptr) {
      TupleDesc found = nullptr;
      if (get_call_result_type(fcinfo, nullptr, &found) != TYPEFUNC_COMPOSITE) {
        fits = false;
        return Datum(0);
      }
      MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
      desc = BlessTupleDesc(CreateTupleDescCopy(found));
      MemoryContextSwitchTo(old);
      fcinfo->flinfo->fn_extra = desc;
    }
    if (desc->natts != natts) {
      fits = false;
      return Datum(0);
    }
    HeapTuple tuple = heap_form_tuple(desc, const_cast<Datum*>(values), const_cast<bool*>(nulls));
    return HeapTupleGetDatum(tuple);
  });
  if (!fits) throw std::logic_error("the result type is not the composite type expected");
  return result;
}

void read_composite(FunctionCallInfo fcinfo, int argno, const char* type_name, const Oid* types,
                    int natts, Datum* values, bool* nulls) {
  bool fits = true;
  call_pg([&] {
    HeapTupleHeader header = PG_GETARG_HEAPTUPLEHEADER(argno);
    TupleDesc desc =
        lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(header), HeapTupleHeaderGetTypMod(header));
    fits = desc->natts == natts;
    for (int i = 0; fits && i < natts; ++i) {
      Form_pg_attribute attribute = TupleDescAttr(desc, i);
      fits = !attribute->attisdropped && attribute->atttypid == types[i];
    }
    if (fits) {
      HeapTupleData tuple;
      tuple.t_len = HeapTupleHeaderGetDatumLength(header);
      ItemPointerSetInvalid(&tuple.t_self);
      tuple.t_tableOid = InvalidOid;
      tuple.t_data = header;
      heap_deform_tuple(&tuple, desc, values, nulls);
    }
    ReleaseTupleDesc(desc);
  });
  if (!fits) {
    throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                    std::string(": argument is not a ") + type_name + " value",
                                    "Its attributes do not match the type's.");
  }
}

double required_float8_arg(FunctionCallInfo fcinfo, int argno, const char* parameter) {
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter(parameter);
  return PG_GETARG_FLOAT8(argno);
}

std::int32_t required_int32_arg(FunctionCallInfo fcinfo, int argno, const char* parameter) {
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter(parameter);
  return PG_GETARG_INT32(argno);
}

}  // namespace hs::pg

extern "C" {
#include "utils/arrayaccess.h"
}

namespace hs::pg {

ArrayArg array_arg(FunctionCallInfo fcinfo, int argno, const char* what) {
  ArrayArg a{nullptr, 0};
  Datum datum = PG_GETARG_DATUM(argno);
  if (VARATT_IS_EXTENDED(DatumGetPointer(datum))) {
    // Toasted or compressed: detoasting may raise.
    call_pg([&] { a.array = DatumGetArrayTypeP(datum); });
  } else {
    a.array = reinterpret_cast<ArrayType*>(DatumGetPointer(datum));
  }
  int ndim = ARR_NDIM(a.array);
  if (ndim == 1) a.length = ARR_DIMS(a.array)[0];
  if (ndim > 1) {
    throw hs::Error::after_function(hs::ErrorKind::array_mismatch,
                                    std::string(": ") + what + " must be a one-dimensional array",
                                    "It has " + std::to_string(ndim) + " dimensions.");
  }
  return a;
}

void text_elements(const ArrayArg& a, Datum* values, bool* nulls) {
  call_pg([&] {
    array_iter iter;
    array_iter_setup(&iter, reinterpret_cast<AnyArrayType*>(a.array));
    for (std::int64_t i = 0; i < a.length; ++i)
      values[i] = array_iter_next(&iter, &nulls[i], static_cast<int>(i), -1, false, TYPALIGN_INT);
  });
}

Datum text_element(const ArrayArg& a, std::int64_t index, bool* isnull) {
  return call_pg([&] {
    array_iter iter;
    array_iter_setup(&iter, reinterpret_cast<AnyArrayType*>(a.array));
    Datum value = 0;
    for (std::int64_t i = 0; i <= index; ++i)
      value = array_iter_next(&iter, isnull, static_cast<int>(i), -1, false, TYPALIGN_INT);
    return value;
  });
}

bool arg_is_constant(FunctionCallInfo fcinfo, int argno) {
  Node* expr = fcinfo->flinfo != nullptr ? fcinfo->flinfo->fn_expr : nullptr;
  if (expr == nullptr) return false;
  List* args;
  if (IsA(expr, FuncExpr)) {
    args = reinterpret_cast<FuncExpr*>(expr)->args;
  } else if (IsA(expr, OpExpr)) {
    args = reinterpret_cast<OpExpr*>(expr)->args;
  } else {
    return false;
  }
  if (argno < 0 || argno >= list_length(args)) return false;
  return IsA(list_nth(args, argno), Const);
}

CachedFloat8s* stable_float8s(FunctionCallInfo fcinfo, int argno, const char* what,
                              void (*check)(const double* values, std::int64_t length)) {
  if (fcinfo->flinfo->fn_extra != nullptr)
    return static_cast<CachedFloat8s*>(fcinfo->flinfo->fn_extra);
  if (!arg_is_constant(fcinfo, argno)) return nullptr;
  ArrayArg a = array_arg(fcinfo, argno, what);
  auto* cache = static_cast<CachedFloat8s*>(call_pg([&] {
    return MemoryContextAlloc(
        fcinfo->flinfo->fn_mcxt,
        offsetof(CachedFloat8s, values) + static_cast<Size>(a.length + 1) * sizeof(double));
  }));
  cache->length = a.length;
  bool has_null = false;
  each_float8(a, [&](std::int64_t i, std::optional<double> x) {
    if (!x) has_null = true;
    cache->values[i] = x.value_or(0.0);
  });
  if (has_null) return nullptr;  // the per-row path reports the NULL where it matters
  check(cache->values, cache->length);
  fcinfo->flinfo->fn_extra = cache;
  return cache;
}

}  // namespace hs::pg
