// Each field is checked on its own and every failure is reported, so that a worker fixes the
// form in one go. The identity rules are the core's (rules/id_number, rules/uscc); this file
// adds what the form needs around them and says it in Chinese.
#include "adapters/app/complaint_validation.hpp"

#include <algorithm>

#include "rules/chars.hpp"
#include "rules/id_number.hpp"
#include "rules/money.hpp"
#include "rules/uscc.hpp"

namespace wg::app {
namespace {

using Json = nlohmann::json;

void add(Errors& errors, std::string field, std::string code, std::string message) {
    errors.push_back({std::move(code), std::move(message), std::move(field), {}, {}});
}

// A non-empty string at `path` of `object`, trimmed; nullopt (and an error when `label` says the
// field is required) otherwise.
std::optional<std::string> text(const Json& object, const char* name, const std::string& path,
                                const char* label, bool required, Errors& errors) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required) add(errors, path, "required", std::string("请填写") + label);
        return std::nullopt;
    }
    const std::string value =
        it->is_string() ? std::string(rules::chars::trim(it->get<std::string>())) : "";
    if (value.empty()) {
        add(errors, path, required ? "required" : "type", std::string(label) + "不能为空");
        return std::nullopt;
    }
    return value;
}

// A mainland mobile number: 11 digits starting with 1 (spaces and dashes allowed when typed).
bool is_mobile(std::string digits) {
    std::erase_if(digits, [](char c) { return c == ' ' || c == '-'; });
    return digits.size() == 11 && digits[0] == '1' && rules::chars::all_digits(digits);
}

std::string in_quotes(std::string_view text) {
    return "“" + std::string(text) + "”";
}

// 用工所在地 is a county-level division (a district, a county, or a city without districts such
// as 东莞 441900): six digits, a province prefix, not a whole province.
bool is_district_code(const std::string& code) {
    return code.size() == 6 && rules::chars::all_digits(code) && code.substr(2) != "0000" &&
           code[0] >= '1' && code[0] <= '8';
}

std::optional<std::string> check_region(const Json& body, Errors& errors) {
    const std::size_t before = errors.size();
    auto district = text(body, "project_district", "project_district", "用工所在地", false, errors);
    auto region = text(body, "region", "region", "用工所在地", false, errors);
    if (errors.size() != before) return std::nullopt;
    if (district && region && *district != *region) {
        add(errors, "project_district", "conflict",
            "project_district 与 region 不一致，请只填写用工所在地的区县代码");
        return std::nullopt;
    }
    const char* field = district ? "project_district" : "region";
    auto code = district ? district : region;
    if (!code) {
        add(errors, "project_district", "required",
            "请填写用工所在地（区县六位行政区划代码，如 440111 白云区）");
        return std::nullopt;
    }
    if (!is_district_code(*code)) {
        add(errors, field, "format", "用工所在地应为区县级六位行政区划代码，如 440111（白云区）");
        return std::nullopt;
    }
    return code;
}

// The message names the expected check character, never the number.
std::string id_number_message(const Error& error, std::string_view typed) {
    const std::string_view number = rules::chars::trim(typed);
    if (error.code == "checksum")
        return "身份证号码校验码错误：第18位应为" +
               in_quotes(std::string(1, rules::id_number_check_character(number.substr(0, 17))));
    if (error.code == "birth_date") return "身份证号码中的出生日期无效（不是真实日期，或晚于今天）";
    if (error.code == "province") return "身份证号码前两位不是有效的省级行政区划代码";
    if (error.code == "charset") return "身份证号码只能由数字组成，最后一位可以是 X";
    if (error.code == "legacy_15_digit")
        return "15位的第一代身份证号码已停止使用，请填写现在使用的18位号码";
    return "身份证号码应为18位";
}

