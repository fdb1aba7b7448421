#include "psql/file_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/diagnostic.hpp"
#include "core/file_error.hpp"
#include "psql/directives.hpp"

namespace pgapply::psql {

FileReader::FileReader(const std::filesystem::path& path, std::string shown_name,
                       std::size_t piece_size)
    : shown_name_(std::move(shown_name)), piece_size_(piece_size) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw Error(ErrorKind::input, shown_name_ + ": cannot read: " + std::strerror(errno), ErrorPlace{shown_name_});
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) expected_size_ = static_cast<std::size_t>(size);
}

FileReader::FileReader(const std::filesystem::path& path, std::string shown_name, const FileRange& range,
                       std::size_t piece_size)
    : FileReader(path, std::move(shown_name), piece_size) {
  limit_to(range);
}

FileReader::FileReader(FileContents contents, std::string shown_name, std::size_t piece_size)
    : contents_(contents.bytes), shown_name_(std::move(shown_name)), piece_size_(piece_size),
      expected_size_(contents.bytes.size()) {}

FileReader::FileReader(FileContents contents, std::string shown_name, const FileRange& range,
                       std::size_t piece_size)
    : FileReader(contents, std::move(shown_name), piece_size) {
  limit_to(range);
}

void FileReader::limit_to(const FileRange& range) {
  range_begin_ = range.start.offset;
  range_end_ = std::max(range.end, range.start.offset);
  splitter_.start_at(range.start);
  header_offset_ = range.start.offset;
  header_line_ = range.start.line;
}

FileReader::~FileReader() {
  if (file_ != nullptr) std::fclose(file_);
}

std::size_t FileReader::take(char* to, std::size_t want) {
  if (file_ == nullptr) {
    const std::size_t got = std::min(want, contents_.size() - contents_taken_);
    std::copy_n(contents_.data() + contents_taken_, got, to);
    contents_taken_ += got;
    return got;
  }
  const std::size_t got = std::fread(to, 1, want, file_);
  if (got < want && std::ferror(file_)) throw file_read_error(shown_name_, errno);
  return got;
}

std::size_t FileReader::read_size() const {
  // What is left of the file and one byte more (to see its end in the same
  // read), not a whole piece: resize() zero-fills what it adds, and 1 MiB
  // zeroed for every small file was most of the time `status` took over
  // thousands of files. Past the expected end (the file grew) or when the
  // size is unknown (a pipe), whole pieces.
  if (expected_size_ == unknown_size || file_offset_ >= expected_size_) return piece_size_;
  return std::min(piece_size_, expected_size_ - file_offset_ + 1);
}

void FileReader::read_piece() {
  while (!end_of_file_) {
    const std::size_t old_size = buffer_.size();
    const std::size_t want = read_size();
    buffer_.resize(old_size + want);
    const std::size_t got = take(buffer_.data() + old_size, want);
    buffer_.resize(old_size + got);
    if (got < want) file_done_ = true;
    if (on_bytes_ && got > 0) on_bytes_(std::string_view(buffer_).substr(old_size, got));
    // Keep the bytes of the range: [range_begin_, range_end_) of the file.
    const std::size_t piece_start = file_offset_;
    file_offset_ += got;
    const std::size_t keep_to = std::min(file_offset_, std::max(range_end_, piece_start)) - piece_start;
    const std::size_t keep_from = std::min(std::max(range_begin_, piece_start) - piece_start, keep_to);
    buffer_.resize(old_size + keep_to);
    buffer_.erase(old_size, keep_from);
    if (file_done_ || file_offset_ >= range_end_) end_of_file_ = true;
    if (keep_to > keep_from) return;
  }
}

void FileReader::drain() {
  std::string rest;
  while (!file_done_) {
    const std::size_t want = read_size();
    rest.resize(want);
    const std::size_t got = take(rest.data(), want);
    if (got < want) file_done_ = true;
    file_offset_ += got;
    if (on_bytes_ && got > 0) on_bytes_(std::string_view(rest).substr(0, got));
  }
}

bool FileReader::fill() {
  if (finished_) return false;
  // Read until the buffer holds a complete line (a piece must end with '\n'
  // unless it is the last) and at least one piece's worth of new bytes.
  std::size_t search_from = buffer_.size();
  std::size_t cut = std::string::npos;
  while (cut == std::string::npos && !end_of_file_) {
    read_piece();
    const auto newline = buffer_.rfind('\n');
    if (newline != std::string::npos && newline + 1 > search_from) cut = newline + 1;
    search_from = buffer_.size();
  }
  const bool last = end_of_file_ && (cut == std::string::npos || cut == buffer_.size());
  const std::size_t piece = last ? buffer_.size() : cut;

  // `directives`: where the piece's `-- pgapply:` comments go, when looked for.
  struct Collector : split::ItemSink {
    std::deque<FileItem>& ready;
    std::string_view piece;
    split::LineCounter::Position start;  // the piece's
    std::vector<DirectiveComment>* directives;
    Collector(std::deque<FileItem>& items, std::string_view text, split::LineCounter::Position at,
              std::vector<DirectiveComment>* found)
        : ready(items), piece(text), start(at), directives(found) {}
    void on_item(const split::Item& item, std::string_view text) override {
      ready.push_back({item, std::string(text)});
    }
    void on_line_comment(std::size_t from, std::size_t to) override {
      if (directives == nullptr) return;
      const std::size_t at = from - start.offset;
      if (const auto directive = directive_in(piece.substr(at, to - from))) {
        const auto line = start.line + static_cast<std::size_t>(std::count(piece.begin(), piece.begin() + at, '\n'));
        directives->push_back({from, line, std::string(*directive)});
      }
    }
  };
  const std::size_t start_offset = splitter_.position().offset;
  Collector collector(ready_, std::string_view(buffer_).substr(0, piece), splitter_.position(),
                      find_misplaced_directives_ ? &directive_comments_ : nullptr);
  std::size_t consumed = 0;
  try {
    consumed = splitter_.split(std::string_view(buffer_).substr(0, piece), last, collector);
  } catch (const split::SplitError& error) {
    throw located_input_error(
                diagnostic(shown_name_, error.line, error.column, "error", error.what()));
  }
  if (!header_done_) {
    // Collect the header: bytes up to the first item (or all, while none).
    const std::size_t header_end = ready_.empty() ? start_offset + consumed : ready_.front().item.start;
    if (header_end > header_offset_) {
      header_ += std::string_view(buffer_).substr(header_offset_ - start_offset, header_end - header_offset_);
      header_offset_ = header_end;
    }
    header_done_ = !ready_.empty();
    if (header_done_) first_item_offset_ = ready_.front().item.start;
  }
  // (a comment inside the first statement is seen before the statement is:
  // it waits, with those of the header, until the first item is known)
  if (header_done_) {
    for (const DirectiveComment& comment : directive_comments_) {
      if (comment.offset < first_item_offset_) continue;  // in the header
      if (std::string problem = misplaced_directive(comment.directive, shown_name_, comment.line); !problem.empty()) {
        misplaced_directives_.push_back(std::move(problem));
      }
    }
    directive_comments_.clear();
  }
  buffer_.erase(0, consumed);
  if (last) finished_ = true;
  return true;
}

const FileItem* FileReader::next() {
  while (ready_.empty()) {
    if (!fill()) {
      header_done_ = true;
      drain();
      return nullptr;
    }
  }
  current_ = std::move(ready_.front());
  ready_.pop_front();
  return &current_;
}

}  // namespace pgapply::psql
