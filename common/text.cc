#include "common/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>

#include "absl/strings/ascii.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace ngoaivu {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsAscii(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

// Visits every string field value of `message`; `visit` returns false to
// stop. Returns false when a visit stopped it.
bool ForEachText(Message* message,
                 const std::function<bool(Message*, const FieldDescriptor*,
                                          int index)>& visit) {
  const Reflection* reflection = message->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
        field->type() == FieldDescriptor::TYPE_STRING) {
      const int n =
          field->is_repeated() ? reflection->FieldSize(*message, field) : 1;
      for (int i = 0; i < n; ++i) {
        if (!visit(message, field, field->is_repeated() ? i : -1)) return false;
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
          if (!ForEachText(
                  reflection->MutableRepeatedMessage(message, field, i), visit))
            return false;
        }
      } else if (!ForEachText(reflection->MutableMessage(message, field),
                              visit)) {
        return false;
      }
    }
  }
  return true;
}

std::string ValueOf(const Message& message, const FieldDescriptor* field,
                    int index) {
  const Reflection* reflection = message.GetReflection();
  return index < 0 ? reflection->GetString(message, field)
                   : reflection->GetRepeatedString(message, field, index);
}

}  // namespace

std::string ToNfc(absl::string_view text) {
  if (IsAscii(text)) return std::string(text);
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0 || out == nullptr) return std::string(text);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out,
                                                                &std::free);
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<size_t>(n));
}

std::string NameKey(absl::string_view text) {
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                     UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
  std::string folded = n < 0 || out == nullptr
                           ? std::string(text)
                           : std::string(reinterpret_cast<const char*>(out),
                                         static_cast<size_t>(n));
  std::free(out);
  // "đ" is a letter of its own, not "d" with a mark: folded by hand.
  std::string key;
  bool space = true;  // drops leading spaces
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded.compare(i, 2, "\xc4\x91") == 0) {  // đ (Đ casefolds to it)
      key.push_back('d');
      ++i;
      space = false;
    } else if (absl::ascii_isspace(static_cast<unsigned char>(folded[i]))) {
      if (!space) key.push_back(' ');
      space = true;
    } else {
      key.push_back(folded[i]);
      space = false;
    }
  }
  if (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

bool IsNfc(absl::string_view text) {
  return IsAscii(text) || ToNfc(text) == text;
}

bool NeedsNfc(const Message& message) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const int n =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < n; ++i) {
      const int index = field->is_repeated() ? i : -1;
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        if (!IsNfc(ValueOf(message, field, index))) return true;
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        const Message& nested =
            index < 0 ? reflection->GetMessage(message, field)
                      : reflection->GetRepeatedMessage(message, field, index);
        if (NeedsNfc(nested)) return true;
      }
    }
  }
  return false;
}

void NormalizeToNfc(Message* message) {
  ForEachText(message, [](Message* m, const FieldDescriptor* f, int index) {
    const std::string value = ValueOf(*m, f, index);
    if (IsNfc(value)) return true;
    const Reflection* reflection = m->GetReflection();
    if (index < 0) {
      reflection->SetString(m, f, ToNfc(value));
    } else {
      reflection->SetRepeatedString(m, f, index, ToNfc(value));
    }
    return true;
  });
}

}  // namespace ngoaivu