void check_complainant(const Json& body, rules::Date today, ComplaintForm& form, Errors& errors) {
    const auto it = body.find("complainant");
    if (it == body.end() || !it->is_object()) {
        add(errors, "complainant", "required", "请填写投诉人信息（姓名、身份证号码、手机号码）");
        return;
    }
    const Json& person = *it;
    if (auto name = text(person, "name", "complainant.name", "投诉人姓名", true, errors))
        form.name = *name;
    if (auto phone = text(person, "phone", "complainant.phone", "手机号码", true, errors)) {
        if (is_mobile(*phone))
            form.phone = *phone;
        else
            add(errors, "complainant.phone", "format", "手机号码应为以1开头的11位数字");
    }
    auto typed = text(person, "id_number", "complainant.id_number", "身份证号码", true, errors);
    if (!typed) return;
    auto valid = rules::validate_id_number(*typed, today);
    if (!valid) {
        add(errors, "complainant.id_number", valid.error().code,
            id_number_message(valid.error(), *typed));
        return;
    }
    form.id_number = valid->normalised;
    for (const auto& warning : valid->warnings)
        add(form.warnings, "complainant.id_number", warning.code,
            warning.code == "implausible_age"
                ? "身份证号码显示的年龄超过100岁或不满16岁，请核对（仅作提示，投诉已受理）"
                : warning.message);
}

// The first character a USCC may not hold, and its 1-based position (after upper-casing).
std::string uscc_charset_message(const std::string& code) {
    constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (std::size_t i = 0; i < code.size(); ++i) {
        const bool check_position = i == 17 && code.size() == 18;
        if (kCharset.find(code[i]) != std::string_view::npos) continue;
        if (check_position && rules::chars::is_ascii_alnum(code[i])) continue;
        return "统一社会信用代码第" + std::to_string(rules::chars::position_of(code, i)) +
               "位的字符" + in_quotes(rules::chars::character_at(code, i)) +
               "不允许（只用数字和除 I、O、S、V、Z 以外的大写字母）";
    }
    return "统一社会信用代码含有不允许的字符";
}

void check_employer_uscc(const Json& body, ComplaintForm& form, Errors& errors) {
    auto typed = text(body, "employer_uscc", "employer_uscc", "统一社会信用代码", false, errors);
    if (!typed) return;
    std::string code = *typed;
    std::transform(code.begin(), code.end(), code.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    });
    auto valid = rules::validate_uscc(code);
    if (valid) {
        form.employer_uscc = valid->normalised;
        for (const auto& warning : valid->warnings)
            add(form.warnings, "employer_uscc", warning.code, warning.message);
        return;
    }
    const std::string& failure = valid.error().code;
    if (failure == "checksum")
        add(errors, "employer_uscc", "checksum",
            "统一社会信用代码校验码错误：第18位应为" +
                in_quotes(std::string(1, rules::uscc_check_character(code.substr(0, 17)))));
    else if (failure == "charset")
        add(errors, "employer_uscc", "charset", uscc_charset_message(code));
    else
        add(errors, "employer_uscc", failure,
            "统一社会信用代码应为18位，第3至8位是行政区划代码（数字）");
}

std::optional<rules::Date> check_date(const Json& body, const char* field, const char* label,
                                      rules::Date today, Errors& errors) {
    auto typed = text(body, field, field, label, false, errors);
    if (!typed) return std::nullopt;
    auto date = rules::parse_date(*typed);
    if (!date) {
        add(errors, field, "format", std::string(label) + "应为真实日期，格式如 2025-06-01");
        return std::nullopt;
    }
    if (*date > today) {
        add(errors, field, "future",
            std::string(label) + "不能晚于今天（" + rules::format_date(today) + "）");
        return std::nullopt;
    }
    return *date;
}

