#pragma once

// What the ledger records around one file's run, as calls of the ledger
// protocol: the runner asks for them at the right moments and sends them to
// its sink with the file's own statements, so that a live run and a printed
// script record exactly the same.
//
//   applying a migration (UpRecord), in a transaction:
//     BEGIN; <clock>; <the file>; <reset role>; <row + event>; COMMIT
//   outside a transaction, statement by statement:
//     <started>; then per statement k, where k may run in a transaction:
//       BEGIN; k; <progress k>; COMMIT
//     and where it may not (CREATE INDEX CONCURRENTLY...): <running k>; k; <progress k>
//     ... <finished> (row applied + event), or on failure <failed after done> (+ event)
//     (in a file that may change its session, the runner writes these as the
//     connecting user, read-write: LedgerProtocol::as_connecting_user)
//   rolling one back (DownRecord): <row removed + event> where the above
//     records the row applied; outside a transaction, the row's error says
//     meanwhile how far the rollback got, and why it stopped.
//   exec: nothing (NoRecord).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/sql_template.hpp"
#include "engine/ledger_protocol.hpp"
#include "migrate/ledger_row.hpp"

namespace pgapply::engine {

class RunRecord {
 public:
  virtual ~RunRecord() = default;
  // Whether anything is recorded at all (exec records nothing).
  virtual bool records() const { return false; }
  // Before anything of the file (outside its transaction): a printed
  // script's check that it is still to run.
  virtual std::vector<SqlCall> opening() const { return {}; }
  // In the file's transaction, just before it commits.
  virtual std::vector<SqlCall> committing() const { return {}; }
  // Outside a transaction: before the first statement, before a statement
  // that may take effect even if pgapply dies, after `done` statements
  // committed, after a failure, at the end.
  virtual bool tracks_statements() const { return false; }
  virtual std::vector<SqlCall> started() const { return {}; }
  virtual std::vector<SqlCall> running(std::size_t /*statement*/) const { return {}; }
  virtual std::vector<SqlCall> progressed(std::size_t /*done*/) const { return {}; }
  virtual std::vector<SqlCall> failed(std::size_t /*done*/, const SqlParam& /*error*/) const { return {}; }
  virtual std::vector<SqlCall> finished() const { return {}; }
  // What the ledger holds of a file stopped outside a transaction before
  // `next` ("statement 2"), as the run's last line says it; "" when it
  // tracks nothing.
  virtual std::string stopped_record(const std::string& /*next*/) const { return ""; }
  // After a transactional file failed and rolled back (live runs only: a
  // printed script stops at the error).
  virtual std::vector<SqlCall> failed_transaction(const std::string& /*error*/) const { return {}; }
  // Whether the ledger's `rows` show the file done (what committing() or
  // finished() writes is there): read again after the connection was lost
  // before the server answered. Nothing when nothing is recorded (exec).
  virtual std::optional<bool> shows_done(const std::vector<migrate::LedgerRow>& /*rows*/) const {
    return std::nullopt;
  }
  // Of a file run again outside a transaction: the statements an earlier run
  // of it committed (what stays, whatever this run does), 0 when none.
  virtual int earlier_done() const { return 0; }
};

// Nothing recorded: pgapply exec.
class NoRecord : public RunRecord {};

// Applying a migration.
class UpRecord : public RunRecord {
 public:
  UpRecord(const LedgerProtocol& protocol, LedgerEntry entry, int earlier_done = 0)
      : protocol_(protocol), entry_(std::move(entry)), earlier_done_(earlier_done) {}
  int earlier_done() const override { return earlier_done_; }
  bool records() const override { return true; }
  std::vector<SqlCall> opening() const override {
    if (entry_.reprint_command.empty()) return {};
    return {protocol_.still_pending(entry_)};
  }
  std::vector<SqlCall> committing() const override {
    LedgerEntry in_transaction = entry_;
    in_transaction.in_file_transaction = true;
    return protocol_.applied(in_transaction);
  }
  bool tracks_statements() const override { return true; }
  std::vector<SqlCall> started() const override { return {protocol_.started(entry_)}; }
  std::vector<SqlCall> running(std::size_t statement) const override {
    return {protocol_.running(entry_.version, statement)};
  }
  std::vector<SqlCall> progressed(std::size_t done) const override { return {protocol_.progress(entry_.version, done)}; }
  std::vector<SqlCall> failed(std::size_t done, const SqlParam& error) const override {
    return {protocol_.failed(entry_.version, done, error)};
  }
  std::vector<SqlCall> finished() const override { return {protocol_.finished(entry_)}; }
  std::string stopped_record(const std::string& next) const override {
    return "the ledger records the file as failed at " + next;
  }
  std::vector<SqlCall> failed_transaction(const std::string& error) const override {
    return {protocol_.event(entry_.version, "failed", entry_.checksum, error)};
  }
  std::optional<bool> shows_done(const std::vector<migrate::LedgerRow>& rows) const override;

 private:
  const LedgerProtocol& protocol_;
  LedgerEntry entry_;
  int earlier_done_ = 0;
};

// Rolling back a migration with its down script: its row goes when the down
// script has run (in its transaction, or after its last statement). Outside
// a transaction, the row says meanwhile how far the rollback got (its
// error: LedgerProtocol::rolling_back), so that a rollback that stops part
// way, by a failure or a kill, is never taken for the migration still being
// applied as it was.
class DownRecord : public RunRecord {
 public:
  // `companion_version`: its version in the --ledger-format's tool
  // (companion_version); `down_file`: the file whose SQL runs, of `statements`.
  DownRecord(const LedgerProtocol& protocol, std::string version, std::optional<std::string> companion_version,
             std::string down_file, std::size_t statements)
      : protocol_(protocol),
        version_(std::move(version)),
        companion_version_(std::move(companion_version)),
        down_file_(std::move(down_file)),
        statements_(statements) {}
  bool records() const override { return true; }
  std::vector<SqlCall> committing() const override {
    return {protocol_.removed(version_, "rolled-back", std::nullopt, companion_version_)};
  }
  bool tracks_statements() const override { return true; }
  std::vector<SqlCall> started() const override {
    return {protocol_.rolling_back(version_, 0, 0, down_file_, statements_, std::nullopt, companion_version_)};
  }
  std::vector<SqlCall> running(std::size_t statement) const override {
    return {state(statement - 1, statement, std::nullopt)};
  }
  std::vector<SqlCall> progressed(std::size_t done) const override { return {state(done, 0, std::nullopt)}; }
  std::vector<SqlCall> failed(std::size_t done, const SqlParam& error) const override {
    return {state(done, 0, error)};
  }
  std::string stopped_record(const std::string& /*next*/) const override {
    return "the ledger records the migration's rollback as stopped there (rollback_failed)";
  }
  std::vector<SqlCall> finished() const override {
    return {protocol_.removed(version_, "rolled-back", std::nullopt, companion_version_)};
  }
  std::vector<SqlCall> failed_transaction(const std::string& error) const override {
    return {protocol_.event(version_, "rollback-failed", "", error)};
  }
  std::optional<bool> shows_done(const std::vector<migrate::LedgerRow>& rows) const override;

 private:
  SqlCall state(std::size_t done, std::size_t running, const SqlParam& why) const {
    return protocol_.rolling_back(version_, done, running, down_file_, statements_, why);
  }
  const LedgerProtocol& protocol_;
  std::string version_;
  std::optional<std::string> companion_version_;
  std::string down_file_;
  std::size_t statements_ = 0;
};

}  // namespace pgapply::engine
