/* The module is header-only (CCapturePrefetch.h); SwiftPM needs one source file per C target. */
#include "CCapturePrefetch.h"
