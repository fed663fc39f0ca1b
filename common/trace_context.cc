#include "common/trace_context.h"

#include <utility>

namespace ngoaivu {
namespace {

std::string& Current() {
  thread_local std::string traceparent;
  return traceparent;
}

}  // namespace

const std::string& CurrentTraceparent() { return Current(); }

ScopedTrace::ScopedTrace(std::string traceparent)
    : previous_(std::exchange(Current(), std::move(traceparent))) {}

ScopedTrace::~ScopedTrace() { Current() = std::move(previous_); }

}  // namespace ngoaivu
