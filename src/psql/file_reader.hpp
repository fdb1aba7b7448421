#pragma once

#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/file_sections.hpp"
#include "split/splitter.hpp"

namespace pgapply::psql {

// An item of a file with its bytes.
struct FileItem {
  split::Item item;
  std::string text;
};

// A part of a file to read (the up or down section of a dbmate or goose
// file): bytes from `start` (its offset, line and column in the file) up to
// the offset `end`.
struct FileRange {
  split::LineCounter::Position start;
  std::size_t end = 0;
};

// The range of a section or block that parse_sections found (they start at
// the beginning of a line).
inline FileRange file_range(const migrate::FileSpan& span) { return {{span.begin, span.line, 1}, span.end}; }

// A file's bytes, already in memory (a type of its own: a std::string
// converts to a path as readily as to a view).
struct FileContents {
  std::string_view bytes;
};

// Reads a SQL file a piece at a time and splits it, so that a file of any
// size is never in memory whole: what is held is one piece (about
// `piece_size` bytes) plus the longest statement. Long COPY data arrives as
// several copy_data items (all but the last with `continues` set).
class FileReader {
 public:
  // `shown_name` is how errors name the file. Throws Error(input) when the
  // file cannot be opened.
  FileReader(const std::filesystem::path& path, std::string shown_name,
             std::size_t piece_size = 1 << 20);
  // Reads only `range` of the file: its items carry the file's offsets,
  // lines and columns, and the header is the range's text before its first
  // item. on_bytes() still hears every byte of the file, before, in and after
  // the range (a migration's checksum is its whole file's).
  FileReader(const std::filesystem::path& path, std::string shown_name, const FileRange& range,
             std::size_t piece_size = 1 << 20);
  // The same, from a file's bytes already read by the caller (who keeps them
  // alive), so that a file is read from disk once. Items, header and
  // on_bytes() are those the file itself would give.
  FileReader(FileContents contents, std::string shown_name, std::size_t piece_size = 1 << 20);
  FileReader(FileContents contents, std::string shown_name, const FileRange& range,
             std::size_t piece_size = 1 << 20);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // The next item, or nullptr at the end of the file. The item stays valid
  // until the next call. Throws Error(input) naming FILE:LINE:COL where the
  // file cannot be split, or cannot be read.
  const FileItem* next();

  // Every byte of the file read so far goes through this callback first (for
  // checksums); by the time next() returns nullptr, the whole file has.
  void on_bytes(std::function<void(std::string_view)> callback) { on_bytes_ = std::move(callback); }

  // Looks for `-- pgapply:` comments after the first item began (but
  // lint-ignore): a migration's directives are read in its header alone
  // (psql/directives.hpp). misplaced_directives() has them, once read.
  void find_misplaced_directives() { find_misplaced_directives_ = true; }
  // Each as its diagnostic (psql::misplaced_directive), in file order.
  const std::vector<std::string>& misplaced_directives() const { return misplaced_directives_; }

  // The text before the first item (the file's header comments), once the
  // first item has been read: where directives are.
  const std::string& header() const { return header_; }
  // The line the header starts on (1, or the range's first line).
  std::size_t header_line() const { return header_line_; }
  const std::string& shown_name() const { return shown_name_; }

 private:
  bool fill();  // reads and splits one more piece; false at the end of the file
  // Reads the next piece of the file onto buffer_, keeping only the bytes of
  // the range; sets end_of_file_ at the range's end.
  void read_piece();
  // Reads the rest of the file past the range, for on_bytes.
  void drain();
  // How many bytes the next read asks for.
  std::size_t read_size() const;
  // Reads up to `want` bytes into `to` (from the file, or from contents_);
  // fewer at the end. Throws Error(input) on a read error.
  std::size_t take(char* to, std::size_t want);
  void limit_to(const FileRange& range);

  std::FILE* file_ = nullptr;
  std::string_view contents_;  // read from here when file_ is null
  std::size_t contents_taken_ = 0;
  std::string shown_name_;
  std::size_t piece_size_;
  static constexpr std::size_t unknown_size = static_cast<std::size_t>(-1);
  std::size_t expected_size_ = unknown_size;  // the file's size when opened
  std::string buffer_;  // bytes read but not yet split
  bool end_of_file_ = false;  // the end of the range (or of the file) has been read
  bool file_done_ = false;    // the end of the file has been read
  std::size_t file_offset_ = 0;  // bytes of the file read so far
  std::size_t range_begin_ = 0;
  std::size_t range_end_ = static_cast<std::size_t>(-1);
  bool finished_ = false;
  split::ChunkSplitter splitter_;
  std::deque<FileItem> ready_;
  FileItem current_;
  std::string header_;
  std::size_t header_line_ = 1;
  bool header_done_ = false;
  std::size_t header_offset_ = 0;  // bytes of the header collected
  std::size_t first_item_offset_ = 0;  // where the first item starts, once header_done_
  // The `-- pgapply:` comments seen while the first item is not known yet:
  // those at or after its start are not read as directives, and say so.
  struct DirectiveComment {
    std::size_t offset;
    std::size_t line;
    std::string directive;  // as written after `-- pgapply:`
  };
  std::vector<DirectiveComment> directive_comments_;
  bool find_misplaced_directives_ = false;
  std::vector<std::string> misplaced_directives_;
  std::function<void(std::string_view)> on_bytes_;
};

}  // namespace pgapply::psql
