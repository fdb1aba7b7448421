#include "report/lint_report.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "report/json_document.hpp"
#include "report/paint.hpp"

#include "ddl/server_versions.hpp"

#include "pgapply_version.hpp"
#include "report/text_table.hpp"
#include "core/plural.hpp"

namespace pgapply::report {

namespace {

// Spaces (tabs where the line has tabs) up to 1-based character `column`.
std::string caret_line(std::string_view line, std::size_t column) {
  std::string pad;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < line.size() && characters + 1 < column; ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte
    pad += line[i] == '\t' ? '\t' : ' ';
    ++characters;
  }
  return pad + "^";
}

std::string render_text(const lint::LintResult& result, Paint paint) {
  std::string out;
  for (const lint::Finding& finding : result.findings) {
    if (finding.ignored()) continue;
    // The label is painted as the terminal paints a message's (cli/color.cpp): "error:" red, "warning:" yellow.
    const Tone tone = finding.severity == lint::Severity::error ? Tone::error : Tone::warning;
    out += finding.file + ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column) + ": " +
           paint(tone, std::string(lint::to_string(finding.severity)) + ":") + " " + finding.message +
           (finding.context.empty() ? "" : " (in " + finding.context + ")") + " [" + finding.rule + "]\n";
    if (!finding.source_line.empty()) {
      out += "    " + finding.source_line + "\n";
      out += "    " + caret_line(finding.source_line, finding.column) + "\n";
    }
    out += "  why: " + finding.why + "\n";
    out += "  safe way: " + finding.safe_way + "\n";
  }
  out += lint_summary(result) + "\n";
  return out;
}

std::string render_json(const lint::LintResult& result) {
  nlohmann::json findings = nlohmann::json::array();
  for (const lint::Finding& finding : result.findings) {
    nlohmann::json item = {
        {"rule", finding.rule},
        {"severity", lint::to_string(finding.severity)},
        {"file", finding.file},
        {"line", finding.line},
        {"column", finding.column},
        {"message", finding.message},
        {"why", finding.why},
        {"safe_way", finding.safe_way},
        {"source_line", finding.source_line},
        {"context", finding.context.empty() ? nlohmann::json(nullptr) : nlohmann::json(finding.context)},
        {"ignored", finding.ignored()},
        // null when not ignored: a key that may have no value is null, not absent
        {"ignore_reason", finding.ignored() ? nlohmann::json(*finding.ignored_reason) : nlohmann::json(nullptr)},
    };
    findings.push_back(std::move(item));
  }
  Json document = json_document("lint");
  document["counts"] = {{"files", result.files},
                        {"errors", result.errors},
                        {"warnings", result.warnings},
                        {"ignored", result.ignored}};
  document["findings"] = std::move(findings);
  return dump_document(document);
}

