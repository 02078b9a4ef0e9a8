#include "Commands.h"

int main(int argc, char **argv) { return gdas::app::runCli(argc, argv); }
