#include "core/edit_distance.hpp"

#include <algorithm>
#include <vector>

namespace pgapply {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the table, rewritten in place: row[j] is the distance between
  // a's first i characters and b's first j.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view nearest_within_typo(std::string_view given, const std::vector<std::string_view>& candidates) {
  std::string_view nearest;
  std::size_t best = 3;  // a typo away: at most 2 edits
  for (const std::string_view candidate : candidates) {
    if (const std::size_t distance = edit_distance(given, candidate); distance < best) {
      nearest = candidate;
      best = distance;
    }
  }
  return nearest;
}

}  // namespace pgapply
