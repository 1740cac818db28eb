// spdlog configuration, with a stderr sink that writes whole blocks of lines.
#include "adapters/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <vector>

namespace wg {
namespace {

constexpr std::size_t kBlock = 64 * 1024;
constexpr auto kFlushInterval = std::chrono::seconds(1);
constexpr const char* kPattern = "%Y-%m-%dT%H:%M:%S.%e%z %l %n %v";

void write_all(int fd, spdlog::memory_buf_t& buffer) {
    const char* data = buffer.data();
    std::size_t left = buffer.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) break;  // nowhere to log to: drop the lines rather than stall
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    buffer.clear();
}

// A sink that formats each line into a buffer of the calling thread (a "lane", with its own
// copy of the formatter) and writes a lane with one write(2) when it holds a block, on flush
// (every second, on warnings and errors) and on destruction. A line-buffered stderr costs a
// system call per request, and one shared buffer makes the I/O threads queue for its lock; a
// lane's lock is contended only by a flush. Lines of one thread keep their order; lines of
// different threads are ordered by block (each line carries its time).
class BlockSink final : public spdlog::sinks::sink {
public:
    explicit BlockSink(int fd)
        : fd_(fd), id_(++next_id_), formatter_(std::make_unique<spdlog::pattern_formatter>()) {}
    ~BlockSink() override { flush(); }
    BlockSink(const BlockSink&) = delete;
    BlockSink& operator=(const BlockSink&) = delete;

    void log(const spdlog::details::log_msg& msg) override {
        Lane& lane = my_lane();
        std::lock_guard lock(lane.mutex);
        lane.formatter->format(msg, lane.buffer);
        if (lane.buffer.size() >= kBlock) write_all(fd_, lane.buffer);
    }

    void flush() override {
        std::lock_guard lock(lanes_mutex_);
        std::vector<Lane*> ended;
        for (auto& lane : lanes_) {
            std::lock_guard lane_lock(lane->mutex);
            if (lane->orphaned)
                ended.push_back(lane.get());  // its thread logs no more: empty after this
            write_all(fd_, lane->buffer);
        }
        std::erase_if(lanes_, [&](const std::shared_ptr<Lane>& lane) {
            return std::find(ended.begin(), ended.end(), lane.get()) != ended.end();
        });
    }

    void set_pattern(const std::string& pattern) override {
        set_formatter(std::make_unique<spdlog::pattern_formatter>(pattern));
    }

    void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
        std::lock_guard lock(lanes_mutex_);
        formatter_ = std::move(formatter);
        for (auto& lane : lanes_) {
            std::lock_guard lane_lock(lane->mutex);
            lane->formatter = formatter_->clone();
        }
    }

private:
    struct Lane {
        std::mutex mutex;
        std::unique_ptr<spdlog::formatter> formatter;
        spdlog::memory_buf_t buffer;
        std::atomic<bool> orphaned{false};  // its thread has ended
    };

    // This thread's lanes, one per sink it has logged to; ending the thread orphans them.
    struct ThreadLanes {
        std::vector<std::pair<std::uint64_t, std::shared_ptr<Lane>>> lanes;
        ~ThreadLanes() {
            for (auto& [id, lane] : lanes) lane->orphaned = true;
        }
    };

    Lane& my_lane() {
        thread_local ThreadLanes mine;
        for (auto& [id, lane] : mine.lanes)
            if (id == id_) return *lane;
        auto lane = std::make_shared<Lane>();
        {
            std::lock_guard lock(lanes_mutex_);
            lane->formatter = formatter_->clone();
            lanes_.push_back(lane);
        }
        mine.lanes.emplace_back(id_, lane);
        return *lane;
    }

    static inline std::atomic<std::uint64_t> next_id_{0};
    int fd_;
    std::uint64_t
        id_;  // not the address: a later sink may reuse it while threads remember this one
    std::mutex lanes_mutex_;
    std::unique_ptr<spdlog::formatter> formatter_;
    std::vector<std::shared_ptr<Lane>> lanes_;
};

}  // namespace

void setup_logging(const std::string& level) {
    auto sink = std::make_shared<BlockSink>(STDERR_FILENO);
    sink->set_pattern(kPattern);
    const auto parsed = spdlog::level::from_str(level);
    const auto chosen =
        (parsed == spdlog::level::off && level != "off") ? spdlog::level::info : parsed;
    for (const char* name : {"http", "app", "pg", "worker", "cli"}) {
        if (spdlog::get(name)) spdlog::drop(name);
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        logger->set_level(chosen);
        logger->flush_on(spdlog::level::warn);
        spdlog::register_logger(logger);
    }
    spdlog::set_default_logger(spdlog::get("app"));
    spdlog::flush_every(kFlushInterval);
}

}  // namespace wg
