/* SPDX-License-Identifier: LGPL-2.1 OR MIT */
/*
 * sys/types.h shim for NOLIBC
 * Copyright (C) 2025 Thomas Weißschuh <thomas.weissschuh@linutronix.de>
 */

#include "../types.h"
