#pragma once

// The statement splitter: the bytes of a psql script in, items out (SQL
// statements, psql meta-commands, COPY data), each with its byte range and
// the line and column where it starts. Pure: no I/O, no database.

#include <cstddef>
#include <string_view>
#include <vector>

#include "split/item.hpp"
#include "split/line_counter.hpp"
#include "split/split_error.hpp"

namespace pgapply::split {

// Receives items as they are split. `text` is the item's bytes; it is valid
// only during the call.
class ItemSink {
 public:
  virtual ~ItemSink() = default;
  virtual void on_item(const Item& item, std::string_view text) = 0;
  // A `--` comment outside strings, dollar quotes and /* */ comments (inside
  // a statement or between statements), from its `--` up to its line end
  // (not included; nor is a '\r' before it), as absolute byte offsets. Each
  // comment is reported once, in file order (one inside a statement comes
  // before that statement's item).
  // For readers of comment markers (dbmate's, goose's); most sinks ignore it.
  virtual void on_line_comment(std::size_t start, std::size_t end) {
    static_cast<void>(start);
    static_cast<void>(end);
  }
};

// Splits a file given in consecutive pieces, so that a large file never has to
// be in memory whole. Each call is given the input from where the previous call
// stopped consuming; items carry absolute offsets, lines and columns.
class ChunkSplitter {
 public:
  // Splits as much of `buffer` as can be split without seeing what follows it.
  // Every buffer but the last must end with '\n' (a chunk boundary inside a
  // line would split a meta-command or a COPY data line). Returns how many
  // bytes of `buffer` were consumed: the caller keeps the rest and puts it at
  // the head of the next buffer. A long COPY data block comes out as several
  // copy_data items, all but the last with `continues` set.
  // Throws SplitError; with `last` false, never for input that merely stops early.
  //
  // What is kept is split again from its start with the next buffer. So that
  // a statement far longer than the pieces a caller reads (a huge INSERT, a
  // function body of megabytes) does not cost time quadratic in its length,
  // once the carried-over part exceeds `rescan_threshold` bytes, a buffer less
  // than twice as long is not looked at: split() returns 0 at once and the
  // caller reads on. The total work stays linear in the input, whatever the
  // pieces. (Items then come out later than they could: with pieces of a line
  // from an interactive source, a statement longer than the threshold waits.)
  std::size_t split(std::string_view buffer, bool last, ItemSink& sink);

  explicit ChunkSplitter(std::size_t rescan_threshold = 64 * 1024)
      : rescan_threshold_(rescan_threshold) {}

  // Absolute position of the next buffer's first byte.
  const LineCounter::Position& position() const { return lines_.position(); }

  // Splits a part of a file that starts at `start` rather than at its
  // beginning: items carry the file's offsets, lines and columns. Call before
  // the first split(); a byte-order mark is looked for only at offset 0.
  void start_at(const LineCounter::Position& start) {
    lines_ = LineCounter(start);
    started_ = start.offset > 0;
  }

 private:
  // split() without the rescan guard.
  std::size_t split_buffer(std::string_view buffer, bool last, ItemSink& sink);
  // split() past the byte-order mark (`begin` bytes) and any NUL byte.
  std::size_t split_part(std::string_view buffer, std::size_t begin, bool last, ItemSink& sink);

  LineCounter lines_;
  std::size_t rescan_threshold_;
  std::size_t carried_ = 0;       // bytes the last buffer left unconsumed
  std::size_t comments_seen_ = 0;  // end of the last line comment reported (text split again is not reported again)
  bool started_ = false;          // the byte-order mark has been looked for
  bool in_copy_data_ = false;       // inside COPY ... FROM STDIN data
  bool copy_line_pending_ = false;  // the rest of the COPY statement's line is next
  LineCounter::Position copy_statement_;  // where that COPY starts, for errors
};

// Splits a whole text into items. Throws SplitError.
std::vector<Item> split(std::string_view text);

// Splits a whole text, passing each item to `sink` (memory does not grow with
// the number of items). Throws SplitError.
void split(std::string_view text, ItemSink& sink);

}  // namespace pgapply::split
