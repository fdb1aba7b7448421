#pragma once

#include <csignal>

#include "core/error.hpp"

namespace pgapply::cli {

// The documented exit statuses (README, "Exit codes").
inline constexpr int exit_ok = 0;
inline constexpr int exit_usage_or_input = 1;
inline constexpr int exit_cannot_connect = 2;
inline constexpr int exit_sql_error = 3;
inline constexpr int exit_check_failed = 4;
inline constexpr int exit_lock_timeout = 5;
inline constexpr int exit_backup_failed = 6;
inline constexpr int exit_connection_lost = 7;
// A signal stopped the run: 128 + its number (130 SIGINT, 143 SIGTERM, 129 SIGHUP), as shells report it.
inline constexpr int exit_interrupted_base = 128;
inline constexpr int exit_internal_error = 70;  // a bug in pgapply (sysexits' EX_SOFTWARE)

constexpr int exit_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::input: return exit_usage_or_input;
    case ErrorKind::connection: return exit_cannot_connect;
    case ErrorKind::sql: return exit_sql_error;
    case ErrorKind::check: return exit_check_failed;
    case ErrorKind::lock: return exit_lock_timeout;
    case ErrorKind::backup: return exit_backup_failed;
    case ErrorKind::connection_lost: return exit_connection_lost;
    case ErrorKind::interrupted: return exit_interrupted_base + SIGINT;  // the signal unknown: Ctrl-C's
  }
  return exit_internal_error;
}

// The status of an error: its kind's, or for an interruption 128 + the signal.
inline int exit_status(const Error& error) {
  if (const auto* stop = dynamic_cast<const Interrupted*>(&error)) return exit_interrupted_base + stop->signal;
  return exit_status(error.kind());
}

}  // namespace pgapply::cli
