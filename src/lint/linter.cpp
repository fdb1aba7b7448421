#include "lint/linter.hpp"

#include <algorithm>
#include <map>

#include "ddl/declarations.hpp"
#include "ddl/expression.hpp"
#include "lexer/statement_kind.hpp"
#include "lint/checks.hpp"
#include "lint/routine_body.hpp"
#include "lint/source_text.hpp"

namespace pgapply::lint {

namespace {

// A data statement's first tokens are enough (its target and column list);
// a 200,000-row INSERT is not tokenized whole.
constexpr std::size_t kDataStatementTokens = 512;
// DO blocks inside DO blocks (or functions) beyond this are not linted.
constexpr int kMaxBodyNesting = 4;

// Line and column (in characters) of `offset` in `text`, which starts at `start`.
Position count_position(std::string_view text, std::size_t offset, Position start) {
  Position at = start;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

// The table a finding at `offset` of the statement is about: the table of
// the declaration there (a column's, constraint's or index's; a table's own
// name), else the one table the statement locks; empty when neither says.
ddl::QualifiedName table_at(const StatementView& s, std::size_t offset) {
  for (const ddl::Declaration* d : s.declarations()) {
    if (d->location.offset != offset) continue;
    if (!d->parent.empty()) return d->parent;
    if (d->kind == ddl::ObjectKind::table) return d->name;
  }
  ddl::QualifiedName only;
  for (const auto& lock : s.facts.locks) {
    if (lock.table.empty()) continue;
    if (!only.empty() && !(only == lock.table)) return {};
    only = lock.table;
  }
  return only;
}

bool names_rule(const IgnoreComment& comment, std::string_view rule) {
  // (squawk-ignore-file without rules silences every rule but its own findings on ignores)
  if (comment.every_rule()) return rule != invalid_ignore_rule && rule != unused_ignore_rule;
  return std::find(comment.rules.begin(), comment.rules.end(), rule) != comment.rules.end();
}

bool is_valid(const IgnoreComment& comment) {
  return (!comment.rules.empty() || comment.every_rule()) && comment.unknown.empty() && !comment.reason.empty();
}

}  // namespace

class Linter::Impl : public Checker {
 public:
  explicit Impl(LintSettings settings) : settings_(std::move(settings)) {
    if (settings_.existing_relations) run_.relations_before_run(*settings_.existing_relations);
    run_.partitioned_before_run(settings_.partitioned_relations);
    for (const auto& column : settings_.column_types) run_.column_typed(column.table, column.column, column.type);
    // (line 0: made before the run; the finding says "a domain of the database")
    for (const auto& domain : settings_.constrained_domains) run_.domain_created(domain, true, {"the database", 0});
    if (settings_.check_constraints) {
      run_.constraints_known_before_run();
      for (const auto& check : *settings_.check_constraints) {
        run_.constraint_added(check.table, check.name, ddl::not_null_check_column_of_definition(check.definition),
                              check.validated);
        run_.check_added(check.table, check.name, check.definition, check.validated);
      }
    }
  }

  void add_source(std::string file, std::string text) {
    note_file(file);
    auto [it, inserted] = sources_.try_emplace(file, file, std::move(text));
    if (!inserted) return;
    for (const IgnoreComment& comment : it->second.ignores()) {
      std::string problem;
      if (comment.rules.empty() && !comment.every_rule()) {
        problem = comment.directive() + " names no rule";
      } else if (!comment.unknown.empty()) {
        problem = comment.directive() + " names an unknown rule: " + comment.unknown.front();
      } else if (comment.reason.empty()) {
        problem = comment.directive() + " without a reason: say why the finding does not apply here";
      }
      if (problem.empty()) continue;
      Finding finding = located(invalid_ignore_rule, file, {comment.line, 1}, problem);
      findings_.push_back(std::move(finding));
    }
  }

  bool has_source(const std::string& file) const { return sources_.count(file) != 0; }

  void begin_file(const FileContext& context) {
    note_file(context.file);
    ++files_;
    context_ = context;
    file_ = FileState{};
    file_.mode = context.mode;
    file_.forced_transaction = context.forced_transaction;
    if (context.own_run) run_.tables_aged();
    uncommitted_.reset();
    open_begin_line_ = 0;
    file_stopped_ = false;
    transaction_lines_.clear();
  }

  void statement(const StatementInput& input) {
    note_file(input.file);
    current_ = &input;
    reported_.clear();
    StatementView view;
    view.text = input.text;
    const auto head = lexer::tokenize(input.text, 1);
    view.tokens = lexer::tokenize(input.text, is_data_statement(head) ? kDataStatementTokens : static_cast<std::size_t>(-1));
    view.origin = {input.file, input.line};
    transaction_control(view);
    view.in_transaction = file_.in_transaction();
    view.kept_on_failure = !view.in_transaction;
    current_run_ = &run_;
    lint(view, 0);
    if (!file_.in_transaction()) run_.transaction_ended();  // it committed on its own
    current_ = nullptr;
  }

