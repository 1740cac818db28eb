// Walks the case data for ID numbers; nested records are followed, lists are not (no workflow
// keeps ID numbers in lists).
#include "adapters/app/case_parties.hpp"

#include <algorithm>

#include "adapters/app/party_hash.hpp"

namespace wg::app {
namespace {

bool names_id_number(std::string_view name) {
    constexpr std::string_view kSuffix = "_id_number";
    return name == "id_number" ||
           (name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix);
}

void collect(const Json& object, const std::string& prefix, std::string_view pepper, std::vector<PartyRow>& out) {
    for (const auto& [name, value] : object.items()) {
        const std::string path = prefix.empty() ? name : prefix + "." + name;
        if (value.is_object()) collect(value, path, pepper, out);
        else if (value.is_string() && names_id_number(name) && !value.get_ref<const std::string&>().empty())
            out.push_back({path, party_hash(pepper, value.get_ref<const std::string&>())});
    }
}

}  // namespace

std::vector<PartyRow> party_rows(const Json& data, std::string_view pepper) {
    std::vector<PartyRow> rows;
    if (data.is_object()) collect(data, "", pepper, rows);
    std::sort(rows.begin(), rows.end(), [](const PartyRow& a, const PartyRow& b) { return a.field < b.field; });
    return rows;
}

}  // namespace wg::app
