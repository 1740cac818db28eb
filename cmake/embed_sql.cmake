# Embeds the SQL migrations into a generated C++ source, so that `wageguard migrate` needs no
# files at run time. Invoked at build time: cmake -DSQL_DIR=… -DOUT=… -P embed_sql.cmake
file(GLOB files RELATIVE "${SQL_DIR}" "${SQL_DIR}/*.sql")  # the folder is the list: numbered files
list(SORT files)
set(body "// Generated from schemas/sql by cmake/embed_sql.cmake; do not edit.\n")
string(APPEND body "#include \"adapters/pg/migrations.hpp\"\n\nnamespace wg::pg {\n\n")
string(APPEND body "const std::vector<Migration>& embedded_migrations() {\n")
string(APPEND body "    static const std::vector<Migration> migrations{\n")
foreach(name IN LISTS files)
  file(READ "${SQL_DIR}/${name}" sql)
  string(REGEX MATCH "^[0-9]+" number "${name}")
  math(EXPR number "${number} + 0")
  string(APPEND body "        {${number}, \"${name}\", R\"wgsql(${sql})wgsql\"},\n")
endforeach()
string(APPEND body "    };\n    return migrations;\n}\n\n}  // namespace wg::pg\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
