#include "core/state_text.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/error.h"

namespace hs {

StateTextWriter::StateTextWriter(int version) {
  len_ = static_cast<std::size_t>(std::snprintf(buf_, sizeof buf_, "v%d:", version));
}

void StateTextWriter::append(const char* s) {
  std::size_t n = std::strlen(s);
  if (len_ + n >= sizeof buf_) throw std::length_error("state text form too long");
  std::memcpy(buf_ + len_, s, n + 1);
  len_ += n;
}

StateTextWriter& StateTextWriter::put(const char* name, const char* value) {
  if (!first_) append(",");
  first_ = false;
  append(name);
  append("=");
  append(value);
  return *this;
}

StateTextWriter& StateTextWriter::field(const char* name, std::int64_t value) {
  char num[32];
  std::snprintf(num, sizeof num, "%lld", static_cast<long long>(value));
  return put(name, num);
}

StateTextWriter& StateTextWriter::field(const char* name, double value) {
  char num[kDoubleTextMax];
  write_double(num, value);
  return put(name, num);
}

StateTextWriter& StateTextWriter::field(const char* name, const Wide& value) {
  char digits[48];
  char* p = digits + sizeof digits;
  *--p = '\0';
  unsigned __int128 v = value.get();
  do {
    *--p = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  return put(name, p);
}

void write_double(char (&out)[kDoubleTextMax], double value) {
  // The shorter of 15 or 17 significant digits that reads back to the same double.
  std::snprintf(out, sizeof out, "%.15g", value);
  if (std::strtod(out, nullptr) != value) std::snprintf(out, sizeof out, "%.17g", value);
}

StateTextReader::StateTextReader(const char* text, const char* type_name, int version)
    : text_(text), pos_(text), type_name_(type_name) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "v%d:", version);
  std::size_t n = std::strlen(prefix);
  if (std::strncmp(pos_, prefix, n) != 0) {
    if (pos_[0] == 'v' && pos_[1] >= '0' && pos_[1] <= '9') reject("unsupported format version");
    reject("expected a format version such as \"v1:\" at the start");
  }
  pos_ += n;
}

void StateTextReader::reject(const char* why) const {
  // At most 100 bytes of the text, cut before a character, never inside one.
  std::size_t length = std::strlen(text_);
  if (length > 100) {
    length = 100;
    while (length > 0 && (static_cast<unsigned char>(text_[length]) & 0xC0) == 0x80) --length;
  }
  std::string shown(text_, length);
  std::string detail(why);
  detail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(detail[0])));
  throw Error(ErrorKind::invalid_text,
              std::string("invalid input syntax for type ") + type_name_ + ": \"" + shown + "\"",
              detail + ".");
}

const char* StateTextReader::field_value(const char* name) {
  if (!first_) {
    if (*pos_ != ',') reject((std::string("expected \",\" before field \"") + name + "\"").c_str());
    ++pos_;
  }
  first_ = false;
  std::size_t n = std::strlen(name);
  if (std::strncmp(pos_, name, n) != 0 || pos_[n] != '=')
    reject((std::string("expected field \"") + name + "=\"").c_str());
  pos_ += n + 1;
  return pos_;
}

std::int64_t StateTextReader::int64_field(const char* name) {
  const char* start = field_value(name);
  if (!(*start == '-' || (*start >= '0' && *start <= '9')))
    reject((std::string("field \"") + name + "\" is not an integer").c_str());
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(start, &end, 10);
  if (errno == ERANGE) reject((std::string("field \"") + name + "\" is out of range").c_str());
  if (end == start) reject((std::string("field \"") + name + "\" is not an integer").c_str());
  pos_ = end;
  return static_cast<std::int64_t>(v);
}

double StateTextReader::double_field(const char* name) {
  const char* p = field_value(name);
  double v = 0;
  if (!read_finite(p, &v))
    reject((std::string("field \"") + name + "\" is not a finite number").c_str());
  pos_ = p;
  return v;
}

bool read_count(const char*& p, std::uint64_t max, std::uint64_t* out) {
  if (*p < '0' || *p > '9') return false;
  std::uint64_t v = 0;
  for (; *p >= '0' && *p <= '9'; ++p) {
    auto digit = static_cast<std::uint64_t>(*p - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *out = v;
  return true;
}

bool read_finite(const char*& p, double* out) {
  if (!(*p == '-' || *p == '.' || (*p >= '0' && *p <= '9'))) return false;
  char* end = nullptr;
  double v = std::strtod(p, &end);
  if (end == p || !std::isfinite(v)) return false;
  p = end;
  *out = v;
  return true;
}

std::int32_t StateTextReader::int32_field(const char* name) {
  std::int64_t v = int64_field(name);
  if (v < INT32_MIN || v > INT32_MAX)
    reject((std::string("field \"") + name + "\" is out of range").c_str());
  return static_cast<std::int32_t>(v);
}

Wide StateTextReader::wide_field(const char* name) {
  const char* p = field_value(name);
  if (!(*p >= '0' && *p <= '9'))
    reject((std::string("field \"") + name + "\" is not an unsigned integer").c_str());
  unsigned __int128 v = 0;
  const unsigned __int128 limit = ~static_cast<unsigned __int128>(0);
  for (; *p >= '0' && *p <= '9'; ++p) {
    unsigned digit = static_cast<unsigned>(*p - '0');
    if (v > (limit - digit) / 10)
      reject((std::string("field \"") + name + "\" is out of range").c_str());
    v = v * 10 + digit;
  }
  pos_ = p;
  Wide out;
  out.set(v);
  return out;
}

void StateTextReader::finish() {
  if (*pos_ != '\0') reject("unexpected characters after the last field");
}

}  // namespace hs
