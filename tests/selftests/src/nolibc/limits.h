/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * Shim limits.h header for NOLIBC.
 * Copyright (C) 2025 Thomas Weißschuh <thomas.weissschuh@linutronix.de>
 */

#include "nolibc.h"
