# Embeds one text file as a C++ function returning it, so that the binary needs no data files at
# run time. Invoked at build time:
#   cmake -DIN=file -DOUT=generated.cpp -DFUNCTION=ns::name -DHEADER=path/to/decl.hpp -P embed_text.cmake
file(READ "${IN}" text)
string(REGEX REPLACE "::[^:]+$" "" namespace "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" name "${FUNCTION}")
set(body "// Generated from ${IN} by cmake/embed_text.cmake; do not edit.\n#include \"${HEADER}\"\n\n")
string(APPEND body "namespace ${namespace} {\n\nconst std::string& ${name}() {\n")
string(APPEND body "    static const std::string text = R\"wgtext(${text})wgtext\";\n    return text;\n}\n\n}  // namespace ${namespace}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
