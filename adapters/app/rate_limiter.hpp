// A token bucket per key (a client address): `per_minute` requests, bursts up to the same
// number. For the public routes, per node; a proxy in front may add a global limit.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "rules/date.hpp"

namespace wg::app {

class RateLimiter {
public:
    explicit RateLimiter(double per_minute) : per_minute_(per_minute) {}

    /// Takes one token for `key` at `now`; when none is left, false and the wait in seconds.
    bool take(const std::string& key, rules::Instant now, int& retry_after_seconds) {
        std::lock_guard lock(mutex_);
        if (buckets_.size() > 100'000) buckets_.clear();  // bounded memory under a flood of addresses
        auto [it, fresh] = buckets_.try_emplace(key, Bucket{per_minute_, now});
        Bucket& bucket = it->second;
        if (!fresh) {
            const double minutes = std::chrono::duration<double>(now - bucket.at).count() / 60.0;
            bucket.tokens = std::min(per_minute_, bucket.tokens + minutes * per_minute_);
            bucket.at = now;
        }
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        retry_after_seconds = static_cast<int>((1.0 - bucket.tokens) * 60.0 / per_minute_) + 1;
        return false;
    }

private:
    struct Bucket {
        double tokens;
        rules::Instant at;
    };
    double per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace wg::app
