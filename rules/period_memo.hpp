// A memo of period additions: cases that start a period on the same day share its end and
// explanation, so a busy day computes each (start, period) once. Not thread-safe: one per
// thread. Bounded: it forgets everything when full.
#pragma once

#include <map>
#include <memory>
#include <tuple>

#include "rules/period.hpp"

namespace wg::rules {

class PeriodMemo {
public:
    struct Remembered {
        DateDeadline deadline;
        std::shared_ptr<const Explanation> explanation;  // deadline.explanation, shareable
    };

    /// add_period(calendar, start, period, policy), remembered. The pointer stays valid until
    /// the next call. Failures are not remembered.
    Expected<const Remembered*> add_period(const Calendar& calendar, Date start, Period period,
                                           PeriodPolicy policy = {});

    [[nodiscard]] std::size_t size() const { return entries_.size(); }

private:
    using Key = std::tuple<const Calendar*, long, std::int64_t, int, int>;
    static constexpr std::size_t kMaxEntries = 4096;
    std::map<Key, Remembered> entries_;
};

}  // namespace wg::rules
