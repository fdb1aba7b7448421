#include "report/json_identifiers.hpp"

#include <cctype>

namespace pgapply::report {

std::string_view identifier(schema::Verdict verdict) {
  switch (verdict) {
    case schema::Verdict::ok: return "ok";
    case schema::Verdict::warnings: return "warnings";
    case schema::Verdict::will_block: return "will_block";
    case schema::Verdict::will_fail: return "will_fail";
  }
  return "unknown";
}

std::string_view identifier(schema::ObjectState state) {
  using schema::ObjectState;
  switch (state) {
    case ObjectState::will_create: return "will_create";
    case ObjectState::exists_as_declared: return "exists_as_declared";
    case ObjectState::exists_different: return "exists_different";
    case ObjectState::already_exists: return "already_exists";
    case ObjectState::will_replace: return "will_replace";
    case ObjectState::will_change: return "will_change";
    case ObjectState::will_drop: return "will_drop";
    case ObjectState::already_gone: return "already_gone";
    case ObjectState::missing: return "missing";
    case ObjectState::dependency_missing: return "dependency_missing";
    case ObjectState::skipped: return "skipped";
    case ObjectState::not_added: return "not_added";
  }
  return "unknown";
}

std::string_view identifier(schema::CheckStatus status) {
  using schema::CheckStatus;
  switch (status) {
    case CheckStatus::ok: return "ok";
    case CheckStatus::missing: return "missing";
    case CheckStatus::different: return "different";
    case CheckStatus::unknown: return "unknown";
    case CheckStatus::invalid: return "invalid";
    case CheckStatus::still_present: return "still_present";
    case CheckStatus::uncertain: return "uncertain";
  }
  return "unknown";
}

std::string_view identifier(schema::BaselineDecision decision) {
  using schema::BaselineDecision;
  switch (decision) {
    case BaselineDecision::proposed: return "proposed";
    case BaselineDecision::not_there: return "not_there";
    case BaselineDecision::nothing_to_check: return "nothing_to_check";
    case BaselineDecision::not_considered: return "not_considered";
    case BaselineDecision::requested: return "requested";
  }
  return "unknown";
}

std::string_view identifier(schema::Severity severity) {
  switch (severity) {
    case schema::Severity::info: return "info";
    case schema::Severity::warning: return "warning";
    case schema::Severity::error: return "error";
  }
  return "unknown";
}

std::string snake_case(std::string_view words) {
  std::string out;
  bool gap = false;
  for (const char c : words) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      if (gap && !out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

}  // namespace pgapply::report
