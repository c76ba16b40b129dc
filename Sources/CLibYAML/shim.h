#ifndef INTERLOCK_CLIBYAML_SHIM_H
#define INTERLOCK_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
