// What all law-parameter rules share: sources, validity periods and region codes.
#include "rules/law_parameters.hpp"

#include "rules/chars.hpp"

namespace wg::rules {

std::string LegalSource::to_string() const {
    std::string out = law;
    if (!document.empty()) out += " (" + document + ")";
    if (!article.empty()) out += " art. " + article;
    if (!confidence.empty()) out += " [" + confidence + "]";
    return out;
}

bool Validity::covers(Date day) const {
    return from <= day && (!to || day <= *to);
}

std::string Validity::to_string() const {
    return format_date(from) + ".." + (to ? format_date(*to) : std::string());
}

Expected<std::string> city_of(std::string_view region) {
    if (region.size() < 4 || !chars::all_digits(region))
        return fail("region", "region '" + std::string(region) +
                                  "' is not a division code of a city or below (e.g. 4401 or 440111)");
    return std::string(region.substr(0, 4));
}

}  // namespace wg::rules
