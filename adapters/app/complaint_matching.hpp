// How a new complaint relates to the complaints already filed: the same worker's complaint still
// open (a duplicate), and the open complaints of many workers against one employer in one
// district that become one collective case (劳动争议调解仲裁法 Art. 7: ten or more workers).
// Pure: plain values in, plain values out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/date.hpp"
#include "rules/money.hpp"

namespace wg::app {

/// Workers against one employer in one district from which their complaints become one
/// collective case (劳动争议调解仲裁法 Art. 7).
inline constexpr int kCollectiveWorkers = 10;

/// Who is complained against: the exact name, and the USCC when the complainant gave one.
struct Employer {
    std::string name;
    std::string uscc;  // normalised (upper case), "" when not given
};

/// The same employer: by USCC when both sides have one, else by the exact name.
bool same_employer(const Employer& a, const Employer& b);

/// A wage_complaint case as stored, reduced to what the intake compares. Personal data is
/// reduced to the peppered hash of the complainant's ID number.
struct FiledComplaint {
    std::string case_id;
    std::string state;
    std::string region;
    std::string worker_hash;  // "" when the case names no complainant
    Employer employer;
    std::optional<rules::Date> period_from;  // unknown periods overlap every period
    std::optional<rules::Date> period_to;
    rules::Money amount{};
    std::int64_t claimants = 0;  // 0 when the case does not say
    bool collective = false;
    std::string collective_case;      // the collective case it was merged into, or ""
    bool in_open_collective = false;  // merged into a collective case that is still open
    rules::Date received_on{};        // data.received_on, else the day it was created
    bool open = false;                // not in a final state
    bool mergeable = false;           // its state takes merge_into_collective
};

/// A case row as the store reads it: `data` is the case data without the complainant.
/// `created_on` is the legal date the case was opened.
FiledComplaint filed_complaint(std::string case_id, std::string state, std::string region,
                               const nlohmann::json& data, std::string worker_hash,
                               rules::Date created_on, bool in_open_collective);

/// The complaint being filed.
struct NewComplaint {
    std::string worker_hash;
    Employer employer;
    std::string region;
    std::optional<rules::Date> period_from;  // unknown periods overlap every period
    std::optional<rules::Date> period_to;
};

/// The inclusive periods share a day; a missing end is open (an unknown period overlaps all).
bool periods_overlap(const FiledComplaint& filed, const NewComplaint& complaint);

/// The worker's own complaint against the same employer for an overlapping period that is still
/// being handled — open, or merged into a collective case that is open — the earliest first; null
/// when there is none.
const FiledComplaint* find_duplicate(const std::vector<FiledComplaint>& filed,
                                     const NewComplaint& complaint);

/// The open collective case against the complaint's employer in its district, or null.
const FiledComplaint* find_open_collective(const std::vector<FiledComplaint>& filed,
                                           const NewComplaint& complaint);

/// The individual complaints that belong in a collective case against the complaint's employer
/// in its district: open, in a state that can be merged, filed by one worker (claimants 0 or 1).
std::vector<const FiledComplaint*> collective_members(const std::vector<FiledComplaint>& filed,
                                                      const NewComplaint& complaint);

/// Distinct workers among the complaints (a complaint naming nobody counts as one).
int count_workers(const std::vector<const FiledComplaint*>& complaints);

/// The data of the collective case the members form: employer (and USCC when one member gave
/// it), claimants = the workers, amount = the sum, received_on = the earliest receipt, period =
/// the span of the members' periods, collective = true. Precondition: members is not empty.
nlohmann::json collective_data(const std::vector<const FiledComplaint*>& members,
                               const NewComplaint& complaint);

}  // namespace wg::app
