// 128-bit integers for exact intermediate money and rate arithmetic (a GCC/Clang extension;
// __extension__ keeps -Wpedantic quiet about it).
#pragma once

namespace wg::rules {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

}  // namespace wg::rules
