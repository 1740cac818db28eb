// Field checks come first and are all reported together; then the intake files the complaint
// (every change through CaseService, as any other), and the receipt says what became of it.
#include "adapters/app/complaint_service.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>

#include "adapters/app/complaint_validation.hpp"

namespace wg::app {
namespace {

const Actor kReader{"public:complaint-form", "worker", ""};

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
    auto form = validate_complaint(body, rules::legal_date(clock_.now()));
    if (!form) return Unexpected<Error>{form.error()};
    auto outcome = intake_.file(*form, key);
    if (!outcome) return Unexpected<Error>{outcome.error()};
    auto status = public_status(outcome->case_id);
    if (!status) return Unexpected<Error>{status.error()};
    Json answer = {{"case_id", outcome->case_id},
                   {"tracking_no", tracking_number(outcome->case_id)},
                   {"access_code", access_code(outcome->case_id)},
                   {"linked", outcome->linked}};
    answer.update(*status);
    answer["warnings"] = Json::array();
    if (!outcome->linked && !outcome->replayed)
        for (const auto& warning : form->warnings)
            answer["warnings"].push_back({{"field", warning.field}, {"code", warning.code}, {"message", warning.message}});
    return Reply{outcome->status, std::move(answer), outcome->replayed};
}

Expected<Json> ComplaintService::public_status(const std::string& case_id) {
    auto view = cases_.get_case(case_id, kReader);
    if (!view) return Unexpected<Error>{view.error()};
    Json status = {{"state", (*view)["state"]},
                   {"state_label", view->value("state_label", Json::object())},
                   {"final", view->value("final", false)},
                   {"updated_at", (*view)["updated_at"]},
                   {"deadlines", public_deadlines(view->value("deadlines", Json::array()))}};
    const Json data = view->value("data", Json::object());
    const std::string collective = data.value("collective_case", "");
    if (collective.empty() || !is_case_id(collective)) return status;
    // Merged: the worker follows the collective case (its status only, never its data).
    auto joined = cases_.get_case(collective, kReader);
    if (!joined) return status;
    status["collective"] = {{"tracking_no", tracking_number(collective)},
                            {"state", (*joined)["state"]},
                            {"state_label", joined->value("state_label", Json::object())},
                            {"final", joined->value("final", false)},
                            {"deadlines", public_deadlines(joined->value("deadlines", Json::array()))}};
    return status;
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
        auto status = public_status(id);
        if (!status) return Unexpected<Error>{status.error()};
        Json seen = {{"tracking_no", tracking_no}};
        seen.update(*status);
        return seen;
    }
    return unknown();
}

}  // namespace wg::app
