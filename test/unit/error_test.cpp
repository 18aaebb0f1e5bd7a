// Unit tests of hs::Error (src/core/error.h): messages that follow the SQL
// function's name, complete messages, and the helpers that build them.
#include "core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/parameters.h"

namespace {

TEST(Error, AfterFunctionPutsTheNameInFront) {
  hs::Error e = hs::Error::after_function(hs::ErrorKind::out_of_range, " score 11 is out of range",
                                          "Scores must be integers from 0 to 10.");
  EXPECT_TRUE(e.names_function());
  EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  EXPECT_STREQ(e.what(), "score 11 is out of range");
  EXPECT_STREQ(e.rest(), " score 11 is out of range");
  EXPECT_EQ(e.message_for("nps"), "nps score 11 is out of range");
  EXPECT_EQ(e.message_for("nps_summary"), "nps_summary score 11 is out of range");
  EXPECT_STREQ(e.detail(), "Scores must be integers from 0 to 10.");
  hs::Error colon =
      hs::Error::after_function(hs::ErrorKind::invalid_parameter, ": inconsistent nps_summary");
  EXPECT_STREQ(colon.what(), "inconsistent nps_summary");
  EXPECT_EQ(colon.message_for("rollup"), "rollup: inconsistent nps_summary");
  EXPECT_STREQ(colon.detail(), "");
}

TEST(Error, CompleteMessagesNameNoFunction) {
  hs::Error e(hs::ErrorKind::invalid_text, "invalid input syntax for type nps_state: \"x\"",
              "Expected a format version.");
  EXPECT_FALSE(e.names_function());
  EXPECT_STREQ(e.what(), "invalid input syntax for type nps_state: \"x\"");
  EXPECT_STREQ(e.rest(), e.what());
  EXPECT_EQ(e.message_for("nps_state_in"), "invalid input syntax for type nps_state: \"x\"");
  EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_text);
  // A complete message that happens to start with a space or colon keeps it.
  hs::Error odd(hs::ErrorKind::invalid_text, ": odd");
  EXPECT_STREQ(odd.what(), ": odd");
}

TEST(Error, Helpers) {
  try {
    hs::throw_null_parameter("confidence");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
    EXPECT_STREQ(e.what(), "confidence must not be NULL");
    EXPECT_EQ(e.message_for("nps_summary"), "nps_summary confidence must not be NULL");
  }
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    try {
      hs::require_finite("x", bad);
      FAIL();
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("scale_linear"),
                "scale_linear x " + hs::format_number(bad) + " is not a finite number");
    }
  }
  EXPECT_NO_THROW(hs::require_finite("x", 1e308));
  try {
    hs::throw_count_overflow("responses");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_STREQ(e.what(), "too many responses");
    EXPECT_EQ(e.message_for("nps"), "nps: too many responses");
  }
  try {
    hs::throw_out_of_range(hs::ErrorKind::invalid_parameter, "clip", 0.5, "d");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.message_for("minmax_score"), "minmax_score clip 0.5 is out of range");
    EXPECT_STREQ(e.detail(), "d");
  }
  try {
    hs::throw_parameter_changed("confidence", "window partition");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.message_for("percentile_score"),
              "percentile_score confidence changes within a window partition");
  }
  try {
    hs::check_confidence(1.5);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
    EXPECT_EQ(e.message_for("csat_summary"), "csat_summary confidence 1.5 is out of range");
  }
}

TEST(Error, AddCounts) {
  EXPECT_EQ(hs::add_counts(INT64_MAX - 1, 1, "values"), INT64_MAX);
  EXPECT_EQ(hs::add_counts(0, 0, "values"), 0);
  EXPECT_THROW(hs::add_counts(INT64_MAX, 1, "values"), hs::Error);
  EXPECT_THROW(hs::add_counts(1, INT64_MAX, "values"), hs::Error);
}

TEST(Error, FormatNumber) {
  EXPECT_EQ(hs::format_number(11), "11");
  EXPECT_EQ(hs::format_number(-0.5), "-0.5");
  EXPECT_EQ(hs::format_number(0.1), "0.1");
  EXPECT_EQ(hs::format_number(std::nan("")), "NaN");
  EXPECT_EQ(hs::format_number(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(hs::format_number(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(hs::format_number(1e300), "1e+300");
}

}  // namespace
