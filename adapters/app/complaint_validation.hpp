// The public complaint form checked field by field, with messages in Chinese for the worker who
// typed it (DOMAIN.md §8, §12 S8/S9). Pure: the body and today's date in, the form or every
// field error out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "rules/date.hpp"
#include "rules/error.hpp"
#include "rules/expected.hpp"

namespace wg::app {

/// A complaint that passed every check, normalised: the ID number with an upper-case X, the
/// USCC upper case, the amount in canonical yuan ("86000.00"), names trimmed.
struct ComplaintForm {
    std::string
        region;  // 用工所在地 (监察条例 Art. 13): where the labor is used; the case goes there
    std::string employer;
    std::string employer_uscc;  // "" when not given
    std::string project;        // "" when not given
    std::optional<std::int64_t> claimants;
    std::string amount;
    std::optional<rules::Date> period_from;  // the unpaid period: both or neither
    std::optional<rules::Date> period_to;
    std::string dispute_pending_in;  // "arbitration", "court", or "" (监察条例 Art. 21)
    std::string name;
    std::string id_number;
    std::string phone;
    Errors warnings;  // findings that do not refuse the complaint, e.g. complainant.id_number
                      // implausible_age
};

/// Checks the body of POST /api/v1/complaints on `today` (China time). Fails with code
/// `validation` and one detail per bad field: {field, code, message in Chinese}, e.g.
/// complainant.id_number checksum ("…第18位应为“X”"), employer_uscc charset, period_to future,
/// region format. The ID number is never repeated in a message.
Expected<ComplaintForm> validate_complaint(const nlohmann::json& body, rules::Date today);

/// The case data of a complaint received on `received_on`.
nlohmann::json complaint_data(const ComplaintForm& form, rules::Date received_on);

}  // namespace wg::app
