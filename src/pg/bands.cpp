// SQL bindings of bands (README, Bands): health_band() into the health_band
// enum, band() by thresholds and labels, and band_hysteresis() with its
// band_state type.
#include <stdexcept>

#include "core/bands.h"
#include "pg/datum.h"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace {

using hs::Band;
using hs::BandState;

// The OIDs of the health_band labels, looked up once per call site from the
// function's own result type.
struct BandOids {
  Oid oids[4];  // indexed by Band; none unused
};

const BandOids& band_oids(FunctionCallInfo fcinfo) {
  auto* cache = static_cast<BandOids*>(fcinfo->flinfo->fn_extra);
  if (cache == nullptr) {
    cache = static_cast<BandOids*>(hs::pg::call_pg([fcinfo] {
      Oid type = get_func_rettype(fcinfo->flinfo->fn_oid);
      auto* oids =
          static_cast<BandOids*>(MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(BandOids)));
      const char* labels[] = {"red", "yellow", "green"};
      for (int i = 0; i < 3; ++i) {
        HeapTuple tuple =
            SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(type), CStringGetDatum(labels[i]));
        if (HeapTupleIsValid(tuple)) {
          oids->oids[i + 1] = reinterpret_cast<Form_pg_enum>(GETSTRUCT(tuple))->oid;
          ReleaseSysCache(tuple);
        }
      }
      return oids;
    }));
    if (cache->oids[1] == InvalidOid || cache->oids[2] == InvalidOid ||
        cache->oids[3] == InvalidOid) {
      throw std::logic_error("the result type is not the health_band enum");
    }
    fcinfo->flinfo->fn_extra = cache;
  }
  return *cache;
}

Datum band_datum(FunctionCallInfo fcinfo, Band band) {
  return ObjectIdGetDatum(band_oids(fcinfo).oids[static_cast<int>(band)]);
}

// A health_band argument (the function returns the same enum).
Band band_arg(FunctionCallInfo fcinfo, int argno) {
  Oid oid = PG_GETARG_OID(argno);
  const BandOids& cache = band_oids(fcinfo);
  for (int i = 1; i <= 3; ++i) {
    if (cache.oids[i] == oid) return static_cast<Band>(i);
  }
  throw std::logic_error("the argument is not a health_band label");
}

void check_thresholds(const double* thresholds, std::int64_t n) {
  hs::check_band_thresholds(thresholds, n, n + 1);
}

}  // namespace

// health_band(score): red below 40, green from 70, yellow between.
HS_FUNCTION(hs_health_band) { return band_datum(fcinfo, hs::health_band(PG_GETARG_FLOAT8(0))); }

// health_band(score, red_below, green_from): red below red_below, green from green_from.
HS_FUNCTION(hs_health_band_limits) {
  double red_below = hs::pg::required_float8_arg(fcinfo, 1, "red_below");
  double green_from = hs::pg::required_float8_arg(fcinfo, 2, "green_from");
  hs::check_band_limits(red_below, green_from);
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  return band_datum(fcinfo, hs::health_band(PG_GETARG_FLOAT8(0), red_below, green_from));
}

// band(score, thresholds, labels): labels[k + 1] for the k thresholds at or below the score.
HS_FUNCTION(hs_band) {
  hs::pg::ArrayArg labels = hs::pg::array_arg(fcinfo, 2, "labels");
  const double* thresholds;
  std::int64_t n;
  if (hs::pg::CachedFloat8s* cached =
          hs::pg::stable_float8s(fcinfo, 1, "thresholds", check_thresholds)) {
    thresholds = cached->values;
    n = cached->length;
  } else {
    hs::pg::ArrayArg a = hs::pg::array_arg(fcinfo, 1, "thresholds");
    auto* values =
        static_cast<double*>(hs::pg::allocate(static_cast<Size>(a.length + 1) * sizeof(double)));
    bool has_null = false;
    hs::pg::each_float8(a, [&](std::int64_t i, std::optional<double> x) {
      if (!x) has_null = true;
      values[i] = x.value_or(0.0);
    });
    if (has_null) hs::throw_null_parameter("threshold");
    check_thresholds(values, a.length);
    thresholds = values;
    n = a.length;
  }
  hs::check_band_labels(n, labels.length);
  std::int64_t index = hs::band_index(PG_GETARG_FLOAT8(0), thresholds, n);
  bool label_null = false;
  Datum label = hs::pg::text_element(labels, index, &label_null);
  if (label_null) PG_RETURN_NULL();
  return hs::pg::call_pg([label] { return PointerGetDatum(DatumGetTextPCopy(label)); });
}

// band_state: text form 'v1:band=..,set=..,red_below=..,green_from=..,margin=..' and binary form.
HS_STATE_TYPE_IO(hs_band_state, BandState)

// Transition of band_hysteresis(score, red_below, green_from, margin): the
// parameters are checked on every row; a NULL score keeps the band.
HS_FUNCTION(hs_band_hysteresis_accum) {
  BandState* state = hs::pg::state_for_update<BandState>(fcinfo, 0);
  hs::band_adopt(*state, hs::pg::required_float8_arg(fcinfo, 2, "red_below"),
                 hs::pg::required_float8_arg(fcinfo, 3, "green_from"),
                 hs::pg::required_float8_arg(fcinfo, 4, "margin"));
  if (!PG_ARGISNULL(1)) hs::band_step(*state, PG_GETARG_FLOAT8(1));
  PG_RETURN_POINTER(state);
}

// band_hysteresis_step(previous, score, red_below, green_from, margin): the
// band after one more score, judged by this row's limits; a NULL previous band
// gives the plain band, a NULL score keeps the previous one. With a sixth
// argument it is the transition of band_hysteresis(score, red_below,
// green_from, margin, start): the state is the band, and a group starts from
// start (when not NULL) instead of from no band.
HS_FUNCTION(hs_band_hysteresis_step) {
  double red_below = hs::pg::required_float8_arg(fcinfo, 2, "red_below");
  double green_from = hs::pg::required_float8_arg(fcinfo, 3, "green_from");
  double margin = hs::pg::required_float8_arg(fcinfo, 4, "margin");
  hs::check_band_limits(red_below, green_from);
  hs::check_band_margin(margin);
  Band current = Band::none;
  if (!PG_ARGISNULL(0)) {
    current = band_arg(fcinfo, 0);
  } else if (PG_NARGS() > 5 && !PG_ARGISNULL(5)) {
    current = band_arg(fcinfo, 5);
  }
  if (!PG_ARGISNULL(1)) {
    current = hs::band_next(current, PG_GETARG_FLOAT8(1), red_below, green_from, margin);
  }
  if (current == Band::none) PG_RETURN_NULL();
  return band_datum(fcinfo, current);
}

// Final function of band_hysteresis(): the band, NULL before the first score.
HS_FUNCTION(hs_band_hysteresis_final) {
  const BandState& state = hs::pg::state_arg<BandState>(fcinfo, 0);
  if (state.band == static_cast<std::int32_t>(Band::none)) PG_RETURN_NULL();
  return band_datum(fcinfo, static_cast<Band>(state.band));
}
