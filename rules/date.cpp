// Parsing and printing of dates and instants, without the C library's time zone state.
#include "rules/date.hpp"

namespace wg::rules {
namespace {

using namespace std::chrono;

constexpr auto kChinaOffset = hours{8};

// Reads exactly `width` decimal digits at `pos`; false when any is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& out) {
    if (pos + width > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

std::string two(unsigned value) {
    std::string out(2, '0');
    out[0] = static_cast<char>('0' + value / 10 % 10);
    out[1] = static_cast<char>('0' + value % 10);
    return out;
}

}  // namespace

Expected<Date> parse_date(std::string_view text) {
    int y = 0, m = 0, d = 0;
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                        read_digits(text, 0, 4, y) && read_digits(text, 5, 2, m) &&
                        read_digits(text, 8, 2, d);
    if (!shaped) return fail("format", "expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
    const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return fail("date", "'" + std::string(text) + "' is not a real calendar day");
    return date;
}

std::string format_date(Date date) {
    const int y = static_cast<int>(date.year());
    std::string out = std::to_string(y);
    while (out.size() < 4) out.insert(out.begin(), '0');
    return out + '-' + two(static_cast<unsigned>(date.month())) + '-' +
           two(static_cast<unsigned>(date.day()));
}

Expected<Instant> parse_instant(std::string_view text) {
    if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
        return fail("format", "expected an RFC 3339 timestamp, got '" + std::string(text) + "'");
    auto date = parse_date(text.substr(0, 10));
    if (!date) return Unexpected<Error>{date.error()};
    int hh = 0, mm = 0, ss = 0;
    if (!read_digits(text, 11, 2, hh) || text[13] != ':' || !read_digits(text, 14, 2, mm) ||
        text[16] != ':' || !read_digits(text, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60)
        return fail("format", "bad time of day in '" + std::string(text) + "'");
    std::size_t pos = 19;
    long millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        long scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    minutes offset{0};
    const std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        offset = minutes{0};
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        int oh = 0, om = 0;
        if (!read_digits(zone, 1, 2, oh) || !read_digits(zone, 4, 2, om))
            return fail("format", "bad zone offset in '" + std::string(text) + "'");
        offset = hours{oh} + minutes{om};
        if (zone[0] == '-') offset = -offset;
    } else {
        return fail("format", "timestamp '" + std::string(text) + "' needs a zone (Z or +08:00)");
    }
    const auto local = sys_days{*date} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{millis};
    return Instant{time_point_cast<milliseconds>(local - offset)};
}

std::string format_instant(Instant instant) {
    const auto day_start = floor<days>(instant);
    const Date date{day_start};
    const hh_mm_ss<milliseconds> tod{instant - day_start};
    const auto ms = static_cast<unsigned>(tod.subseconds().count());
    const std::string millis = "." + std::to_string(ms / 100) + two(ms % 100);
    return format_date(date) + 'T' + two(static_cast<unsigned>(tod.hours().count())) + ':' +
           two(static_cast<unsigned>(tod.minutes().count())) + ':' +
           two(static_cast<unsigned>(tod.seconds().count())) + millis + 'Z';
}

Date legal_date(Instant instant) {
    return Date{floor<days>(instant + kChinaOffset)};
}

}  // namespace wg::rules
