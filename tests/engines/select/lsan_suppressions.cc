// LeakSanitizer suppressions for select_tests. CoinUtils 2.11.4 (Debian bookworm) leaks
// one byte in presolve_dupmajor when CBC's presolve looks for duplicate rows; not ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:presolve_dupmajor\n"; }
