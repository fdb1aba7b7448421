#pragma once

#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "split/splitter.hpp"

namespace pgapply::psql {

// An item of a file with its bytes.
struct FileItem {
  split::Item item;
  std::string text;
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
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // The next item, or nullptr at the end of the file. The item stays valid
  // until the next call. Throws Error(input) naming FILE:LINE:COL where the
  // file cannot be split, or cannot be read.
  const FileItem* next();

  // Every byte read so far goes through this callback first (for checksums).
  void on_bytes(std::function<void(std::string_view)> callback) { on_bytes_ = std::move(callback); }

  // The text before the first item (the file's header comments), once the
  // first item has been read: where directives are.
  const std::string& header() const { return header_; }
  const std::string& shown_name() const { return shown_name_; }

 private:
  bool fill();  // reads and splits one more piece; false at the end of the file

  std::FILE* file_ = nullptr;
  std::string shown_name_;
  std::size_t piece_size_;
  std::string buffer_;  // bytes read but not yet split
  bool end_of_file_ = false;
  bool finished_ = false;
  split::ChunkSplitter splitter_;
  std::deque<FileItem> ready_;
  FileItem current_;
  std::string header_;
  bool header_done_ = false;
  std::size_t header_offset_ = 0;  // bytes of the header collected
  std::function<void(std::string_view)> on_bytes_;
};

}  // namespace pgapply::psql