// A path as a URI: a relative one as a relative reference (code scanning
// resolves it against the checkout), an absolute one as a file: URI; bytes
// outside RFC 3986's unreserved characters and '/' percent-encoded.
std::string uri_of(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                       byte == '-' || byte == '.' || byte == '_' || byte == '~' || byte == '/';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

std::string_view sarif_level(lint::Severity severity) { return severity == lint::Severity::error ? "error" : "warning"; }

std::string render_sarif(const lint::LintResult& result) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string_view, std::size_t> index;
  for (const auto& rule : lint::all_rules()) {
    index[rule.id] = rules.size();
    const bool on = rule.default_state == lint::RuleDefault::on || rule.default_state == lint::RuleDefault::always;
    rules.push_back({
        {"id", rule.id},
        {"name", rule.id},
        {"shortDescription", {{"text", rule.title}}},
        {"fullDescription", {{"text", rule.why}}},
        {"help",
         {{"text", "Why: " + std::string(rule.why) + "\nSafe way: " + std::string(rule.safe_way) +
                       "\nExample: " + std::string(rule.example)},
          {"markdown", "**Why:** " + std::string(rule.why) + "\n\n**Safe way:** " + std::string(rule.safe_way) +
                           "\n\n**Example:** `" + std::string(rule.example) + "`"}}},
        {"defaultConfiguration", {{"level", sarif_level(rule.severity)}, {"enabled", on}}},
        {"properties", {{"postgresqlVersions", lint::versions_text(rule)}}},
    });
  }
  nlohmann::json results = nlohmann::json::array();
  for (const lint::Finding& finding : result.findings) {
    nlohmann::json region = {{"startLine", finding.line}, {"startColumn", finding.column}};
    if (!finding.source_line.empty()) region["snippet"] = {{"text", finding.source_line}};
    nlohmann::json item = {
        {"ruleId", finding.rule},
        {"level", sarif_level(finding.severity)},
        {"message",
         {{"text", finding.message + (finding.context.empty() ? "" : " (in " + finding.context + ")") +
                       ". Why: " + finding.why + ". Safe way: " + finding.safe_way}}},
        {"locations",
         nlohmann::json::array({{{"physicalLocation",
                                  {{"artifactLocation", {{"uri", uri_of(finding.file)}}}, {"region", region}}}}})},
    };
    if (const auto found = index.find(finding.rule); found != index.end()) item["ruleIndex"] = found->second;
    if (finding.ignored()) {
      item["suppressions"] = nlohmann::json::array({{{"kind", "inSource"}, {"justification", *finding.ignored_reason}}});
    }
    results.push_back(std::move(item));
  }
  nlohmann::json run = {
      {"tool",
       {{"driver",
         {{"name", "pgapply"},
          {"version", pgapply::version},
          {"rules", std::move(rules)}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(results)},
  };
  return dump_document({{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
               {"version", "2.1.0"},
               {"runs", nlohmann::json::array({std::move(run)})}});
}

// GitHub's workflow command escaping: data, and properties (which also escape ':' and ',').
std::string escape_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (const char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_github(const lint::LintResult& result) {
  std::string out;
  for (const lint::Finding& finding : result.findings) {
    if (finding.ignored()) continue;
    const std::string message = finding.message + (finding.context.empty() ? "" : " (in " + finding.context + ")") +
                                "\nwhy: " + finding.why + "\nsafe way: " + finding.safe_way;
    out += "::" + std::string(finding.severity == lint::Severity::error ? "error" : "warning") +
           " file=" + escape_property(finding.file) + ",line=" + std::to_string(finding.line) +
           ",col=" + std::to_string(finding.column) + ",title=" + escape_property(finding.rule) +
           "::" + escape_data(message) + "\n";
  }
  out += "pgapply lint: " + lint_summary(result) + "\n";
  return out;
}

}  // namespace

std::optional<LintFormat> parse_lint_format(std::string_view name) {
  if (name == "text") return LintFormat::text;
  if (name == "json") return LintFormat::json;
  if (name == "sarif") return LintFormat::sarif;
  if (name == "github") return LintFormat::github;
  return std::nullopt;
}

std::string lint_summary(const lint::LintResult& result) {
  std::string out;
  if (result.errors == 0 && result.warnings == 0) {
    out = "no findings";
  } else {
    out = plural(result.errors, "error") + ", " + plural(result.warnings, "warning");
  }
  out += " in " + plural(result.files, "file");
  if (result.ignored > 0) out += " (" + std::to_string(result.ignored) + " ignored by lint-ignore)";
  return out;
}

std::string render_lint_failure_sarif(const ErrorReport& error) {
  nlohmann::json notification = {{"level", "error"}, {"message", {{"text", error.message}}}};
  if (!error.file.empty()) {
    nlohmann::json location = {{"artifactLocation", {{"uri", error.file}}}};
    if (error.line > 0) location["region"] = {{"startLine", error.line}};
    notification["locations"] = nlohmann::json::array({{{"physicalLocation", std::move(location)}}});
  }
  nlohmann::json run = {
      {"tool", {{"driver", {{"name", "pgapply"}, {"version", pgapply::version}}}}},
      {"invocations",
       nlohmann::json::array({{{"executionSuccessful", false},
                               {"exitCode", error.exit_status},
                               {"toolExecutionNotifications", nlohmann::json::array({std::move(notification)})}}})},
      {"results", nlohmann::json::array()},
  };
  return dump_document({{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", nlohmann::json::array({std::move(run)})}});
}

std::string render_lint(const lint::LintResult& result, LintFormat format, Paint paint) {
  switch (format) {
    case LintFormat::text: return render_text(result, paint);
    case LintFormat::json: return render_json(result);
    case LintFormat::sarif: return render_sarif(result);
    case LintFormat::github: return render_github(result);
  }
  return {};
}

std::string render_lint_rules(const lint::LintSettings& settings) {
  TextTable table({"rule", "severity", "runs", "postgresql", "looks for"});
  for (const auto& rule : lint::all_rules()) {
    const auto config = lint::config_of(settings, rule);
    std::string runs = config.enabled ? "yes" : "no";
    if (!lint::applies_to(rule, settings.pg_version)) {
      runs = "not on " + ddl::version_string(settings.pg_version);
    } else if (!config.enabled && rule.default_state == lint::RuleDefault::opt_in) {
      runs = "opt-in";
    } else if (!config.enabled && rule.default_state == lint::RuleDefault::off) {
      runs = "off";
    }
    table.add({std::string(rule.id), std::string(lint::to_string(config.severity)), runs, lint::versions_text(rule),
               std::string(rule.title)});
  }
  return table.render("");
}

std::string render_lint_rules_json(const lint::LintSettings& settings) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : lint::all_rules()) {
    const auto config = lint::config_of(settings, rule);
    std::string_view state = "on";
    if (rule.default_state == lint::RuleDefault::opt_in) state = "opt_in";
    if (rule.default_state == lint::RuleDefault::off) state = "off";
    if (rule.default_state == lint::RuleDefault::always) state = "always";
    rules.push_back({{"rule", rule.id},
                     {"severity", lint::to_string(config.severity)},
                     {"default_severity", lint::to_string(rule.severity)},
                     {"default_state", state},
                     {"runs", config.enabled},
                     {"postgresql", lint::versions_text(rule)},
                     {"title", rule.title},
                     {"why", rule.why},
                     {"safe_way", rule.safe_way},
                     {"example", rule.example}});
  }
  Json document = json_document("lint");
  document["rules"] = std::move(rules);
  return dump_document(document);
}

}  // namespace pgapply::report
