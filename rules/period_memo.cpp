// Memoised period additions.
#include "rules/period_memo.hpp"

namespace wg::rules {

Expected<const PeriodMemo::Remembered*> PeriodMemo::add_period(const Calendar& calendar, Date start, Period period,
                                                     PeriodPolicy policy) {
    const Key key{&calendar, std::chrono::sys_days{start}.time_since_epoch().count(), period.count,
                  static_cast<int>(period.unit), static_cast<int>(policy.make_up_days)};
    if (const auto it = entries_.find(key); it != entries_.end()) return &it->second;
    auto computed = rules::add_period(calendar, start, period, policy);
    if (!computed) return Unexpected<Error>{computed.error()};
    if (entries_.size() >= kMaxEntries) entries_.clear();
    auto explanation = std::make_shared<const Explanation>(computed->explanation);
    return &entries_.emplace(key, Remembered{std::move(*computed), std::move(explanation)}).first->second;
}

}  // namespace wg::rules
