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