// The unpaid period is optional (the inspector can ask for it), but given, it is whole: a
// duplicate is recognised by overlapping periods, and the 2-year look-back (D3) counts from its
// end.
void check_period(const Json& body, rules::Date today, ComplaintForm& form, Errors& errors) {
    const std::size_t before = errors.size();
    auto from = check_date(body, "period_from", "欠薪起始日期", today, errors);
    auto to = check_date(body, "period_to", "欠薪截止日期", today, errors);
    if (errors.size() != before) return;
    if (from && !to)
        add(errors, "period_to", "required", "填写了欠薪起始日期，请同时填写欠薪截止日期");
    if (to && !from)
        add(errors, "period_from", "required", "填写了欠薪截止日期，请同时填写欠薪起始日期");
    if (from && to && *from > *to)
        add(errors, "period_to", "order", "欠薪截止日期不能早于起始日期");
    if (errors.size() != before) return;
    form.period_from = from;
    form.period_to = to;
}

void check_amount(const Json& body, ComplaintForm& form, Errors& errors) {
    auto typed = text(body, "amount", "amount", "欠薪金额", true, errors);
    if (!typed) return;
    auto amount = rules::parse_money(*typed);
    if (!amount) {
        add(errors, "amount", "format", "欠薪金额应为以元为单位的数字，最多两位小数，如 21000.00");
        return;
    }
    if (amount->fen <= 0) {
        add(errors, "amount", "range", "欠薪金额应大于零");
        return;
    }
    form.amount = rules::format_money(*amount);
}

void check_dispute(const Json& body, ComplaintForm& form, Errors& errors) {
    auto forum =
        text(body, "dispute_pending_in", "dispute_pending_in", "争议处理机构", false, errors);
    if (!forum) return;
    if (*forum != "arbitration" && *forum != "court") {
        add(errors, "dispute_pending_in", "enum",
            "dispute_pending_in 只能是 arbitration（仲裁）或 court（法院）");
        return;
    }
    form.dispute_pending_in = *forum;
}

}  // namespace

Expected<ComplaintForm> validate_complaint(const Json& body, rules::Date today) {
    if (!body.is_object()) return fail("validation", "投诉内容应为 JSON 对象");
    ComplaintForm form;
    Errors errors;
    if (auto region = check_region(body, errors)) form.region = *region;
    if (auto employer = text(body, "employer", "employer", "用人单位名称", true, errors))
        form.employer = *employer;
    check_employer_uscc(body, form, errors);
    if (auto project = text(body, "project", "project", "项目名称", false, errors))
        form.project = *project;
    if (const auto it = body.find("claimants"); it != body.end()) {
        if (it->is_number_integer() && it->get<std::int64_t>() >= 1)
            form.claimants = it->get<std::int64_t>();
        else
            add(errors, "claimants", "range", "投诉人数应为不小于1的整数");
    }
    check_amount(body, form, errors);
    check_period(body, today, form, errors);
    check_dispute(body, form, errors);
    check_complainant(body, today, form, errors);
    if (!errors.empty()) {
        Error error{"validation",
                    "投诉表格有需要更正的内容（the complaint has invalid fields）",
                    {},
                    {},
                    {}};
        error.details = std::move(errors);
        return Unexpected<Error>{std::move(error)};
    }
    return form;
}

Json complaint_data(const ComplaintForm& form, rules::Date received_on) {
    Json data = {{"employer", form.employer},
                 {"amount", form.amount},
                 {"received_on", rules::format_date(received_on)},
                 {"complainant",
                  {{"name", form.name}, {"id_number", form.id_number}, {"phone", form.phone}}}};
    if (form.period_from) data["period_from"] = rules::format_date(*form.period_from);
    if (form.period_to) data["period_to"] = rules::format_date(*form.period_to);
    if (!form.employer_uscc.empty()) data["employer_uscc"] = form.employer_uscc;
    if (!form.project.empty()) data["project"] = form.project;
    if (form.claimants) data["claimants"] = *form.claimants;
    if (!form.dispute_pending_in.empty()) data["dispute_pending_in"] = form.dispute_pending_in;
    return data;
}

}  // namespace wg::app
