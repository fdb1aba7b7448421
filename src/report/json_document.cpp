#include "report/json_document.hpp"

namespace pgapply::report {

namespace {

Json number_or_null(std::size_t number) { return number == 0 ? Json(nullptr) : Json(number); }

}  // namespace

Json json_document(std::string_view command) {
  return Json{{"format_version", json_format_version}, {"command", command}};
}

Json ledger_json(const std::string& table) { return Json{{"table", table}}; }

Json text_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json shadow_json(const std::string& description, const std::string& none_because) {
  return Json{{"description", text_or_null(description)}, {"none_because", text_or_null(none_because)}};
}

std::string dump_document(const Json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Json error_json(const ErrorReport& error) {
  Json out{{"kind", error.kind},
           {"message", error.message},
           {"file", text_or_null(error.file)},
           {"line", number_or_null(error.line)},
           {"column", number_or_null(error.column)},
           {"sqlstate", text_or_null(error.sqlstate)},
           {"exit_status", error.exit_status},
           {"text", error.text}};
  if (!error.blocking_sessions.empty()) {
    Json sessions = Json::array();
    for (const BlockingSession& session : error.blocking_sessions) {
      sessions.push_back({{"pid", session.pid},
                          {"application", session.application},
                          {"user", session.user},
                          {"since", session.since},
                          {"seconds", session.seconds},
                          {"state", session.state},
                          {"locks", session.locks},
                          {"query", session.query}});
    }
    out["blocking_sessions"] = std::move(sessions);
  }
  return out;
}

std::string with_error(const std::string& document, const ErrorReport& error) {
  Json found = Json::parse(document);
  found["error"] = error_json(error);
  return dump_document(found);
}

std::string render_error_document(std::string_view command, const ErrorReport& error) {
  Json document = json_document(command);
  if (command.empty()) document["command"] = nullptr;
  document["error"] = error_json(error);
  return dump_document(document);
}

}  // namespace pgapply::report