  void end_file() {
    // A file that stopped early says nothing about how its transactions end.
    if (file_stopped_) {
      uncommitted_.reset();
      context_.refusal_line.reset();
    }
    if (uncommitted_ && file_.explicit_transaction) {
      transaction_lines_.push_back(uncommitted_->line);
      findings_.push_back(std::move(*uncommitted_));
    }
    uncommitted_.reset();
    if (context_.refusal_line) {
      const std::size_t line = *context_.refusal_line;
      const bool said = std::find(transaction_lines_.begin(), transaction_lines_.end(), line) != transaction_lines_.end();
      if (!said) {
        if (auto finding = make(transaction_rule(), context_.file, {line, 1}, context_.refusal, {line})) {
          findings_.push_back(std::move(*finding));
        }
      }
    }
    if (context_.empty && !file_stopped_) {
      // Below the file's last line: a lint-ignore comment at its end silences it.
      std::size_t after = 1;
      if (const auto source = sources_.find(context_.file); source != sources_.end()) {
        after = source->second.line_count();
        if (!source->second.line(after).empty()) ++after;
      }
      if (auto finding = make(empty_rule(), context_.file, {1, 1},
                              "the file has no statements: pgapply up refuses it (exit 4) unless --allow-empty",
                              {after})) {
        findings_.push_back(std::move(*finding));
      }
    }
    run_.transaction_ended();
  }

  void file_error(const std::string& file, std::size_t line, std::size_t column, const std::string& message) {
    note_file(file);
    // Neither the file at fault nor the migration that includes it was linted to its end.
    errored_files_.push_back(file);
    if (!context_.file.empty()) errored_files_.push_back(context_.file);
    file_stopped_ = true;
    findings_.push_back(located(invalid_file_rule, file, {line == 0 ? 1 : line, column == 0 ? 1 : column}, message));
  }

  LintResult finish() {
    report_unused_ignores();
    LintResult result;
    result.files = files_;
    std::stable_sort(findings_.begin(), findings_.end(), [this](const Finding& a, const Finding& b) {
      const auto fa = file_order_.at(a.file), fb = file_order_.at(b.file);
      if (fa != fb) return fa < fb;
      if (a.line != b.line) return a.line < b.line;
      return a.column < b.column;
    });
    for (const auto& finding : findings_) {
      if (finding.ignored()) {
        ++result.ignored;
      } else if (finding.severity == Severity::error) {
        ++result.errors;
      } else {
        ++result.warnings;
      }
    }
    result.findings = std::move(findings_);
    return result;
  }

  // Checker
  void report(const StatementView& s, std::string_view rule, std::size_t offset, std::string message,
              std::string safe_way = {}) override {  // (the same default as Checker's)
    for (const auto& [seen_rule, seen_message] : reported_) {
      if (seen_rule == rule && seen_message == message) return;  // ALTER TABLE t ADD a, ADD b: one "t was renamed"
    }
    reported_.emplace_back(std::string(rule), message);
    const Position at = position(s.base + (s.at_base ? 0 : offset));
    std::vector<std::size_t> anchors{current_->line};
    if (!s.top_level) anchors.push_back(position(s.base).line);
    if (auto finding = make(rule, current_->file, at, std::move(message), anchors)) {
      finding->context = s.context;
      finding->table = table_at(s, offset);
      if (!safe_way.empty()) finding->safe_way = std::move(safe_way);
      findings_.push_back(std::move(*finding));
      // up refuses such a file for the same statement: one finding says it
      if (rule == "ban-concurrent-index-creation-in-transaction" && s.top_level) {
        transaction_lines_.push_back(current_->line);
      }
    }
  }
  int pg_version() const override { return settings_.pg_version; }
  RunState& run() override { return *current_run_; }
  FileState& file() override { return file_; }

 private:
  static std::string_view transaction_rule() { return "transaction-not-recordable"; }
  static std::string_view empty_rule() { return "empty-migration"; }

  void note_file(const std::string& file) { file_order_.try_emplace(file, file_order_.size()); }

  Position position(std::size_t offset) const {
    if (current_->locate) return current_->locate(offset);
    return count_position(current_->text, offset, {current_->line, current_->column});
  }

