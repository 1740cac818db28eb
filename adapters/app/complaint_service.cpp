// Field checks come first and are all reported together; then the case opens through the same
// path as any other (CaseService::open_case), as the role `worker`.
#include "adapters/app/complaint_service.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>

#include "rules/id_number.hpp"

namespace wg::app {
namespace {

void require_text(const Json& object, const std::string& prefix, const char* field, Errors& errors) {
    const std::string path = prefix + field;
    if (!object.contains(field)) {
        errors.push_back({"required", path + " is required", path, {}});
        return;
    }
    if (!object[field].is_string() || object[field].get_ref<const std::string&>().empty())
        errors.push_back({"type", path + " must be a non-empty string", path, {}});
}

// A mainland mobile number: 11 digits starting with 1 (spaces and dashes allowed when typed).
bool is_mobile(std::string text) {
    std::erase_if(text, [](char c) { return c == ' ' || c == '-'; });
    return text.size() == 11 && text[0] == '1' &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_complainant(const Json& body, rules::Date today, Errors& errors) {
    if (!body.contains("complainant") || !body["complainant"].is_object()) {
        errors.push_back({"required", "complainant {name, id_number, phone} is required", "complainant", {}});
        return;
    }
    const Json& person = body["complainant"];
    require_text(person, "complainant.", "name", errors);
    require_text(person, "complainant.", "phone", errors);
    if (person.contains("phone") && person["phone"].is_string() && !is_mobile(person["phone"]))
        errors.push_back({"format", "complainant.phone must be an 11-digit mobile number", "complainant.phone", {}});
    require_text(person, "complainant.", "id_number", errors);
    if (person.contains("id_number") && person["id_number"].is_string()) {
        auto valid = rules::validate_id_number(person["id_number"].get<std::string>(), today);
        // The message names the expected check character, never echoes the number.
        if (!valid) errors.push_back({valid.error().code, valid.error().message, "complainant.id_number", {}});
    }
}

Json public_deadlines(const Json& deadlines) {
    Json out = Json::array();
    for (const auto& deadline : deadlines)
        out.push_back({{"due_at", deadline.value("due_at", "")},
                       {"last_day", deadline.value("last_day", Json(nullptr))},
                       {"basis", deadline.value("basis", "")},
                       {"explanation", deadline.value("explanation", Json::object())}});
    return out;
}

}  // namespace

std::string tracking_number(const std::string& case_id) {
    std::string out = "WG-";
    for (char c : case_id.substr(0, 13)) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string ComplaintService::access_code(const std::string& case_id) const {
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    const std::string message = "access-code:" + case_id;
    HMAC(EVP_sha256(), pepper_.data(), static_cast<int>(pepper_.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &length);
    // Crockford's base32 without I, L, O, U: easy to read out and type.
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string code;
    for (int i = 0; i < 8; ++i) code += kAlphabet[mac[static_cast<std::size_t>(i)] & 0x1f];
    return code;
}

Expected<Reply> ComplaintService::file(const Json& body, const std::optional<IdempotencyKey>& key) {
    Errors errors;
    if (!body.is_object()) return fail("validation", "the complaint must be a JSON object");
    require_text(body, "", "region", errors);
    require_text(body, "", "employer", errors);
    require_text(body, "", "amount", errors);
    check_complainant(body, rules::legal_date(clock_.now()), errors);
    if (!errors.empty()) {
        Error error{"validation", "the complaint has invalid fields", {}, {}};
        error.details = std::move(errors);
        return Unexpected<Error>{std::move(error)};
    }
    Json data = {{"employer", body["employer"]}, {"amount", body["amount"]}, {"complainant", body["complainant"]}};
    for (const char* optional : {"project", "claimants"})
        if (body.contains(optional)) data[optional] = body[optional];
    data["complainant"]["id_number"] =
        rules::validate_id_number(body["complainant"]["id_number"].get<std::string>(), rules::legal_date(clock_.now()))
            ->normalised;
    const Json request = {{"workflow", "wage_complaint"}, {"region", body["region"]}, {"data", data}};
    auto opened = cases_.open_case(request, Actor{"public:complaint-form", "worker", ""}, key);
    if (!opened) return Unexpected<Error>{opened.error()};
    const std::string id = opened->body["id"];
    Json answer = {{"case_id", id},
                   {"tracking_no", tracking_number(id)},
                   {"access_code", access_code(id)},
                   {"state", opened->body["state"]},
                   {"state_label", opened->body.value("state_label", Json::object())},
                   {"deadlines", public_deadlines(opened->body.value("deadlines", Json::array()))}};
    return Reply{opened->status, std::move(answer), opened->replayed};
}

Expected<Json> ComplaintService::track(const std::string& tracking_no, const std::string& access_code_given) {
    auto unknown = [] { return fail("not_found", "no complaint with that tracking number and access code"); };
    if (tracking_no.size() != 16 || tracking_no.rfind("WG-", 0) != 0) return unknown();
    std::string prefix = tracking_no.substr(3);
    for (auto& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto ids = store_.ids_with_prefix(prefix);
    if (!ids) return Unexpected<Error>{ids.error()};
    for (const auto& id : *ids) {
        const std::string expected = access_code(id);
        if (access_code_given.size() != expected.size() ||
            CRYPTO_memcmp(expected.data(), access_code_given.data(), expected.size()) != 0)
            continue;
        auto found = store_.find(id);
        if (!found) return Unexpected<Error>{found.error()};
        auto view = cases_.get_case(id, Actor{"public:" + tracking_no, "worker", ""});
        if (!view) return Unexpected<Error>{view.error()};
        return Json{{"tracking_no", tracking_no},
                    {"state", (*view)["state"]},
                    {"state_label", view->value("state_label", Json::object())},
                    {"final", view->value("final", false)},
                    {"updated_at", (*view)["updated_at"]},
                    {"deadlines", public_deadlines(view->value("deadlines", Json::array()))}};
    }
    return unknown();
}

}  // namespace wg::app
