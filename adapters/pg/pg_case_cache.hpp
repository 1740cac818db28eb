// The cases this node last wrote or read, so that a step on a known case can skip the locked
// read. A cached copy is only ever a guess: PgCaseStore decides on it and then has the database
// write the step only if the case is still at that version and state with the same pending
// deadline (wageguard_step, schemas/sql/0009); when another node or the deadline worker moved
// it, the step reads the case under lock and decides again. So the cache can make a step faster
// but never change its outcome. Least recently used cases leave first. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "adapters/app/case_store.hpp"

namespace wg::pg {

class CaseCache {
public:
    /// A case whose data is longer than this as JSON text is not kept, so that a few outsized
    /// cases cannot make the cache's memory unbounded; its steps read it under lock.
    static constexpr std::size_t kMaxDataBytes = 64 * 1024;

    /// Keeps at most `capacity` cases; 0 keeps none (every step reads under lock).
    explicit CaseCache(std::size_t capacity);

    /// The case as last seen, or null.
    [[nodiscard]] std::shared_ptr<const app::CaseRecord> get(const std::string& id);
    /// Remembers `record` unless an equal or newer version of it is already known. An outsized
    /// record (kMaxDataBytes) is forgotten instead.
    void put(const app::CaseRecord& record);
    void erase(const std::string& id);

    /// A cached copy that turned out to be behind the database.
    void count_stale() { stale_.fetch_add(1, std::memory_order_relaxed); }

    struct Counts {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::uint64_t stale = 0;
        std::size_t size = 0;
    };
    [[nodiscard]] Counts counts() const;
    [[nodiscard]] std::size_t capacity() const { return capacity_; }

private:
    using Entry = std::shared_ptr<const app::CaseRecord>;

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<Entry> recent_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> by_id_;
    std::atomic<std::uint64_t> hits_{0}, misses_{0}, stale_{0};
};

}  // namespace wg::pg
