// Adapts the law-parameter lookups to host functions. Records inside arguments are read
// defensively: the evaluator checks case data only at the level it reads (a list is a list), so
// a claim of the wrong shape must become an error here, never a bad access.
#include "rules/law_functions.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace wg::rules {
namespace {

using Arguments = std::span<const Value>;

// --- reading records of case data ----------------------------------------------------------

// The field `name` of `record`, which must hold `kind`; `what` names the record in messages.
Expected<const Value*> field_of(const Value& record, const std::string& name, ValueKind kind,
                                const std::string& what) {
    if (record.is_null()) return fail("null_value", what + " is null");
    if (record.kind() != ValueKind::record)
        return fail("type",
                    what + " holds " + std::string(kind_name(record.kind())) + ", not a record");
    const Value* value = record.as_record().find(name);
    if (value == nullptr || value->is_null())
        return fail("null_value", what + " has no '" + name + "'");
    if (value->kind() != kind)
        return fail("type", what + " field '" + name + "' holds " +
                                std::string(kind_name(value->kind())) + " where " +
                                std::string(kind_name(kind)) + " was expected");
    return value;
}

Expected<bool> flag_of(const Value& record, const std::string& name, const std::string& what) {
    auto field = field_of(record, name, ValueKind::boolean, what);
    if (!field) return Unexpected<Error>{field.error()};
    return (*field)->as_bool();
}

// An integer field that must fit an int (the lookups count months, years and projects in int).
Expected<int> count_of(const Value& record, const std::string& name, const std::string& what) {
    auto field = field_of(record, name, ValueKind::integer, what);
    if (!field) return Unexpected<Error>{field.error()};
    const std::int64_t count = (*field)->as_integer();
    if (count > std::numeric_limits<int>::max() || count < std::numeric_limits<int>::min())
        return fail("overflow",
                    what + " field '" + name + "' is out of range: " + std::to_string(count));
    return static_cast<int>(count);
}

Expected<WorkerClaim> claim_of(const Value& item, std::size_t index) {
    const std::string what = "claim " + std::to_string(index + 1);
    auto amount = field_of(item, "amount", ValueKind::money, what);
    if (!amount) return Unexpected<Error>{amount.error()};
    auto months = count_of(item, "months_unpaid", what);
    if (!months) return Unexpected<Error>{months.error()};
    if (*months < 0) return fail("negative_amount", what + " has a negative months_unpaid");
    return WorkerClaim{(*amount)->as_money(), *months};
}

Expected<std::vector<WorkerClaim>> claims_of(const Value& list) {
    std::vector<WorkerClaim> claims;
    claims.reserve(list.as_list().size());
    for (const Value& item : list.as_list()) {
        auto claim = claim_of(item, claims.size());
        if (!claim) return Unexpected<Error>{claim.error()};
        claims.push_back(*claim);
    }
    return claims;
}

// The contractor record's fields, in one place for its type and for reading it.
struct FlagField {
    const char* name;
    bool ContractorRecord::*member;
};
struct CountField {
    const char* name;
    int ContractorRecord::*member;
};
constexpr FlagField kContractorFlags[] = {
    {"arrears_in_prior_year", &ContractorRecord::arrears_in_prior_year},
    {"arrears_in_prior_two_years", &ContractorRecord::arrears_in_prior_two_years},
    {"systems_in_place", &ContractorRecord::systems_in_place},
};
constexpr CountField kContractorCounts[] = {
    {"clean_years", &ContractorRecord::clean_years},
    {"concurrent_projects_in_area", &ContractorRecord::concurrent_projects_in_area},
};

Expected<ContractorRecord> contractor_of(const Value& value) {
    const std::string what = "contractor_record";
    ContractorRecord record;
    for (const auto& [name, member] : kContractorFlags) {
        auto flag = flag_of(value, name, what);
        if (!flag) return Unexpected<Error>{flag.error()};
        record.*member = *flag;
    }
    for (const auto& [name, member] : kContractorCounts) {
        auto count = count_of(value, name, what);
        if (!count) return Unexpected<Error>{count.error()};
        record.*member = *count;
    }
    return record;
}

// --- answering ------------------------------------------------------------------------------

Value value_of(bool flag) { return Value(flag); }
Value value_of(Money amount) { return Value(amount); }
Value value_of(const MoneyRange& range) {
    return Value(Record{{"min", Value(range.min)}, {"max", Value(range.max)}});
}

template <typename T>
Expected<Value> answer(const Expected<Ruling<T>>& ruling) {
    if (!ruling) return Unexpected<Error>{ruling.error()};
    return Value(Record{{"value", value_of(ruling->value)},
                        {"rule", Value(ruling->rule_id)},
                        {"source", Value(ruling->source)},
                        {"explanation", Value(ruling->explanation)}});
}

// --- the functions --------------------------------------------------------------------------

using Law = std::shared_ptr<const LawParameters>;

HostFunction criminal_threshold_function(Law law) {
    return {"meets_criminal_threshold",
            {Type::list(worker_claim_type()), Type::string(), Type::date()},
            ruling_type(Type::boolean()),
            [law](Arguments a) -> Expected<Value> {
                auto claims = claims_of(a[0]);
                if (!claims) return Unexpected<Error>{claims.error()};
                return answer(
                    meets_criminal_threshold(*law, *claims, a[1].as_string(), a[2].as_date()));
            },
            "whether unpaid wages reach 数额较大 for 拒不支付劳动报酬罪 (刑法 Art. 276-1)"};
}

HostFunction final_award_cap_function(Law law) {
    return {"final_award_cap",
            {Type::string(), Type::date()},
            ruling_type(Type::money()),
            [law](Arguments a) -> Expected<Value> {
                return answer(final_award_cap(*law, a[0].as_string(), a[1].as_date()));
            },
            "the largest claim item a final arbitral award decides (调解仲裁法 Art. 47)"};
}

HostFunction minimum_wage_function(Law law) {
    return {"minimum_wage",
            {Type::string(), Type::date()},
            ruling_type(Type::money()),
            [law](Arguments a) -> Expected<Value> {
                return answer(minimum_wage(*law, a[0].as_string(), a[1].as_date()));
            },
            "the local monthly minimum wage in force"};
}

HostFunction deposit_amount_function(Law law) {
    return {"deposit_amount",
            {Type::money(), contractor_record_type(), Type::string(), Type::date()},
            ruling_type(Type::money()),
            [law](Arguments a) -> Expected<Value> {
                auto record = contractor_of(a[1]);
                if (!record) return Unexpected<Error>{record.error()};
                return answer(deposit_amount(*law, a[0].as_money(), *record, a[2].as_string(),
                                             a[3].as_date()));
            },
            "a construction project's wage deposit (人社部发〔2021〕65号 Art. 11-12)"};
}

HostFunction penalty_range_function(Law law) {
    return {"penalty_range",
            {Type::string(), Type::date()},
            ruling_type(money_range_type()),
            [law](Arguments a) -> Expected<Value> {
                return answer(penalty_range(*law, a[0].as_string(), a[1].as_date()));
            },
            "the fine range for a violation key such as reg724.art54.unit"};
}

HostFunction additional_compensation_function(Law law) {
    return {"additional_compensation",
            {Type::money(), Type::date()},
            ruling_type(money_range_type()),
            [law](Arguments a) -> Expected<Value> {
                return answer(additional_compensation(*law, a[0].as_money(), a[1].as_date()));
            },
            "加付赔偿金 bounds for an amount due (劳动合同法 Art. 85)"};
}

}  // namespace

Type ruling_type(Type value) {
    return Type::record({{"value", std::move(value)},
                         {"rule", Type::string()},
                         {"source", Type::string()},
                         {"explanation", Type::string()}});
}

Type worker_claim_type() {
    return Type::record({{"amount", Type::money()}, {"months_unpaid", Type::integer()}});
}

Type contractor_record_type() {
    TypeFields fields;
    for (const auto& field : kContractorFlags) fields.emplace_back(field.name, Type::boolean());
    for (const auto& field : kContractorCounts) fields.emplace_back(field.name, Type::integer());
    return Type::record(std::move(fields));
}

Type money_range_type() { return Type::record({{"min", Type::money()}, {"max", Type::money()}}); }

Expected<void> register_law_functions(FunctionRegistry& functions,
                                      std::shared_ptr<const LawParameters> law) {
    if (!law) return fail("function", "law functions need law parameters");
    return functions.add_all({criminal_threshold_function(law), final_award_cap_function(law),
                              minimum_wage_function(law), deposit_amount_function(law), penalty_range_function(law),
                              additional_compensation_function(law)});
}

}  // namespace wg::rules
