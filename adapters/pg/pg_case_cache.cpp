#include "adapters/pg/pg_case_cache.hpp"

namespace wg::pg {

CaseCache::CaseCache(std::size_t capacity) : capacity_(capacity) {}

std::shared_ptr<const app::CaseRecord> CaseCache::get(const std::string& id) {
    if (capacity_ == 0) return nullptr;
    std::lock_guard lock(mutex_);
    const auto found = by_id_.find(id);
    if (found == by_id_.end()) {
        misses_.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    recent_.splice(recent_.begin(), recent_, found->second);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return *found->second;
}

void CaseCache::put(const app::CaseRecord& record) {
    if (capacity_ == 0) return;
    if (record.data.dump().size() > kMaxDataBytes) {
        erase(record.id);
        return;
    }
    auto entry = std::make_shared<const app::CaseRecord>(record);  // the copy is made outside the lock
    std::lock_guard lock(mutex_);
    const auto found = by_id_.find(record.id);
    if (found != by_id_.end()) {
        // A read that started before a write may finish after it: keep the newer version.
        if ((*found->second)->version >= record.version) return;
        *found->second = std::move(entry);
        recent_.splice(recent_.begin(), recent_, found->second);
        return;
    }
    recent_.push_front(std::move(entry));
    by_id_.emplace(record.id, recent_.begin());
    if (recent_.size() > capacity_) {
        by_id_.erase(recent_.back()->id);
        recent_.pop_back();
    }
}

void CaseCache::erase(const std::string& id) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    const auto found = by_id_.find(id);
    if (found == by_id_.end()) return;
    recent_.erase(found->second);
    by_id_.erase(found);
}

CaseCache::Counts CaseCache::counts() const {
    Counts counts{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed),
                  stale_.load(std::memory_order_relaxed), 0};
    std::lock_guard lock(mutex_);
    counts.size = recent_.size();
    return counts;
}

}  // namespace wg::pg
