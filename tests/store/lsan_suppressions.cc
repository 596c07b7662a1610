// LeakSanitizer suppressions for store_tests. libpqxx 6.4 leaks the PGresult of a
// statement that finds its connection already lost: connection_base::exec_params asks
// for the client encoding before the result object takes ownership, and that throws
// broken_connection. It is a few hundred bytes per lost connection, outside our code;
// LostConnectionIsUnavailableAndDiscarded triggers it on purpose.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:pqxx::connection_base::exec_params\n";
}
