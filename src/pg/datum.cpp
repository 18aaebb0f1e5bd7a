#include "core/error.h"
#include "pg/datum.h"

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/typcache.h"
}

#include <cctype>
#include <stdexcept>
#include <string>

namespace hs::pg {

Datum make_composite(FunctionCallInfo fcinfo, const Datum* values, const bool* nulls) {
  TupleDesc desc = static_cast<TupleDesc>(fcinfo->flinfo->fn_extra);
  if (desc == nullptr) {
    TupleDesc found = nullptr;
    if (get_call_result_type(fcinfo, nullptr, &found) != TYPEFUNC_COMPOSITE)
      throw std::logic_error("function does not return a composite type");
    MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
    desc = BlessTupleDesc(CreateTupleDescCopy(found));
    MemoryContextSwitchTo(old);
    fcinfo->flinfo->fn_extra = desc;
  }
  HeapTuple tuple = heap_form_tuple(desc, const_cast<Datum*>(values), const_cast<bool*>(nulls));
  return HeapTupleGetDatum(tuple);
}

void read_composite(FunctionCallInfo fcinfo, int argno, int natts, Datum* values, bool* nulls) {
  HeapTupleHeader header = PG_GETARG_HEAPTUPLEHEADER(argno);
  TupleDesc desc =
      lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(header), HeapTupleHeaderGetTypMod(header));
  bool fits = desc->natts == natts;
  if (fits) {
    HeapTupleData tuple;
    tuple.t_len = HeapTupleHeaderGetDatumLength(header);
    ItemPointerSetInvalid(&tuple.t_self);
    tuple.t_tableOid = InvalidOid;
    tuple.t_data = header;
    heap_deform_tuple(&tuple, desc, values, nulls);
  }
  ReleaseTupleDesc(desc);
  if (!fits) throw std::logic_error("composite argument has an unexpected number of fields");
}

std::int64_t required_int64(const Datum* values, const bool* nulls, int index, const char* function,
                            const char* field) {
  if (nulls[index]) hs::throw_null_parameter(function, field);
  return DatumGetInt64(values[index]);
}

void reject_binary(const char* type_name, const char* why) {
  std::string detail(why);
  detail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(detail[0])));
  throw hs::Error(hs::ErrorKind::invalid_binary,
                  std::string("invalid binary representation for type ") + type_name, detail + ".");
}

std::optional<double> optional_double(const Datum* values, const bool* nulls, int index) {
  if (nulls[index]) return std::nullopt;
  return DatumGetFloat8(values[index]);
}

}  // namespace hs::pg

namespace hs::pg {

double required_float8_arg(FunctionCallInfo fcinfo, int argno, const char* function,
                           const char* parameter) {
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter(function, parameter);
  return PG_GETARG_FLOAT8(argno);
}

std::int32_t required_int32_arg(FunctionCallInfo fcinfo, int argno, const char* function,
                                const char* parameter) {
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter(function, parameter);
  return PG_GETARG_INT32(argno);
}

}  // namespace hs::pg