  // A finding of an always-on rule, never silenced.
  Finding located(std::string_view rule, const std::string& file, Position at, std::string message) {
    const RuleInfo& info = *find_rule(rule);
    Finding finding;
    finding.rule = std::string(rule);
    finding.severity = info.severity;
    finding.file = file;
    finding.line = at.line;
    finding.column = at.column;
    if (const auto source = sources_.find(file); source != sources_.end()) {
      finding.source_line = std::string(source->second.line(at.line));
    }
    finding.message = std::move(message);
    finding.why = std::string(info.why);
    finding.safe_way = std::string(info.safe_way);
    return finding;
  }

  // A finding of `rule`, unless the settings turn it off; silenced by a
  // lint-ignore comment above one of the `anchors` lines.
  std::optional<Finding> make(std::string_view rule, const std::string& file, Position at, std::string message,
                              const std::vector<std::size_t>& anchors) {
    const RuleInfo* info = find_rule(rule);
    if (info == nullptr) return std::nullopt;
    const RuleConfig config = config_of(settings_, *info);
    if (!config.enabled) return std::nullopt;
    Finding finding = located(rule, file, at, std::move(message));
    finding.severity = config.severity;
    if (const auto source = sources_.find(file); source != sources_.end()) {
      for (const std::size_t index : source->second.ignores_for(anchors, at.line)) {
        IgnoreComment& comment = source->second.ignores()[index];
        if (!is_valid(comment) || !names_rule(comment, rule)) continue;
        comment.used = true;
        if (!finding.ignored_reason) finding.ignored_reason = comment.reason;
      }
    }
    return finding;
  }

  // BEGIN, COMMIT and ROLLBACK of a file's own transactions, as written. (In
  // a wrapped file pgapply leaves them out and runs the whole file as one
  // transaction; they still say what the author meant.)
  void transaction_control(const StatementView& view) {
    const auto control = lexer::transaction_control(view.tokens);
    const std::size_t line = current_->line;
    if (control == lexer::TransactionControl::begin) {
      if (file_.explicit_transaction) {
        transaction_finding(view, "BEGIN inside the transaction opened at line " + std::to_string(open_begin_line_) +
                                      ": PostgreSQL does not nest transactions");
      } else {
        file_.explicit_transaction = true;
        open_begin_line_ = line;
        uncommitted_ = make("ban-uncommitted-transaction", current_->file, {line, current_->column},
                            "BEGIN without a COMMIT or ROLLBACK later in the file", {line});
      }
    } else if (control == lexer::TransactionControl::commit || control == lexer::TransactionControl::rollback) {
      const std::string word = control == lexer::TransactionControl::commit ? "COMMIT" : "ROLLBACK";
      if (file_.explicit_transaction) {
        file_.explicit_transaction = false;
        uncommitted_.reset();
        if (file_.mode != FileMode::wrapped) run_.transaction_ended();
      } else {
        transaction_finding(view, word + " without a BEGIN before it: there is no transaction to end");
      }
    }
  }

  void transaction_finding(const StatementView& view, std::string message) {
    const std::size_t before = findings_.size();
    report(view, "transaction-nesting", 0, std::move(message));
    if (findings_.size() > before) transaction_lines_.push_back(current_->line);
  }

  void lint(StatementView& view, int depth) {
    if (is_data_statement(view.tokens)) {
      // SELECT ... INTO makes a table (ddl reads it as CREATE TABLE AS); in a
      // body (depth > 0) INTO names variables.
      // Read as far as its tokens go (at most kDataStatementTokens: a WITH
      // ... INSERT of a million rows is not read whole): INTO comes early.
      if (depth == 0 && (view.starts_with({"select"}) || view.starts_with({"with"})) && !view.tokens.empty()) {
        const lexer::Token& last = view.tokens.back();
        view.facts = ddl::facts_of(view.text.substr(0, last.offset + last.text.size()));
      }
      check_data_statement(view, *this);
      check_timeouts(view, *this);  // SELECT set_config('lock_timeout', ...)
      record_effects(view, *current_run_);
      return;
    }
    if (view.starts_with({"do"})) {
      view.facts.command = "DO";  // its body is linted statement by statement below
      view.facts.recognised = true;
    } else {
      view.facts = ddl::facts_of(view.text);
    }
    check_table_changes(view, *this);
    check_column_types(view, *this);
    check_concurrently(view, *this);
    check_statement_forms(view, *this);
    check_names(view, *this);
    check_timeouts(view, *this);
    check_robustness(view, *this);
    record_effects(view, *current_run_);
    lint_body(view, depth);
  }

