/* VietQR payloads: filled in by the next commit. */
#include "motcua/fees.h"
