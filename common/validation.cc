#include "common/validation.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ngoaivu {

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra;
    uint32_t code;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= n) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and code points beyond Unicode.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

size_t Utf8Length(absl::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

void Violations::Add(std::string field, std::string description) {
  list_.push_back({std::move(field), std::move(description)});
}

void Violations::RequireText(absl::string_view field, absl::string_view value,
                             size_t max_chars) {
  if (value.empty()) {
    Add(std::string(field), "required");
    return;
  }
  OptionalText(field, value, max_chars);
}

void Violations::OptionalText(absl::string_view field, absl::string_view value,
                              size_t max_chars) {
  if (value.empty()) return;
  if (!IsValidUtf8(value)) {
    Add(std::string(field), "not valid UTF-8");
    return;
  }
  if (Utf8Length(value) > max_chars) {
    Add(std::string(field),
        absl::StrCat("longer than ", max_chars, " characters"));
    return;
  }
  for (char c : value) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) {
      Add(std::string(field), "contains control characters");
      return;
    }
  }
  if (value.find_first_not_of(" \t\n") == absl::string_view::npos) {
    Add(std::string(field), "blank");
  }
}

void Violations::OptionalEmail(absl::string_view field,
                               absl::string_view value) {
  if (value.empty()) return;
  OptionalText(field, value, 254);
  const auto at = value.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == value.size() ||
      value.find_first_of(" \t\n") != absl::string_view::npos) {
    Add(std::string(field), "not an e-mail address");
  }
}

void Violations::RequireRequestId(absl::string_view field,
                                  absl::string_view value) {
  if (value.empty()) {
    Add(std::string(field), "required (a UUID is recommended)");
    return;
  }
  if (value.size() > 64) {
    Add(std::string(field), "longer than 64 characters");
    return;
  }
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) {
      Add(std::string(field), "only [A-Za-z0-9._:-] allowed");
      return;
    }
  }
}

int Violations::PageSize(absl::string_view field, int requested) {
  if (requested < 0) {
    Add(std::string(field), "must not be negative");
    return kDefaultPageSize;
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

int PageSizeOf(int requested) {
  Violations ignored;
  return ignored.PageSize("page_size", requested);
}

void Violations::RequireCount(absl::string_view field, size_t count, size_t min,
                              size_t max) {
  if (count < min) {
    Add(std::string(field), absl::StrCat("at least ", min, " required"));
  } else if (count > max) {
    Add(std::string(field), absl::StrCat("at most ", max, " allowed"));
  }
}

absl::Status Violations::ToStatus() const {
  if (list_.empty()) return absl::OkStatus();
  return InvalidArgument(list_);
}

}  // namespace ngoaivu