  void lint_body(const StatementView& view, int depth) {
    std::string routine;
    for (const auto* declaration : view.declarations()) {
      if (declaration->kind == ddl::ObjectKind::function || declaration->kind == ddl::ObjectKind::procedure) {
        routine = declaration->name.to_string();
      }
    }
    const auto body = routine_body(view.tokens, routine);
    if (!body || depth >= kMaxBodyNesting) return;
    const auto scan = body_statements(*body);
    if (scan.unread_execute) unread_execute(view, *body, *scan.unread_execute);
    RunState own_run;  // a function's body runs later, against tables the run may have filled by then
    RunState* outer_run = current_run_;
    if (!body->do_block) current_run_ = &own_run;
    for (const auto& embedded : scan.statements) {
      StatementView inner;
      inner.text = embedded.text;
      inner.tokens = lexer::tokenize(embedded.text);
      // In a view placed at its base (an EXECUTE's string), so is all within it.
      inner.base = view.at_base ? view.base : view.base + body->offset + embedded.offset;
      inner.at_base = view.at_base || !embedded.exact;
      inner.top_level = false;
      inner.in_transaction = true;  // a DO block or a function runs inside a transaction
      inner.in_body = true;
      inner.runs_now = view.runs_now && body->do_block;
      inner.conditional = view.conditional || embedded.conditional;
      inner.kept_on_failure = view.kept_on_failure && body->do_block && !embedded.conditional;
      inner.context = body->label;
      inner.origin = {current_->file, position(inner.base).line};
      lint(inner, depth + 1);
    }
    current_run_ = outer_run;
  }

  // One finding per body, at its first EXECUTE of SQL built at run time.
  // Such SQL may also make indexes lint cannot name (now, or when the
  // function is called).
  void unread_execute(const StatementView& view, const RoutineBody& body, std::size_t offset) {
    run_.index_name_unknown();
    StatementView at;  // the EXECUTE: a lint-ignore above its line silences the finding
    at.text = body.text.substr(offset);
    at.base = view.at_base ? view.base : view.base + body.offset + offset;
    at.at_base = view.at_base;
    at.top_level = false;
    at.context = body.label;
    report(at, dynamic_sql_rule, 0,
           "EXECUTE of SQL built at run time: lint did not check the SQL it runs");
  }

  void report_unused_ignores() {
    for (auto& [file, source] : sources_) {
      if (std::find(errored_files_.begin(), errored_files_.end(), file) != errored_files_.end()) continue;
      for (const IgnoreComment& comment : source.ignores()) {
        if (comment.used || !is_valid(comment)) continue;
        // squawk never says its own comments silence nothing: a file that
        // passed squawk with --max-warnings 0's strictness passes here.
        if (comment.kind != IgnoreKind::lint_ignore) continue;
        // A comment for a rule that is off here (another PostgreSQL version,
        // --disable) may well be needed elsewhere.
        const bool all_on = std::all_of(comment.rules.begin(), comment.rules.end(), [this](const std::string& rule) {
          return config_of(settings_, *find_rule(rule)).enabled;
        });
        if (!all_on) continue;
        if (auto finding = make(unused_ignore_rule, file, {comment.line, 1},
                                "this lint-ignore silences no finding of the statement below it", {})) {
          findings_.push_back(std::move(*finding));
        }
      }
    }
  }

  LintSettings settings_;
  std::map<std::string, SourceText> sources_;
  std::map<std::string, std::size_t> file_order_;
  std::vector<std::string> errored_files_;
  std::vector<Finding> findings_;
  std::size_t files_ = 0;

  RunState run_;
  RunState* current_run_ = &run_;
  FileContext context_;
  FileState file_;
  std::size_t open_begin_line_ = 0;        // the line of the file's BEGIN
  std::optional<Finding> uncommitted_;     // that BEGIN, reported if the file ends before its COMMIT
  std::vector<std::size_t> transaction_lines_;  // lines with a transaction finding
  bool file_stopped_ = false;                   // file_error() during this file
  const StatementInput* current_ = nullptr;
  std::vector<std::pair<std::string, std::string>> reported_;  // (rule, message) in this statement
};

Linter::Linter(LintSettings settings) : impl_(std::make_unique<Impl>(std::move(settings))) {}
Linter::~Linter() = default;

void Linter::add_source(std::string file, std::string text) { impl_->add_source(std::move(file), std::move(text)); }
bool Linter::has_source(const std::string& file) const { return impl_->has_source(file); }
void Linter::begin_file(const FileContext& context) { impl_->begin_file(context); }
void Linter::statement(const StatementInput& statement) { impl_->statement(statement); }
void Linter::end_file() { impl_->end_file(); }
void Linter::file_error(const std::string& file, std::size_t line, std::size_t column, const std::string& message) {
  impl_->file_error(file, line, column, message);
}
LintResult Linter::finish() { return impl_->finish(); }

}  // namespace pgapply::lint
