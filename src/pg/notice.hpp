#pragma once

// Non-error messages from the server: NOTICE, WARNING, INFO, DEBUG, LOG (the
// ones client_min_messages lets through).

#include <functional>

#include "core/server_message.hpp"

namespace pgapply::pg {

// All the fields of ServerMessage. In a StatementBatch,
// statement_index says which statement of the batch raised it; in
// Connection::exec and friends it is empty: the notice belongs to the call in
// progress.
struct Notice : ServerMessage {};

// Called synchronously, in the thread using the connection, while libpq reads
// the server's replies. An exception thrown by a handler is caught and
// rethrown by the Connection call (or StatementBatch::finish) during which the notice
// arrived, once that call has left the connection in a usable state.
using NoticeHandler = std::function<void(const Notice&)>;

}  // namespace pgapply::pg
