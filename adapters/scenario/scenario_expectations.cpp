// Each expectation key is one small comparison; values are compared as people write them
// (amounts by value, so "21000" and "21000.00" agree; dates and names as text).
#include "adapters/scenario/scenario_expectations.hpp"

#include <algorithm>

#include "rules/money.hpp"

namespace wg::scenario {
namespace {

constexpr std::string_view kProblemPrefix = "urn:wageguard:problem:";

std::string text_of(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "null";
    return value.dump();
}

bool same_value(const Json& expected, const Json& actual) {
    if (expected.is_null()) return actual.is_null();
    const std::string want = text_of(expected), got = text_of(actual);
    if (want == got) return true;
    const auto a = rules::parse_money(want), b = rules::parse_money(got);
    return a && b && *a == *b;
}

std::string join(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "]";
}

/// The problem's code and every FIELD.CODE of its field errors.
std::vector<std::string> error_codes(const Json& problem) {
    std::vector<std::string> out;
    if (!problem.is_object()) return out;
    const std::string type = problem.value("type", std::string());
    if (type.rfind(kProblemPrefix, 0) == 0) out.push_back(type.substr(kProblemPrefix.size()));
    if (const auto it = problem.find("errors"); it != problem.end() && it->is_array())
        for (const auto& e : *it) {
            const std::string field = e.value("field", std::string()), code = e.value("code", std::string());
            out.push_back(field.empty() ? code : field + "." + code);
        }
    return out;
}

bool error_matches(const std::string& expected, const std::string& candidate) {
    return candidate == expected ||
           (candidate.size() > expected.size() && candidate.ends_with(expected) &&
            candidate[candidate.size() - expected.size() - 1] == '.');
}

/// A dotted path ("complainant.name", "warnings.0.code") into a JSON value; null when absent.
Json field_of(const Json& data, const std::string& path) {
    const Json* at = &data;
    std::size_t from = 0;
    for (;;) {
        const auto dot = path.find('.', from);
        const std::string key = path.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
        if (at->is_object()) {
            const auto it = at->find(key);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array() && !key.empty() && key.find_first_not_of("0123456789") == std::string::npos &&
                   std::stoul(key) < at->size()) {
            at = &(*at)[std::stoul(key)];
        } else {
            return nullptr;
        }
        if (dot == std::string::npos) return *at;
        from = dot + 1;
    }
}

std::string last_day_of(const Json& deadline) {
    if (const auto day = deadline.find("last_day"); day != deadline.end() && day->is_string()) return *day;
    auto due = rules::parse_instant(deadline.value("due_at", std::string()));
    if (!due) return "?";
    return rules::format_date(rules::legal_date(*due - std::chrono::milliseconds(1)));
}

std::string deadline_text(const std::map<std::string, std::string>& deadlines) {
    std::vector<std::string> items;
    for (const auto& [fires, day] : deadlines) items.push_back(fires + ": " + day);
    return items.empty() ? "{} (none)" : "{" + join(items).substr(1, join(items).size() - 2) + "}";
}

void check_status(const Expectation& e, const Observed& o, std::vector<std::string>& out) {
    if (!e.status) return;
    if (!o.status) return out.push_back("status: expected " + std::to_string(*e.status) + ", but this step sends no request");
    if (*o.status == *e.status) return;
    std::string line = "status: expected " + std::to_string(*e.status) + ", got " + std::to_string(*o.status);
    if (o.problem.is_object() && o.problem.contains("detail")) line += " (" + text_of(o.problem["detail"]) + ")";
    const auto codes = error_codes(o.problem);
    if (!codes.empty()) line += " errors " + join(codes);
    out.push_back(line);
}

void check_error(const Expectation& e, const Observed& o, std::vector<std::string>& out) {
    if (!e.error) return;
    const auto codes = error_codes(o.problem);
    if (std::any_of(codes.begin(), codes.end(), [&](const std::string& c) { return error_matches(*e.error, c); })) return;
    out.push_back("error: expected " + *e.error + ", got " + (codes.empty() ? std::string("no error") : join(codes)));
}

void check_response(const Expectation& e, const Observed& o, std::vector<std::string>& out) {
    for (const auto& [path, expected] : e.response) {
        const Json actual = field_of(o.problem, path);
        if (!same_value(expected, actual))
            out.push_back("response." + path + ": expected " + text_of(expected) + ", got " + text_of(actual));
    }
    if (e.cases && o.cases && *e.cases != *o.cases)
        out.push_back("cases: expected " + std::to_string(*e.cases) + " in the database, got " + std::to_string(*o.cases));
}

void check_case(const Expectation& e, const Observed& o, std::vector<std::string>& out) {
    const Json& view = o.case_view;
    if (e.state && view.value("state", std::string()) != *e.state)
        out.push_back("state: expected " + *e.state + ", got " + view.value("state", std::string("?")));
    if (e.final && view.value("final", false) != *e.final)
        out.push_back(std::string("final: expected ") + (*e.final ? "true" : "false") + ", got " +
                      (view.value("final", false) ? "true" : "false") + " (state " + view.value("state", std::string("?")) + ")");
    if (e.deadlines) {
        std::map<std::string, std::string> want, got;
        for (const auto& [fires, day] : *e.deadlines) want[fires] = rules::format_date(day);
        if (const auto it = view.find("deadlines"); it != view.end() && it->is_array())
            for (const auto& d : *it) got[d.value("fires", std::string("?"))] = last_day_of(d);
        if (want != got) out.push_back("deadlines: expected " + deadline_text(want) + ", got " + deadline_text(got));
    }
    const Json data = view.value("data", Json::object());
    for (const auto& [field, expected] : e.data) {
        const Json actual = field_of(data, field);
        if (!same_value(expected, actual))
            out.push_back("data." + field + ": expected " + text_of(expected) + ", got " + text_of(actual));
    }
}

void check_messages(const std::optional<std::vector<std::string>>& want, const std::string& kind, const std::string& key,
                    const Observed& o, std::vector<std::string>& out) {
    if (!want) return;
    std::vector<std::string> got;
    for (const auto& m : o.messages)
        if (m.kind == kind) got.push_back(m.message);
    std::vector<std::string> expected = *want;
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    if (got != expected) out.push_back(key + ": expected " + join(expected) + ", got " + join(got));
}

void check_children(const Expectation& e, const Observed& o, std::vector<std::string>& out) {
    if (!e.children) return;
    bool same = e.children->size() == o.children.size();
    for (std::size_t i = 0; same && i < o.children.size(); ++i) {
        const auto& [workflow, state] = (*e.children)[i];
        same = workflow == o.children[i].first && (state.empty() || state == o.children[i].second);
    }
    if (same) return;
    auto text = [](const std::vector<std::pair<std::string, std::string>>& list) {
        std::vector<std::string> items;
        for (const auto& [w, s] : list) items.push_back(s.empty() ? w : w + " in " + s);
        return join(items);
    };
    out.push_back("children: expected " + text(*e.children) + ", got " + text(o.children));
}

}  // namespace

std::vector<std::string> compare(const Expectation& expected, const Observed& observed) {
    std::vector<std::string> out;
    check_status(expected, observed, out);
    check_error(expected, observed, out);
    check_response(expected, observed, out);
    if (!observed.case_view.is_null()) check_case(expected, observed, out);
    check_messages(expected.alerts, "alert", "alerts", observed, out);
    check_messages(expected.notices, "notify", "notices", observed, out);
    check_children(expected, observed, out);
    if (!out.empty() && !observed.deadline_errors.empty())
        out.push_back("(deadlines of this case that could not fire: " + join(observed.deadline_errors) + ")");
    return out;
}

}  // namespace wg::scenario
