// The intake's comparisons, on plain values, so that each rule is tested without a database.
#include "adapters/app/complaint_matching.hpp"

#include <algorithm>
#include <set>

namespace wg::app {
namespace {

std::string text_of(const nlohmann::json& data, const char* field) {
    const auto it = data.find(field);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<rules::Date> date_of(const nlohmann::json& data, const char* field) {
    auto parsed = rules::parse_date(text_of(data, field));
    if (!parsed) return std::nullopt;
    return *parsed;
}

bool same_place(const FiledComplaint& filed, const NewComplaint& complaint) {
    return filed.region == complaint.region && same_employer(filed.employer, complaint.employer);
}

}  // namespace

bool same_employer(const Employer& a, const Employer& b) {
    if (!a.uscc.empty() && !b.uscc.empty()) return a.uscc == b.uscc;
    return a.name == b.name;
}

FiledComplaint filed_complaint(std::string case_id, std::string state, std::string region,
                               const nlohmann::json& data, std::string worker_hash,
                               rules::Date created_on, bool in_open_collective) {
    FiledComplaint filed;
    filed.case_id = std::move(case_id);
    filed.state = std::move(state);
    filed.region = std::move(region);
    filed.worker_hash = std::move(worker_hash);
    filed.employer = {text_of(data, "employer"), text_of(data, "employer_uscc")};
    filed.period_from = date_of(data, "period_from");
    filed.period_to = date_of(data, "period_to");
    if (auto amount = rules::parse_money(text_of(data, "amount"))) filed.amount = *amount;
    if (const auto it = data.find("claimants"); it != data.end() && it->is_number_integer())
        filed.claimants = it->get<std::int64_t>();
    if (const auto it = data.find("collective"); it != data.end() && it->is_boolean())
        filed.collective = it->get<bool>();
    filed.collective_case = text_of(data, "collective_case");
    filed.in_open_collective = in_open_collective;
    filed.received_on = date_of(data, "received_on").value_or(created_on);
    return filed;
}

bool periods_overlap(const FiledComplaint& filed, const NewComplaint& complaint) {
    const bool starts_after =
        filed.period_from && complaint.period_to && *filed.period_from > *complaint.period_to;
    const bool ends_before =
        filed.period_to && complaint.period_from && *filed.period_to < *complaint.period_from;
    return !starts_after && !ends_before;
}

const FiledComplaint* find_duplicate(const std::vector<FiledComplaint>& filed,
                                     const NewComplaint& complaint) {
    const FiledComplaint* found = nullptr;
    for (const auto& other : filed) {
        if (other.collective || other.worker_hash.empty() ||
            other.worker_hash != complaint.worker_hash)
            continue;
        if (!other.open && !other.in_open_collective) continue;
        if (!same_employer(other.employer, complaint.employer) ||
            !periods_overlap(other, complaint))
            continue;
        if (found == nullptr || other.received_on < found->received_on) found = &other;
    }
    return found;
}

const FiledComplaint* find_open_collective(const std::vector<FiledComplaint>& filed,
                                           const NewComplaint& complaint) {
    const FiledComplaint* found = nullptr;
    for (const auto& other : filed) {
        if (!other.collective || !other.open || !same_place(other, complaint)) continue;
        if (found == nullptr || other.received_on < found->received_on) found = &other;
    }
    return found;
}

std::vector<const FiledComplaint*> collective_members(const std::vector<FiledComplaint>& filed,
                                                      const NewComplaint& complaint) {
    std::vector<const FiledComplaint*> members;
    for (const auto& other : filed)
        if (!other.collective && other.open && other.mergeable && other.claimants <= 1 &&
            same_place(other, complaint))
            members.push_back(&other);
    return members;
}

int count_workers(const std::vector<const FiledComplaint*>& complaints) {
    std::set<std::string> workers;
    int unnamed = 0;
    for (const auto* complaint : complaints) {
        if (complaint->worker_hash.empty())
            ++unnamed;
        else
            workers.insert(complaint->worker_hash);
    }
    return static_cast<int>(workers.size()) + unnamed;
}

nlohmann::json collective_data(const std::vector<const FiledComplaint*>& members,
                               const NewComplaint& complaint) {
    rules::Money total{};
    rules::Date received = members.front()->received_on;
    std::optional<rules::Date> from, to;
    std::string uscc = complaint.employer.uscc;
    for (const auto* member : members) {
        if (auto sum = rules::add(total, member->amount)) total = *sum;
        received = std::min(received, member->received_on);
        if (member->period_from)
            from = from ? std::min(*from, *member->period_from) : *member->period_from;
        if (member->period_to) to = to ? std::max(*to, *member->period_to) : *member->period_to;
        if (uscc.empty()) uscc = member->employer.uscc;
    }
    nlohmann::json data = {{"employer", complaint.employer.name},
                           {"claimants", count_workers(members)},
                           {"amount", rules::format_money(total)},
                           {"received_on", rules::format_date(received)},
                           {"collective", true}};
    if (!uscc.empty()) data["employer_uscc"] = uscc;
    if (from) data["period_from"] = rules::format_date(*from);
    if (to) data["period_to"] = rules::format_date(*to);
    return data;
}

}  // namespace wg::app
