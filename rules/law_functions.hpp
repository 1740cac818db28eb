// The law-parameter lookups offered to expressions as host functions, each answering with a
// record of the value and the rule that produced it: meets_criminal_threshold(...).value.
#pragma once

#include <memory>

#include "rules/expected.hpp"
#include "rules/expr/functions.hpp"
#include "rules/expr/type.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {

/// record{explanation: string, rule: string, source: string, value: `value`}: what every law
/// function returns. `rule` is the deciding rule's id, kept by the audit trail.
Type ruling_type(Type value);

/// record{amount: money, months_unpaid: integer}: one worker's claim, the element type of the
/// first argument of meets_criminal_threshold. Records with more fields fit.
Type worker_claim_type();

/// record{arrears_in_prior_year: bool, arrears_in_prior_two_years: bool, clean_years: integer,
/// concurrent_projects_in_area: integer, systems_in_place: bool}: deposit_amount's second argument.
Type contractor_record_type();

/// record{max: money, min: money}: the value of penalty_range and additional_compensation.
Type money_range_type();

/// Registers, over `law` (shared by every compiled expression that calls them):
///   meets_criminal_threshold(claims: list<worker claim>, region: string, on_date: date) ->
///   ruling<bool> final_award_cap(region: string, on_date: date) -> ruling<money>
///   minimum_wage(region: string, on_date: date) -> ruling<money>
///   deposit_amount(contract_value: money, contractor_record: contractor record, region: string,
///                  on_date: date) -> ruling<money>
///   penalty_range(key: string, on_date: date) -> ruling<record{max, min}>
///   additional_compensation(amount_due: money, on_date: date) -> ruling<record{max, min}>
/// Record arguments are checked against these types at compile time (extra fields are ignored).
/// At run time a lookup's failure keeps its code (`no_rule`, `region`, `negative_amount`,
/// `inconsistent_record`, `overflow`); case data of the wrong shape inside a record or list
/// argument fails with `type`, a missing or null field with `null_value`, a count beyond int
/// with `overflow`, a negative months_unpaid with `negative_amount`.
/// Fails with code `function`, registering nothing, when `law` is null or a name is taken.
Expected<void> register_law_functions(FunctionRegistry& functions,
                                      std::shared_ptr<const LawParameters> law);

}  // namespace wg::rules
