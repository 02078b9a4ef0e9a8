// Host of the tests' shared precompiled LibTorch header (tests/CMakeLists.txt); not a test.
int main() { return 0; }
